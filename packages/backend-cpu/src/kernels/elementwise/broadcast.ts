import { sizeOf } from '@rectifier/core';

/**
 * How to walk a broadcast binary op: the output as rows of `inner` contiguous elements, with
 * each operand's step along a row (1, or 0 where it repeats one value) and its strides along
 * the outer axes (0 where it broadcasts). Axes of size 1 are dropped and neighbouring axes that
 * both operands walk alike are merged, so [64, 10] + [10] is 64 rows and [2, 3] + [2, 3] one.
 */
export interface BroadcastLayout {
  readonly size: number;
  readonly inner: number;
  readonly stepA: number;
  readonly stepB: number;
  /** Outer axes, outermost first. */
  readonly dims: Int32Array;
  readonly stridesA: Int32Array;
  readonly stridesB: Int32Array;
  /** The position along each outer axis while a run walks them. */
  readonly counter: Int32Array;
}

/** Each axis's stride in an operand aligned to the output's rank; 0 where it broadcasts. */
function alignedStrides(shape: readonly number[], rank: number): number[] {
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const dim = shape[axis] as number;
    strides[axis + rank - shape.length] = dim === 1 ? 0 : stride;
    stride *= dim;
  }
  return strides;
}

/** The layout of A op B broadcast to `output`. */
export function broadcastLayout(
  shapeA: readonly number[],
  shapeB: readonly number[],
  output: readonly number[],
): BroadcastLayout {
  const rank = output.length;
  const fullA = alignedStrides(shapeA, rank);
  const fullB = alignedStrides(shapeB, rank);

  const dims: number[] = [];
  const stridesA: number[] = [];
  const stridesB: number[] = [];
  for (let axis = 0; axis < rank; axis++) {
    const dim = output[axis] as number;
    if (dim === 1) continue;
    const last = dims.length - 1;
    const a = fullA[axis] as number;
    const b = fullB[axis] as number;
    // Merge into the previous axis when both operands continue it seamlessly.
    if (last >= 0 && stridesA[last] === a * dim && stridesB[last] === b * dim) {
      dims[last] = (dims[last] as number) * dim;
      stridesA[last] = a;
      stridesB[last] = b;
    } else {
      dims.push(dim);
      stridesA.push(a);
      stridesB.push(b);
    }
  }

  const inner = dims.pop() ?? 1;
  const stepA = stridesA.pop() ?? 1;
  const stepB = stridesB.pop() ?? 1;
  return {
    size: sizeOf(output),
    inner,
    // A scalar against a scalar reads element 0 of both with any step; 1 keeps it simple.
    stepA: stepA === 0 && stepB === 0 ? 1 : stepA,
    stepB: stepA === 0 && stepB === 0 ? 1 : stepB,
    dims: Int32Array.from(dims),
    stridesA: Int32Array.from(stridesA),
    stridesB: Int32Array.from(stridesB),
    counter: new Int32Array(dims.length),
  };
}

/**
 * One row of a binary op: out[outIndex + i] = a[aIndex + i * stepA] op b[bIndex + i * stepB]
 * for i < count, where each step is 0 or 1 and not both 0.
 */
export type Span<T> = (
  a: T,
  aIndex: number,
  stepA: number,
  b: T,
  bIndex: number,
  stepB: number,
  out: T,
  outIndex: number,
  count: number,
) => void;

/** Runs a span over every row of a layout. */
export function runBroadcast<T>(layout: BroadcastLayout, span: Span<T>, a: T, b: T, out: T): void {
  const { size, inner, stepA, stepB, dims, stridesA, stridesB, counter } = layout;
  if (size === 0) return;
  if (dims.length === 0) {
    span(a, 0, stepA, b, 0, stepB, out, 0, inner);
    return;
  }

  counter.fill(0);
  let indexA = 0;
  let indexB = 0;
  for (let start = 0; start < size; start += inner) {
    span(a, indexA, stepA, b, indexB, stepB, out, start, inner);
    // Advance the odometer of outer axes, innermost first.
    for (let axis = dims.length - 1; axis >= 0; axis--) {
      const dim = dims[axis] as number;
      const position = (counter[axis] as number) + 1;
      indexA += stridesA[axis] as number;
      indexB += stridesB[axis] as number;
      if (position < dim) {
        counter[axis] = position;
        break;
      }
      counter[axis] = 0;
      indexA -= (stridesA[axis] as number) * dim;
      indexB -= (stridesB[axis] as number) * dim;
    }
  }
}
