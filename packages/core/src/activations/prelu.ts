import type { ActivationSpec } from './types.js';

/** PReLU: LeakyReLU whose slope is a learned tensor, one value or one per channel. */
export const prelu: ActivationSpec = {
  name: 'prelu',
  title: 'PReLU',
  op: 'PRelu',
  kind: 'prelu',
  rectified: true,
  attributes: {
    slope: {
      type: 'float',
      default: 0.25,
      doc: 'initial slope of the layer, as in PyTorch; the op takes the slope as its second input',
    },
  },
  formula: 'f(x, a) = x if x > 0, else a * x, with a broadcast against x',
  derivativeFormula:
    'df/dx = 1 if x > 0, else a; df/da = 0 if x > 0, else x (summed over broadcast)',
  conventions: [
    'df/dx at 0 is the slope, as for LeakyReLU; df/da at 0 is 0.',
    'The slope broadcasts as ONNX does (trailing axes). A layer with one slope per channel of ' +
      'NCHW input stores it with shape [C, 1, 1], as PyTorch exports it.',
    'f(NaN) = NaN and both derivatives at NaN are NaN.',
  ],
  onnx: { op: 'PRelu', sinceOpset: 9 },
  torch: 'torch.nn.functional.prelu(x, weight)',
  forward: (x, { slope }) => (x > 0 ? x : (slope as number) * x),
  derivative: (x, { slope }) => (x > 0 ? 1 : x === x ? (slope as number) : x),
};
