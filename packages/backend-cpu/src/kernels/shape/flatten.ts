import type { Kernel } from '../../kernel.js';
import { copyInto } from '../../storage.js';

/** Flatten: the same values, row-major, as a matrix; any dtype. */
export const flattenKernel: Kernel = {
  prepare() {
    return (inputs, outputs) => {
      const x = inputs[0]?.data;
      const y = outputs[0]?.data;
      if (x && y) copyInto(y, x);
    };
  },
};
