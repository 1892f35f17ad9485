import { inputOf, outputOf } from './helpers.js';
import type { Lowering } from './types.js';

/** Before opset 14, HardSwish is x * HardSigmoid(x) with alpha 1/6 and beta 0.5. */
export const hardSwish: Lowering = {
  nativeSince: 14,
  lower(context) {
    const x = inputOf(context, 0);
    const gate = context.step('HardSigmoid', [x], {
      alpha: { float: 1 / 6 },
      beta: { float: 0.5 },
    });
    context.emit('Mul', [x, gate], [outputOf(context)]);
  },
};
