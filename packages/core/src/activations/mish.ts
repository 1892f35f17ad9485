import { sigmoid, softplus } from './math.js';
import type { ActivationSpec } from './types.js';

/** Mish: x * tanh(softplus(x)). */
export const mish: ActivationSpec = {
  name: 'mish',
  title: 'Mish',
  op: 'Mish',
  kind: 'elementwise',
  rectified: false,
  attributes: {},
  formula: 'f(x) = x * tanh(softplus(x))',
  derivativeFormula: "f'(x) = tanh(sp) + x * sigmoid(x) * (1 - tanh(sp)^2), sp = softplus(x)",
  conventions: [
    "f(-Infinity) = 0 and f'(-Infinity) = 0; f(Infinity) = Infinity and f'(Infinity) = 1.",
    'f(NaN) = NaN.',
  ],
  onnx: { op: 'Mish', sinceOpset: 18, lowering: 'Before opset 18: Mul(x, Tanh(Softplus(x))).' },
  torch: 'torch.nn.functional.mish(x)',
  forward: (x) => (x === -Infinity ? 0 : x * Math.tanh(softplus(x))),
  derivative: (x) => {
    if (x === -Infinity) return 0;
    if (x === Infinity) return 1;
    const t = Math.tanh(softplus(x));
    return t + x * sigmoid(x) * (1 - t * t);
  },
};
