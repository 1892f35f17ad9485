import type { ActivationSpec } from './types.js';

/** Linear (identity), the baseline with no non-linearity. */
export const linear: ActivationSpec = {
  name: 'linear',
  title: 'Linear',
  op: 'Identity',
  kind: 'elementwise',
  rectified: false,
  attributes: {},
  formula: 'f(x) = x',
  derivativeFormula: "f'(x) = 1",
  conventions: ["f(NaN) = NaN; f'(NaN) = NaN."],
  onnx: { op: 'Identity', sinceOpset: 1 },
  torch: 'x',
  forward: (x) => x,
  derivative: (x) => (x === x ? 1 : x),
};
