import { reducedAxes, sizeOf } from '@rectifier/core';
import type { Kernel } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';

/**
 * How a reduction walks its input: the input as rows of `inner` contiguous elements, which are
 * summed into one output element when the innermost axis is reduced, or added elementwise into
 * `inner` outputs when it is kept. Outer axes carry the output's stride, 0 where reduced.
 * Axes of size 1 are dropped and neighbours of the same kind merged.
 */
interface ReduceLayout {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly inner: number;
  readonly innerReduced: boolean;
  readonly dims: Int32Array;
  readonly outputStrides: Int32Array;
  readonly counter: Int32Array;
  /** How many inputs each output sums. */
  readonly count: number;
}

function reduceLayout(shape: readonly number[], axes: readonly number[], op: string): ReduceLayout {
  const reduced = new Set(reducedAxes(axes, shape.length, op));
  const dims: number[] = [];
  const kinds: boolean[] = [];
  shape.forEach((dim, axis) => {
    if (dim === 1) return;
    const isReduced = reduced.has(axis);
    const last = dims.length - 1;
    if (last >= 0 && kinds[last] === isReduced) dims[last] = (dims[last] as number) * dim;
    else {
      dims.push(dim);
      kinds.push(isReduced);
    }
  });

  const outputStrides = new Array<number>(dims.length).fill(0);
  let stride = 1;
  for (let axis = dims.length - 1; axis >= 0; axis--) {
    if (kinds[axis]) continue;
    outputStrides[axis] = stride;
    stride *= dims[axis] as number;
  }

  const inner = dims.pop() ?? 1;
  const innerReduced = kinds.pop() ?? true;
  outputStrides.pop();
  let count = 1;
  shape.forEach((dim, axis) => {
    if (reduced.has(axis)) count *= dim;
  });
  return {
    inputSize: sizeOf(shape),
    outputSize: stride,
    inner,
    innerReduced,
    dims: Int32Array.from(dims),
    outputStrides: Int32Array.from(outputStrides),
    counter: new Int32Array(dims.length),
    count,
  };
}

/**
 * The sum of x[start..end) (or of its squares) in four interleaved partial sums, so that the
 * additions do not wait on each other; combined in a fixed order, so the result is the same
 * on every run.
 */
function sumRun(x: Float32Array, start: number, end: number, square: boolean): number {
  let sum0 = 0;
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  let i = start;
  if (square) {
    for (; i + 3 < end; i += 4) {
      const v0 = x[i] as number;
      const v1 = x[i + 1] as number;
      const v2 = x[i + 2] as number;
      const v3 = x[i + 3] as number;
      sum0 += v0 * v0;
      sum1 += v1 * v1;
      sum2 += v2 * v2;
      sum3 += v3 * v3;
    }
    for (; i < end; i++) sum0 += (x[i] as number) * (x[i] as number);
  } else {
    for (; i + 3 < end; i += 4) {
      sum0 += x[i] as number;
      sum1 += x[i + 1] as number;
      sum2 += x[i + 2] as number;
      sum3 += x[i + 3] as number;
    }
    for (; i < end; i++) sum0 += x[i] as number;
  }
  return sum0 + sum1 + (sum2 + sum3);
}

/**
 * Sums x (or x squared) into `sums`, which must start at zero. Sums are float64 so that long
 * reductions keep float32 precision.
 */
function accumulate(layout: ReduceLayout, x: Float32Array, sums: Float64Array, square: boolean) {
  const { inputSize, inner, innerReduced, dims, outputStrides, counter } = layout;
  counter.fill(0);
  let out = 0;
  for (let start = 0; start < inputSize; start += inner) {
    const end = start + inner;
    if (innerReduced) {
      sums[out] = (sums[out] as number) + sumRun(x, start, end, square);
    } else if (square) {
      for (let i = start, o = out; i < end; i++, o++) {
        sums[o] = (sums[o] as number) + (x[i] as number) * (x[i] as number);
      }
    } else {
      for (let i = start, o = out; i < end; i++, o++)
        sums[o] = (sums[o] as number) + (x[i] as number);
    }

    for (let axis = dims.length - 1; axis >= 0; axis--) {
      const position = (counter[axis] as number) + 1;
      out += outputStrides[axis] as number;
      if (position < (dims[axis] as number)) {
        counter[axis] = position;
        break;
      }
      counter[axis] = 0;
      out -= (outputStrides[axis] as number) * (dims[axis] as number);
    }
  }
}

function reductionKernel(kind: 'sum' | 'mean' | 'sumSquare'): Kernel {
  return {
    prepare(node, inputShapes) {
      const layout = reduceLayout(
        shapeOf(inputShapes, 0, node.op),
        node.attributes.axes as readonly number[],
        node.op,
      );
      const sums = new Float64Array(layout.outputSize);
      // The mean of nothing is NaN, as in NumPy and PyTorch.
      const scale = kind === 'mean' ? 1 / layout.count : 1;
      const square = kind === 'sumSquare';

      return (inputs, outputs) => {
        const x = floats(inputs, 0, node.op);
        const y = floats(outputs, 0, node.op);
        sums.fill(0);
        accumulate(layout, x, sums, square);
        for (let i = 0; i < sums.length; i++) y[i] = (sums[i] as number) * scale;
      };
    },
  };
}

/** ReduceSum over the `axes` attribute (all axes when empty), keeping them when `keepdims`. */
export const reduceSumKernel = reductionKernel('sum');

/** ReduceMean: the sum divided by how many elements each output sums. */
export const reduceMeanKernel = reductionKernel('mean');

/** ReduceSumSquare: the sum of squares; the squared L2 norm over all axes. */
export const reduceSumSquareKernel = reductionKernel('sumSquare');
