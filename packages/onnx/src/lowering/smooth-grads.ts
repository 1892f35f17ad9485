import type { ExportContext } from '../export/context.js';
import { saturated } from './edges.js';
import { inputOf, outputOf } from './helpers.js';
import type { Lowering } from './types.js';

/** dY * derivative into the node's output. */
function times(context: ExportContext, derivative: string): void {
  context.emit('Mul', [inputOf(context, 0), derivative], [outputOf(context)]);
}

function scaled(context: ExportContext, value: string, factor: number, hint: string): string {
  return context.step('Mul', [value, context.scalar(factor, hint)]);
}

function oneMinus(context: ExportContext, value: string): string {
  return context.step('Sub', [context.scalar(1, 'one'), value]);
}

/**
 * 1 / (1 + exp(-x)), written out: runtimes' Sigmoid kernels may trade accuracy in the negative
 * tail for speed (ONNX Runtime's is 2e-3 off near x = -10), which the gradients multiply by x.
 */
function logistic(context: ExportContext, x: string): string {
  const exp = context.step('Exp', [context.step('Neg', [x])]);
  return context.step('Div', [
    context.scalar(1, 'one'),
    context.step('Add', [exp, context.scalar(1, 'one')]),
  ]);
}

/** SoftplusGrad: dY * sigmoid(X). */
const softplusGrad: Lowering = {
  lower: (context) => times(context, logistic(context, inputOf(context, 1))),
};

/** SoftsignGrad: dY / (1 + |X|)^2, which is 0 at +-Infinity and NaN at NaN by itself. */
const softsignGrad: Lowering = {
  lower(context) {
    const x = inputOf(context, 1);
    const denominator = context.step('Add', [context.step('Abs', [x]), context.scalar(1, 'one')]);
    const square = context.step('Mul', [denominator, denominator]);
    context.emit('Div', [inputOf(context, 0), square], [outputOf(context)]);
  },
};

/**
 * SiluGrad: dY * s * (1 + x * (1 - s)), s = sigmoid(x), on X saturated so that +-Infinity give
 * the limits 1 and 0 rather than Infinity * 0.
 */
const siluGrad: Lowering = {
  lower(context) {
    const x = saturated(context, inputOf(context, 1));
    const s = logistic(context, x);
    const inner = context.step('Add', [
      context.scalar(1, 'one'),
      context.step('Mul', [x, oneMinus(context, s)]),
    ]);
    times(context, context.step('Mul', [s, inner]));
  },
};

/** MishGrad: dY * (t + x * sigmoid(x) * (1 - t^2)), t = tanh(softplus(x)), X saturated. */
const mishGrad: Lowering = {
  lower(context) {
    const x = saturated(context, inputOf(context, 1));
    const t = context.step('Tanh', [context.step('Softplus', [x])]);
    const slope = context.step('Mul', [x, logistic(context, x)]);
    const sech2 = oneMinus(context, context.step('Mul', [t, t]));
    times(context, context.step('Add', [t, context.step('Mul', [slope, sech2])]));
  },
};

/** Phi(x) + x * phi(x), the derivative of x * Phi(x). */
function exactGeluDerivative(context: ExportContext, x: string): string {
  const erf = context.step('Erf', [scaled(context, x, Math.SQRT1_2, 'sqrt1_2')]);
  const cdf = scaled(context, context.step('Add', [erf, context.scalar(1, 'one')]), 0.5, 'half');
  const square = context.step('Mul', [x, x]);
  const density = scaled(
    context,
    context.step('Exp', [scaled(context, square, -0.5, 'minus_half')]),
    1 / Math.sqrt(2 * Math.PI),
    'inv_sqrt_2pi',
  );
  return context.step('Add', [cdf, context.step('Mul', [x, density])]);
}

/**
 * The derivative of 0.5 x (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3):
 * 0.5 (1 + tanh(u)) + 0.5 x sech(u)^2 du/dx. Written as PyTorch does, with 1 + t and 1 - t^2,
 * it cancels in the tails (1.5% off at x = -4.6 even with an exact tanh), so both pieces come
 * from e = exp(-2|u|): 0.5 (1 + tanh(u)) = sigmoid(2u) and sech(u)^2 = 4e / (1 + e)^2.
 */
function tanhGeluDerivative(context: ExportContext, x: string): string {
  const beta = Math.sqrt(2 / Math.PI);
  const square = context.step('Mul', [x, x]);
  const cube = context.step('Mul', [square, x]);
  const u = scaled(
    context,
    context.step('Add', [x, scaled(context, cube, 0.044715, 'kappa')]),
    beta,
    'beta',
  );
  const left = logistic(context, scaled(context, u, 2, 'two'));
  const e = context.step('Exp', [scaled(context, context.step('Abs', [u]), -2, 'minus_two')]);
  const onePlus = context.step('Add', [e, context.scalar(1, 'one')]);
  const sech2 = context.step('Div', [
    scaled(context, e, 4, 'four'),
    context.step('Mul', [onePlus, onePlus]),
  ]);
  const innerSlope = scaled(
    context,
    context.step('Add', [
      context.scalar(1, 'one'),
      scaled(context, square, 3 * 0.044715, 'three_kappa'),
    ]),
    beta,
    'beta',
  );
  const half = scaled(context, x, 0.5, 'half');
  const right = context.step('Mul', [context.step('Mul', [half, sech2]), innerSlope]);
  return context.step('Add', [left, right]);
}

/** GeluGrad, exact or in the tanh form, on X saturated. */
const geluGrad: Lowering = {
  lower(context) {
    const tanhForm = context.node.attributes.approximate === 'tanh';
    if (!tanhForm && context.opset < 9) context.cannot('it needs Erf, which ONNX has from opset 9');
    const x = saturated(context, inputOf(context, 1));
    times(context, tanhForm ? tanhGeluDerivative(context, x) : exactGeluDerivative(context, x));
  },
};

/** The gradient composites of the smooth activations. */
export const SMOOTH_GRAD_LOWERINGS: Readonly<Record<string, Lowering>> = {
  SoftplusGrad: softplusGrad,
  SoftsignGrad: softsignGrad,
  SiluGrad: siluGrad,
  MishGrad: mishGrad,
  GeluGrad: geluGrad,
};
