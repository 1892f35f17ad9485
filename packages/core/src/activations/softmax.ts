import type { ActivationSpec } from './types.js';

/** Softmax along one axis: exp(x - max) / sum(exp(x - max)). */
export const softmax: ActivationSpec = {
  name: 'softmax',
  title: 'Softmax',
  op: 'Softmax',
  kind: 'softmax',
  rectified: false,
  attributes: { axis: { type: 'int', default: -1, doc: 'the axis that sums to 1' } },
  formula: 'f(x)_i = exp(x_i - max(x)) / sum_j exp(x_j - max(x)) along axis',
  derivativeFormula: 'df = y * (dy - sum(dy * y)) along axis (vector-Jacobian product)',
  conventions: [
    'axis defaults to -1 and normalises that axis alone, as ONNX opset 13 and PyTorch do. ' +
      'ONNX models before opset 13 flatten from axis onwards; import rewrites them.',
    'Large inputs do not overflow: the maximum is subtracted first. A NaN anywhere along the ' +
      'axis makes that whole slice NaN.',
  ],
  onnx: { op: 'Softmax', sinceOpset: 13 },
  torch: 'torch.softmax(x, dim=axis)',
  // The scalar rules describe one element of a one-element slice; kernels work per slice.
  forward: (x) => (x === x ? 1 : x),
  derivative: (x) => (x === x ? 0 : x),
};
