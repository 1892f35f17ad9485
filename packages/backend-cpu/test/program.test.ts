import {
  ArgumentError,
  GraphBuilder,
  ShapeError,
  UnsupportedOpError,
  type Graph,
} from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend, type CpuProgram } from '../src/index.js';
import { planGraph } from '../src/planner.js';
import { cpuKernels } from '../src/kernels/index.js';
import { backend } from './helpers/harness.js';

/** y = relu(x w + b) with w, b parameters, and an SGD step on w from a fed gradient. */
function denseGraph(): Graph {
  const builder = new GraphBuilder('dense');
  const x = builder.input('x', ['batch', 3]);
  const grad = builder.input('grad', [3, 2]);
  const w = builder.parameter('w', [3, 2], Float32Array.from([1, 0, 0, 1, 1, 1]));
  const b = builder.parameter('b', [2], Float32Array.from([0.5, -0.5]));
  const velocity = builder.constant(new Float32Array(6), [3, 2], 'velocity');
  const y = builder.op('Relu', [builder.op('Gemm', [x, w, b])]);
  builder.output(y, 'y');
  const [wNew, velocityNew] = builder.opOutputs('SGDUpdate', [w, grad, velocity], {
    learningRate: 0.5,
  });
  builder.update(w, wNew!);
  builder.update(velocity, velocityNew!);
  return builder.build();
}

async function compileDense(): Promise<CpuProgram> {
  return (await backend.compile(denseGraph())) as CpuProgram;
}

const gradFeed = () => backend.tensor([1, 1, 1, 1, 1, 1], [3, 2]);

