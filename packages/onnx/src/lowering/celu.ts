import { inputOf, numberOf, outputOf } from './helpers.js';
import type { Lowering } from './types.js';

/**
 * Before opset 12, CELU is alpha * Elu(x / alpha) with Elu's alpha 1: for x > 0 that is x, and
 * below it alpha * (exp(x / alpha) - 1), which is CELU's definition.
 */
export const celu: Lowering = {
  nativeSince: 12,
  lower(context) {
    const alpha = context.scalar(numberOf(context, 'alpha'), 'alpha');
    const scaled = context.step('Div', [inputOf(context, 0), alpha]);
    const elu = context.step('Elu', [scaled], { alpha: { float: 1 } });
    context.emit('Mul', [elu, alpha], [outputOf(context)]);
  },
};
