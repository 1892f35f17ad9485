import type { ActivationSpec } from './types.js';

/** HardSwish: x * ReLU6(x + 3) / 6, the cheap SiLU of MobileNetV3. */
export const hardSwish: ActivationSpec = {
  name: 'hard-swish',
  title: 'HardSwish',
  op: 'HardSwish',
  kind: 'elementwise',
  rectified: true,
  attributes: {},
  formula: 'f(x) = x * min(max(x + 3, 0), 6) / 6',
  derivativeFormula: "f'(x) = 0 if x < -3, (2x + 3) / 6 if -3 <= x <= 3, 1 if x > 3",
  conventions: [
    "At the kinks the middle piece applies, as PyTorch's scalar kernel does: f'(-3) = -0.5 " +
      "and f'(3) = 1.5 (PyTorch's vectorised CPU kernel gives 1 at x = 3).",
    'f(-Infinity) = 0 (exactly 0 for every x <= -3), f(Infinity) = Infinity; f(NaN) = NaN.',
    'f(x) = x for every x >= 3, so f(3.4e38) is finite (PyTorch computes x * (x + 3) / 6 ' +
      'there and overflows to Infinity).',
  ],
  onnx: { op: 'HardSwish', sinceOpset: 14 },
  torch: 'torch.nn.functional.hardswish(x)',
  forward: (x) => {
    if (x <= -3) return 0;
    if (x >= 3) return x;
    return (x * (x + 3)) / 6;
  },
  derivative: (x) => {
    if (x < -3) return 0;
    if (x > 3) return 1;
    return (2 * x + 3) / 6;
  },
};
