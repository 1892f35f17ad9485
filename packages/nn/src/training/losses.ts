import { ArgumentError, type GraphBuilder, type ValueInfo } from '@rectifier/core';

/** The losses a classifier trains with. */
export type LossName = 'softmax-cross-entropy' | 'mse';

/** The losses, for validation and help texts. */
export const LOSSES: readonly LossName[] = ['softmax-cross-entropy', 'mse'];

/** The graph inputs and loss value that a loss adds to a graph. */
export interface LossPass {
  readonly loss: ValueInfo;
  /** Integer labels [batch] for cross-entropy, one-hot targets [batch, classes] for MSE. */
  readonly target: ValueInfo;
}

/**
 * Appends a loss over `logits` to a graph. Softmax cross-entropy takes int64 labels, as
 * PyTorch's CrossEntropyLoss; MSE takes one-hot float targets and compares them with the
 * softmax of the logits, as Keras users write `loss: 'meanSquaredError'` after a softmax.
 */
export function addLoss(builder: GraphBuilder, name: LossName, logits: ValueInfo): LossPass {
  if (name === 'softmax-cross-entropy') {
    const target = builder.input('labels', [logits.shape[0] as number | string], 'int64');
    const [loss] = builder.opOutputs('SoftmaxCrossEntropyLoss', [logits, target], {
      reduction: 'mean',
    });
    return { loss: loss as ValueInfo, target };
  }
  if (name === 'mse') {
    const target = builder.input('targets', logits.shape, 'float32');
    const probabilities = builder.op('Softmax', [logits], { axis: -1 });
    return { loss: builder.op('MeanSquaredError', [probabilities, target]), target };
  }
  throw new ArgumentError(`Unknown loss '${String(name)}'; use one of ${LOSSES.join(', ')}.`);
}
