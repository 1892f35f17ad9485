import { createRandom, shuffleInPlace } from '@rectifier/core';
import { loadDefaultSplit, takeFirst, type Dataset } from '@rectifier/data';
import { mlp, type Sequential } from '@rectifier/nn';

/** What every contender trains: the same network, data, order, optimiser and batch size. */
export interface Workload {
  /** How many samples of the bundled training split one epoch covers, from its start. */
  readonly samples: number;
  readonly inputSize: number;
  readonly hidden: readonly number[];
  readonly outputs: number;
  readonly batchSize: number;
  /** Plain SGD: no momentum, no weight decay. */
  readonly learningRate: number;
  /** The seed of the per-epoch sample order. */
  readonly orderSeed: number;
  /** The seed of the initial weights, which every contender copies from Rectifier's mlp. */
  readonly weightSeed: number;
}

/** The default workload: a 784-64-32-16-10 ReLU MLP on 4,096 MNIST digits. */
export const DEFAULT_WORKLOAD: Workload = {
  samples: 4096,
  inputSize: 784,
  hidden: [64, 32, 16],
  outputs: 10,
  batchSize: 64,
  learningRate: 0.05,
  orderSeed: 0,
  weightSeed: 1,
};

/** The first `workload.samples` digits of the bundled training split (split seed 0). */
export function loadSamples(workload: Workload): Dataset {
  return takeFirst(loadDefaultSplit(0).train, workload.samples);
}

/**
 * A fresh network with the workload's seeded initial weights: He normal for the hidden
 * layers, Glorot uniform for the output layer, zero biases. Every call gives equal weights.
 */
export function initialNetwork(workload: Workload): Sequential {
  return mlp({
    inputSize: workload.inputSize,
    hidden: workload.hidden,
    outputs: workload.outputs,
    seed: workload.weightSeed,
  });
}

/**
 * The sample order of epoch `epoch` (counted from 0, the warm-up), as Rectifier's Trainer
 * draws it, so that the peers see the batches in the same order.
 */
export function epochOrder(workload: Workload, epoch: number): Uint32Array {
  // Mirrors Trainer.trainEpoch; if the two drift apart, the losses in the report stop agreeing.
  return shuffleInPlace(
    Uint32Array.from({ length: workload.samples }, (_, index) => index),
    createRandom(workload.orderSeed * 100_003 + epoch),
  );
}
