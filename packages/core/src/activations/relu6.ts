import type { ActivationSpec } from './types.js';

/** ReLU6: min(max(0, x), 6), the bounded ReLU of MobileNet. */
export const relu6: ActivationSpec = {
  name: 'relu6',
  title: 'ReLU6',
  op: 'Relu6',
  kind: 'elementwise',
  rectified: true,
  attributes: {},
  formula: 'f(x) = min(max(0, x), 6)',
  derivativeFormula: "f'(x) = 1 if 0 < x < 6, else 0",
  conventions: [
    "f'(0) = 0 and f'(6) = 0: both kinks take the flat side, as PyTorch's hardtanh backward does.",
    "f(NaN) = NaN and f'(NaN) = NaN.",
    'f(-Infinity) = 0, f(Infinity) = 6.',
  ],
  onnx: { op: 'Clip', sinceOpset: 11, lowering: 'Clip(x, 0, 6); ONNX has no Relu6 op.' },
  torch: 'torch.nn.functional.relu6(x)',
  forward: (x) => (x > 6 ? 6 : x > 0 ? x : x === x ? 0 : x),
  derivative: (x) => (x > 0 && x < 6 ? 1 : x === x ? 0 : x),
};
