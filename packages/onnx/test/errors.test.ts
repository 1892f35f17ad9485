import { RectifierError } from '@rectifier/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTensor, EXPORT_OPSETS, exportModel, importModel } from '../src/index.js';
import { IMPORT_OPSETS } from '../src/import/opsets.js';
import { FIXTURES, readCase } from './helpers/fixtures.js';
import { buildMlp } from './helpers/graphs.js';
import { makeModel } from './helpers/onnx-model.js';

/** Runs `action` and returns the RectifierError it throws. */
function caught(action: () => unknown): RectifierError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(RectifierError);
    return error as RectifierError;
  }
  return expect.fail('expected a RectifierError');
}

/** Seeded bytes, so that the test sees the same "random" file every run. */
function noise(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

describe('corrupt and truncated files', () => {
  const torch = readCase('torch-mlp');

  it('reports a model cut in half as INVALID_MODEL naming the file', () => {
    const half = torch.model.subarray(0, Math.floor(torch.model.length / 2));
    const error = caught(() => importModel(half, { source: 'mlp.onnx' }));
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toMatch(/^mlp\.onnx: the file is truncated or not an ONNX model/);
  });

  it.each([1, 2, 3, 4, 5])('reports random bytes (seed %i) as INVALID_MODEL', (seed) => {
    const error = caught(() => importModel(noise(4096, seed), { source: 'noise.onnx' }));
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toMatch(/^noise\.onnx: /);
  });

  it('reports empty bytes and a model without a graph', () => {
    const error = caught(() => importModel(new Uint8Array(), { source: 'empty.onnx' }));
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toContain('empty.onnx: the file is truncated or not an ONNX model');
  });

  it('reports every cut of a small model as INVALID_MODEL, never a crash', () => {
    const model = readCase('onnx-node/test_gemm_all_attributes').model;
    for (let length = 0; length < model.length; length += 7) {
      const error = caught(() => importModel(model.subarray(0, length), { source: 'gemm.onnx' }));
      expect(error.code).toBe('INVALID_MODEL');
      expect(error.message).toMatch(/^gemm\.onnx: /);
    }
  });

  it('reports a truncated tensor file as INVALID_MODEL naming it', () => {
    const path = join(FIXTURES, 'torch-mlp', 'test_data_set_0', 'input_0.pb');
    const bytes = readFileSync(path);
    for (const length of [20, 1000, bytes.length - 1]) {
      const error = caught(() => decodeTensor(bytes.subarray(0, length), 'input_0.pb'));
      expect(error.code).toBe('INVALID_MODEL');
      expect(error.message).toMatch(/^input_0\.pb: .*truncated/);
    }
  });
});

describe('ops Rectifier lacks', () => {
  it('lists every unsupported op with its count in one error', () => {
    const bytes = makeModel({
      opset: 13,
      inputs: { x: [1, 3, 8, 8] },
      outputs: { z: [1, 3, 2, 2] },
      nodes: [
        { op: 'Conv', inputs: ['x', 'w'], outputs: ['a'] },
        { op: 'Relu', inputs: ['a'], outputs: ['b'] },
        { op: 'Conv', inputs: ['b', 'w'], outputs: ['c'] },
        { op: 'MaxPool', inputs: ['c'], outputs: ['z'], attributes: { kernel_shape: [2, 2] } },
      ],
    });
    const error = caught(() => importModel(bytes, { source: 'convnet.onnx' }));
    expect(error.code).toBe('UNSUPPORTED_OP');
    expect(error.message).toBe('convnet.onnx: Rectifier has no import for Conv (2), MaxPool (1).');
  });

  it('lists nodes of other domains, and ops newer than the model opset', () => {
    const bytes = makeModel({
      opset: 17,
      inputs: { x: [2] },
      outputs: { z: [2] },
      nodes: [
        { op: 'FusedGemm', domain: 'com.microsoft', inputs: ['x'], outputs: ['a'] },
        { op: 'Gelu', inputs: ['a'], outputs: ['z'] },
      ],
    });
    const error = caught(() => importModel(bytes, { source: 'm.onnx' }));
    expect(error.message).toBe(
      'm.onnx: Rectifier has no import for com.microsoft.FusedGemm (1). The model imports ' +
        'opset 17, which does not define Gelu (from opset 20).',
    );
  });

  it('refuses Erf in a model of an opset before 9, where ONNX has no Erf', () => {
    const bytes = makeModel({
      opset: 7,
      inputs: { x: [2] },
      outputs: { y: [2] },
      nodes: [{ op: 'Erf', inputs: ['x'], outputs: ['y'] }],
    });
    expect(caught(() => importModel(bytes, { source: 'old.onnx' })).message).toMatch(
      /opset 7, which does not define Erf \(from opset 9\)/,
    );
  });

  it('names the node when a shape does not fit', () => {
    const bytes = makeModel({
      opset: 13,
      inputs: { a: [2, 3], b: [4, 5] },
      outputs: { y: [2, 5] },
      nodes: [{ op: 'MatMul', inputs: ['a', 'b'], outputs: ['y'] }],
    });
    const error = caught(() => importModel(bytes, { source: 'bad.onnx' }));
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toMatch(/^bad\.onnx: node 'MatMul_0' \(MatMul\): MatMul: inner dim/);
    expect((error.cause as RectifierError).code).toBe('SHAPE_MISMATCH');
  });
});

describe('names ONNX does not define', () => {
  it('does not import Silu, a Rectifier op that ONNX lacks', () => {
    const bytes = makeModel({
      opset: 17,
      inputs: { x: [2] },
      outputs: { y: [2] },
      nodes: [{ op: 'Silu', inputs: ['x'], outputs: ['y'] }],
    });
    expect(() => importModel(bytes, { source: 'silu.onnx' })).toThrow(
      'silu.onnx: Rectifier has no import for Silu (1).',
    );
  });
});

describe('opsets outside those the importer knows', () => {
  const relu = (opset: number) =>
    makeModel({
      opset,
      inputs: { x: [2] },
      outputs: { y: [2] },
      nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }],
    });

  it('reads opsets 1 to the highest export writes, as the op tables give their meaning', () => {
    expect(IMPORT_OPSETS).toEqual({ min: 1, max: EXPORT_OPSETS.max });
    for (const opset of [1, 6, 13, IMPORT_OPSETS.max]) {
      expect(importModel(relu(opset)).opset).toBe(opset);
    }
    const { builder, probs } = buildMlp();
    builder.output(probs);
    const exported = exportModel(builder.build(), { opset: EXPORT_OPSETS.max });
    expect(importModel(exported).opset).toBe(EXPORT_OPSETS.max);
  });

  it.each([99, IMPORT_OPSETS.max + 1])('refuses opset %i, naming the highest it knows', (opset) => {
    const error = caught(() => importModel(relu(opset), { source: 'new.onnx' }));
    expect(error.code).toBe('UNSUPPORTED_OP');
    expect(error.message).toBe(
      `new.onnx: the model imports ONNX opset ${opset}, newer than the highest Rectifier knows ` +
        `(${IMPORT_OPSETS.max}); export it again at opset ${IMPORT_OPSETS.max} or lower ` +
        '(in PyTorch, the opset_version of torch.onnx.export).',
    );
  });

  it('refuses it before listing ops, which a newer opset may define', () => {
    const bytes = makeModel({
      opset: 99,
      inputs: { x: [2] },
      outputs: { y: [2] },
      nodes: [{ op: 'Swish', inputs: ['x'], outputs: ['y'] }],
    });
    expect(caught(() => importModel(bytes, { source: 'new.onnx' })).message).toMatch(
      /^new\.onnx: the model imports ONNX opset 99, newer than/,
    );
  });

  it.each([0, -3])('refuses opset %i, which ONNX does not define', (opset) => {
    const error = caught(() => importModel(relu(opset), { source: 'odd.onnx' }));
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toBe(
      `odd.onnx: the model imports ONNX opset ${opset}, which ONNX does not define; ` +
        `Rectifier imports opsets 1 to ${IMPORT_OPSETS.max}.`,
    );
  });
});
