import { describe, expect, it } from 'vitest';
import { importModel } from '../src/index.js';
import { makeModel, type TestModel } from './helpers/onnx-model.js';

function imported(model: TestModel) {
  return importModel(makeModel(model), { source: 'test.onnx' });
}

describe('shapes, constants and names', () => {
  it('keeps dim_param symbols and names unknown dimensions', () => {
    const model: TestModel = {
      opset: 13,
      inputs: { x: ['batch_size', 4], z: [null, null] },
      outputs: { y: ['batch_size', 4], w: [null, null] },
      nodes: [
        { op: 'Relu', inputs: ['x'], outputs: ['y'] },
        { op: 'Relu', inputs: ['z'], outputs: ['w'] },
      ],
    };
    const { graph } = importModel(makeModel(model), { batchDimension: 'N' });
    expect(graph.inputs.map((input) => input.shape)).toEqual([
      ['batch_size', 4],
      ['N', 'z_dim1'],
    ]);
  });

  it('imports Reshape with a Constant shape and Flatten with a symbolic batch', () => {
    const { graph } = imported({
      opset: 13,
      inputs: { x: ['N', 3, 4] },
      outputs: { y: ['N', 12], z: ['N', 12] },
      nodes: [
        { op: 'Constant', inputs: [], outputs: ['shape'], attributes: { value_ints: [0, -1] } },
        { op: 'Reshape', inputs: ['x', 'shape'], outputs: ['y'] },
        { op: 'Flatten', inputs: ['x'], outputs: ['z'] },
      ],
    });
    expect(graph.values.get('y')?.shape).toEqual(['N', 12]);
    expect(graph.values.get('z')?.shape).toEqual(['N', 12]);
    // The shape constant is read into Reshape's attribute, and nothing else reads it.
    expect(graph.initializers).toEqual([]);
    expect(graph.nodes[0]?.attributes).toEqual({ shape: [0, -1], allowzero: 0 });
  });

  it('imports inference-mode Dropout as the identity', () => {
    const { graph } = imported({
      opset: 13,
      inputs: { x: [2] },
      outputs: { y: [2] },
      nodes: [{ op: 'Dropout', inputs: ['x'], outputs: ['y'] }],
    });
    expect(graph.nodes.map((node) => node.op)).toEqual(['Identity']);
  });

  it('refuses an attribute whose meaning it would drop', () => {
    const model: TestModel = {
      opset: 13,
      inputs: { x: [2, 3] },
      outputs: { y: [2] },
      nodes: [
        {
          op: 'ArgMax',
          inputs: ['x'],
          outputs: ['y'],
          attributes: { axis: 1, select_last_index: 1, keepdims: 0 },
        },
      ],
    };
    expect(() => imported(model)).toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED_OP',
        message: expect.stringContaining('select_last_index'),
      }),
    );
  });
});
