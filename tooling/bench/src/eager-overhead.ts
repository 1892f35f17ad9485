#!/usr/bin/env node
import { parseArgs } from 'node:util';
import type { OnnxProgram } from '@rectifier/backend-onnx';
import { activate, GraphBuilder, loadBackend, type Backend } from '@rectifier/core';
import { Tensor as OrtTensor } from 'onnxruntime-node';

const USAGE = `Usage: node tooling/bench/dist/eager-overhead.js [options]

Times one eager call on the ONNX Runtime backend, activate('relu', x), against a bare
session.run of the same one-node model in the same ONNX Runtime session, and reports the
microseconds of each and their ratio (the target is at most 1.5).

Options:
  --sizes LIST   comma-separated element counts of x (1,1024,65536)
  --rounds N     timed rounds per size (15)
  --calls N      pairs of calls per round, one of each way, in alternating order (1000)
  --json         print the report as JSON instead of a table
  --help         print this help`;

/** What one size measured: the median microseconds per call of each way. */
export interface EagerOverhead {
  readonly size: number;
  readonly bareMicroseconds: number;
  readonly eagerMicroseconds: number;
  /** eager over bare: 1 means no overhead at all. */
  readonly ratio: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Microseconds per call of each way over `calls` pairs of calls, one of each, the order
 * alternating from pair to pair, so that a slow spell of a shared machine falls on both alike.
 */
async function timePairs(
  eager: () => Promise<unknown>,
  bare: () => Promise<unknown>,
  calls: number,
): Promise<{ eager: number; bare: number }> {
  const total = { eager: 0, bare: 0 };
  for (let index = 0; index < calls; index++) {
    const order = index % 2 === 0 ? (['eager', 'bare'] as const) : (['bare', 'eager'] as const);
    for (const way of order) {
      const started = performance.now();
      await (way === 'eager' ? eager() : bare());
      total[way] += performance.now() - started;
    }
  }
  return { eager: (total.eager * 1000) / calls, bare: (total.bare * 1000) / calls };
}

/**
 * The eager call and the bare run on one size. The bare run uses the session that the eager
 * call's program runs: the backend caches sessions by model, and both compile the same graph,
 * the one-node graph core's runOp builds (input named after the op's input, 'X').
 */
async function measureSize(
  backend: Backend,
  size: number,
  rounds: number,
  calls: number,
): Promise<EagerOverhead> {
  const values = Float32Array.from({ length: size }, (_, index) => Math.sin(index));
  const x = backend.tensor(values, [size]);
  const builder = new GraphBuilder('Relu');
  builder.output(builder.op('Relu', [builder.input('X', [size])]));
  const program = (await backend.compile(builder.build())) as OnnxProgram;
  const { session } = program;
  const feeds = { X: new OrtTensor('float32', values, [size]) };

  const eager = () => activate('relu', x);
  const bare = () => session.run(feeds);
  await timePairs(eager, bare, calls);

  const eagerTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const times = await timePairs(eager, bare, calls);
    eagerTimes.push(times.eager);
    bareTimes.push(times.bare);
  }
  program.dispose();

  const [eagerMicroseconds, bareMicroseconds] = [median(eagerTimes), median(bareTimes)];
  return { size, bareMicroseconds, eagerMicroseconds, ratio: eagerMicroseconds / bareMicroseconds };
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${flag} must be a whole number of at least 1, got '${text}'.`);
  }
  return value;
}

function formatTable(results: readonly EagerOverhead[]): string {
  const rows = [
    ['elements', 'bare session.run (us)', "activate('relu') (us)", 'ratio'],
    ...results.map((result) => [
      String(result.size),
      result.bareMicroseconds.toFixed(1),
      result.eagerMicroseconds.toFixed(1),
      `${result.ratio.toFixed(2)}x`,
    ]),
  ];
  const widths = (rows[0] as string[]).map((_, column) =>
    Math.max(...rows.map((row) => (row[column] as string).length)),
  );
  const lines = rows.map((row) =>
    row.map((cell, column) => cell.padStart(widths[column] as number)).join('  '),
  );
  return [
    'One eager call on the ONNX Runtime backend against a bare session.run of its model',
    `${process.version}, ${process.platform} ${process.arch}; medians of the rounds`,
    '',
    ...lines,
    '',
    'Target: at most 1.5x.',
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1,1024,65536' },
      rounds: { type: 'string', default: '15' },
      calls: { type: 'string', default: '1000' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const sizes = values.sizes.split(',').map((size) => positiveInteger('--sizes', size));
  const rounds = positiveInteger('--rounds', values.rounds);
  const calls = positiveInteger('--calls', values.calls);

  const backend = await loadBackend('onnx');
  const results: EagerOverhead[] = [];
  for (const size of sizes) {
    console.error(`[bench] ${size} elements: ${rounds} rounds of ${calls} calls each way`);
    results.push(await measureSize(backend, size, rounds, calls));
  }
  await backend.dispose();
  console.log(values.json ? JSON.stringify({ results }, null, 2) : formatTable(results));
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
