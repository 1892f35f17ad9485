import { sigmoid as sigmoidRule } from './math.js';
import type { ActivationSpec } from './types.js';

/** Sigmoid: 1 / (1 + e^-x), for comparison with the rectifiers. */
export const sigmoid: ActivationSpec = {
  name: 'sigmoid',
  title: 'Sigmoid',
  op: 'Sigmoid',
  kind: 'elementwise',
  rectified: false,
  attributes: {},
  formula: 'f(x) = 1 / (1 + exp(-x))',
  derivativeFormula: "f'(x) = f(x) * (1 - f(x))",
  conventions: ['f(-Infinity) = 0, f(Infinity) = 1, no overflow for large |x|; f(NaN) = NaN.'],
  onnx: { op: 'Sigmoid', sinceOpset: 6 },
  torch: 'torch.sigmoid(x)',
  forward: (x) => sigmoidRule(x),
  derivative: (x) => {
    const s = sigmoidRule(x);
    return s * (1 - s);
  },
};
