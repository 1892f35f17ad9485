import {
  ArgumentError,
  createRandom,
  shuffleInPlace,
  type Backend,
  type Program,
  type Tensor,
} from '@rectifier/core';
import { ActivationStats } from '../analysis/activation-stats.js';
import { Sequential } from '../layers/sequential.js';
import { checkCount, checkKnownKeys } from '../options.js';
import type { LossName } from './losses.js';
import type { OptimizerOptions } from './optimizers.js';
import {
  ACTIVATION_PREFIX,
  evaluationGraph,
  gradientNormOutput,
  TRAIN_OUTPUTS,
  trainingGraph,
} from './programs.js';
import { featuresOf, gatherBatch, oneHot, type Samples } from './samples.js';

/** Options of a Trainer. Defaults follow PyTorch: SGD with lr 0.01, batch 64. */
export interface TrainerOptions {
  readonly network: Sequential;
  readonly backend: Backend;
  readonly loss?: LossName;
  readonly optimizer?: OptimizerOptions;
  readonly batchSize?: number;
  /** Seeds the order of samples in each epoch. */
  readonly seed?: number;
  /** Samples per evaluation batch. */
  readonly evaluationBatchSize?: number;
  /**
   * Whether each epoch reports every Dense layer's gradient norm; true unless given. The norms
   * add a reduction of every gradient to each step, which on the ONNX Runtime backend costs
   * about a sixth of a step of a small MLP; turn them off when nothing reads them.
   */
  readonly gradientNorms?: boolean;
}

const TRAINER_OPTIONS = [
  'network',
  'backend',
  'loss',
  'optimizer',
  'batchSize',
  'seed',
  'evaluationBatchSize',
  'gradientNorms',
];

/** What one pass over the training samples measured. */
export interface EpochTraining {
  /** The mean loss over the epoch's samples. */
  readonly loss: number;
  /** The fraction of training samples classified right while training. */
  readonly trainAccuracy: number;
  /**
   * Each Dense layer's gradient L2 norm (weights and bias together), averaged over batches;
   * empty when the Trainer's `gradientNorms` option is false.
   */
  readonly gradientNorms: Record<string, number>;
  readonly seconds: number;
  readonly samplesPerSecond: number;
}

/** What an evaluation measured. */
export interface Evaluation {
  readonly accuracy: number;
  /** Per rectified activation layer: the fraction of its outputs that are exactly 0. */
  readonly sparsity: Record<string, number>;
  /** Per rectified activation layer: the units that are 0 for every sample. */
  readonly deadUnits: Record<string, number>;
}

/** One epoch's record, as the CLI's metrics file stores it. */
export interface EpochRecord extends EpochTraining, Omit<Evaluation, 'accuracy'> {
  readonly epoch: number;
  readonly testAccuracy: number;
}

/**
 * Trains a network on a backend. The whole step (forward, loss, backward, update) is one
 * compiled program run per batch; parameters stay on the backend until `syncNetwork`.
 *
 * @example
 * const trainer = await Trainer.create({ network, backend, optimizer: { name: 'adam' } });
 * const record = await trainer.epoch(train, test);
 */
export class Trainer {
  private epochCount = 0;

  private constructor(
    readonly options: Required<Omit<TrainerOptions, 'optimizer'>> & { optimizer: OptimizerOptions },
    private readonly trainProgram: Program,
    private readonly evalProgram: Program,
  ) {}

  /** Compiles the training and evaluation programs. */
  static async create(options: TrainerOptions): Promise<Trainer> {
    const resolved = {
      loss: 'softmax-cross-entropy' as LossName,
      optimizer: { name: 'sgd', learningRate: 0.01 } as OptimizerOptions,
      batchSize: 64,
      seed: 0,
      evaluationBatchSize: 500,
      gradientNorms: true,
      ...options,
    };
    checkKnownKeys('Trainer', options, TRAINER_OPTIONS);
    const { network, backend } = resolved;
    if (!(network instanceof Sequential)) {
      throw new ArgumentError('Trainer needs `network`, a Sequential such as mlp() makes.');
    }
    if (typeof backend?.compile !== 'function') {
      throw new ArgumentError("Trainer needs `backend`, for example await loadBackend('cpu').");
    }
    checkCount('Trainer batchSize', resolved.batchSize);
    checkCount('Trainer evaluationBatchSize', resolved.evaluationBatchSize);
    if (!Number.isSafeInteger(resolved.seed)) {
      throw new ArgumentError(`Trainer seed must be an integer, got ${String(resolved.seed)}.`);
    }
    if (typeof resolved.gradientNorms !== 'boolean') {
      throw new ArgumentError(
        `Trainer gradientNorms must be true or false, got ${String(resolved.gradientNorms)}.`,
      );
    }
    const trainProgram = await backend.compile(
      trainingGraph(network, resolved.loss, resolved.optimizer, {
        gradientNorms: resolved.gradientNorms,
      }),
    );
    let evalProgram: Program;
    try {
      evalProgram = await backend.compile(evaluationGraph(network));
    } catch (error) {
      trainProgram.dispose();
      throw error;
    }
    return new Trainer(resolved, trainProgram, evalProgram);
  }

