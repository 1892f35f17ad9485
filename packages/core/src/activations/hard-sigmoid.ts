import type { ActivationSpec } from './types.js';

/** HardSigmoid: max(0, min(1, alpha * x + beta)). */
export const hardSigmoid: ActivationSpec = {
  name: 'hard-sigmoid',
  title: 'HardSigmoid',
  op: 'HardSigmoid',
  kind: 'elementwise',
  rectified: false,
  attributes: {
    alpha: { type: 'float', default: 1 / 6, doc: 'slope; 1/6 as in PyTorch (ONNX: 0.2)' },
    beta: { type: 'float', default: 0.5, doc: 'offset' },
  },
  formula: 'f(x) = max(0, min(1, alpha * x + beta))',
  derivativeFormula: "f'(x) = alpha if 0 < alpha * x + beta < 1, else 0",
  conventions: [
    'Rectifier follows PyTorch: alpha = 1/6, so that HardSwish(x) = x * HardSigmoid(x). ONNX ' +
      'defaults alpha to 0.2; an imported ONNX node keeps its own alpha, or 0.2 when it has ' +
      'none, and an exported layer writes its alpha explicitly.',
    "f' is 0 at both kinks (x = -3 and x = 3 for the defaults), as in PyTorch.",
    'f(NaN) = NaN.',
  ],
  onnx: { op: 'HardSigmoid', sinceOpset: 6, defaults: { alpha: 0.2, beta: 0.5 } },
  torch: 'torch.nn.functional.hardsigmoid(x)',
  forward: (x, { alpha, beta }) => {
    const linear = (alpha as number) * x + (beta as number);
    return linear >= 1 ? 1 : linear > 0 ? linear : linear === linear ? 0 : linear;
  },
  derivative: (x, { alpha, beta }) => {
    const linear = (alpha as number) * x + (beta as number);
    if (linear !== linear) return linear;
    return linear > 0 && linear < 1 ? (alpha as number) : 0;
  },
};
