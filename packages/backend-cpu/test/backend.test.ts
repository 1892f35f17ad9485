import { ArgumentError, listOps, loadBackend, ShapeError, Tensor } from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend, createBackend } from '../src/index.js';

describe('CpuBackend', () => {
  const backend = new CpuBackend();

  it('is the cpu backend at float32 precision', () => {
    expect(backend.name).toBe('cpu');
    expect(backend.precision).toBe('float32');
    expect(createBackend()).toBeInstanceOf(CpuBackend);
  });

  it('is what loadBackend("cpu") finds', async () => {
    const loaded = await loadBackend('cpu');
    expect(loaded.name).toBe('cpu');
    expect(loaded.supports('Gemm')).toBe(true);
  });

  it('has a kernel for every op of the op set', () => {
    const missing = listOps()
      .map((op) => op.name)
      .filter((op) => !backend.supports(op));
    expect(missing).toEqual([]);
    expect(backend.supports('NoSuchOp')).toBe(false);
  });

  it('makes float32 tensors from number arrays, shaped [length] by default', async () => {
    const x = backend.tensor([1.5, -2, 3]);
    expect(x.shape).toEqual([3]);
    expect(x.dtype).toBe('float32');
    expect(await x.data()).toEqual(Float32Array.from([1.5, -2, 3]));
  });

  it('makes int64 tensors from numbers and int32 ones on request', async () => {
    const labels = backend.tensor([3, 0, 9], [3], 'int64');
    const counts = backend.tensor([1, 2], [2, 1], 'int32');
    expect(await labels.data()).toEqual(BigInt64Array.from([3n, 0n, 9n]));
    expect(await counts.data()).toEqual(Int32Array.from([1, 2]));
    expect(() => backend.tensor([1.5], [1], 'int64')).toThrow(ArgumentError);
  });

  it('keeps the dtype of a typed array and copies it', async () => {
    const values = Int32Array.from([4, 5, 6, 7]);
    const x = backend.tensor(values, [2, 2]);
    values[0] = 100;
    expect(x.dtype).toBe('int32');
    expect([...(await x.data())]).toEqual([4, 5, 6, 7]);
    expect(backend.tensor([], [0, 3]).size).toBe(0);
    expect(backend.tensor([7], []).shape).toEqual([]);
  });

  it('makes tensors over typed arrays without a copy with asTensor', async () => {
    const values = Float32Array.of(1, 2, 3, 4);
    const x = backend.asTensor(values, [2, 2]);
    values[0] = 9;
    expect(x.dtype).toBe('float32');
    expect(x.shape).toEqual([2, 2]);
    expect([...(await x.data())]).toEqual([9, 2, 3, 4]);
    expect(backend.asTensor(BigInt64Array.of(1n, 2n)).dtype).toBe('int64');
    expect(backend.asTensor(Int32Array.of(1, 2)).shape).toEqual([2]);
    expect(() => backend.asTensor(Float64Array.of(1) as never)).toThrow(ArgumentError);
    expect(() => backend.asTensor(values, [3])).toThrow(ShapeError);
  });

  it('names both the length and the shape when they disagree', () => {
    expect(() => backend.tensor([1, 2, 3], [2, 2])).toThrow(ShapeError);
    expect(() => backend.tensor([1, 2, 3], [2, 2])).toThrow(/3 values.*\[2, 2\].*holds 4/);
  });

  it('downloads a copy', async () => {
    const x = backend.tensor([1, 2]);
    const values = await backend.download(x);
    values[0] = 9;
    expect([...(await x.data())]).toEqual([1, 2]);
  });

  it('refuses to read a released tensor or another backend’s', async () => {
    const x = backend.tensor([1, 2]);
    x.dispose();
    await expect(x.data()).rejects.toThrow(/released/);
    const foreign = new Tensor(new CpuBackend(), [1], 'float32', new Float32Array(1));
    await expect(backend.download(foreign)).rejects.toThrow(ArgumentError);
  });
});
