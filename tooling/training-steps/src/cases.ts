import type { Graph } from '@rectifier/core';
import { mlp, trainingGraph, type LossName, type OptimizerOptions } from '@rectifier/nn';

/** The features of a training step's samples. */
export const FEATURES = 12;

/** The classes its network tells apart, and the width of its MSE targets. */
export const CLASSES = 4;

/** One training step to check: a small MLP's activation, its loss and its optimiser. */
export interface TrainingStepCase {
  /** What the case is, as a test names it. */
  readonly name: string;
  readonly activation: string;
  readonly loss: LossName;
  readonly optimizer: OptimizerOptions;
  /** Whether the graph outputs each Dense layer's squared gradient norm; true unless given. */
  readonly gradientNorms?: boolean;
}

/** The training steps every compiling backend runs: each optimiser, both losses. */
export const TRAINING_STEP_CASES: readonly TrainingStepCase[] = [
  {
    name: 'relu, cross-entropy, SGD with momentum',
    activation: 'relu',
    loss: 'softmax-cross-entropy',
    optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3 },
  },
  {
    name: 'gelu, MSE, Adam',
    activation: 'gelu',
    loss: 'mse',
    optimizer: { name: 'adam', learningRate: 0.01, weightDecay: 1e-3 },
  },
  {
    name: 'elu, cross-entropy, plain SGD',
    activation: 'elu',
    loss: 'softmax-cross-entropy',
    optimizer: { name: 'sgd' },
  },
];

/** The whole training step of a case: an MLP 12 -> 8 -> 6 -> 4 with fixed initial weights. */
export function trainingStepGraph(testCase: Omit<TrainingStepCase, 'name'>): Graph {
  const network = mlp({
    inputSize: FEATURES,
    hidden: [8, 6],
    outputs: CLASSES,
    activation: testCase.activation,
    seed: 3,
  });
  const gradientNorms = testCase.gradientNorms ?? true;
  return trainingGraph(network, testCase.loss, testCase.optimizer, { gradientNorms });
}
