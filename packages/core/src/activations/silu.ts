import { sigmoid } from './math.js';
import type { ActivationSpec } from './types.js';

/** SiLU (Swish with beta 1): x * sigmoid(x). */
export const silu: ActivationSpec = {
  name: 'silu',
  title: 'SiLU',
  op: 'Silu',
  kind: 'elementwise',
  rectified: false,
  attributes: {},
  formula: 'f(x) = x * sigmoid(x)',
  derivativeFormula: "f'(x) = sigmoid(x) * (1 + x * (1 - sigmoid(x)))",
  conventions: [
    "f(-Infinity) = 0 and f'(-Infinity) = 0; f(Infinity) = Infinity and f'(Infinity) = 1.",
    'f(NaN) = NaN. tfjs and Keras call it swish.',
  ],
  onnx: { op: 'Silu', sinceOpset: 0, lowering: 'Mul(x, Sigmoid(x)); ONNX has no SiLU op.' },
  torch: 'torch.nn.functional.silu(x)',
  forward: (x) => (x === -Infinity ? 0 : x * sigmoid(x)),
  derivative: (x) => {
    if (x === -Infinity) return 0;
    if (x === Infinity) return 1;
    const s = sigmoid(x);
    return s * (1 + x * (1 - s));
  },
};
