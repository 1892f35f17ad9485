import { reducedAxes, sizeOf } from '@rectifier/core';
import type { Kernel } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';

/**
 * Each input element's output index, walking the input row-major: an output stride per input
 * axis, 0 along the reduced ones.
 */
function outputStrides(shape: readonly number[], reduced: ReadonlySet<number>): Int32Array {
  const strides = new Int32Array(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    if (reduced.has(axis)) continue;
    strides[axis] = stride;
    stride *= shape[axis] as number;
  }
  return strides;
}

/**
 * ReduceMax over the `axes` attribute (all axes when empty): the largest element, NaN where
 * any element is NaN, and -Infinity over no elements.
 */
export const reduceMaxKernel: Kernel = {
  prepare(node, inputShapes, outputShapes) {
    const shape = shapeOf(inputShapes, 0, node.op);
    const reduced = new Set(reducedAxes(node.attributes.axes as number[], shape.length, node.op));
    const strides = outputStrides(shape, reduced);
    const inputSize = sizeOf(shape);
    const outputSize = sizeOf(shapeOf(outputShapes, 0, node.op));
    const counter = new Int32Array(shape.length);

    return (inputs, outputs) => {
      const x = floats(inputs, 0, node.op);
      const y = floats(outputs, 0, node.op);
      y.fill(-Infinity, 0, outputSize);
      counter.fill(0);
      let out = 0;
      for (let i = 0; i < inputSize; i++) {
        const value = x[i] as number;
        const current = y[out] as number;
        if (value > current || value !== value) y[out] = value;
        else if (current !== current) y[out] = current;
        // Advance the odometer over the input's axes, innermost first.
        for (let axis = shape.length - 1; axis >= 0; axis--) {
          out += strides[axis] as number;
          const position = (counter[axis] as number) + 1;
          if (position < (shape[axis] as number)) {
            counter[axis] = position;
            break;
          }
          counter[axis] = 0;
          out -= (strides[axis] as number) * (shape[axis] as number);
        }
      }
    };
  },
};
