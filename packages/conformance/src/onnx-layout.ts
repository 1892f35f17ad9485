import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OnnxCase, OnnxDataSet } from './case.js';
import { invalidCase } from './values.js';

const DATA_FILE = /^(input|output|output_grad|input_grad|param_grad)_(\d+)\.pb$/;

/** The data sets' files by kind and index, checked to be numbered 0, 1, ... without gaps. */
function readDataSet(folder: string, name: string): OnnxDataSet {
  const byKind = new Map<string, Map<number, Uint8Array>>();
  for (const file of readdirSync(folder).sort()) {
    const match = DATA_FILE.exec(file);
    if (!match) continue;
    const [, kind = '', index = '0'] = match;
    const files = byKind.get(kind) ?? new Map<number, Uint8Array>();
    files.set(Number(index), readFileSync(join(folder, file)));
    byKind.set(kind, files);
  }
  const ordered = (kind: string): Uint8Array[] => {
    const files = byKind.get(kind) ?? new Map<number, Uint8Array>();
    const list = Array.from({ length: files.size }, (_, index) => files.get(index));
    if (list.some((file) => file === undefined)) {
      throw invalidCase(folder, `the ${kind}_K.pb files must be numbered 0 to ${files.size - 1}.`);
    }
    return list as Uint8Array[];
  };
  const outputs = ordered('output');
  if (outputs.length === 0) throw invalidCase(folder, 'a data set needs output_0.pb.');
  return {
    name,
    inputs: ordered('input'),
    outputs,
    outputGradients: byKind.get('output_grad') ?? new Map(),
    inputGradients: byKind.get('input_grad') ?? new Map(),
    parameterGradients: ordered('param_grad'),
  };
}

/** Whether a folder holds a case in the ONNX backend-test layout. */
export function isOnnxCaseFolder(folder: string): boolean {
  return existsSync(join(folder, 'model.onnx'));
}

/**
 * Reads a case in the ONNX backend-test layout, extended for backward passes:
 *
 *     model.onnx
 *     test_data_set_N/input_K.pb        inputs, in graph-input order
 *     test_data_set_N/output_K.pb       expected outputs, in graph-output order
 *     test_data_set_N/output_grad_K.pb  the upstream gradient of output K (optional)
 *     test_data_set_N/input_grad_K.pb   the expected gradient of input K
 *     test_data_set_N/param_grad_J.pb   the expected gradient of the initialiser it names
 *
 * The tensors are decoded when the case runs, so a file Rectifier cannot read is reported
 * against its case rather than stopping the suite.
 */
export function readOnnxCase(folder: string, name: string): OnnxCase {
  const model = readFileSync(join(folder, 'model.onnx'));
  const dataSets = readdirSync(folder)
    .filter((entry) => /^test_data_set_\d+$/.test(entry))
    .sort((a, b) => Number(a.slice(14)) - Number(b.slice(14)))
    .map((entry) => readDataSet(join(folder, entry), entry));
  if (dataSets.length === 0) throw invalidCase(folder, 'it has no test_data_set_N folder.');
  return { format: 'onnx', name, source: folder, model, dataSets };
}
