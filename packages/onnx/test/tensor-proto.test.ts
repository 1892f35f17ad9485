import { describe, expect, it } from 'vitest';
import { decodeTensor, encodeTensor } from '../src/index.js';
import { onnx } from '../src/proto.js';
import { readCase } from './helpers/fixtures.js';

describe('TensorProto files', () => {
  it('reads the ONNX backend-test data files', () => {
    const { inputs, outputs } = readCase('onnx-node/test_relu');
    expect(inputs[0]).toMatchObject({ name: 'x', shape: [3, 4, 5], dtype: 'float32' });
    expect(inputs[0]?.values).toHaveLength(60);
    const relu = Array.from(inputs[0]?.values as Float32Array, (value) => Math.max(0, value));
    expect(Array.from(outputs[0]?.values as Float32Array)).toEqual(relu);
  });

  it('reads int64 tensors', () => {
    const { inputs } = readCase('onnx-node/test_reduce_sum_keepdims_example');
    expect(inputs[1]).toMatchObject({ name: 'axes', shape: [1], dtype: 'int64' });
    expect(Array.from(inputs[1]?.values as BigInt64Array)).toEqual([1n]);
  });

  it.each([
    ['float32', Float32Array.of(1.5, -0, NaN, Infinity, 3e-39, -2)],
    ['int32', Int32Array.of(-(2 ** 31), 0, 7, 2 ** 31 - 1, 1, 2)],
    ['int64', BigInt64Array.of(-(2n ** 63n), 0n, 2n ** 53n + 1n, 2n ** 63n - 1n, 3n, 4n)],
  ])('round-trips %s values exactly', (dtype, values) => {
    const decoded = decodeTensor(encodeTensor({ name: 't', shape: [2, 3], values }));
    expect(decoded).toMatchObject({ name: 't', shape: [2, 3], dtype });
    expect(Object.is(decoded.values[1], values[1])).toBe(true);
    expect(Array.from(decoded.values as ArrayLike<number | bigint>)).toEqual(
      Array.from(values as ArrayLike<number | bigint>),
    );
  });

  it('reads the typed data fields as well as raw_data', () => {
    const float = onnx.TensorProto.encode({
      name: 'f',
      dims: [2],
      dataType: 1,
      floatData: [0.5, -1],
    }).finish();
    const int64 = onnx.TensorProto.encode({
      name: 'i',
      dims: [2],
      dataType: 7,
      int64Data: [3, -4],
    }).finish();
    const int32 = onnx.TensorProto.encode({
      name: 'j',
      dims: [1],
      dataType: 6,
      int32Data: [9],
    }).finish();
    expect(Array.from(decodeTensor(float).values as Float32Array)).toEqual([0.5, -1]);
    expect(Array.from(decodeTensor(int64).values as BigInt64Array)).toEqual([3n, -4n]);
    expect(Array.from(decodeTensor(int32).values as Int32Array)).toEqual([9]);
  });

  it('names the file and the dtype of a tensor Rectifier does not hold', () => {
    const doubles = onnx.TensorProto.encode({
      name: 'd',
      dims: [1],
      dataType: 11,
      doubleData: [1],
    }).finish();
    expect(() => decodeTensor(doubles, 'd.pb')).toThrow(
      expect.objectContaining({
        code: 'INVALID_MODEL',
        message: expect.stringMatching(/^d\.pb: tensor 'd' is DOUBLE/),
      }),
    );
  });

  it('refuses values that do not fill the shape', () => {
    expect(() => encodeTensor({ shape: [2, 2], values: Float32Array.of(1) })).toThrow(
      /holds 4 values, but 1/,
    );
  });
});
