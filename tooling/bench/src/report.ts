import { cpus } from 'node:os';
import type { ContenderName } from './contender.js';
import type { ProcessMemory } from './memory.js';
import { throughput, timedSeconds, type Measurement, type Unavailable } from './measure.js';
import type { Workload } from './workload.js';

/** What the bench prints, as `--json` writes it. */
export interface Report {
  readonly workload: Workload & { readonly network: string };
  readonly environment: { node: string; platform: string; cpu: string; cpus: number };
  readonly contenders: readonly ContenderReport[];
  /** The contenders asked for that could not be set up here (no WebGPU adapter), and why. */
  readonly unavailable: readonly Unavailable[];
  /** Median samples/s of each pair of PAIRS, first over second; above 1: the first is faster. */
  readonly ratios: Ratios;
  /** The same for the fastest epochs, which a busy machine disturbed the least. */
  readonly ratiosOfFastest: Ratios;
  /** The largest gap between a peer's warm-up loss and Rectifier's; near 0 when they agree. */
  readonly warmUpLossGap: number | null;
  /** This process's memory, in bytes; the peak is one contender's only if it ran alone. */
  readonly memory: ProcessMemory;
}

/**
 * Each Rectifier CPU backend's throughput over each tfjs CPU backend's, ONNX Runtime's over
 * the CPU backend's and over the hand-written ONNX step's (how close the backend gets to a bare
 * session), Rectifier's WebGPU backend's over tfjs's, and the hand-written ONNX step's over
 * tfjs-wasm (how far ONNX Runtime itself gets, the ceiling of the ONNX backend's ratio).
 */
export type Ratios = Partial<
  Record<
    | `${'rectifier-cpu' | 'rectifier-onnx'}/${'tfjs-cpu' | 'tfjs-wasm'}`
    | 'rectifier-onnx/rectifier-cpu'
    | 'rectifier-onnx/ort-handwritten'
    | 'rectifier-webgpu/tfjs-webgpu'
    | 'ort-handwritten/tfjs-wasm',
    number
  >
>;

/** The pairs the ratios compare: a contender (Rectifier's but the last) over another. */
const PAIRS: readonly (keyof Ratios)[] = [
  'rectifier-cpu/tfjs-cpu',
  'rectifier-cpu/tfjs-wasm',
  'rectifier-onnx/tfjs-cpu',
  'rectifier-onnx/tfjs-wasm',
  'rectifier-onnx/rectifier-cpu',
  'rectifier-onnx/ort-handwritten',
  'rectifier-webgpu/tfjs-webgpu',
  'ort-handwritten/tfjs-wasm',
];

/** One contender's line of the report. */
export interface ContenderReport {
  readonly name: ContenderName;
  readonly details: string;
  readonly timedEpochs: number;
  readonly timedSeconds: number;
  readonly samplesPerSecond: { median: number; min: number; max: number; mean: number };
  /** The mean loss of each epoch, the warm-up (epoch 0) first. */
  readonly losses: readonly number[];
  /** The memory of a process that ran this contender alone, when one did. */
  readonly alone: ProcessMemory | null;
}

/** Gathers the measurements into a report. */
export function buildReport(
  workload: Workload,
  measurements: readonly Measurement[],
  memory: ProcessMemory,
  alone: ReadonlyMap<ContenderName, ProcessMemory>,
  unavailable: readonly Unavailable[] = [],
): Report {
  const contenders = measurements.map((measurement): ContenderReport => ({
    name: measurement.name,
    details: measurement.details,
    timedEpochs: measurement.epochs.length,
    timedSeconds: timedSeconds(measurement),
    samplesPerSecond: throughput(measurement),
    losses: [measurement.warmUp, ...measurement.epochs].map((timing) => timing.loss),
    alone: alone.get(measurement.name) ?? null,
  }));
  const byName = new Map(contenders.map((contender) => [contender.name, contender]));
  const ratios: Ratios = {};
  const ratiosOfFastest: Ratios = {};
  let warmUpLossGap: number | null = null;
  for (const pair of PAIRS) {
    const [first, other] = pair.split('/').map((name) => byName.get(name as ContenderName));
    if (!first || !other) continue;
    ratios[pair] = first.samplesPerSecond.median / other.samplesPerSecond.median;
    ratiosOfFastest[pair] = first.samplesPerSecond.max / other.samplesPerSecond.max;
    const gap = Math.abs((first.losses[0] as number) - (other.losses[0] as number));
    warmUpLossGap = Math.max(warmUpLossGap ?? 0, gap);
  }
  const cpuList = cpus();
  return {
    workload: {
      ...workload,
      network: [workload.inputSize, ...workload.hidden, workload.outputs].join('-'),
    },
    environment: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpu: cpuList[0]?.model ?? 'unknown',
      cpus: cpuList.length,
    },
    contenders,
    unavailable,
    ratios,
    ratiosOfFastest,
    warmUpLossGap,
    memory,
  };
}

