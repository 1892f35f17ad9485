import type { ActivationSpec } from './types.js';

/** CELU: max(0, x) + min(0, alpha * (e^(x / alpha) - 1)), ELU made C1 for any alpha. */
export const celu: ActivationSpec = {
  name: 'celu',
  title: 'CELU',
  op: 'Celu',
  kind: 'elementwise',
  rectified: false,
  attributes: {
    alpha: { type: 'float', default: 1, min: 0, exclusive: true, doc: 'scale; must be above 0' },
  },
  formula: 'f(x) = max(0, x) + min(0, alpha * (exp(x / alpha) - 1))',
  derivativeFormula: "f'(x) = 1 if x > 0, else exp(x / alpha)",
  conventions: ["f'(0) = 1 from both sides.", 'f(-Infinity) = -alpha; f(NaN) = NaN.'],
  onnx: { op: 'Celu', sinceOpset: 12 },
  torch: 'torch.nn.functional.celu(x, alpha=alpha)',
  forward: (x, { alpha }) => {
    const a = alpha as number;
    return x > 0 ? x : a * Math.expm1(x / a);
  },
  derivative: (x, { alpha }) => (x > 0 ? 1 : Math.exp(x / (alpha as number))),
};
