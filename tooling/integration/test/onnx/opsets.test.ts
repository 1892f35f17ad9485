import { describe, expect, it } from 'vitest';
import { importModel } from '@rectifier/onnx';
import { expectClose } from '../../../../packages/onnx/test/helpers/close.js';
import { makeModel, type TestModel } from '../../../../packages/onnx/test/helpers/onnx-model.js';
import { runOnCpu } from './run-cpu.js';

const ramp = (count: number, scale = 0.5, offset = 0) =>
  Float32Array.from({ length: count }, (_, i) => (i - count / 2) * scale + offset);

function imported(model: TestModel, source = 'test.onnx') {
  return importModel(makeModel(model), { source });
}

/** Softmax over the flattened trailing part from `axis`: the meaning before opset 13. */
function flattenedSoftmax(values: Float32Array, shape: number[], axis: number, log = false) {
  const inner = shape.slice(axis).reduce((a, b) => a * b, 1);
  const result = new Float64Array(values.length);
  for (let start = 0; start < values.length; start += inner) {
    const slice = Array.from(values.subarray(start, start + inner));
    const max = Math.max(...slice);
    const total = slice.reduce((sum, value) => sum + Math.exp(value - max), 0);
    slice.forEach((value, i) => {
      result[start + i] = log ? value - max - Math.log(total) : Math.exp(value - max) / total;
    });
  }
  return result;
}

describe('Clip across opsets', () => {
  it('reads opset 6 bounds from attributes', async () => {
    const { graph } = imported({
      opset: 6,
      inputs: { x: [8] },
      outputs: { y: [8] },
      nodes: [
        { op: 'Clip', inputs: ['x'], outputs: ['y'], floatAttributes: { min: -1, max: 0.5 } },
      ],
    });
    expect(graph.nodes.map((node) => node.op)).toEqual(['Clip']);
    const { y } = await runOnCpu(graph, { x: { shape: [8], values: ramp(8) } });
    expect(Array.from(y as Float32Array)).toEqual([-1, -1, -1, -0.5, 0, 0.5, 0.5, 0.5]);
  });

  it('reads opset 11 bounds from optional inputs, one of them absent', async () => {
    const { graph } = imported({
      opset: 11,
      inputs: { x: [8] },
      outputs: { y: [8] },
      initializers: { low: { dims: [], values: [-0.75] } },
      nodes: [{ op: 'Clip', inputs: ['x', 'low'], outputs: ['y'] }],
    });
    const { y } = await runOnCpu(graph, { x: { shape: [8], values: ramp(8) } });
    expect(Array.from(y as Float32Array)).toEqual([-0.75, -0.75, -0.75, -0.5, 0, 0.5, 1, 1.5]);
  });
});

describe('Softmax and LogSoftmax before opset 13', () => {
  it.each(['Softmax', 'LogSoftmax'])('%s flattens from axis 1 of a 3-D input', async (op) => {
    const { graph } = imported({
      opset: 11,
      inputs: { x: [2, 3, 4] },
      outputs: { y: [2, 3, 4] },
      nodes: [{ op, inputs: ['x'], outputs: ['y'] }],
    });
    expect(graph.nodes.map((node) => node.op)).toEqual(['Reshape', op, 'Reshape']);
    const x = ramp(24, 0.3);
    const { y } = await runOnCpu(graph, { x: { shape: [2, 3, 4], values: x } });
    expectClose(y as Float32Array, flattenedSoftmax(x, [2, 3, 4], 1, op === 'LogSoftmax'));
  });

  it('maps a 2-D Softmax over its last axis directly, with a symbolic batch', () => {
    const { graph } = imported({
      opset: 11,
      inputs: { x: ['N', 10] },
      outputs: { y: ['N', 10] },
      nodes: [{ op: 'Softmax', inputs: ['x'], outputs: ['y'] }],
    });
    expect(graph.nodes.map((node) => [node.op, node.attributes])).toEqual([
      ['Softmax', { axis: 1 }],
    ]);
    expect(graph.values.get('y')?.shape).toEqual(['N', 10]);
  });

  it('keeps a symbolic batch through the rewrite', () => {
    const { graph } = imported({
      opset: 12,
      inputs: { x: ['N', 3, 4] },
      outputs: { y: ['N', 3, 4] },
      nodes: [{ op: 'Softmax', inputs: ['x'], outputs: ['y'], attributes: { axis: 1 } }],
    });
    expect(graph.nodes[0]?.attributes.shape).toEqual([0, 12]);
    expect(graph.values.get('y')?.shape).toEqual(['N', 3, 4]);
  });

  it('refuses to flatten trailing symbolic dimensions', () => {
    const model: TestModel = {
      opset: 11,
      inputs: { x: [2, 'T', 4] },
      outputs: { y: [2, 'T', 4] },
      nodes: [{ op: 'Softmax', inputs: ['x'], outputs: ['y'] }],
    };
    expect(() => imported(model)).toThrow(/flattens \[T, 4\] from axis 1/);
  });
});