/** The report as a table for a terminal. */
export function formatReport(report: Report): string {
  const { workload, environment } = report;
  const lines = [
    `MNIST MLP ${workload.network} (ReLU), softmax cross-entropy, SGD lr ${workload.learningRate}, ` +
      `batch ${workload.batchSize}, ${workload.samples} digits per epoch`,
    `${environment.node}, ${environment.platform}, ${environment.cpus} x ${environment.cpu}`,
    '',
  ];

  const header = [
    'contender',
    'epochs',
    'seconds',
    'samples/s (median)',
    'min..max',
    'loss e0',
    'loss e1',
    'RSS alone (+ over data)',
  ];
  const rows = report.contenders.map((contender) => {
    const rate = contender.samplesPerSecond;
    return [
      contender.name,
      String(contender.timedEpochs),
      contender.timedSeconds.toFixed(1),
      integer(rate.median),
      `${integer(rate.min)}..${integer(rate.max)}`,
      (contender.losses[0] as number).toFixed(4),
      (contender.losses[1] as number).toFixed(4),
      contender.alone ? aloneRss(contender.alone) : '-',
    ];
  });
  lines.push(...table([header, ...rows]), '');
  for (const contender of report.contenders) lines.push(`${contender.name}: ${contender.details}`);
  for (const { name, reason } of report.unavailable) lines.push(`${name}: unavailable: ${reason}`);
  lines.push('');

  for (const [label, ratio] of Object.entries(report.ratios)) {
    const fastest = report.ratiosOfFastest[label as keyof Ratios] as number;
    lines.push(
      `${label}: ${ratio.toFixed(2)}x median, ` +
        `${fastest.toFixed(2)}x fastest epochs (above 1: the first is faster)`,
    );
  }
  if (report.warmUpLossGap !== null) {
    lines.push(`Largest gap between warm-up losses: ${report.warmUpLossGap.toExponential(1)}`);
  }
  const { memory } = report;
  const together = report.contenders.length > 1 ? ', all contenders together' : '';
  lines.push(
    `Peak RSS of this process${together}: ${megabytes(memory.peakRssBytes)} sampled after ` +
      `each batch (${megabytes(memory.baselineRssBytes)} after loading the digits), ` +
      `${megabytes(memory.maxRssBytes)} by the kernel (loading included).`,
  );
  if (!memory.baselineAfterGc) {
    lines.push(
      '(Run node with --expose-gc to take the after-loading figure after collecting garbage.)',
    );
  }
  return lines.join('\n');
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] as readonly string[]).map((_, column) =>
    Math.max(...rows.map((row) => (row[column] as string).length)),
  );
  return rows.map((row) =>
    row
      .map((cell, column) =>
        column === 0
          ? cell.padEnd(widths[column] as number)
          : cell.padStart(widths[column] as number),
      )
      .join('  '),
  );
}

function aloneRss(memory: ProcessMemory): string {
  const growth = (memory.peakRssBytes - memory.baselineRssBytes) / 2 ** 20;
  return `${megabytes(memory.peakRssBytes)} (+${growth.toFixed(0)})`;
}

function integer(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}
