import { ArgumentError, normalizeAxis, sizeOf } from '@rectifier/core';
import type { Kernel } from '../../kernel.js';
import { floats, int64s, shapeOf } from '../views.js';

/**
 * ArgMax along `axis`, as int64: the first index of the largest value, where NaN counts as
 * larger than anything (the first NaN wins), as numpy.argmax does.
 */
export const argMaxKernel: Kernel = {
  prepare(node, inputShapes) {
    const shape = shapeOf(inputShapes, 0, 'ArgMax');
    const axis = normalizeAxis(node.attributes.axis as number, shape.length, 'ArgMax');
    const length = shape[axis] ?? 1;
    const outer = sizeOf(shape.slice(0, axis));
    const inner = sizeOf(shape.slice(axis + 1));
    if (length === 0 && outer * inner > 0) {
      throw new ArgumentError(`ArgMax: axis ${axis} of shape [${shape.join(', ')}] is empty.`);
    }
    // Made once, so that storing an index allocates no BigInt.
    const indices = Array.from({ length }, (_, index) => BigInt(index));

    return (inputs, outputs) => {
      const x = floats(inputs, 0, 'ArgMax');
      const y = int64s(outputs, 0, 'ArgMax');
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          const start = o * length * inner + i;
          let best = x[start] as number;
          let bestIndex = 0;
          if (best === best) {
            for (let j = 1, at = start + inner; j < length; j++, at += inner) {
              const value = x[at] as number;
              if (value !== value) {
                bestIndex = j;
                break;
              }
              if (value > best) {
                best = value;
                bestIndex = j;
              }
            }
          }
          y[o * inner + i] = indices[bestIndex] as bigint;
        }
      }
    };
  },
};
