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
  conventions: [
    "f(NaN) = NaN. f' is 1 everywhere, NaN included: its gradient is the upstream gradient " +
      'passed through unchanged, which is the one exception to NaN in, NaN out for derivatives.',
  ],
  onnx: { op: 'Identity', sinceOpset: 1 },
  torch: 'x',
  forward: (x) => x,
  derivative: () => 1,
};