describe('activations added in later opsets', () => {
  it('imports Gelu (20) with approximate, Mish (18) and Celu (12)', () => {
    const { graph } = imported({
      opset: 20,
      inputs: { x: [4] },
      outputs: { y: [4], z: [4], w: [4] },
      nodes: [
        { op: 'Gelu', inputs: ['x'], outputs: ['y'], attributes: { approximate: 'tanh' } },
        { op: 'Mish', inputs: ['x'], outputs: ['z'] },
        { op: 'Celu', inputs: ['x'], outputs: ['w'] },
      ],
    });
    expect(graph.nodes.map((node) => [node.op, node.attributes])).toEqual([
      ['Gelu', { approximate: 'tanh' }],
      ['Mish', {}],
      ['Celu', { alpha: 1 }],
    ]);
  });

  it('refuses them in models whose opset predates them', () => {
    const model: TestModel = {
      opset: 11,
      inputs: { x: [4] },
      outputs: { y: [4] },
      nodes: [{ op: 'Celu', inputs: ['x'], outputs: ['y'] }],
    };
    expect(() => imported(model)).toThrow(/opset 11, which does not define Celu \(from opset 12\)/);
  });
});

describe('reductions across opsets', () => {
  const data = { shape: [2, 3], values: ramp(6) };
  const expected = [-1.5 - 1 - 0.5, 0 + 0.5 + 1];

  it('reads ReduceSum axes from the attribute before opset 13', async () => {
    const { graph } = imported({
      opset: 11,
      inputs: { x: [2, 3] },
      outputs: { y: [2] },
      nodes: [
        { op: 'ReduceSum', inputs: ['x'], outputs: ['y'], attributes: { axes: [1], keepdims: 0 } },
      ],
    });
    expect(Array.from((await runOnCpu(graph, { x: data })).y as Float32Array)).toEqual(expected);
  });

  it('reads ReduceSum axes from an int64 initialiser from opset 13', async () => {
    const { graph } = imported({
      opset: 13,
      inputs: { x: [2, 3] },
      outputs: { y: [2] },
      initializers: { axes: { dims: [1], values: [-1], int64: true } },
      nodes: [
        { op: 'ReduceSum', inputs: ['x', 'axes'], outputs: ['y'], attributes: { keepdims: 0 } },
      ],
    });
    expect(graph.nodes[0]?.attributes).toEqual({ axes: [-1], keepdims: 0 });
    expect(Array.from((await runOnCpu(graph, { x: data })).y as Float32Array)).toEqual(expected);
  });

  it('treats noop_with_empty_axes = 1 without axes as the identity', () => {
    const { graph } = imported({
      opset: 13,
      inputs: { x: [2, 3] },
      outputs: { y: [2, 3] },
      nodes: [
        { op: 'ReduceSum', inputs: ['x'], outputs: ['y'], attributes: { noop_with_empty_axes: 1 } },
      ],
    });
    expect(graph.nodes.map((node) => node.op)).toEqual(['Identity']);
  });

  it('reads ReduceMean axes from an input at opset 18 and from the attribute at 17', () => {
    const mean = (opset: number) =>
      imported({
        opset,
        inputs: { x: [2, 3] },
        outputs: { y: [2, 1] },
        initializers: { axes: { dims: [1], values: [1], int64: true } },
        nodes: [
          opset >= 18
            ? { op: 'ReduceMean', inputs: ['x', 'axes'], outputs: ['y'] }
            : { op: 'ReduceMean', inputs: ['x'], outputs: ['y'], attributes: { axes: [1] } },
        ],
      }).graph.nodes[0]?.attributes;
    expect(mean(18)).toEqual({ axes: [1], keepdims: 1 });
    expect(mean(17)).toEqual({ axes: [1], keepdims: 1 });
  });
});

describe('Gemm before opset 7', () => {
  const gemm = (broadcast: number, c: number[]): TestModel => ({
    opset: 6,
    inputs: { a: [2, 3], b: [3, 4], c },
    outputs: { y: [2, 4] },
    nodes: [{ op: 'Gemm', inputs: ['a', 'b', 'c'], outputs: ['y'], attributes: { broadcast } }],
  });

  it('accepts broadcast = 1 and drops the attribute', () => {
    expect(imported(gemm(1, [4])).graph.nodes[0]?.attributes).toEqual({
      alpha: 1,
      beta: 1,
      transA: 0,
      transB: 0,
    });
  });

  it('refuses a C that needs broadcasting when broadcast = 0', () => {
    expect(() => imported(gemm(0, [4]))).toThrow(/broadcast is 0, so it must be \[2, 4\]/);
  });
});
