import { createBackend as createCpuBackend } from '@rectifier/backend-cpu';
import { ACTIVATIONS, activate, activationGrad, runOp, type Backend } from '@rectifier/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackend } from '../src/index.js';
import { closeTo, seeded } from './helpers/close.js';

const onnx = createBackend();
const cpu = createCpuBackend();
afterAll(async () => {
  await Promise.all([onnx.dispose(), cpu.dispose()]);
});

// prettier-ignore
const EDGES = [
  NaN, Infinity, -Infinity, -0, 0, 1e-45, -1e-45, 0.5, -0.5, 1, -1, 3, -3, 6, -6, 20, -20,
  88, -88, 100, -100, 1e30, -1e30, 3.4e38, -3.4e38,
];
const values = Float32Array.from([...EDGES, ...seeded(39, 3, 8)]);
const upstream = seeded(values.length, 4, 2);

/** The same eager call on both backends, values read back. */
async function both(call: (backend: Backend) => Promise<{ data(): Promise<unknown> }>) {
  const [actual, expected] = await Promise.all([call(onnx), call(cpu)]);
  return [await actual.data(), await expected.data()] as [Float32Array, Float32Array];
}

describe('eager calls on the ONNX Runtime backend agree with the CPU backend', () => {
  const elementwise = ACTIVATIONS.filter((spec) => spec.kind !== 'softmax').map((spec) => [
    spec.name,
  ]);

  it.each(elementwise)('%s and its gradient', async (name) => {
    const forward = await both((backend) => activate(name, backend.tensor(values, [8, 8])));
    expect(closeTo(...forward)).toEqual([]);

    const backward = await both((backend) =>
      activationGrad(name, backend.tensor(values, [8, 8]), backend.tensor(upstream, [8, 8])),
    );
    expect(closeTo(...backward)).toEqual([]);
  });

  it('softmax and its gradient along the last axis', async () => {
    const x = seeded(24, 5, 4);
    const forward = await both((backend) => activate('softmax', backend.tensor(x, [4, 6])));
    expect(closeTo(...forward)).toEqual([]);
    const backward = await both((backend) =>
      activationGrad('softmax', backend.tensor(x, [4, 6]), backend.tensor(seeded(24, 6), [4, 6])),
    );
    expect(closeTo(...backward)).toEqual([]);
  });

  it('Gemm with alpha, beta, transB and a broadcast bias', async () => {
    const attributes = { alpha: 0.5, beta: 2, transB: 1 };
    const gemm = async (backend: Backend) => {
      const a = backend.tensor(seeded(5 * 7, 7), [5, 7]);
      const b = backend.tensor(seeded(3 * 7, 8), [3, 7]);
      const c = backend.tensor(seeded(3, 9), [3]);
      return (await runOp('Gemm', [a, b, c], attributes))[0]!;
    };
    expect(closeTo(...(await both(gemm)), 1e-5)).toEqual([]);
  });

  it('compiles each signature once: a second call reuses the program and its session', async () => {
    const local = createBackend() as ReturnType<typeof createBackend> & { sessionCount: number };
    const x = local.tensor([-1, 2], [2]);
    await activate('relu', x);
    await activate('relu', x);
    await activate('relu', local.tensor([3], [1]));
    expect(local.sessionCount).toBe(2);
    await local.dispose();
  });
});
