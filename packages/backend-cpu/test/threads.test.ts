import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  ArgumentError,
  gradients,
  GraphBuilder,
  type Graph,
  type Program,
  type ValueInfo,
} from '@rectifier/core';
import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend, prepareGemm, ThreadPool, THREADS_VARIABLE } from '../src/index.js';
import { prepareParallelGemm } from '../src/kernels/gemm/parallel-gemm.js';
import { resolveThreads } from '../src/threads/thread-count.js';
import { randomSource, randomValues } from './helpers/harness.js';

// Workers run the built JavaScript (dist/), so these tests need `npm run build` first; turbo's
// test task builds before it tests.

/** Waits until the pool's workers are up, so that they take part in the next jobs. */
async function started(pool: ThreadPool): Promise<ThreadPool> {
  pool.start();
  for (let waited = 0; pool.onlineWorkers < pool.threads - 1; waited += 10) {
    if (waited > 20_000) throw new Error('The workers did not start; is dist/ built?');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return pool;
}

function sharedZeros(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(4 * length));
}

/** The first index where two arrays differ in their bits, or -1. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  const bitsA = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const bitsB = new Uint32Array(b.buffer, b.byteOffset, b.length);
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (bitsA[i] !== bitsB[i]) return i;
  return -1;
}

const SIZES = [1, 3, 17, 65, 127, 784];
const TRANSPOSES = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

describe('parallel GEMM', () => {
  const pool = new ThreadPool(3);
  afterAll(() => pool.dispose());

  // Each size takes each role, paired as in gemm.test.ts, plus the MLP's two large products.
  const shapes = [
    ...SIZES.map((m, index) => ({
      m,
      n: SIZES[(index + 2) % SIZES.length] as number,
      k: SIZES[(SIZES.length - 1 - index) % SIZES.length] as number,
    })),
    { m: 64, n: 64, k: 784 },
    { m: 784, n: 64, k: 64 },
  ];

  for (const [transA, transB] of TRANSPOSES) {
    for (const { m, n, k } of shapes) {
      it(`equals the serial product bit for bit: m=${m} n=${n} k=${k} transA=${transA} transB=${transB}`, async () => {
        await started(pool);
        const shape = {
          m,
          n,
          k,
          transA,
          transB,
          lda: transA ? m : k,
          ldb: transB ? k : n,
          ldy: n,
        };
        // Half of A's values zero, as after a ReLU, so that strips leave out steps.
        const a = randomValues([m * k], m + 3 * k).map((value) => Math.max(value, 0));
        const b = randomValues([k * n], n + 5 * k);
        const initial = randomValues([m * n], 7 * m + n);
        const depthBlock = Math.ceil(k / Math.max(1, Math.ceil(k / 256)));
        const serial = prepareGemm(shape);
        // Forced, so that small products take the parallel path too.
        const parallel = prepareParallelGemm(shape, depthBlock, pool, serial);

        for (const accumulate of [false, true]) {
          const expected = initial.slice();
          serial(a, 0, b, 0, expected, 0, 0.75, accumulate);
          // Run until the workers have taken tasks, comparing every run.
          const before = pool.workerTasks;
          for (let attempt = 0; attempt < 50; attempt++) {
            const actual = sharedZeros(m * n);
            actual.set(initial);
            parallel(a, 0, b, 0, actual, 0, 0.75, accumulate);
            expect(firstDifference(actual, expected)).toBe(-1);
            if (pool.workerTasks > before && m * n > 64) break;
          }
        }
      });
    }
  }

  it('had the workers compute part of the large products', () => {
    expect(pool.onlineWorkers).toBe(2);
    expect(pool.workerTasks).toBeGreaterThan(0);
  });

  it('writes a product at an offset inside a larger shared buffer', async () => {
    await started(pool);
    const shape = {
      m: 65,
      n: 33,
      k: 300,
      transA: false,
      transB: false,
      lda: 300,
      ldb: 33,
      ldy: 33,
    };
    const a = randomValues([65 * 300], 1);
    const b = randomValues([300 * 33], 2);
    const expected = new Float32Array(65 * 33);
    prepareGemm(shape)(a, 0, b, 0, expected, 0, 1, false);
    const whole = sharedZeros(10 + 65 * 33 + 10).fill(-1);
    prepareGemm(shape, pool)(a, 0, b, 0, whole.subarray(4), 6, 1, false);
    expect(firstDifference(whole.subarray(10, 10 + 65 * 33), expected)).toBe(-1);
    expect([...whole.subarray(0, 10), ...whole.subarray(10 + 65 * 33)]).toEqual(
      new Array(20).fill(-1),
    );
  });
});

/** A 784-64-10 ReLU network's training step: softmax cross-entropy and SGD with momentum. */
function trainingGraph(): Graph {
  const random = randomSource(99);
  const values = (size: number, scale: number) =>
    Float32Array.from({ length: size }, () => random(-scale, scale));
  const builder = new GraphBuilder('train');
  const x = builder.input('x', ['batch', 784]);
  const labels = builder.input('labels', ['batch'], 'int64');
  const parameters = [
    builder.parameter('w1', [784, 64], values(784 * 64, 0.05)),
    builder.parameter('b1', [64], values(64, 0.1)),
    builder.parameter('w2', [64, 10], values(640, 0.2)),
    builder.parameter('b2', [10], values(10, 0.1)),
  ];
  const [w1, b1, w2, b2] = parameters as [ValueInfo, ValueInfo, ValueInfo, ValueInfo];
  const hidden = builder.op('Relu', [builder.op('Gemm', [x, w1, b1])]);
  const logits = builder.op('Gemm', [hidden, w2, b2]);
  const [loss] = builder.opOutputs('SoftmaxCrossEntropyLoss', [logits, labels]);
  builder.output(loss as ValueInfo, 'loss');

  const grads = gradients(builder, loss as ValueInfo, parameters);
  parameters.forEach((parameter, index) => {
    const shape = parameter.shape as number[];
    const size = shape.reduce((product, dim) => product * dim, 1);
    const velocity = builder.state(`${parameter.name}.velocity`, shape, new Float32Array(size));
    const [next, nextVelocity] = builder.opOutputs(
      'SGDUpdate',
      [parameter, grads[index] as ValueInfo, velocity],
      { learningRate: 0.05, momentum: 0.9 },
    ) as [ValueInfo, ValueInfo];
    builder.update(parameter, next);
    builder.update(velocity, nextVelocity);
  });
  return builder.build();
}

