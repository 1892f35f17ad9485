import { normalizeAxis, sizeOf } from '@rectifier/core';
import type { Kernel } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';

/**
 * LogSoftmax along one axis: Y = X - max - log(sum(exp(X - max))), the maximum subtracted
 * first so that large scores stay finite. A NaN makes its whole slice NaN.
 */
export const logSoftmaxKernel: Kernel = {
  prepare(node, inputShapes) {
    const shape = shapeOf(inputShapes, 0, 'LogSoftmax');
    const axis = normalizeAxis(node.attributes.axis as number, shape.length, 'LogSoftmax');
    const length = shape[axis] ?? 1;
    const outer = sizeOf(shape.slice(0, axis));
    const inner = sizeOf(shape.slice(axis + 1));

    return (inputs, outputs) => {
      const x = floats(inputs, 0, 'LogSoftmax');
      const y = floats(outputs, 0, 'LogSoftmax');
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          const start = o * length * inner + i;
          const end = start + length * inner;
          let max = -Infinity;
          for (let at = start; at < end; at += inner) {
            const value = x[at] as number;
            if (value !== value) {
              max = NaN;
              break;
            }
            if (value > max) max = value;
          }
          let sum = 0;
          for (let at = start; at < end; at += inner) sum += Math.exp((x[at] as number) - max);
          const logSum = max + Math.log(sum);
          for (let at = start; at < end; at += inner) y[at] = (x[at] as number) - logSum;
        }
      }
    };
  },
};
