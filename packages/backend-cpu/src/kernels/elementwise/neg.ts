import { sizeOf } from '@rectifier/core';
import type { Kernel } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';

/** Neg: Y = -X. */
export const negKernel: Kernel = {
  prepare(_node, inputShapes) {
    const size = sizeOf(shapeOf(inputShapes, 0, 'Neg'));
    return (inputs, outputs) => {
      const x = floats(inputs, 0, 'Neg');
      const y = floats(outputs, 0, 'Neg');
      for (let i = 0; i < size; i++) y[i] = -(x[i] as number);
    };
  },
};
