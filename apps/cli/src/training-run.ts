import { findActivation, loadBackend } from '@rectifier/core';
import { mlp, serializeNetwork, Trainer, type EpochRecord } from '@rectifier/nn';
import { checkWritable, writeFileAtomic } from './atomic-write.js';
import { CLASSES, describeData, loadTrainingData } from './data-source.js';
import { EXIT } from './errors.js';
import { TrainingProgress } from './progress.js';
import { buildMetrics, metricsJson, summaryLine, type RunConfig } from './report.js';
import { EpochTable } from './table.js';
import type { TrainConfig } from './train-config.js';
import { cliVersion } from './version.js';

/** Runs a training as `config` says and returns the exit code. */
export async function runTraining(config: TrainConfig): Promise<number> {
  const started = performance.now();
  if (config.metrics !== undefined) checkWritable(config.metrics, '--metrics');
  if (config.save !== undefined) checkWritable(config.save, '--save');

  const progress = new TrainingProgress({
    epochs: config.epochs,
    bar: !config.quiet && process.stderr.isTTY === true,
  });
  const data = loadTrainingData(config.data, config.seed, config.limit);
  const backend = await loadBackend(config.backend);
  const network = mlp({
    inputSize: data.train.rows * data.train.columns,
    hidden: config.hidden,
    outputs: CLASSES,
    activation: config.activation,
    attributes: config.activationAttributes,
    seed: config.seed,
  });
  const trainer = await Trainer.create({
    network,
    backend,
    optimizer: config.optimizer,
    batchSize: config.batchSize,
    seed: config.seed,
  });
  const sizes = [network.inputSize, ...config.hidden, network.outputSize];
  const runConfig: RunConfig = {
    rectifier: cliVersion(),
    backend: backend.name,
    data: data.source,
    trainCount: data.train.count,
    testCount: data.test.count,
    limit: config.limit ?? null,
    network: {
      sizes,
      activation: config.activation,
      activationAttributes: config.activationAttributes,
    },
    loss: trainer.options.loss,
    optimizer: config.optimizer,
    epochs: config.epochs,
    batchSize: config.batchSize,
    seed: config.seed,
    metrics: config.metrics ?? null,
    save: config.save ?? null,
  };

  // No SIGINT handler: training keeps the event loop busy, so a handler would run only at
  // the end, and Ctrl-C must stop the run now. Nothing is half-written then: files are
  // written only after the last epoch.
  try {
    progress.note(
      `training ${sizes.join('-')} (${config.activation}, ${config.optimizer.name} ` +
        `lr ${config.optimizer.learningRate}) on ${describeData(data)}, ` +
        `${config.backend} backend`,
    );
    const rectified = findActivation(config.activation).spec.rectified ? config.hidden : [];
    const table = new EpochTable(config.epochs, rectified, network.denseLayers.length);
    if (!config.json) process.stdout.write(`${table.header()}\n`);

    const records: EpochRecord[] = [];
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      progress.startEpoch(epoch, data.train.count);
      const record = await trainer.epoch(data.train, data.test, (done) => progress.update(done));
      progress.endEpoch(record);
      records.push(record);
      if (!config.json) process.stdout.write(`${table.row(record)}\n`);
    }

    const seconds = (performance.now() - started) / 1000;
    const metrics = buildMetrics(runConfig, records, seconds);
    if (config.save !== undefined) {
      writeFileAtomic(config.save, serializeNetwork(await trainer.syncNetwork()));
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
    progress.stop();
    trainer.dispose();
    await backend.dispose();
  }
}
