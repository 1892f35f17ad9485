import type { Kernel } from '../../kernel.js';
import { copyInto } from '../../storage.js';

/** Reshape: the same values, row-major, under the output's shape; any dtype. */
export const reshapeKernel: Kernel = {
  prepare() {
    return (inputs, outputs) => {
      const x = inputs[0]?.data;
      const y = outputs[0]?.data;
      if (x && y) copyInto(y, x);
    };
  },
};
