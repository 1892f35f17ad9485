import { createBackend as createCpuBackend } from '@rectifier/backend-cpu';
import { GraphBuilder, gradients, type Backend, type Graph, type Tensor } from '@rectifier/core';
import { afterAll, describe, expect, it } from 'vitest';
import { sameBits } from './helpers/close.js';
import { gpuOrReason, skippedName } from './helpers/gpu.js';

const { backend: gpu, reason } = await gpuOrReason();
const cpu = createCpuBackend();
afterAll(async () => {
  await Promise.all([gpu?.dispose(), cpu.dispose()]);
});

const { NaN: nan, POSITIVE_INFINITY: inf, NEGATIVE_INFINITY: minf } = Number;
const TINY = 1e-45; // the least subnormal float32
const SUBNORMAL = 1e-39;

/** Runs a graph once on a backend and reads every output back. */
async function run(backend: Backend, graph: Graph, values: Record<string, Float32Array>) {
  const program = await backend.compile(graph);
  const feeds: Record<string, Tensor> = {};
  for (const input of graph.inputs) {
    feeds[input.name] = backend.tensor(values[input.name]!, input.shape as number[]);
  }
  const outputs = await program.run(feeds);
  const read: Record<string, Float32Array> = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    read[name] = (await tensor.data()) as Float32Array;
  }
  for (const tensor of [...Object.values(feeds), ...Object.values(outputs)]) tensor.dispose();
  program.dispose();
  return read;
}

describe('Sign and ClipGrad on the WebGPU backend', () => {
  if (!gpu) {
    it(skippedName(reason ?? ''), () => {
      console.warn(`webgpu Sign and ClipGrad tests skipped: ${reason ?? ''}`);
    });
    return;
  }

  it('Sign is -1 or 1 by the sign, x itself at -0, 0 and NaN, and counts subnormals', async () => {
    const x = Float32Array.of(
      nan,
      inf,
      minf,
      -0,
      0,
      TINY,
      -TINY,
      SUBNORMAL,
      -SUBNORMAL,
      -3.5,
      2,
      3e38,
    );
    // ONNX's and NumPy's sign.
    const want = Float32Array.of(nan, 1, -1, -0, 0, 1, -1, 1, -1, -1, 1, 1);
    for (const shape of [[12], [2, 1, 3, 1, 2]]) {
      const builder = new GraphBuilder('sign');
      builder.output(builder.op('Sign', [builder.input('x', shape)]), 'y');
      const graph = builder.build();
      const [got, reference] = await Promise.all([run(gpu, graph, { x }), run(cpu, graph, { x })]);
      expect(sameBits(got.y!, want), `shape ${shape.join('x')}`).toEqual([]);
      expect(sameBits(got.y!, reference.y!), 'the CPU backend').toEqual([]);
    }
  });

  it('Sign of an empty tensor is empty', async () => {
    const builder = new GraphBuilder('sign');
    builder.output(builder.op('Sign', [builder.input('x', [0, 3])]), 'y');
    expect((await run(gpu, builder.build(), { x: new Float32Array(0) })).y).toHaveLength(0);
  });

  const xs = Float32Array.of(
    nan,
    inf,
    minf,
    -0,
    0,
    TINY,
    -TINY,
    SUBNORMAL,
    -1,
    1,
    -0.5,
    0.5,
    6,
    5.999999523162842, // the float32 below 6
    6.000000476837158, // the float32 above 6
    -1.0000001192092896,
  );
  const gradOutput = Float32Array.from(xs, (_, index) =>
    index === 3 ? nan : index === 9 ? inf : index === 11 ? SUBNORMAL : index + 0.25,
  );

  const bounds: [string, number | undefined, number | undefined][] = [
    ['0 and 6, as ReLU6', 0, 6],
    ['-1 and 1', -1, 1],
    ['a low bound only', -0.5, undefined],
    ['a high bound only', undefined, 0.5],
    ['no bounds', undefined, undefined],
    ['-0 and 1, with the subnormals just inside', -0, 1],
    ['a NaN low bound', nan, 1],
    ['a NaN high bound', -1, nan],
    ['a low bound above the high one', 2, 1],
    ['-Infinity and Infinity', minf, inf],
  ];

  it.each(bounds)('ClipGrad passes dY strictly inside %s, else 0', async (_, low, high) => {
    const builder = new GraphBuilder('clip_grad');
    const dy = builder.input('dy', [4, 4]);
    const x = builder.input('x', [4, 4]);
    const lowValue = low === undefined ? undefined : builder.input('low', []);
    const highValue = high === undefined ? undefined : builder.input('high', [1]);
    builder.output(builder.op('ClipGrad', [dy, x, lowValue, highValue]), 'dx');
    const graph = builder.build();
    const feeds = {
      dy: gradOutput,
      x: xs,
      low: Float32Array.of(low ?? 0),
      high: Float32Array.of(high ?? 0),
    };

    // Clip's derivative: 1 where min < x < max, 0 at a bound and wherever a comparison with
    // NaN is false. An absent bound is no limit, as -Infinity or Infinity, as the CPU backend
    // has it: x = Infinity is not below an absent max.
    const [min, max] = [low ?? minf, high ?? inf];
    const want = Float32Array.from(xs, (value, index) =>
      value > min && value < max ? (gradOutput[index] as number) : 0,
    );
    const [got, reference] = await Promise.all([run(gpu, graph, feeds), run(cpu, graph, feeds)]);
    expect(sameBits(got.dx!, want)).toEqual([]);
    expect(sameBits(got.dx!, reference.dx!), 'the CPU backend').toEqual([]);
  });

  it('trains through Clip and Abs, whose gradients are ClipGrad and Sign', async () => {
    const values = Float32Array.of(-3, -1, -0.5, 0, 0.5, 1, 2, 3);
    const builder = new GraphBuilder('clip_abs');
    const x = builder.parameter('x', [8], values);
    const clipped = builder.op('Clip', [x, builder.constant(-1), builder.constant(2)]);
    const sum = builder.op('Add', [clipped, builder.op('Abs', [x])]);
    const target = builder.constant(new Float32Array(8), [8]);
    const loss = builder.op('MeanSquaredError', [sum, target]);
    builder.output(loss, 'loss');
    const [dx] = gradients(builder, loss, [x]);
    builder.output(dx!, 'dx');
    const graph = builder.build();
    expect(graph.nodes.map((node) => node.op)).toEqual(
      expect.arrayContaining(['ClipGrad', 'Sign']),
    );

    // s = clip(x, -1, 2) + |x|; the loss is mean(s^2) over 8, so dL/ds = s / 4, and
    // dL/dx = s / 4 * [-1 < x < 2] + s / 4 * sign(x). Every term is exact in float32.
    const want = Float32Array.from(values, (v) => {
      const gradSum = (Math.min(Math.max(v, -1), 2) + Math.abs(v)) / 4;
      return gradSum * (v > -1 && v < 2 ? 1 : 0) + gradSum * Math.sign(v);
    });
    const [got, reference] = await Promise.all([run(gpu, graph, {}), run(cpu, graph, {})]);
    expect(sameBits(got.dx!, want)).toEqual([]);
    expect(sameBits(got.dx!, reference.dx!), 'the CPU backend').toEqual([]);
    expect(sameBits(got.loss!, reference.loss!), 'the loss').toEqual([]);
  });
});
