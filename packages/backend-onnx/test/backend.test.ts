import {
  ArgumentError,
  GraphBuilder,
  listOps,
  loadBackend,
  ShapeError,
  UnsupportedOpError,
  type Graph,
} from '@rectifier/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createBackend, OnnxBackend } from '../src/index.js';

/** y = x * scale + offset, with `scale` a parameter and `offset` a constant. */
function affine(name = 'affine'): Graph {
  const builder = new GraphBuilder(name);
  const x = builder.input('x', ['batch', 3]);
  const scale = builder.parameter('scale', [3], Float32Array.of(1, 2, 3));
  const offset = builder.constant(Float32Array.of(10, 20, 30), [3], 'offset');
  builder.output(builder.op('Add', [builder.op('Mul', [x, scale]), offset]), 'y');
  return builder.build();
}

describe('OnnxBackend', () => {
  const backend = createBackend() as OnnxBackend;

  it('is the onnx backend at float32 precision, and what loadBackend("onnx") finds', async () => {
    expect(backend).toBeInstanceOf(OnnxBackend);
    expect(backend.name).toBe('onnx');
    expect(backend.precision).toBe('float32');
    expect((await loadBackend('onnx')).name).toBe('onnx');
  });

  it('supports every op of the op set, natively or lowered', () => {
    const missing = listOps()
      .map((op) => op.name)
      .filter((op) => !backend.supports(op));
    expect(missing).toEqual([]);
    expect(backend.supports('NoSuchOp')).toBe(false);
    // At opset 9, Celu (ONNX op from 12) is lowered; SoftmaxCrossEntropyLoss (12) has no lowering.
    const old = new OnnxBackend(ort, { opset: 9 });
    expect(old.supports('Celu')).toBe(true);
    expect(old.supports('SoftmaxCrossEntropyLoss')).toBe(false);
  });

  it('makes tensors that copy their values, of every dtype', async () => {
    const values = Float32Array.of(1, 2, 3, 4);
    const x = backend.tensor(values, [2, 2]);
    values[0] = 100;
    expect(await x.data()).toEqual(Float32Array.of(1, 2, 3, 4));
    expect(await backend.tensor([3, 0], [2], 'int64').data()).toEqual(BigInt64Array.of(3n, 0n));
    expect((await backend.tensor(Int32Array.of(7)).data()) instanceof Int32Array).toBe(true);
    expect(backend.tensor([], [0, 3]).size).toBe(0);
    expect(() => backend.tensor([1, 2, 3], [2, 2])).toThrow(ShapeError);
    expect(() => backend.tensor([1.5], [1], 'int64')).toThrow(ArgumentError);
  });

  it('makes tensors whose ONNX Runtime tensor wraps a typed array with asTensor', async () => {
    const values = Float32Array.of(1, 2, 3, 4);
    const x = backend.asTensor(values, [2, 2]);
    values[0] = 9;
    expect(x.shape).toEqual([2, 2]);
    expect(await x.data()).toEqual(Float32Array.of(9, 2, 3, 4));
    const program = await backend.compile(affine('as_tensor'));
    const { y } = await program.run({ x: backend.asTensor(Float32Array.of(1, 1, 1), [1, 3]) });
    expect(await y!.data()).toEqual(Float32Array.of(11, 22, 33));
    program.dispose();
    expect(backend.asTensor(BigInt64Array.of(3n)).dtype).toBe('int64');
    expect(() => backend.asTensor(Float64Array.of(1) as never)).toThrow(ArgumentError);
    expect(() => backend.asTensor(values, [5])).toThrow(ShapeError);
  });

  it('refuses to read a released tensor', async () => {
    const x = backend.tensor([1]);
    x.dispose();
    await expect(x.data()).rejects.toThrow(ArgumentError);
  });

  it('names every op it cannot run in one UnsupportedOpError', async () => {
    const graph = affine();
    const foreign = { ...graph, nodes: graph.nodes.map((node) => ({ ...node, op: 'Foo' })) };
    await expect(backend.compile(foreign)).rejects.toThrow(UnsupportedOpError);
    await expect(backend.compile(foreign)).rejects.toThrow(/the op Foo\./);
  });

  it('serves every batch size from one session, and shares it between programs', async () => {
    const local = createBackend() as OnnxBackend;
    const first = await local.compile(affine());
    const second = await local.compile(affine('affine'));
    for (const rows of [1, 4, 7]) {
      const x = local.tensor(new Float32Array(rows * 3).fill(1), [rows, 3]);
      const { y } = await first.run({ x });
      expect(y?.shape).toEqual([rows, 3]);
      expect((await y!.data()).slice(0, 3)).toEqual(Float32Array.of(11, 22, 33));
    }
    await second.run({ x: local.tensor([1, 1, 1], [1, 3]) });
    expect(local.sessionCount).toBe(1);
    await local.dispose();
    expect(local.sessionCount).toBe(0);
  });

  it('checks feeds with Rectifier errors that name the shapes', async () => {
    const program = await backend.compile(affine());
    await expect(program.run({})).rejects.toThrow(/Missing feed for input 'x'/);
    await expect(program.run({ x: backend.tensor([1, 2], [1, 2]) })).rejects.toThrow(
      "Feed 'x' has shape [1, 2], but the graph declares [batch, 3] (dimension 1 is 2, not 3).",
    );
    const labels = backend.tensor([1, 2, 3], [1, 3], 'int64');
    await expect(program.run({ x: labels })).rejects.toThrow(ArgumentError);
    const x = backend.tensor([1, 2, 3], [1, 3]);
    await expect(program.run({ x, z: x })).rejects.toThrow(
      "Graph 'affine' has no input 'z' to feed; its inputs are 'x'.",
    );
  });

  it('reads and writes parameters and constants', async () => {
    const program = await backend.compile(affine());
    const x = backend.tensor([1, 1, 1], [1, 3]);
    await program.writeParameter('scale', Float32Array.of(2, 2, 2));
    expect(await program.readParameter('scale')).toEqual(Float32Array.of(2, 2, 2));
    expect(await (await program.run({ x })).y!.data()).toEqual(Float32Array.of(12, 22, 32));

    // A constant is written into the model, which is made again before the next run.
    await program.writeParameter('offset', Float32Array.of(0, 0, 0));
    expect(await (await program.run({ x })).y!.data()).toEqual(Float32Array.of(2, 2, 2));
    await expect(program.writeParameter('scale', Float32Array.of(1))).rejects.toThrow(ShapeError);
    await expect(program.readParameter('nope')).rejects.toThrow(/has no initialiser 'nope'/);
    program.dispose();
    await expect(program.run({ x })).rejects.toThrow(/has been disposed/);
  });

  it('takes feeds from another backend', async () => {
    const { createBackend: createCpuBackend } = await import('@rectifier/backend-cpu');
    const cpu = createCpuBackend();
    const program = await backend.compile(affine());
    const { y } = await program.run({ x: cpu.tensor([1, 1, 1], [1, 3]) });
    expect(await y!.data()).toEqual(Float32Array.of(11, 22, 33));
    await cpu.dispose();
  });
});
