import type { ActivationSpec } from './types.js';

/** ReLU: max(0, x). */
export const relu: ActivationSpec = {
  name: 'relu',
  title: 'ReLU',
  op: 'Relu',
  kind: 'elementwise',
  rectified: true,
  attributes: {},
  formula: 'f(x) = max(0, x)',
  derivativeFormula: "f'(x) = 1 if x > 0, else 0",
  conventions: [
    "f'(0) = 0, as in PyTorch and TensorFlow: the subgradient at the kink is taken from the left.",
    "f(NaN) = NaN and f'(NaN) = NaN (PyTorch's backward gives 0 at NaN; Rectifier propagates it).",
    'f(-Infinity) = 0, f(Infinity) = Infinity; f(-0) = 0.',
  ],
  onnx: { op: 'Relu', sinceOpset: 6 },
  torch: 'torch.nn.functional.relu(x)',
  forward: (x) => (x > 0 ? x : x === x ? 0 : x),
  derivative: (x) => (x > 0 ? 1 : x === x ? 0 : x),
};
