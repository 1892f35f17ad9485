import { finiteBelow } from './edges.js';
import { inputOf, outputOf } from './helpers.js';
import type { Lowering } from './types.js';

/**
 * Before opset 18, Mish is Mul(x, Tanh(Softplus(x))), as ONNX's own function body says, with
 * -Infinity made finite so that it gives 0.
 */
export const mish: Lowering = {
  nativeSince: 18,
  lower(context) {
    const x = finiteBelow(context, inputOf(context, 0));
    const tanh = context.step('Tanh', [context.step('Softplus', [x])]);
    context.emit('Mul', [x, tanh], [outputOf(context)]);
  },
};
