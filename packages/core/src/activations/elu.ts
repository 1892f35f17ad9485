import type { ActivationSpec } from './types.js';

/** ELU: x for x > 0, alpha * (e^x - 1) otherwise. */
export const elu: ActivationSpec = {
  name: 'elu',
  title: 'ELU',
  op: 'Elu',
  kind: 'elementwise',
  rectified: false,
  attributes: {
    alpha: {
      type: 'float',
      default: 1,
      doc: 'value approached as x goes to -Infinity, negated; any finite value, as PyTorch',
    },
  },
  formula: 'f(x) = x if x > 0, else alpha * (exp(x) - 1)',
  derivativeFormula: "f'(x) = 1 if x > 0, else alpha * exp(x)",
  conventions: [
    "f'(0) = alpha, the left-hand derivative, as in PyTorch.",
    "f'(100) = 1, not NaN: the exponential is only taken on the negative side.",
    "f(-Infinity) = -alpha, f'(-Infinity) = 0; f(NaN) = NaN.",
  ],
  onnx: { op: 'Elu', sinceOpset: 6 },
  torch: 'torch.nn.functional.elu(x, alpha=alpha)',
  forward: (x, { alpha }) => (x > 0 ? x : (alpha as number) * Math.expm1(x)),
  derivative: (x, { alpha }) => (x > 0 ? 1 : (alpha as number) * Math.exp(x)),
};
