import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphBuilder } from '@rectifier/core';
import { encodeTensor, exportModel } from '@rectifier/onnx';
import type { JsonCase } from '../../src/index.js';

/** A Relu case with a backward part, as a JSON case file writes one. */
export const RELU_CASE: JsonCase = {
  name: 'relu/basic',
  op: 'Relu',
  inputs: [{ name: 'X', shape: [2, 3], values: [-1, '-0', 'NaN', 2, 'Infinity', '-Infinity'] }],
  outputs: [{ name: 'Y', shape: [2, 3], values: [0, 0, 'NaN', 2, 'Infinity', 0] }],
  backward: {
    outputGradients: [{ name: 'dY', shape: [2, 3], values: [1, 2, 3, 4, 5, 6] }],
    inputGradients: [{ name: 'X', shape: [2, 3], values: [0, 0, 'NaN', 4, 5, 0] }],
  },
};

/**
 * A folder in the extended ONNX layout: y = Relu(x + b), b an initialiser, with one data set
 * holding the upstream gradient and the expected gradients of x and b.
 */
export function writeOnnxCase(options: { wrongParameterGradient?: boolean } = {}): string {
  const builder = new GraphBuilder('relu-bias');
  const x = builder.input('x', [4]);
  const b = builder.parameter('b', [4], Float32Array.of(0.5, -0.5, 1, -2));
  builder.output(builder.op('Relu', [builder.op('Add', [x, b])]), 'y');
  const root = mkdtempSync(join(tmpdir(), 'conformance-'));
  const folder = join(root, 'relu_bias');
  const data = join(folder, 'test_data_set_0');
  mkdirSync(data, { recursive: true });
  writeFileSync(join(folder, 'model.onnx'), exportModel(builder.build(), { opset: 17 }));

  const tensor = (name: string, values: number[]) =>
    encodeTensor({ name, shape: [4], values: Float32Array.from(values) });
  // x + b = [1.5, -1.5, 1, -1]; dy = [1, 2, 3, 4]
  writeFileSync(join(data, 'input_0.pb'), tensor('x', [1, -1, 0, 1]));
  writeFileSync(join(data, 'output_0.pb'), tensor('y', [1.5, 0, 1, 0]));
  writeFileSync(join(data, 'output_grad_0.pb'), tensor('y', [1, 2, 3, 4]));
  writeFileSync(join(data, 'input_grad_0.pb'), tensor('x', [1, 0, 3, 0]));
  const db = options.wrongParameterGradient ? [1, 0, 3, 1] : [1, 0, 3, 0];
  writeFileSync(join(data, 'param_grad_0.pb'), tensor('b', db));
  return root;
}
