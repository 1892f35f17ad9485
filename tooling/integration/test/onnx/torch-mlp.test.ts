import { describe, expect, it } from 'vitest';
import { importModel } from '@rectifier/onnx';
import { expectClose } from '../../../../packages/onnx/test/helpers/close.js';
import { readCase } from '../../../../packages/onnx/test/helpers/fixtures.js';
import { runOnCpu } from './run-cpu.js';
import { runOnOrt } from '../../../../packages/onnx/test/helpers/run-ort.js';

// Made by tooling/golden/export_torch_mlp.py: torch.onnx.export of a 784-64-32-16-10 ReLU MLP.
const torch = readCase('torch-mlp');

describe('a model exported by PyTorch', () => {
  const model = importModel(torch.model, { source: torch.path });

  it('imports with its names, opset, producer and dynamic batch', () => {
    expect(model.producer).toBe('pytorch');
    expect(model.opset).toBe(13);
    expect(model.inputs).toEqual(['input']);
    expect(model.outputs).toEqual(['logits']);
    expect(model.graph.inputs[0]?.shape).toEqual(['batch', 784]);
    expect(model.graph.values.get('logits')?.shape).toEqual(['batch', 10]);
    expect(model.graph.nodes.map((node) => node.op)).toEqual([
      'Gemm',
      'Relu',
      'Gemm',
      'Relu',
      'Gemm',
      'Relu',
      'Gemm',
    ]);
    expect(model.graph.initializers.map((init) => [init.name, init.shape])).toContainEqual([
      '0.weight',
      [64, 784],
    ]);
  });

  it("runs on the CPU backend and matches PyTorch's outputs", async () => {
    const [input, expected] = [torch.inputs[0]!, torch.outputs[0]!];
    expect(input.shape).toEqual([8, 784]);
    const { logits } = await runOnCpu(model.graph, { input });
    expectClose(logits as Float32Array, expected.values as Float32Array, {
      rtol: 1e-5,
      atol: 1e-5,
    });
  });

  it('runs in onnxruntime-node with the same outputs, as a check on the fixture', async () => {
    const { logits } = await runOnOrt(torch.model, { input: torch.inputs[0]! });
    expectClose(logits as Float32Array, torch.outputs[0]!.values as Float32Array, {
      rtol: 1e-5,
      atol: 1e-5,
    });
  });
});