/** Trains a few steps on one backend; returns the losses and the final parameters. */
async function train(backend: CpuBackend, steps: number) {
  const program: Program = await backend.compile(trainingGraph());
  const random = randomSource(5);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const batch = step === steps - 1 ? 17 : 64;
    const x = backend.tensor(
      Float32Array.from({ length: batch * 784 }, () => random(0, 1)),
      [batch, 784],
    );
    const labels = backend.tensor(
      Array.from({ length: batch }, () => Math.floor(random(0, 10))),
      [batch],
      'int64',
    );
    const outputs = await program.run({ x, labels });
    losses.push(((await outputs.loss?.data()) as Float32Array)[0] as number);
  }
  const parameters = await Promise.all(
    ['w1', 'b1', 'w2', 'b2'].map(async (name) => program.readParameter(name)),
  );
  return { losses, parameters: parameters as Float32Array[] };
}

describe('CpuBackend threads', () => {
  it('trains to the same bits on one thread and on two', async () => {
    const single = new CpuBackend(undefined, { threads: 1 });
    const threaded = new CpuBackend(undefined, { threads: 2 });
    expect(single.threadPool).toBeUndefined();
    await started(threaded.threadPool as ThreadPool);

    const one = await train(single, 6);
    // Again until the worker has taken part, which a busy machine can delay.
    for (let attempt = 0; attempt < 5; attempt++) {
      const two = await train(threaded, 6);
      expect(two.losses).toEqual(one.losses);
      two.parameters.forEach((values, index) => {
        expect(firstDifference(values, one.parameters[index] as Float32Array)).toBe(-1);
      });
      if ((threaded.threadPool?.workerTasks ?? 0) > 0) break;
    }
    expect(threaded.threadPool?.workerTasks).toBeGreaterThan(0);
    await threaded.dispose();
    await single.dispose();
  });

  it('returns outputs that are plain copies, not views of shared buffers', async () => {
    const backend = new CpuBackend(undefined, { threads: 2 });
    const program = await backend.compile(trainingGraph());
    const run = () =>
      program.run({
        x: backend.tensor(new Float32Array(64 * 784).fill(0.5), [64, 784]),
        labels: backend.tensor(new Array(64).fill(3), [64], 'int64'),
      });
    const first = await run();
    const value = ((await first.loss?.data()) as Float32Array)[0];
    await run();
    expect(((await first.loss?.data()) as Float32Array)[0]).toBe(value);
    expect((first.loss?.handle as Float32Array).buffer).toBeInstanceOf(ArrayBuffer);
    await backend.dispose();
  });

  it('stops its workers on dispose and runs later programs on one thread', async () => {
    const backend = new CpuBackend(undefined, { threads: 2 });
    await started(backend.threadPool as ThreadPool);
    await backend.dispose();
    expect(backend.threadPool).toBeUndefined();
    const { losses } = await train(backend, 1);
    expect(Number.isFinite(losses[0])).toBe(true);
  });

  it('takes its thread count from the option, then RECTIFIER_CPU_THREADS', () => {
    const saved = process.env[THREADS_VARIABLE];
    try {
      process.env[THREADS_VARIABLE] = '3';
      expect(resolveThreads()).toBe(3);
      expect(resolveThreads(1)).toBe(1);
      process.env[THREADS_VARIABLE] = 'many';
      expect(() => resolveThreads()).toThrow(ArgumentError);
      expect(() => resolveThreads()).toThrow(/RECTIFIER_CPU_THREADS must be a whole number/);
      delete process.env[THREADS_VARIABLE];
      expect(resolveThreads()).toBeGreaterThanOrEqual(1);
      expect(resolveThreads()).toBeLessThanOrEqual(4);
      expect(() => resolveThreads(0)).toThrow(/threads must be a whole number/);
    } finally {
      if (saved === undefined) delete process.env[THREADS_VARIABLE];
      else process.env[THREADS_VARIABLE] = saved;
    }
  });

  it('lets a process that used its workers exit by itself', () => {
    const entry = new URL('../dist/index.js', import.meta.url).href;
    const script = `
      import { CpuBackend, cpuKernels } from ${JSON.stringify(entry)};
      import { GraphBuilder } from '@rectifier/core';
      const backend = new CpuBackend(cpuKernels, { threads: 2 });
      const builder = new GraphBuilder('product');
      const a = builder.input('a', [256, 256]);
      builder.output(builder.op('MatMul', [a, a]), 'y');
      const program = await backend.compile(builder.build());
      const a0 = backend.tensor(new Float32Array(256 * 256).fill(1), [256, 256]);
      backend.threadPool.start();
      while (backend.threadPool.onlineWorkers < 1) await new Promise((r) => setTimeout(r, 5));
      for (let i = 0; i < 20; i++) await program.run({ a: a0 });
      console.log(backend.threadPool.workerTasks > 0 ? 'workers ran' : 'workers idle');
    `;
    const started = Date.now();
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('workers ran');
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
