import { finiteBelow } from './edges.js';
import { inputOf, outputOf } from './helpers.js';
import type { Lowering } from './types.js';

/** SiLU is Mul(x, Sigmoid(x)), with -Infinity made finite so that it gives 0; ONNX has no SiLU. */
export const silu: Lowering = {
  lower(context) {
    const x = finiteBelow(context, inputOf(context, 0));
    const sigmoid = context.step('Sigmoid', [x]);
    context.emit('Mul', [x, sigmoid], [outputOf(context)]);
  },
};
