import { inputOf, outputOf } from './helpers.js';
import type { Lowering } from './types.js';

/** SiLU is Mul(x, Sigmoid(x)); ONNX has no SiLU op. */
export const silu: Lowering = {
  lower(context) {
    const x = inputOf(context, 0);
    const sigmoid = context.step('Sigmoid', [x]);
    context.emit('Mul', [x, sigmoid], [outputOf(context)]);
  },
};
