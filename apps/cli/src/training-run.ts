import { findActivation, loadBackend } from '@rectifier/core';
import { mlp, serializeNetwork, Trainer, type EpochRecord } from '@rectifier/nn';
import { checkWritable, writeFileAtomic } from './atomic-write.js';
import { CLASSES, describeData, loadTrainingData, type TrainingData } from './data-source.js';
import { EXIT, RunError } from './errors.js';
import { InterruptedError, Interruption, withCheckpoints, type StopSignal } from './interrupt.js';
import { TrainingProgress } from './progress.js';
import { buildMetrics, metricsJson, summaryLine, type RunConfig } from './report.js';
import { EpochTable } from './table.js';
import { describeActivation, describeOptimizer, type TrainConfig } from './train-config.js';
import { cliVersion } from './version.js';

/** What a run prefixes its own stderr lines with, other than errors. */
const NOTE_PREFIX = 'rectifier: ';

/** The header line: `training 784-64-32-16-10 (gelu approximate=tanh, adam lr 0.003) on ...`. */
function headerLine(config: TrainConfig, sizes: readonly number[], data: TrainingData): string {
  const activation = describeActivation(config.activation, config.activationAttributes);
  const optimizer = describeOptimizer(config.optimizer);
  return (
    `training ${sizes.join('-')} (${activation}, ${optimizer}) on ` +
    `${describeData(data)}, ${config.backend} backend`
  );
}

// A loss that is no longer a number does not come back; the epochs after it would be wasted
// and the files would hold NaN.
function checkConverging(record: EpochRecord, config: TrainConfig): void {
  if (Number.isFinite(record.loss)) return;
  throw new RunError(
    `training diverged at epoch ${record.epoch} (loss ${record.loss}); lower --lr ` +
      `(now ${config.optimizer.learningRate})`,
  );
}

/**
 * Guessing every class alike scores a cross-entropy of ln(classes), 2.30 for ten; a mean loss
 * of twice that over a whole epoch is worse than any guess, which a training that has not
 * diverged does not reach, even when it learns nothing.
 */
const DIVERGED_LOSS = 2 * Math.log(CLASSES);

/** The warning for a loss that is finite but worse than guessing. */
function divergenceWarning(record: EpochRecord, config: TrainConfig): string {
  return (
    `${NOTE_PREFIX}warning: the loss of epoch ${record.epoch}, ${record.loss.toPrecision(3)}, ` +
    `is more than twice that of guessing (${Math.log(CLASSES).toFixed(2)}); the training has ` +
    `likely diverged. Try a lower --lr (now ${config.optimizer.learningRate}).`
  );
}

/** What the first Ctrl-C (or SIGTERM) gets as soon as it is handled. */
function stoppingLine(signal: StopSignal): string {
  const key = signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM';
  return (
    `${NOTE_PREFIX}${key}: stopping after the batch in progress; a second ${key} ends the ` +
    'process'
  );
}

/** The resolved configuration the metrics file records. */
function runConfigOf(
  config: TrainConfig,
  backend: string,
  data: TrainingData,
  sizes: readonly number[],
  loss: string,
): RunConfig {
  return {
    rectifier: cliVersion(),
    backend,
    data: data.source,
    trainCount: data.train.count,
    testCount: data.test.count,
    limit: config.limit ?? null,
    network: {
      sizes,
      activation: config.activation,
      activationAttributes: config.activationAttributes,
    },
    loss,
    optimizer: config.optimizer,
    epochs: config.epochs,
    batchSize: config.batchSize,
    seed: config.seed,
    metrics: config.metrics ?? null,
    save: config.save ?? null,
  };
}