  /** One pass over the training samples in a seeded random order. */
  async trainEpoch(
    samples: Samples,
    onBatch?: (done: number, total: number) => void,
  ): Promise<EpochTraining> {
    const { network, backend, batchSize, loss: lossName } = this.options;
    const features = featuresOf(samples, network.inputSize);
    const classes = network.outputSize;
    const order = shuffleInPlace(
      Uint32Array.from({ length: samples.count }, (_, index) => index),
      createRandom(this.options.seed * 100_003 + this.epochCount++),
    );
    const images = new Float32Array(batchSize * features);
    const labels = new BigInt64Array(batchSize);
    const targets = new Float32Array(batchSize * classes);

    const started = performance.now();
    let lossSum = 0;
    let correct = 0;
    const normSums = new Map(
      this.options.gradientNorms ? network.denseLayers.map((layer) => [layer.name, 0]) : [],
    );
    let batches = 0;
    for (let start = 0; start < samples.count; start += batchSize) {
      const size = Math.min(batchSize, samples.count - start);
      gatherBatch(samples, features, order, start, size, images, labels);
      // The batch buffers are filled again only once this step's run is over, so the feeds
      // may share them rather than copy them.
      const feeds: Record<string, Tensor> = {
        x: backend.asTensor(images.subarray(0, size * features), [size, features]),
      };
      if (lossName === 'mse') {
        oneHot(labels, size, classes, targets);
        feeds.targets = backend.asTensor(targets.subarray(0, size * classes), [size, classes]);
      } else {
        feeds.labels = backend.asTensor(labels.subarray(0, size), [size]);
      }

      const outputs = await this.trainProgram.run(feeds);
      lossSum += ((await (outputs[TRAIN_OUTPUTS.loss] as Tensor).data())[0] as number) * size;
      const predictions = (await (
        outputs[TRAIN_OUTPUTS.predictions] as Tensor
      ).data()) as BigInt64Array;
      for (let row = 0; row < size; row++) if (predictions[row] === labels[row]) correct++;
      for (const [layer, sum] of normSums) {
        const squared = (await (outputs[gradientNormOutput(layer)] as Tensor).data())[0] as number;
        normSums.set(layer, sum + Math.sqrt(squared));
      }
      for (const output of Object.values(outputs)) output.dispose();
      for (const feed of Object.values(feeds)) feed.dispose();
      batches++;
      onBatch?.(start + size, samples.count);
    }

    const seconds = (performance.now() - started) / 1000;
    return {
      loss: lossSum / samples.count,
      trainAccuracy: correct / samples.count,
      gradientNorms: Object.fromEntries(
        [...normSums].map(([layer, sum]) => [layer, sum / batches]),
      ),
      seconds,
      samplesPerSecond: samples.count / seconds,
    };
  }

  /** Accuracy, sparsity and dead units of the current parameters on some samples. */
  async evaluate(samples: Samples): Promise<Evaluation> {
    const { network, backend, evaluationBatchSize } = this.options;
    const features = featuresOf(samples, network.inputSize);
    await this.copyParameters(this.evalProgram);

    const stats = new Map<string, ActivationStats>();
    let correct = 0;
    for (let start = 0; start < samples.count; start += evaluationBatchSize) {
      const size = Math.min(evaluationBatchSize, samples.count - start);
      // Programs never write their feeds, so the samples are read where they are.
      const x = backend.asTensor(
        samples.images.subarray(start * features, (start + size) * features),
        [size, features],
      );
      const outputs = await this.evalProgram.run({ x });
      const predictions = (await (
        outputs[TRAIN_OUTPUTS.predictions] as Tensor
      ).data()) as BigInt64Array;
      for (let row = 0; row < size; row++) {
        if (Number(predictions[row]) === samples.labels[start + row]) correct++;
      }
      for (const output of this.evalProgram.graph.outputs) {
        if (!output.name.startsWith(ACTIVATION_PREFIX)) continue;
        const tensor = outputs[output.name] as Tensor;
        const units = tensor.shape[1] as number;
        let layerStats = stats.get(output.name);
        if (!layerStats) stats.set(output.name, (layerStats = new ActivationStats(units)));
        layerStats.add((await tensor.data()) as Float32Array, size);
      }
      for (const output of Object.values(outputs)) output.dispose();
      x.dispose();
    }

    const layers = [...stats].map(
      ([name, layerStats]) => [name.slice(ACTIVATION_PREFIX.length), layerStats] as const,
    );
    return {
      accuracy: correct / samples.count,
      sparsity: Object.fromEntries(layers.map(([name, layerStats]) => [name, layerStats.sparsity])),
      deadUnits: Object.fromEntries(
        layers.map(([name, layerStats]) => [name, layerStats.deadUnits]),
      ),
    };
  }

  /** Trains one epoch, then evaluates on the test samples. */
  async epoch(
    train: Samples,
    test: Samples,
    onBatch?: (done: number, total: number) => void,
  ): Promise<EpochRecord> {
    const training = await this.trainEpoch(train, onBatch);
    const evaluation = await this.evaluate(test);
    return {
      epoch: this.epochCount,
      ...training,
      testAccuracy: evaluation.accuracy,
      sparsity: evaluation.sparsity,
      deadUnits: evaluation.deadUnits,
    };
  }

  /** Copies the trained parameters from the backend back into the network's layers. */
  async syncNetwork(): Promise<Sequential> {
    for (const parameter of this.options.network.parameters) {
      parameter.values = (await this.trainProgram.readParameter(parameter.name)) as Float32Array;
    }
    return this.options.network;
  }

  /** Frees both programs. */
  dispose(): void {
    this.trainProgram.dispose();
    this.evalProgram.dispose();
  }

  private async copyParameters(target: Program): Promise<void> {
    for (const parameter of this.options.network.parameters) {
      await target.writeParameter(
        parameter.name,
        await this.trainProgram.readParameter(parameter.name),
      );
    }
  }
}
