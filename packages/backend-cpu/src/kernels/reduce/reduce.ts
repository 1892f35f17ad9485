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
      let sum = 0;
      if (square) {
        for (let i = start; i < end; i++) sum += (x[i] as number) * (x[i] as number);
      } else {
        for (let i = start; i < end; i++) sum += x[i] as number;
      }
      sums[out] = (sums[out] as number) + sum;
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
