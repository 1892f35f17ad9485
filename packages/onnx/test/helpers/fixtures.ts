import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeTensor, type DecodedTensor } from '../../src/index.js';

/** The folder of the vendored fixtures (see fixtures/NOTICE). */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** A case in the ONNX backend-test layout: the model and its first data set. */
export interface BackendCase {
  readonly path: string;
  readonly model: Uint8Array;
  readonly inputs: DecodedTensor[];
  readonly outputs: DecodedTensor[];
}

function readAll(folder: string, prefix: string): DecodedTensor[] {
  const tensors: DecodedTensor[] = [];
  for (let index = 0; existsSync(join(folder, `${prefix}_${index}.pb`)); index++) {
    const path = join(folder, `${prefix}_${index}.pb`);
    tensors.push(decodeTensor(readFileSync(path), path));
  }
  return tensors;
}

/** Reads a case folder under fixtures/, such as 'onnx-node/test_relu' or 'torch-mlp'. */
export function readCase(name: string): BackendCase {
  const folder = join(FIXTURES, name);
  const data = join(folder, 'test_data_set_0');
  const path = join(folder, 'model.onnx');
  return {
    path,
    model: readFileSync(path),
    inputs: readAll(data, 'input'),
    outputs: readAll(data, 'output'),
  };
}
