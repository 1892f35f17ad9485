import { isConcrete, sizeOf } from '@rectifier/core';
import type { ExportContext } from '../export/context.js';
import { FLOAT, inputOf, outputOf, unsqueezeTo } from './helpers.js';
import type { Lowering } from './types.js';

/** Dimension `axis` of `value` as a tensor: a constant when known, else read from Shape. */
function dimension(context: ExportContext, value: string, axis: number): string {
  const dim = context.value(value).shape[axis];
  if (typeof dim === 'number') return context.constant(BigInt64Array.of(BigInt(dim)), [], 'dim');
  const index = context.constant(BigInt64Array.of(BigInt(axis)), [], 'axis');
  return context.step('Gather', [context.step('Shape', [value]), index]);
}

/** The element count of `value` as a float32 scalar. */
function count(context: ExportContext, value: string): string {
  const shape = context.value(value).shape;
  if (isConcrete(shape)) return context.scalar(sizeOf(shape), 'count');
  return context.step('Cast', [context.step('Size', [value])], { to: { int: FLOAT } });
}

/** MeanSquaredError: ReduceMean((predictions - targets)^2) over every axis. */
const meanSquaredError: Lowering = {
  lower(context) {
    const difference = context.step('Sub', [inputOf(context, 0), inputOf(context, 1)]);
    const square = context.step('Mul', [difference, difference]);
    context.emit('ReduceMean', [square], [outputOf(context)], { keepdims: { int: 0 } });
  },
};

/** MeanSquaredErrorGrad: 2 * (predictions - targets) / count * dLoss. */
const meanSquaredErrorGrad: Lowering = {
  lower(context) {
    const [gradLoss, predictions, targets] = [0, 1, 2].map((index) => inputOf(context, index));
    const difference = context.step('Sub', [predictions as string, targets as string]);
    const twice = context.step('Mul', [difference, context.scalar(2, 'two')]);
    const mean = context.step('Div', [twice, count(context, predictions as string)]);
    context.emit('Mul', [mean, gradLoss as string], [outputOf(context)]);
  },
};

/**
 * SoftmaxCrossEntropyLossGrad: (exp(log_prob) - onehot(labels)) scaled by dLoss, and divided
 * by the batch size for the mean; for 'none' dLoss has one entry per sample.
 */
const softmaxCrossEntropyLossGrad: Lowering = {
  lower(context) {
    const [gradLoss, logProb, labels] = [0, 1, 2].map((index) => inputOf(context, index)) as [
      string,
      string,
      string,
    ];
    const onOff = context.constant(Float32Array.of(0, 1), [2], 'onehot_values');
    const oneHot = context.step('OneHot', [labels, dimension(context, logProb, 1), onOff]);
    const difference = context.step('Sub', [context.step('Exp', [logProb]), oneHot]);

    const reduction = context.node.attributes.reduction;
    let scale = gradLoss;
    if (reduction === 'mean') {
      const batch = context.step('Cast', [dimension(context, logProb, 0)], { to: { int: FLOAT } });
      scale = context.step('Div', [gradLoss, batch]);
    } else if (reduction === 'none') {
      scale = unsqueezeTo(context, gradLoss, [1]);
    }
    context.emit('Mul', [difference, scale], [outputOf(context)]);
  },
};

/** The loss composites. */
export const LOSS_LOWERINGS: Readonly<Record<string, Lowering>> = {
  MeanSquaredError: meanSquaredError,
  MeanSquaredErrorGrad: meanSquaredErrorGrad,
  SoftmaxCrossEntropyLossGrad: softmaxCrossEntropyLossGrad,
};
