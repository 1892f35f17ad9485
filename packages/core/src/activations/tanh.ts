import type { ActivationSpec } from './types.js';

/** Tanh, for comparison with the rectifiers. */
export const tanh: ActivationSpec = {
  name: 'tanh',
  title: 'Tanh',
  op: 'Tanh',
  kind: 'elementwise',
  rectified: false,
  attributes: {},
  formula: 'f(x) = tanh(x)',
  derivativeFormula: "f'(x) = 1 - tanh(x)^2",
  conventions: ["tanh(+-1000) = +-1 and f'(+-1000) = 0, not NaN; f(NaN) = NaN."],
  onnx: { op: 'Tanh', sinceOpset: 6 },
  torch: 'torch.tanh(x)',
  forward: (x) => Math.tanh(x),
  derivative: (x) => {
    const t = Math.tanh(x);
    return 1 - t * t;
  },
};
