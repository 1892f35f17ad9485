import type { ActivationSpec } from './types.js';

/** LeakyReLU: x for x > 0, alpha * x otherwise. */
export const leakyRelu: ActivationSpec = {
  name: 'leaky-relu',
  title: 'LeakyReLU',
  op: 'LeakyRelu',
  kind: 'elementwise',
  rectified: true,
  attributes: {
    alpha: {
      type: 'float',
      default: 0.01,
      doc: 'slope for x <= 0; any finite value, also above 1 or below 0',
    },
  },
  formula: 'f(x) = x if x > 0, else alpha * x',
  derivativeFormula: "f'(x) = 1 if x > 0, else alpha",
  conventions: [
    'alpha defaults to 0.01 as in ONNX and PyTorch (tfjs-core uses 0.2, Keras 0.3).',
    "f'(0) = alpha, as in PyTorch.",
    'Any finite alpha is right, also alpha > 1 or alpha < 0: with alpha = 2, f(-1) = -2 and ' +
      "f(1) = 1; with alpha = -0.5, f(-1) = 0.5 and f'(-1) = -0.5. It is not computed as " +
      'max(x, alpha * x), which is wrong for alpha > 1.',
    "f(NaN) = NaN and f'(NaN) = NaN.",
  ],
  onnx: { op: 'LeakyRelu', sinceOpset: 6 },
  torch: 'torch.nn.functional.leaky_relu(x, negative_slope=alpha)',
  forward: (x, { alpha }) => (x > 0 ? x : (alpha as number) * x),
  derivative: (x, { alpha }) => (x > 0 ? 1 : x === x ? (alpha as number) : x),
};
