import type { ExportContext } from '../export/context.js';
import { keepNaN, requireWhere } from './edges.js';
import { FLOAT, inputOf, numberOf, outputOf } from './helpers.js';
import type { Lowering } from './types.js';

/** 1.0 where `condition` holds and 0.0 elsewhere. */
function mask(context: ExportContext, condition: string): string {
  return context.step('Cast', [condition], { to: { int: FLOAT } });
}

/** dY * derivative, and NaN where X is NaN (a comparison with NaN is false). */
function maskedGrad(context: ExportContext, derivative: string): void {
  requireWhere(context);
  const [gradOutput, x] = [inputOf(context, 0), inputOf(context, 1)];
  keepNaN(context, x, context.step('Mul', [gradOutput, derivative]), outputOf(context));
}

/**
 * HardSigmoidGrad: dY * alpha where 0 < alpha * X + beta < 1, else 0. The two kinks are
 * computed here in double precision and X is compared with them, so that float32 rounding of
 * alpha * X + beta cannot move a point next to a kink to the other side.
 */
const hardSigmoidGrad: Lowering = {
  lower(context) {
    const [alpha, beta] = [numberOf(context, 'alpha'), numberOf(context, 'beta')];
    const x = inputOf(context, 1);
    if (alpha === 0) {
      maskedGrad(context, context.scalar(0, 'zero'));
      return;
    }
    const kinks = [(0 - beta) / alpha, (1 - beta) / alpha].sort((a, b) => a - b);
    const above = context.step('Greater', [x, context.scalar(kinks[0] as number, 'lower')]);
    const below = context.step('Less', [x, context.scalar(kinks[1] as number, 'upper')]);
    const inside = mask(context, context.step('And', [above, below]));
    maskedGrad(context, context.step('Mul', [inside, context.scalar(alpha, 'alpha')]));
  },
};

/**
 * HardSwishGrad as PyTorch computes it: 0 where X < -3, dY where X > 3, and dY * (X / 3 + 0.5)
 * in between, kinks included. NaN fails both comparisons and reaches the middle piece.
 */
const hardSwishGrad: Lowering = {
  lower(context) {
    requireWhere(context);
    const [gradOutput, x] = [inputOf(context, 0), inputOf(context, 1)];
    const middle = context.step('Add', [
      context.step('Div', [x, context.scalar(3, 'three')]),
      context.scalar(0.5, 'half'),
    ]);
    const high = context.step('Greater', [x, context.scalar(3, 'three')]);
    const upper = context.step('Where', [high, context.scalar(1, 'one'), middle]);
    const low = context.step('Less', [x, context.scalar(-3, 'minus_three')]);
    const slope = context.step('Where', [low, context.scalar(0, 'zero'), upper]);
    context.emit('Mul', [gradOutput, slope], [outputOf(context)]);
  },
};

/** ThresholdedReluGrad: dY where X > alpha, else 0; NaN where X is NaN. */
const thresholdedReluGrad: Lowering = {
  lower(context) {
    const x = inputOf(context, 1);
    const alpha = context.scalar(numberOf(context, 'alpha'), 'alpha');
    maskedGrad(context, mask(context, context.step('Greater', [x, alpha])));
  },
};

/** The gradient composites of the piecewise-linear activations. */
export const PIECEWISE_GRAD_LOWERINGS: Readonly<Record<string, Lowering>> = {
  HardSigmoidGrad: hardSigmoidGrad,
  HardSwishGrad: hardSwishGrad,
  ThresholdedReluGrad: thresholdedReluGrad,
};
