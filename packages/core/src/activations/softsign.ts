import type { ActivationSpec } from './types.js';

/** Softsign: x / (1 + |x|). */
export const softsign: ActivationSpec = {
  name: 'softsign',
  title: 'Softsign',
  op: 'Softsign',
  kind: 'elementwise',
  rectified: false,
  attributes: {},
  formula: 'f(x) = x / (1 + |x|)',
  derivativeFormula: "f'(x) = 1 / (1 + |x|)^2",
  conventions: ["f(+-Infinity) = +-1 and f'(+-Infinity) = 0; f(NaN) = NaN."],
  onnx: { op: 'Softsign', sinceOpset: 1 },
  torch: 'torch.nn.functional.softsign(x)',
  forward: (x) => (x === Infinity ? 1 : x === -Infinity ? -1 : x / (1 + Math.abs(x))),
  derivative: (x) => {
    const denominator = 1 + Math.abs(x);
    return 1 / (denominator * denominator);
  },
};
