import type { ExportContext } from '../export/context.js';
import { requireWhere } from './edges.js';
import { inputOf, numberOf, outputOf } from './helpers.js';
import type { Lowering } from './types.js';

/**
 * dX = dY * positiveSlope where X > 0, and dY * scale * exp(X / divisor) elsewhere. Where
 * picks the branch, so the exponential of a large X is never used; at X = 0 the left-hand
 * branch applies, and NaN fails X > 0 and gives exp(NaN) = NaN.
 */
function exponentialGrad(
  context: ExportContext,
  positiveSlope: number,
  scale: number,
  divisor: number,
): void {
  requireWhere(context);
  const [gradOutput, x] = [inputOf(context, 0), inputOf(context, 1)];
  const positive = context.step('Greater', [x, context.scalar(0, 'zero')]);
  const right =
    positiveSlope === 1
      ? gradOutput
      : context.step('Mul', [gradOutput, context.scalar(positiveSlope, 'slope')]);

  const exponent = divisor === 1 ? x : context.step('Div', [x, context.scalar(divisor, 'alpha')]);
  const curve = context.step('Exp', [exponent]);
  const slope = scale === 1 ? curve : context.step('Mul', [curve, context.scalar(scale, 'scale')]);
  const left = context.step('Mul', [gradOutput, slope]);
  context.emit('Where', [positive, right, left], [outputOf(context)]);
}

/** EluGrad: dY where X > 0, dY * alpha * exp(X) elsewhere (alpha at 0, as in PyTorch). */
const eluGrad: Lowering = {
  lower: (context) => exponentialGrad(context, 1, numberOf(context, 'alpha'), 1),
};

/** SeluGrad: dY * gamma where X > 0, dY * gamma * alpha * exp(X) elsewhere. */
const seluGrad: Lowering = {
  lower(context) {
    const [alpha, gamma] = [numberOf(context, 'alpha'), numberOf(context, 'gamma')];
    exponentialGrad(context, gamma, gamma * alpha, 1);
  },
};

/** CeluGrad: dY where X > 0, dY * exp(X / alpha) elsewhere. */
const celuGrad: Lowering = {
  lower: (context) => exponentialGrad(context, 1, 1, numberOf(context, 'alpha')),
};

/** The gradient composites of the exponential-linear activations. */
export const EXPONENTIAL_GRAD_LOWERINGS: Readonly<Record<string, Lowering>> = {
  EluGrad: eluGrad,
  SeluGrad: seluGrad,
  CeluGrad: celuGrad,
};
