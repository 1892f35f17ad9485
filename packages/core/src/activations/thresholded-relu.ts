import type { ActivationSpec } from './types.js';

/** ThresholdedReLU: x for x > alpha, 0 otherwise. */
export const thresholdedRelu: ActivationSpec = {
  name: 'thresholded-relu',
  title: 'ThresholdedReLU',
  op: 'ThresholdedRelu',
  kind: 'elementwise',
  rectified: true,
  attributes: { alpha: { type: 'float', default: 1, doc: 'threshold' } },
  formula: 'f(x) = x if x > alpha, else 0',
  derivativeFormula: "f'(x) = 1 if x > alpha, else 0",
  conventions: [
    "At x = alpha, f = 0 and f' = 0. alpha defaults to 1.0 as in ONNX and Keras.",
    "f(NaN) = NaN and f'(NaN) = NaN.",
  ],
  onnx: { op: 'ThresholdedRelu', sinceOpset: 10 },
  torch: 'torch.nn.functional.threshold(x, alpha, 0)',
  forward: (x, { alpha }) => (x > (alpha as number) ? x : x === x ? 0 : x),
  derivative: (x, { alpha }) => (x > (alpha as number) ? 1 : x === x ? 0 : x),
};
