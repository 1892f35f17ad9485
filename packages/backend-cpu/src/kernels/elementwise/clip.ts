import { sizeOf } from '@rectifier/core';
import type { Kernel, View } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';

/** The bound in an optional scalar slot, or the given default when the slot is absent. */
function bound(inputs: readonly (View | undefined)[], index: number, absent: number): number {
  return inputs[index] ? (floats(inputs, index, 'Clip')[0] as number) : absent;
}

/** Clip: Y = min(max(X, min), max), an absent bound no limit; NaN stays NaN. */
export const clipKernel: Kernel = {
  prepare(_node, inputShapes) {
    const size = sizeOf(shapeOf(inputShapes, 0, 'Clip'));
    return (inputs, outputs) => {
      const x = floats(inputs, 0, 'Clip');
      const y = floats(outputs, 0, 'Clip');
      const low = bound(inputs, 1, -Infinity);
      const high = bound(inputs, 2, Infinity);
      for (let i = 0; i < size; i++) y[i] = Math.min(Math.max(x[i] as number, low), high);
    };
  },
};

/** ClipGrad: dX = dY where min < X < max, 0 elsewhere (at a bound and for NaN). */
export const clipGradKernel: Kernel = {
  prepare(_node, inputShapes) {
    const size = sizeOf(shapeOf(inputShapes, 1, 'ClipGrad'));
    return (inputs, outputs) => {
      const gradOutput = floats(inputs, 0, 'ClipGrad');
      const x = floats(inputs, 1, 'ClipGrad');
      const gradInput = floats(outputs, 0, 'ClipGrad');
      const low = bound(inputs, 2, -Infinity);
      const high = bound(inputs, 3, Infinity);
      for (let i = 0; i < size; i++) {
        const value = x[i] as number;
        gradInput[i] = value > low && value < high ? (gradOutput[i] as number) : 0;
      }
    };
  },
};
