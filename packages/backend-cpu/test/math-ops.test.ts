import { sizeOf } from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { erf } from '../src/kernels/unary/math.js';
import { expectClose, randomValues, run, stridesOf, unravel } from './helpers/harness.js';

// The kernels of the standard ONNX math and shape ops against formulas written here: the
// unary functions, Pow, the variadic Sum/Mean/Max/Min, ReduceMax, Transpose and Flatten.

const EDGES = [NaN, Infinity, -Infinity, -0, 0, 1e-45, -1e-45, 0.5, -0.5, 2, -3, 100, -100];

describe('unary math kernels', () => {
  const cases: [string, (x: number) => number][] = [
    ['Abs', Math.abs],
    ['Sign', (x) => (x > 0 ? 1 : x < 0 ? -1 : x)],
    ['Exp', Math.exp],
    ['Log', Math.log],
    ['Sqrt', Math.sqrt],
  ];
  it.each(cases)('%s on edge values and 1023 random ones', async (op, rule) => {
    for (const values of [Float32Array.from(EDGES), randomValues([1023], 3, -5, 5)]) {
      const [y] = await run(op, [{ values, shape: [values.length] }]);
      expectClose(y!.values as Float32Array, Float32Array.from(values, rule), 0, 0);
    }
  });

  it('Erf against its series and known values, odd and saturating', async () => {
    const x = Float32Array.of(0, -0, 1e-30, 0.1, 0.49, 0.5, 1, -1, 2, 3.5, 6, Infinity, NaN);
    const [y] = await run('Erf', [{ values: x, shape: [x.length] }]);
    // From Python's math.erf, correctly rounded doubles.
    const known = [0, -0, 1.1283791670955127e-30, 0.1124629160182849, 0.511668261188523];
    known.push(0.5204998778130465, 0.8427007929497149);
    expectClose((y!.values as Float32Array).slice(0, 7), Float32Array.from(known), 2e-7, 0);
    expect(erf(-1)).toBeCloseTo(-0.8427007929, 7);
    expect([...(y!.values as Float32Array).slice(8)]).toEqual([
      Math.fround(0.9953222650189527),
      Math.fround(0.9999992569016276),
      1,
      1,
      NaN,
    ]);
  });
});

describe('Pow', () => {
  it('follows C pow at the edges', async () => {
    const x = Float32Array.of(2, -8, 1, 1, -1, NaN, 0, 0, -2, 4);
    const y = Float32Array.of(3, 1 / 3, NaN, Infinity, -Infinity, 0, -1, 0, 0.5, -0.5);
    const [z] = await run('Pow', [
      { values: x, shape: [10] },
      { values: y, shape: [10] },
    ]);
    expect([...(z!.values as Float32Array)]).toEqual([8, NaN, 1, 1, 1, 1, Infinity, 1, NaN, 0.5]);
  });

  it('broadcasts the exponent', async () => {
    const x = randomValues([4, 3], 5, 0.1, 3);
    const [z] = await run('Pow', [
      { values: x, shape: [4, 3] },
      { values: [2, 0.5, -1], shape: [3] },
    ]);
    const expected = Float32Array.from(x, (v, i) => v ** ([2, 0.5, -1][i % 3] as number));
    expectClose(z!.values as Float32Array, expected, 1e-7, 0);
  });
});

describe('variadic kernels', () => {
  const a = Float32Array.of(1, -2, NaN, 4, 0.5, -0);
  const b = Float32Array.of(3, 1, 2);
  const c = Float32Array.of(10);
  const fold = (rule: (values: number[]) => number) =>
    Float32Array.from(a, (value, i) => rule([value, b[i % 3] as number, c[0] as number]));

  it.each([
    ['Sum', (values: number[]) => values.reduce((s, v) => s + v, 0)],
    ['Mean', (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length],
    ['Max', (values: number[]) => Math.max(...values)],
    ['Min', (values: number[]) => Math.min(...values)],
  ])('%s of three inputs broadcast, [2, 3] [3] [1]', async (op, rule) => {
    const [y] = await run(op, [
      { values: a, shape: [2, 3] },
      { values: b, shape: [3] },
      { values: c, shape: [1] },
    ]);
    expect(y!.shape).toEqual([2, 3]);
    expectClose(y!.values as Float32Array, fold(rule), 1e-7, 0);
  });

  it('passes a single input through and broadcasts a first input that is smaller', async () => {
    const [single] = await run('Max', [{ values: a, shape: [6] }]);
    expect([...(single!.values as Float32Array)]).toEqual([...a]);
    const [grown] = await run('Sum', [
      { values: b, shape: [3] },
      { values: a, shape: [2, 3] },
    ]);
    expectClose(
      grown!.values as Float32Array,
      Float32Array.from(a, (v, i) => v + b[i % 3]!),
    );
  });
});

describe('ReduceMax', () => {
  it('takes the largest element along the axes; NaN wins', async () => {
    const shape = [3, 4, 5];
    const x = randomValues(shape, 9);
    x[7] = NaN;
    for (const axes of [[], [0], [1], [2], [-1], [0, 2]]) {
      const [y] = await run('ReduceMax', [{ values: x, shape }], { axes, keepdims: 1 });
      const reduced = new Set(axes.length ? axes.map((axis) => (axis + 3) % 3) : [0, 1, 2]);
      const kept = shape.map((dim, axis) => (reduced.has(axis) ? 1 : dim));
      const expected = new Float32Array(sizeOf(kept)).fill(-Infinity);
      const strides = stridesOf(kept);
      x.forEach((value, i) => {
        const out = unravel(i, shape).reduce(
          (index, along, axis) => index + (reduced.has(axis) ? 0 : along * strides[axis]!),
          0,
        );
        expected[out] = Number.isNaN(value) ? NaN : Math.max(expected[out]!, value);
      });
      expect(y!.shape).toEqual(kept);
      expectClose(y!.values as Float32Array, expected, 0, 0);
    }
  });
});

describe('Transpose and Flatten', () => {
  it('transposes by every permutation of a [2, 3, 4] tensor', async () => {
    const shape = [2, 3, 4];
    const x = randomValues(shape, 11);
    const perms = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    for (const perm of perms) {
      const [y] = await run('Transpose', [{ values: x, shape }], { perm });
      const outShape = perm.map((axis) => shape[axis]!);
      const strides = stridesOf(shape);
      const expected = Float32Array.from({ length: x.length }, (_, i) => {
        const position = unravel(i, outShape);
        return x[
          position.reduce((index, along, axis) => index + along * strides[perm[axis]!]!, 0)
        ]!;
      });
      expect(y!.shape).toEqual(outShape);
      expect([...(y!.values as Float32Array)]).toEqual([...expected]);
    }
  });

  it('transposes int64 and empty tensors', async () => {
    const [y] = await run('Transpose', [
      { values: [1, 2, 3, 4, 5, 6], shape: [2, 3], dtype: 'int64' },
    ]);
    expect([...(y!.values as BigInt64Array)]).toEqual([1n, 4n, 2n, 5n, 3n, 6n]);
    const [empty] = await run('Transpose', [{ values: [], shape: [0, 3] }]);
    expect(empty!.shape).toEqual([3, 0]);
  });

  it('flattens without moving values', async () => {
    const x = randomValues([2, 3, 4], 12);
    const [y] = await run('Flatten', [{ values: x, shape: [2, 3, 4] }], { axis: 2 });
    expect(y!.shape).toEqual([6, 4]);
    expect([...(y!.values as Float32Array)]).toEqual([...x]);
  });
});
