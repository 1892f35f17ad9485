#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { CONTENDERS, DEFAULT_CONTENDERS, GPU_CONTENDERS, type ContenderName } from './contender.js';
import type { RectifierBackend } from './rectifier-trainer.js';
import type { TfjsBackend } from './tfjs-trainer.js';
import { measure, type Budget, type ContenderFactory } from './measure.js';
import { collectGarbage, maxRss, memoryOfRun, RssSampler, type ProcessMemory } from './memory.js';
import { buildReport, formatReport } from './report.js';
import { DEFAULT_WORKLOAD, loadSamples, type Workload } from './workload.js';

/** Digits per epoch when a GPU contender runs: on SwiftShader WebGPU is ~100x slower. */
const GPU_SAMPLES = 512;

const USAGE = `Usage: node tooling/bench/dist/train-mlp.js [options]

Trains the same MLP on the same MNIST digits with Rectifier (CPU and ONNX Runtime backends),
TensorFlow.js on tfjs-backend-cpu and TensorFlow.js on tfjs-backend-wasm, and the training step
written by hand as one ONNX graph on onnxruntime-node (ort-handwritten), in this one process,
and reports samples per second, Rectifier's ratio to each peer, and peak memory. With --gpu,
also Rectifier's WebGPU backend and TensorFlow.js on tfjs-backend-webgpu.

Options:
  --only NAMES         comma-separated contenders to run: ${CONTENDERS.join(', ')}
                       ('rectifier' for short); one alone gives its own peak RSS; by
                       default all but ${GPU_CONTENDERS.join(' and ')}
  --gpu                add ${GPU_CONTENDERS.join(' and ')} (a contender with no WebGPU
                       adapter is reported unavailable)
  --samples N          digits per epoch, from the start of the training split (4096, or
                       ${GPU_SAMPLES} when a GPU contender runs)
  --epochs K           timed epochs per contender, at least (3)
  --min-seconds S      timed seconds per contender, at least (10)
  --max-seconds S      timed seconds after which a contender stops (20)
  --slice-seconds S    seconds per turn when contenders take turns (1)
  --tfjs-api API       loop (optimizer.minimize, the faster) or fit (model.fit) (loop)
  --no-memory          skip running each contender alone for its peak RSS
  --json               print the report as JSON instead of a table
  --help               print this help`;

interface Options {
  readonly contenders: readonly ContenderName[];
  readonly workload: Workload;
  readonly budget: Budget;
  readonly tfjsApi: 'loop' | 'fit';
  readonly memory: boolean;
  readonly json: boolean;
}

function parseOptions(argv: readonly string[]): Options | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      only: { type: 'string', multiple: true },
      gpu: { type: 'boolean', default: false },
      samples: { type: 'string' },
      epochs: { type: 'string', default: '3' },
      'min-seconds': { type: 'string', default: '10' },
      'max-seconds': { type: 'string', default: '20' },
      'slice-seconds': { type: 'string', default: '1' },
      'tfjs-api': { type: 'string', default: 'loop' },
      'no-memory': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;

  const names = (values.only ?? [...DEFAULT_CONTENDERS])
    .flatMap((list) => list.split(','))
    .map((name) => (name === 'rectifier' ? 'rectifier-cpu' : name));
  if (values.gpu) names.push(...GPU_CONTENDERS);
  for (const name of names) {
    if (!(CONTENDERS as readonly string[]).includes(name)) {
      throw new Error(`Unknown contender '${name}' in --only; use ${CONTENDERS.join(', ')}.`);
    }
  }
  const tfjsApi = values['tfjs-api'];
  if (tfjsApi !== 'loop' && tfjsApi !== 'fit') {
    throw new Error(`--tfjs-api must be loop or fit, got '${tfjsApi}'.`);
  }
  const contenders = CONTENDERS.filter((name) => names.includes(name));
  const gpu = contenders.some((name) => GPU_CONTENDERS.includes(name));
  const samples =
    values.samples === undefined
      ? gpu
        ? GPU_SAMPLES
        : DEFAULT_WORKLOAD.samples
      : count('--samples', values.samples, 1);
  return {
    contenders,
    workload: { ...DEFAULT_WORKLOAD, samples },
    budget: {
      minEpochs: count('--epochs', values.epochs, 1),
      minSeconds: seconds('--min-seconds', values['min-seconds']),
      maxSeconds: seconds('--max-seconds', values['max-seconds']),
      sliceSeconds: seconds('--slice-seconds', values['slice-seconds']),
    },
    tfjsApi,
    memory: !values['no-memory'],
    json: values.json,
  };
}

function count(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${flag} must be an integer of at least ${min}, got '${text}'.`);
  }
  return value;
}

function seconds(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${flag} must be a number of seconds, 0 or more, got '${text}'.`);
  }
  return value;
}

// The peers are imported only when asked for, so that `--only rectifier-cpu` loads no tfjs
// code and its peak RSS is Rectifier's own.
function factory(name: ContenderName, options: Options, samples: ReturnType<typeof loadSamples>) {
  const { workload, tfjsApi } = options;
  const create = async () => {
    if (name === 'rectifier-cpu' || name === 'rectifier-onnx' || name === 'rectifier-webgpu') {
      const { createRectifierTrainer } = await import('./rectifier-trainer.js');
      return createRectifierTrainer(workload, samples, backendOf(name) as RectifierBackend);
    }
    if (name === 'ort-handwritten') {
      const { createOrtHandwrittenTrainer } = await import('./ort-handwritten.js');
      return createOrtHandwrittenTrainer(workload, samples);
    }
    const { createTfjsTrainer } = await import('./tfjs-trainer.js');
    return createTfjsTrainer(backendOf(name) as TfjsBackend, tfjsApi, workload, samples);
  };
  // With no WebGPU adapter, a GPU contender is reported unavailable, with the reason.
  return { name, optional: GPU_CONTENDERS.includes(name), create } satisfies ContenderFactory;
}

// 'rectifier-webgpu' -> 'webgpu'.
function backendOf(name: ContenderName): string {
  return name.slice(name.indexOf('-') + 1);
}

// A warm-up and one timed epoch: the resident set has settled by then.
function aloneArgs(name: ContenderName, options: Options): string[] {
  return [
    ...['--only', name, '--samples', String(options.workload.samples)],
    ...['--epochs', '1', '--min-seconds', '0', '--max-seconds', '0'],
    ...['--tfjs-api', options.tfjsApi, '--json'],
  ];
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    console.log(USAGE);
    return;
  }
  const log = (line: string) => console.error(`[bench] ${line}`);

  const sampler = new RssSampler();
  const samples = loadSamples(options.workload);
  const baselineAfterGc = await collectGarbage();
  const baselineRssBytes = sampler.sample();
  const { measurements, unavailable } = await measure(
    options.contenders.map((name) => factory(name, options, samples)),
    options.workload.samples,
    options.budget,
    sampler,
    log,
  );

  const memory = {
    baselineRssBytes,
    baselineAfterGc,
    peakRssBytes: sampler.peak,
    maxRssBytes: maxRss(),
  };
  const alone = new Map<ContenderName, ProcessMemory>();
  if (options.contenders.length === 1) alone.set(options.contenders[0] as ContenderName, memory);
  else if (options.memory) {
    for (const { name } of measurements) {
      log(`${name}: measuring peak RSS alone, in a process of its own`);
      alone.set(name, await memoryOfRun(aloneArgs(name, options)));
    }
  }

  const report = buildReport(options.workload, measurements, memory, alone, unavailable);
  console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.stack && process.env.BENCH_DEBUG) console.error(error.stack);
  process.exitCode = 1;
});