describe('CpuProgram', () => {
  it('runs, returning outputs by name with bound shapes', async () => {
    const program = await compileDense();
    const outputs = await program.run({ x: backend.tensor([1, 2, 3], [1, 3]), grad: gradFeed() });
    expect(outputs.y?.shape).toEqual([1, 2]);
    // [1, 2, 3] w = [4, 5]; plus b = [4.5, 4.5].
    expect([...((await outputs.y?.data()) ?? [])]).toEqual([4.5, 4.5]);
  });

  it('makes one plan per batch size and reuses it', async () => {
    const program = await compileDense();
    const feeds = (batch: number) => ({
      x: backend.tensor(new Float32Array(batch * 3), [batch, 3]),
      grad: gradFeed(),
    });
    expect(program.planCount).toBe(0);
    await program.run(feeds(4));
    await program.run(feeds(4));
    expect(program.planCount).toBe(1);
    await program.run(feeds(2));
    expect(program.planCount).toBe(2);
    await program.run(feeds(4));
    expect(program.planCount).toBe(2);
  });

  it('applies the updates after each run; readParameter sees them', async () => {
    const program = await compileDense();
    const feeds = { x: backend.tensor([1, 2, 3], [1, 3]), grad: gradFeed() };

    const first = await program.run(feeds);
    expect([...(await program.readParameter('w'))]).toEqual([0.5, -0.5, -0.5, 0.5, 0.5, 0.5]);
    const second = await program.run(feeds);
    expect([...(await program.readParameter('w'))]).toEqual([0, -1, -1, 0, 0, 0]);

    // The second run saw the first update: [1, 2, 3] w' + b = [1, 2] + [0.5, -0.5].
    expect([...((await second.y?.data()) ?? [])]).toEqual([1.5, 1.5]);
    // Outputs are copies: the first run's output is unchanged by the second run.
    expect([...((await first.y?.data()) ?? [])]).toEqual([4.5, 4.5]);
    expect([...(await program.readParameter('b'))]).toEqual([0.5, -0.5]);
  });

  it('leaves the graph initialisers as they were', async () => {
    const graph = denseGraph();
    const program = await backend.compile(graph);
    await program.run({ x: backend.tensor([1, 2, 3], [1, 3]), grad: gradFeed() });
    const w = graph.initializers.find((init) => init.name === 'w');
    expect([...(w?.values ?? [])]).toEqual([1, 0, 0, 1, 1, 1]);
  });

  it('writes parameters in place, checking dtype and length', async () => {
    const program = await compileDense();
    await program.writeParameter('b', Float32Array.from([10, 20]));
    const outputs = await program.run({ x: backend.tensor([0, 0, 0], [1, 3]), grad: gradFeed() });
    expect([...((await outputs.y?.data()) ?? [])]).toEqual([10, 20]);

    await expect(program.writeParameter('b', Float32Array.from([1]))).rejects.toThrow(ShapeError);
    await expect(program.writeParameter('b', Int32Array.from([1, 2]))).rejects.toThrow(
      ArgumentError,
    );
    await expect(program.readParameter('nope')).rejects.toThrow(/no initialiser 'nope'.*'w'/);
  });

  it('names a missing feed', async () => {
    const program = await compileDense();
    await expect(program.run({ x: backend.tensor([1, 2, 3], [1, 3]) })).rejects.toThrow(
      ArgumentError,
    );
    await expect(program.run({ x: backend.tensor([1, 2, 3], [1, 3]) })).rejects.toThrow(
      /Missing feed for input 'grad' \[3, 2\]/,
    );
  });

  it('names an unknown feed', async () => {
    const program = await compileDense();
    const run = program.run({
      x: backend.tensor([1, 2, 3], [1, 3]),
      grad: gradFeed(),
      extra: gradFeed(),
    });
    await expect(run).rejects.toThrow(/no input 'extra'/);
  });

  it('names both shapes when a feed contradicts the declared shape', async () => {
    const program = await compileDense();
    const run = program.run({ x: backend.tensor([1, 2, 3, 4], [1, 4]), grad: gradFeed() });
    await expect(run).rejects.toThrow(ShapeError);
    await expect(
      program.run({ x: backend.tensor([1, 2, 3, 4], [1, 4]), grad: gradFeed() }),
    ).rejects.toThrow(/\[1, 4\].*\[batch, 3\]/);
    await expect(
      program.run({ x: backend.tensor([1, 2, 3], [3]), grad: gradFeed() }),
    ).rejects.toThrow(/\[3\].*\[batch, 3\]/);
  });

  it('rejects a symbol bound to two sizes by two feeds', async () => {
    const builder = new GraphBuilder('pair');
    const a = builder.input('a', ['batch', 2]);
    const b = builder.input('b', ['batch', 2]);
    builder.output(builder.op('Add', [a, b]), 'sum');
    const program = await backend.compile(builder.build());
    const run = program.run({
      a: backend.tensor(new Float32Array(4), [2, 2]),
      b: backend.tensor(new Float32Array(6), [3, 2]),
    });
    await expect(run).rejects.toThrow(/'batch' is 2 from feed 'a', not 3/);
  });

  it('rejects a feed of the wrong dtype', async () => {
    const program = await compileDense();
    const run = program.run({ x: backend.tensor([1, 2, 3], [1, 3], 'int32'), grad: gradFeed() });
    await expect(run).rejects.toThrow(/int32.*float32/);
  });

  it('lists every op it has no kernel for', async () => {
    const bare = new CpuBackend({ Relu: cpuKernels.Relu! });
    const graph = denseGraph();
    await expect(bare.compile(graph)).rejects.toBeInstanceOf(UnsupportedOpError);
    // The output's Identity (named 'y') is missing too.
    await expect(bare.compile(graph)).rejects.toThrow(/ops Gemm, Identity, SGDUpdate\./);
  });

  it('returns graph inputs and initialisers that are outputs as copies', async () => {
    const builder = new GraphBuilder('passthrough');
    const x = builder.input('x', [2]);
    const w = builder.parameter('w', [2], Float32Array.from([7, 8]));
    builder.output(x);
    builder.output(w);
    const program = await backend.compile(builder.build());
    const feed = backend.tensor([1, 2]);
    const outputs = await program.run({ x: feed });
    expect([...((await outputs.x?.data()) ?? [])]).toEqual([1, 2]);
    expect([...((await outputs.w?.data()) ?? [])]).toEqual([7, 8]);
    expect(outputs.x?.handle).not.toBe(feed.handle);
  });

  it('swaps two parameters through updates without one update seeing the other', async () => {
    const builder = new GraphBuilder('swap');
    const a = builder.parameter('a', [2], Float32Array.from([1, 2]));
    const b = builder.parameter('b', [2], Float32Array.from([3, 4]));
    builder.update(a, b);
    builder.update(b, a);
    const program = await backend.compile(builder.build());
    await program.run({});
    expect([...(await program.readParameter('a'))]).toEqual([3, 4]);
    expect([...(await program.readParameter('b'))]).toEqual([1, 2]);
  });

  it('does not apply updates when a run fails', async () => {
    const builder = new GraphBuilder('failing');
    const w = builder.parameter('w', [2], Float32Array.from([1, 2]));
    const labels = builder.input('labels', [1], 'int64');
    const scores = builder.op('Reshape', [w], { shape: [1, 2] });
    const [loss] = builder.opOutputs('SoftmaxCrossEntropyLoss', [scores, labels]);
    builder.output(loss!, 'loss');
    builder.update(w, builder.op('Neg', [w]));
    const program = await backend.compile(builder.build());

    await expect(program.run({ labels: backend.tensor([5], [1], 'int64') })).rejects.toThrow(
      /label 5/,
    );
    expect([...(await program.readParameter('w'))]).toEqual([1, 2]);
    await program.run({ labels: backend.tensor([1], [1], 'int64') });
    expect([...(await program.readParameter('w'))]).toEqual([-1, -2]);
  });

  it('refuses to run once disposed', async () => {
    const program = await compileDense();
    program.dispose();
    await expect(
      program.run({ x: backend.tensor([1, 2, 3], [1, 3]), grad: gradFeed() }),
    ).rejects.toThrow(/disposed/);
  });
});

describe('buffer planning', () => {
  it('shares buffers between values whose lifetimes do not overlap', () => {
    const builder = new GraphBuilder('chain');
    let value = builder.input('x', [64]);
    for (let i = 0; i < 10; i++) value = builder.op('Neg', [value]);
    builder.output(value, 'y');
    const graph = builder.build();

    const plan = planGraph(graph, new Map(), cpuKernels, new Map());
    // Eleven node outputs (ten Negs and the output's Identity), alternating between two buffers
    // and a third for the output that must outlive the run.
    expect(plan.steps.length).toBe(11);
    expect(plan.bufferCount).toBeLessThanOrEqual(3);
  });

  it('computes the same values with shared buffers as a fresh run', async () => {
    const builder = new GraphBuilder('chain');
    const x = builder.input('x', [3]);
    let value = x;
    for (let i = 0; i < 5; i++) value = builder.op('Add', [builder.op('Neg', [value]), x]);
    builder.output(value, 'y');
    const program = await backend.compile(builder.build());
    // v -> x - v, five times from v = x = [1, 2, 3]: 0, x, 0, x, 0.
    const first = await program.run({ x: backend.tensor([1, 2, 3]) });
    const second = await program.run({ x: backend.tensor([1, 2, 3]) });
    expect([...((await first.y?.data()) ?? [])]).toEqual([0, 0, 0]);
    expect([...((await second.y?.data()) ?? [])]).toEqual([0, 0, 0]);
  });
});