/** Runs a training as `config` says and returns the exit code. */
export async function runTraining(config: TrainConfig): Promise<number> {
  const started = performance.now();
  if (config.metrics !== undefined) checkWritable(config.metrics, '--metrics');
  if (config.save !== undefined) checkWritable(config.save, '--save');

  // Ctrl-C stops the run at the next batch, with the terminal restored and a line saying so.
  // Files are written only after the last epoch, so an interrupted run writes none.
  const progress = new TrainingProgress({
    epochs: config.epochs,
    bar: !config.quiet && process.stderr.isTTY === true,
  });
  // Past the last checkpoint a signal stops nothing any more, so it is not announced.
  let finishing = false;
  const interruption = new Interruption((signal) => {
    if (finishing) return;
    progress.stop();
    progress.note(stoppingLine(signal));
  }).start();
  const records: EpochRecord[] = [];
  try {
    const data = loadTrainingData(config.data, config.seed, config.limit);
    // A batch larger than the data is the whole data, as PyTorch's DataLoader takes it; the
    // Trainer gets the count it will use, so that it does not allocate for samples never there.
    const batchSize = Math.min(config.batchSize, data.train.count);
    const backend = await loadBackend(config.backend);
    let trainer: Trainer | undefined;
    try {
      const network = mlp({
        inputSize: data.train.rows * data.train.columns,
        hidden: config.hidden,
        outputs: CLASSES,
        activation: config.activation,
        attributes: config.activationAttributes,
        seed: config.seed,
      });
      trainer = await Trainer.create({
        network,
        backend: withCheckpoints(backend, () => interruption.checkpoint()),
        optimizer: config.optimizer,
        batchSize,
        seed: config.seed,
      });
      interruption.throwIfInterrupted();
      const sizes = [network.inputSize, ...config.hidden, network.outputSize];
      const runConfig = runConfigOf(config, backend.name, data, sizes, trainer.options.loss);

      progress.note(headerLine(config, sizes, data));
      if (batchSize < config.batchSize) {
        progress.note(
          `note: --batch-size ${config.batchSize} is more than the ${data.train.count} ` +
            `training samples, so each step takes the whole training set (${batchSize} samples).`,
        );
      }
      const rectified = findActivation(config.activation).spec.rectified ? config.hidden : [];
      const table = new EpochTable(config.epochs, rectified, network.denseLayers.length);
      if (!config.json) process.stdout.write(`${table.header()}\n`);

      let warned = false;
      for (let epoch = 1; epoch <= config.epochs; epoch++) {
        progress.startEpoch(epoch, data.train.count);
        const record = await trainer.epoch(data.train, data.test, (done) => progress.update(done));
        checkConverging(record, config);
        progress.endEpoch(record);
        records.push(record);
        if (!config.json) process.stdout.write(`${table.row(record)}\n`);
        if (!warned && record.loss > DIVERGED_LOSS) {
          progress.note(divergenceWarning(record, config));
          warned = true;
        }
      }

      const trained = config.save === undefined ? undefined : await trainer.syncNetwork();
      // The last chance to stop: once files are being written, the run is finished.
      await interruption.checkpoint();
      finishing = true;
      const seconds = (performance.now() - started) / 1000;
      const metrics = buildMetrics(runConfig, records, seconds);
      if (config.save !== undefined && trained !== undefined) {
        writeFileAtomic(config.save, serializeNetwork(trained));
        progress.note(`saved the network to ${config.save}`);
      }
      if (config.metrics !== undefined) {
        writeFileAtomic(config.metrics, metricsJson(metrics));
        progress.note(`wrote the metrics to ${config.metrics}`);
      }
      progress.note(`done in ${seconds.toFixed(1)} s`);
      process.stdout.write(config.json ? metricsJson(metrics) : `${summaryLine(metrics)}\n`);
      return EXIT.ok;
    } finally {
      trainer?.dispose();
      await backend.dispose();
    }
  } catch (error) {
    if (!(error instanceof InterruptedError)) throw error;
    progress.stop();
    process.stderr.write(
      `${NOTE_PREFIX}interrupted after ${records.length} of ${config.epochs} epochs; ` +
        'nothing was written\n',
    );
    return error.exitCode;
  } finally {
    progress.stop();
    interruption.stop();
  }
}
