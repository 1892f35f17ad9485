import { sizeOf, transposePermutation } from '@rectifier/core';
import type { Kernel } from '../../kernel.js';
import { shapeOf } from '../views.js';

/** Row-major strides of a shape. */
function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let axis = shape.length - 2; axis >= 0; axis--) {
    strides[axis] = (strides[axis + 1] as number) * (shape[axis + 1] as number);
  }
  return strides;
}

/**
 * Transpose: output axis i is input axis perm[i]; any dtype. It walks the output in order and
 * reads the input through the permuted strides.
 */
export const transposeKernel: Kernel = {
  prepare(node, inputShapes) {
    const shape = shapeOf(inputShapes, 0, node.op);
    const perm = transposePermutation(node.attributes, shape.length);
    const inputStrides = stridesOf(shape);
    const dims = Int32Array.from(perm, (axis) => shape[axis] as number);
    const strides = Int32Array.from(perm, (axis) => inputStrides[axis] as number);
    const size = sizeOf(shape);
    const rank = dims.length;
    const counter = new Int32Array(rank);

    return (inputs, outputs) => {
      const x = inputs[0]?.data as unknown as ArrayLike<number> | undefined;
      const y = outputs[0]?.data as unknown as number[] | undefined;
      if (!x || !y) return;
      counter.fill(0);
      let source = 0;
      for (let i = 0; i < size; i++) {
        y[i] = x[source] as number;
        for (let axis = rank - 1; axis >= 0; axis--) {
          source += strides[axis] as number;
          const position = (counter[axis] as number) + 1;
          if (position < (dims[axis] as number)) {
            counter[axis] = position;
            break;
          }
          counter[axis] = 0;
          source -= (strides[axis] as number) * (dims[axis] as number);
        }
      }
    };
  },
};
