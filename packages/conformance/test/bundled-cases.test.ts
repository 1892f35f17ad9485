import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  BUNDLED_CASES,
  OP_TOLERANCES,
  decodeNumber,
  decodeValues,
  isOnnxCase,
  loadCases,
  type CaseFile,
  type JsonCase,
} from '../src/index.js';

// The cases this package ships: they load, every JSON file follows the schema, every op has a
// tolerance, and each deviation from PyTorch is where the case says it is.

const cases = loadCases();
const golden = cases.filter((testCase): testCase is JsonCase => !isOnnxCase(testCase));

function jsonFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return jsonFiles(path);
    return entry.name.endsWith('.json') ? [path] : [];
  });
}

describe('the bundled cases', () => {
  it('are the vendored ONNX node tests and the golden cases from PyTorch', () => {
    const onnxNode = cases.filter((testCase) => testCase.name.startsWith('onnx-node/'));
    expect(onnxNode.length).toBe(170);
    expect(golden.length).toBeGreaterThan(230);
    expect(cases.filter((testCase) => testCase.name.startsWith('golden/onnx/')).length).toBe(3);
    expect(existsSync(join(BUNDLED_CASES, 'onnx-node', 'NOTICE'))).toBe(true);
  });

  it('follow schema/case.schema.json', () => {
    const schema = JSON.parse(
      readFileSync(new URL('../schema/case.schema.json', import.meta.url), 'utf8'),
    ) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const files = jsonFiles(join(BUNDLED_CASES, 'golden'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const valid = validate(JSON.parse(readFileSync(file, 'utf8')) as CaseFile);
      expect(validate.errors ?? [], file).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('use only ops with a stated tolerance', () => {
    const ops = new Set(golden.map((testCase) => testCase.op));
    expect([...ops].filter((op) => !OP_TOLERANCES[op])).toEqual([]);
  });

  it('cover every activation forward and backward on edge values, odd and empty sizes', () => {
    const names = new Set(golden.map((testCase) => testCase.name));
    for (const activation of ['relu', 'leaky-relu', 'gelu', 'hard-swish', 'softplus', 'linear']) {
      for (const shape of ['edges', 'length-1', 'length-4097', 'empty', 'scalar', 'rank-5']) {
        expect(names.has(`golden/activations/${activation}/${shape}`), shape).toBe(true);
      }
    }
    expect(golden.every((testCase) => testCase.backward !== undefined)).toBe(true);
  });

  it('hold Rectifier’s value where they list a deviation from PyTorch, with a reason', () => {
    let count = 0;
    for (const testCase of golden) {
      for (const deviation of testCase.deviations ?? []) {
        const tensors =
          deviation.of === 'output'
            ? testCase.outputs
            : deviation.of === 'inputGradient'
              ? (testCase.backward?.inputGradients ?? [])
              : (testCase.backward?.parameterGradients ?? []);
        const spec = tensors.find((tensor) => tensor.name === deviation.tensor);
        expect(spec, `${testCase.name} ${deviation.tensor}`).toBeDefined();
        const expected = decodeValues(spec!, testCase.name)[deviation.index] as number;
        const rectifier = Math.fround(decodeNumber(deviation.rectifier, testCase.name));
        const reference = decodeNumber(deviation.reference, testCase.name);
        expect(Object.is(expected, rectifier) || expected === rectifier, testCase.name).toBe(true);
        expect(Object.is(reference, rectifier), testCase.name).toBe(false);
        expect(deviation.reason.length).toBeGreaterThan(20);
        count++;
      }
    }
    expect(count).toBeGreaterThan(0);
  });

  it('never point at files outside the package', () => {
    for (const file of jsonFiles(join(BUNDLED_CASES, 'golden'))) {
      expect(readFileSync(file, 'utf8')).not.toMatch(/\/work\/|shared\/conformance/);
    }
  });
});
