import type { ActivationSpec } from './types.js';

/**
 * SELU's constants from Klambauer et al. (2017), 1.6732632423543772848... and
 * 1.0507009873554804934..., rounded to the nearest double.
 */
export const SELU_ALPHA = 1.6732632423543772;
export const SELU_SCALE = 1.0507009873554805;

/** SELU: scale * ELU(x, alpha), self-normalising. */
export const selu: ActivationSpec = {
  name: 'selu',
  title: 'SELU',
  op: 'Selu',
  kind: 'elementwise',
  rectified: false,
  attributes: {
    alpha: { type: 'float', default: SELU_ALPHA, min: 0, doc: 'ELU alpha' },
    gamma: { type: 'float', default: SELU_SCALE, min: 0, doc: 'scale (PyTorch calls it scale)' },
  },
  formula: 'f(x) = gamma * x if x > 0, else gamma * alpha * (exp(x) - 1)',
  derivativeFormula: "f'(x) = gamma if x > 0, else gamma * alpha * exp(x)",
  conventions: [
    'The defaults are the constants at full double precision; ONNX rounds them to float32 ' +
      '(alpha 1.67326319217681884765625, gamma 1.05070102214813232421875), which float32 ' +
      'storage makes the same numbers.',
    "f'(0) = gamma * alpha, the left-hand derivative, as in PyTorch.",
    'f(-Infinity) = -gamma * alpha; f(NaN) = NaN.',
  ],
  onnx: { op: 'Selu', sinceOpset: 6 },
  torch: 'torch.nn.functional.selu(x)',
  forward: (x, { alpha, gamma }) =>
    (gamma as number) * (x > 0 ? x : (alpha as number) * Math.expm1(x)),
  derivative: (x, { alpha, gamma }) =>
    (gamma as number) * (x > 0 ? 1 : (alpha as number) * Math.exp(x)),
};
