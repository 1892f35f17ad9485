import { gradients, GraphBuilder, type Backend, type Graph, type ValueInfo } from '@rectifier/core';
import type { Sequential } from '../layers/sequential.js';
import { addLoss, type LossName } from './losses.js';
import { addOptimizerStep, type OptimizerOptions } from './optimizers.js';

/** Output names of the training graph. */
export const TRAIN_OUTPUTS = { loss: 'loss', predictions: 'predictions' } as const;

/** The name of the output holding a Dense layer's squared gradient norm. */
export function gradientNormOutput(layer: string): string {
  return `gradient_norm_squared.${layer}`;
}

/** The prefix of the evaluation outputs that hold an activation layer's values. */
export const ACTIVATION_PREFIX = 'activation.';

/** The name of the evaluation output holding an activation layer's values. */
export function activationOutput(layer: string): string {
  return `${ACTIVATION_PREFIX}${layer}`;
}

// Named at the ArgMax itself: renaming on output goes through Identity, which takes float32
// only, and the predictions are int64.
function predictions(builder: GraphBuilder, logits: ValueInfo): ValueInfo {
  return builder.op(
    'ArgMax',
    [logits],
    { axis: 1, keepdims: 0 },
    { name: TRAIN_OUTPUTS.predictions },
  );
}

/** What a training graph computes besides the loss, the predictions and the updates. */
export interface TrainingGraphOptions {
  /** Whether it outputs each Dense layer's squared gradient norm; true unless given. */
  readonly gradientNorms?: boolean;
}

/**
 * The whole training step as one graph: forward pass, loss, backward pass, the squared
 * gradient norm of each Dense layer (unless turned off), and the optimiser update of every
 * parameter.
 */
export function trainingGraph(
  network: Sequential,
  loss: LossName,
  optimizer: OptimizerOptions,
  options: TrainingGraphOptions = {},
): Graph {
  const builder = new GraphBuilder('train_step');
  const input = builder.input('x', ['batch', network.inputSize]);
  const forward = network.build(builder, input);
  const { loss: lossValue } = addLoss(builder, loss, forward.output);
  // Outputs first: gradients() reads the forward graph through builder.build(), which
  // refuses a graph that has no outputs yet.
  builder.output(lossValue, TRAIN_OUTPUTS.loss);
  builder.output(predictions(builder, forward.output));

  const parameters = [...forward.parameters.values()];
  const grads = gradients(builder, lossValue, parameters);
  const gradOf = new Map(
    parameters.map((parameter, index) => [parameter.name, grads[index] as ValueInfo]),
  );

  for (const layer of options.gradientNorms === false ? [] : network.denseLayers) {
    const squares = layer.parameters.map((parameter) =>
      builder.op('ReduceSumSquare', [gradOf.get(parameter.name)], { keepdims: 0 }),
    );
    const total = squares.reduce((sum, square) => builder.op('Add', [sum, square]));
    builder.output(total, gradientNormOutput(layer.name));
  }

  addOptimizerStep(builder, optimizer, parameters, grads);
  return builder.build();
}

/** The inference graph: class predictions and the output of every rectified activation. */
export function evaluationGraph(network: Sequential): Graph {
  const builder = new GraphBuilder('evaluate');
  const input = builder.input('x', ['batch', network.inputSize]);
  const forward = network.build(builder, input);
  builder.output(predictions(builder, forward.output));
  for (const [layer, value] of forward.rectified) builder.output(value, activationOutput(layer));
  return builder.build();
}

/** Compiles the inference graph of a network; a convenience for prediction. */
export async function compileEvaluation(backend: Backend, network: Sequential) {
  return backend.compile(evaluationGraph(network));
}
