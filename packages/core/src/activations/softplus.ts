import { sigmoid, softplus as softplusRule } from './math.js';
import type { ActivationSpec } from './types.js';

/** Softplus: log(1 + e^x), the smooth ReLU. */
export const softplus: ActivationSpec = {
  name: 'softplus',
  title: 'Softplus',
  op: 'Softplus',
  kind: 'elementwise',
  rectified: false,
  attributes: {},
  formula: 'f(x) = log(1 + exp(x)), computed as max(x, 0) + log1p(exp(-|x|))',
  derivativeFormula: "f'(x) = sigmoid(x)",
  conventions: [
    'Softplus(100) = 100, not Infinity: the stable form never overflows for finite x.',
    'PyTorch returns x itself above its threshold of 20; the exact value differs from x by ' +
      'less than float32 resolution there.',
    'f(-Infinity) = 0, f(Infinity) = Infinity; f(NaN) = NaN.',
  ],
  onnx: { op: 'Softplus', sinceOpset: 1 },
  torch: 'torch.nn.functional.softplus(x)',
  forward: (x) => softplusRule(x),
  derivative: (x) => sigmoid(x),
};
