import type { EpochRecord, OptimizerOptions } from '@rectifier/nn';
import type { DataSource } from './data-source.js';
import { formatPercent } from './format.js';

/** The resolved configuration of a run, as the metrics file stores it. */
export interface RunConfig {
  readonly rectifier: string;
  readonly backend: string;
  readonly data: DataSource;
  readonly trainCount: number;
  readonly testCount: number;
  /** --limit, or null when every training sample was used. */
  readonly limit: number | null;
  readonly network: {
    /** Layer widths from input to output: `[784, 64, 32, 16, 10]`. */
    readonly sizes: readonly number[];
    readonly activation: string;
    readonly activationAttributes: Record<string, number | string>;
  };
  readonly loss: string;
  readonly optimizer: OptimizerOptions;
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly metrics: string | null;
  readonly save: string | null;
}

/** What the metrics file and `--json` hold. */
export interface RunMetrics {
  readonly config: RunConfig;
  readonly epochs: readonly EpochRecord[];
  readonly final: {
    readonly testAccuracy: number;
    readonly trainAccuracy: number;
    readonly loss: number;
    /** Wall time of the whole run: training, evaluation and setup. */
    readonly seconds: number;
  };
}

/** Puts the record's fields in the documented order, so that files read alike. */
function orderedRecord(record: EpochRecord): EpochRecord {
  return {
    epoch: record.epoch,
    loss: record.loss,
    trainAccuracy: record.trainAccuracy,
    testAccuracy: record.testAccuracy,
    sparsity: record.sparsity,
    deadUnits: record.deadUnits,
    gradientNorms: record.gradientNorms,
    seconds: record.seconds,
    samplesPerSecond: record.samplesPerSecond,
  };
}

/** The metrics of a finished run. `records` must hold at least one epoch. */
export function buildMetrics(
  config: RunConfig,
  records: readonly EpochRecord[],
  seconds: number,
): RunMetrics {
  const last = records.at(-1);
  if (!last) throw new Error('buildMetrics needs at least one epoch record.');
  return {
    config,
    epochs: records.map(orderedRecord),
    final: {
      testAccuracy: last.testAccuracy,
      trainAccuracy: last.trainAccuracy,
      loss: last.loss,
      seconds,
    },
  };
}

/** The metrics as the JSON text files and stdout get. */
export function metricsJson(metrics: RunMetrics): string {
  return `${JSON.stringify(metrics, null, 2)}\n`;
}

/** The last line of a run on stdout: `final test accuracy: 95.8%`. */
export function summaryLine(metrics: RunMetrics): string {
  return `final test accuracy: ${formatPercent(metrics.final.testAccuracy)}`;
}
