import { RectifierError } from '@rectifier/core';
import type { Kernel } from '../../kernel.js';
import { floats, int64s, shapeOf } from '../views.js';

/** A label as an index into C classes, or an error naming the label, its sample and C. */
export function classIndex(
  op: string,
  labels: BigInt64Array,
  sample: number,
  classes: number,
): number {
  const label = Number(labels[sample]);
  if (!(label >= 0 && label < classes)) {
    throw new RectifierError(
      'INVALID_ARGUMENT',
      `${op}: label ${String(labels[sample])} of sample ${sample} is outside [0, ${classes}); ` +
        `labels must be class indices below C = ${classes}.`,
    );
  }
  return label;
}

/**
 * SoftmaxCrossEntropyLoss of scores [N, C] against int64 labels [N]: a stable log-softmax per
 * row (the row maximum subtracted first), log_prob as the second output, and the loss
 * -log_prob[label] averaged ('mean'), summed ('sum') or kept per sample ('none').
 */
export const softmaxCrossEntropyLossKernel: Kernel = {
  prepare(node, inputShapes) {
    const op = 'SoftmaxCrossEntropyLoss';
    const [samples = 0, classes = 0] = shapeOf(inputShapes, 0, op);
    const reduction = node.attributes.reduction as 'mean' | 'sum' | 'none';

    return (inputs, outputs) => {
      const scores = floats(inputs, 0, op);
      const labels = int64s(inputs, 1, op);
      const loss = floats(outputs, 0, op);
      const logProb = outputs[1] ? floats(outputs, 1, op) : undefined;

      let total = 0;
      for (let n = 0; n < samples; n++) {
        const label = classIndex(op, labels, n, classes);
        const row = n * classes;
        let max = -Infinity;
        for (let c = 0; c < classes; c++) {
          const score = scores[row + c] as number;
          // A NaN makes the whole row NaN, through the maximum and then every difference.
          if (score !== score) {
            max = NaN;
            break;
          }
          if (score > max) max = score;
        }
        let sum = 0;
        for (let c = 0; c < classes; c++) sum += Math.exp((scores[row + c] as number) - max);
        const logSum = max + Math.log(sum);

        if (logProb) {
          for (let c = 0; c < classes; c++) logProb[row + c] = (scores[row + c] as number) - logSum;
        }
        const sampleLoss = logSum - (scores[row + label] as number);
        if (reduction === 'none') loss[n] = sampleLoss;
        else total += sampleLoss;
      }

      if (reduction === 'mean') loss[0] = total / samples;
      else if (reduction === 'sum') loss[0] = total;
    };
  },
};

/**
 * SoftmaxCrossEntropyLossGrad: dScores = (exp(log_prob) - onehot(labels)) * dLoss, divided by N
 * for the mean. dLoss is a scalar for 'mean' and 'sum', one value per sample for 'none'.
 */
export const softmaxCrossEntropyLossGradKernel: Kernel = {
  prepare(node, inputShapes) {
    const op = 'SoftmaxCrossEntropyLossGrad';
    const [samples = 0, classes = 0] = shapeOf(inputShapes, 1, op);
    const reduction = node.attributes.reduction as 'mean' | 'sum' | 'none';
    const perSample = reduction === 'none';
    const scale = reduction === 'mean' ? 1 / samples : 1;

    return (inputs, outputs) => {
      const gradLoss = floats(inputs, 0, op);
      const logProb = floats(inputs, 1, op);
      const labels = int64s(inputs, 2, op);
      const gradScores = floats(outputs, 0, op);

      for (let n = 0; n < samples; n++) {
        const label = classIndex(op, labels, n, classes);
        const weight = (gradLoss[perSample ? n : 0] as number) * scale;
        const row = n * classes;
        for (let c = 0; c < classes; c++) {
          const probability = Math.exp(logProb[row + c] as number);
          gradScores[row + c] = (c === label ? probability - 1 : probability) * weight;
        }
      }
    };
  },
};
