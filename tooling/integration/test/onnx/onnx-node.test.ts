import { SELU_ALPHA, SELU_SCALE } from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { importModel, type DecodedTensor } from '@rectifier/onnx';
import { expectClose } from '../../../../packages/onnx/test/helpers/close.js';
import { readCase } from '../../../../packages/onnx/test/helpers/fixtures.js';
import { runOnCpu } from './run-cpu.js';

/** Vendored ONNX backend tests (see fixtures/NOTICE), with inputs Rectifier needs constant. */
const CASES: readonly { name: string; constantInputs?: readonly number[] }[] = [
  { name: 'test_relu' },
  { name: 'test_leakyrelu_default' },
  { name: 'test_hardsigmoid_default' },
  { name: 'test_hardsigmoid' },
  { name: 'test_hardswish' },
  { name: 'test_selu_default' },
  { name: 'test_elu_default' },
  { name: 'test_celu' },
  { name: 'test_thresholdedrelu_default' },
  { name: 'test_softplus' },
  { name: 'test_prelu_broadcast' },
  { name: 'test_clip_default_inbounds' },
  { name: 'test_clip' },
  { name: 'test_gemm_all_attributes' },
  { name: 'test_softmax_axis_1' },
  { name: 'test_logsoftmax_axis_1' },
  { name: 'test_flatten_axis2' },
  { name: 'test_reduce_sum_keepdims_example', constantInputs: [1] },
];

function load(name: string, constantInputs: readonly number[] = []) {
  const testCase = readCase(`onnx-node/${name}`);
  const constants: Record<string, DecodedTensor> = {};
  for (const index of constantInputs) {
    const tensor = testCase.inputs[index] as DecodedTensor;
    constants[tensor.name] = tensor;
  }
  return { testCase, model: importModel(testCase.model, { source: testCase.path, constants }) };
}

describe('ONNX backend test models', () => {
  it.each(CASES)('$name imports and runs on the CPU backend', async ({ name, constantInputs }) => {
    const { testCase, model } = load(name, constantInputs);
    const feeds = Object.fromEntries(
      testCase.inputs
        .filter((tensor) => model.inputs.includes(tensor.name))
        .map((tensor) => [tensor.name, tensor]),
    );
    const results = await runOnCpu(model.graph, feeds);

    model.outputs.forEach((output, index) => {
      const expected = testCase.outputs[index] as DecodedTensor;
      expect(model.graph.values.get(output)?.shape).toEqual(expected.shape);
      expectClose(results[output] as Float32Array, expected.values as Float32Array);
    });
  });

  it('gives an imported HardSigmoid without alpha ONNX default 0.2, not 1/6', () => {
    const node = load('test_hardsigmoid_default').model.graph.nodes[0];
    expect(node?.attributes).toEqual({ alpha: 0.2, beta: 0.5 });
  });

  it('applies ONNX defaults to other activations', () => {
    const attributes = (name: string) => load(name).model.graph.nodes[0]?.attributes;
    expect(attributes('test_leakyrelu_default')).toEqual({ alpha: 0.01 });
    expect(attributes('test_elu_default')).toEqual({ alpha: 1 });
    expect(attributes('test_thresholdedrelu_default')).toEqual({ alpha: 1 });
    expect(attributes('test_selu_default')).toEqual({
      alpha: 1.67326319217681884765625,
      gamma: 1.05070102214813232421875,
    });
    expect(Math.fround(SELU_ALPHA)).toBe(1.67326319217681884765625);
    expect(Math.fround(SELU_SCALE)).toBe(1.05070102214813232421875);
  });

  it('reads float attributes as the decimals their authors wrote', () => {
    const gemm = load('test_gemm_all_attributes').model.graph.nodes[0];
    expect(gemm?.attributes).toEqual({ alpha: 0.25, beta: 0.35, transA: 1, transB: 1 });
    expect(load('test_hardsigmoid').model.graph.nodes[0]?.attributes).toEqual({
      alpha: 0.5,
      beta: 0.6,
    });
  });

  it('keeps ONNX value names and reports the opset and producer', () => {
    const { model } = load('test_softmax_axis_1');
    expect(model.opset).toBe(13);
    expect(model.inputs).toEqual(['x']);
    expect(model.outputs).toEqual(['y']);
    expect(model.graph.nodes.map((node) => [node.op, node.attributes])).toEqual([
      ['Softmax', { axis: 1 }],
    ]);
  });

  it('asks for a constant where ONNX allows an axes input computed at run time', () => {
    expect(() => load('test_reduce_sum_keepdims_example')).toThrow(
      expect.objectContaining({
        code: 'INVALID_MODEL',
        message: expect.stringMatching(/axes input 'axes' is computed at run time.*constant/),
      }),
    );
  });
});
