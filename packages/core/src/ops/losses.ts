import { ShapeError } from '../errors.js';
import type { ValueInfo } from '../graph.js';
import type { OpDef } from '../op.js';
import { formatShape } from '../shape.js';
import { required, requireFloat, requireRank, requireSameShape } from './helpers.js';

const reduction = {
  reduction: {
    type: 'string',
    default: 'mean',
    oneOf: ['mean', 'sum', 'none'],
    doc: "'mean' over the batch (PyTorch's default), 'sum', or 'none' for one loss per sample",
  },
} as const;

function checkScoresAndLabels(op: string, scores: ValueInfo, labels: ValueInfo): void {
  requireRank(op, scores, 2);
  requireFloat(op, scores);
  if (
    labels.dtype !== 'int64' ||
    labels.shape.length !== 1 ||
    labels.shape[0] !== scores.shape[0]
  ) {
    throw new ShapeError(
      `${op}: labels '${labels.name}' must be int64 of shape [${String(scores.shape[0])}] to ` +
        `match scores ${formatShape(scores.shape)}; got ${labels.dtype} ` +
        `${formatShape(labels.shape)}.`,
    );
  }
}

function lossShape(attributes: Readonly<Record<string, unknown>>, batch: ValueInfo) {
  return attributes.reduction === 'none' ? [batch.shape[0] as number | string] : [];
}

/** Softmax cross-entropy of class scores against integer labels, as ONNX opset 13 defines it. */
export const softmaxCrossEntropyLoss: OpDef = {
  name: 'SoftmaxCrossEntropyLoss',
  domain: '',
  doc: 'loss = -log(softmax(scores)[label]), reduced over the batch; also outputs log-probabilities.',
  inputs: [{ name: 'scores' }, { name: 'labels', differentiable: false }],
  outputs: ['output', 'log_prob'],
  attributes: reduction,
  inferShapes(inputs, attributes) {
    const scores = required('SoftmaxCrossEntropyLoss', inputs, 0);
    checkScoresAndLabels(
      'SoftmaxCrossEntropyLoss',
      scores,
      required('SoftmaxCrossEntropyLoss', inputs, 1),
    );
    return [
      { shape: lossShape(attributes, scores), dtype: 'float32' },
      { shape: scores.shape, dtype: 'float32' },
    ];
  },
  gradient(context) {
    const [, logProb] = context.outputs as [ValueInfo, ValueInfo];
    const labels = context.inputs[1] as ValueInfo;
    const gradLoss = context.gradOutputs[0];
    if (!gradLoss) {
      throw new ShapeError('SoftmaxCrossEntropyLoss: only the loss output can be differentiated.');
    }
    const gradScores = context.builder.op(
      'SoftmaxCrossEntropyLossGrad',
      [gradLoss, logProb, labels],
      context.attributes,
    );
    return [gradScores, undefined];
  },
};

/** The composite gradient of SoftmaxCrossEntropyLoss: (softmax - onehot(label)) scaled by dLoss. */
export const softmaxCrossEntropyLossGrad: OpDef = {
  name: 'SoftmaxCrossEntropyLossGrad',
  domain: 'rectifier',
  doc: 'dScores = (exp(log_prob) - onehot(labels)) * dLoss, divided by N for the mean.',
  inputs: [
    { name: 'dLoss' },
    { name: 'log_prob', differentiable: false },
    { name: 'labels', differentiable: false },
  ],
  outputs: ['dScores'],
  attributes: reduction,
  inferShapes(inputs) {
    const logProb = required('SoftmaxCrossEntropyLossGrad', inputs, 1);
    checkScoresAndLabels(
      'SoftmaxCrossEntropyLossGrad',
      logProb,
      required('SoftmaxCrossEntropyLossGrad', inputs, 2),
    );
    return [{ shape: logProb.shape, dtype: 'float32' }];
  },
};

/** Mean squared error over all elements, as PyTorch's MSELoss with reduction 'mean'. */
export const meanSquaredError: OpDef = {
  name: 'MeanSquaredError',
  domain: 'rectifier',
  doc: 'loss = mean((predictions - targets)^2) over every element.',
  inputs: [{ name: 'predictions' }, { name: 'targets', differentiable: false }],
  outputs: ['loss'],
  attributes: {},
  inferShapes(inputs) {
    const predictions = required('MeanSquaredError', inputs, 0);
    requireSameShape('MeanSquaredError', predictions, required('MeanSquaredError', inputs, 1));
    requireFloat('MeanSquaredError', predictions);
    return [{ shape: [], dtype: 'float32' }];
  },
  gradient: (context) => [
    context.builder.op('MeanSquaredErrorGrad', [
      context.gradOutputs[0] as ValueInfo,
      context.inputs[0] as ValueInfo,
      context.inputs[1] as ValueInfo,
    ]),
    undefined,
  ],
};

/** The composite gradient of MeanSquaredError. */
export const meanSquaredErrorGrad: OpDef = {
  name: 'MeanSquaredErrorGrad',
  domain: 'rectifier',
  doc: 'dPredictions = 2 * (predictions - targets) / count * dLoss.',
  inputs: [
    { name: 'dLoss' },
    { name: 'predictions', differentiable: false },
    { name: 'targets', differentiable: false },
  ],
  outputs: ['dPredictions'],
  attributes: {},
  inferShapes(inputs) {
    const predictions = required('MeanSquaredErrorGrad', inputs, 1);
    requireSameShape(
      'MeanSquaredErrorGrad',
      predictions,
      required('MeanSquaredErrorGrad', inputs, 2),
    );
    return [{ shape: predictions.shape, dtype: 'float32' }];
  },
};
