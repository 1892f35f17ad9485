import { sizeOf } from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { expectClose, randomValues, run, stridesOf, unravel } from './helpers/harness.js';

type Kind = 'ReduceSum' | 'ReduceMean' | 'ReduceSumSquare';

/** A reduction by multi-index: every input element added into the output it maps to. */
function reference(kind: Kind, x: Float32Array, shape: number[], axes: number[], keepdims: number) {
  const reduced = new Set(
    (axes.length === 0 ? shape.map((_, axis) => axis) : axes).map((axis) =>
      axis < 0 ? axis + shape.length : axis,
    ),
  );
  const kept = shape.map((dim, axis) => (reduced.has(axis) ? 1 : dim));
  const sums = new Float64Array(sizeOf(kept));
  const strides = stridesOf(kept);
  for (let i = 0; i < x.length; i++) {
    const position = unravel(i, shape);
    let out = 0;
    position.forEach((along, axis) => {
      if (!reduced.has(axis)) out += along * (strides[axis] as number);
    });
    const value = x[i] as number;
    sums[out] = (sums[out] as number) + (kind === 'ReduceSumSquare' ? value * value : value);
  }
  const count = shape.reduce(
    (product, dim, axis) => (reduced.has(axis) ? product * dim : product),
    1,
  );
  const values = Float32Array.from(sums, (sum) => (kind === 'ReduceMean' ? sum / count : sum));
  const outShape = keepdims ? kept : shape.filter((_, axis) => !reduced.has(axis));
  return { values, shape: outShape };
}

const AXES: readonly number[][] = [[], [0], [1], [2], [-1], [0, 2], [0, 1], [1, 2], [0, 1, 2]];

describe('reductions', () => {
  for (const kind of ['ReduceSum', 'ReduceMean', 'ReduceSumSquare'] as const) {
    for (const axes of AXES) {
      for (const keepdims of [0, 1]) {
        it(`${kind} of [3, 5, 17] over ${JSON.stringify(axes)}, keepdims ${keepdims}`, async () => {
          const shape = [3, 5, 17];
          const x = randomValues(shape, 3);
          const expected = reference(kind, x, shape, axes, keepdims);

          const [result] = await run(kind, [{ values: x, shape }], { axes, keepdims });

          expect(result?.shape).toEqual(expected.shape);
          expectClose(result?.values as Float32Array, expected.values, 1e-6, 1e-6);
        });
      }
    }
  }

  it('reduces around axes of size 1', async () => {
    const shape = [2, 1, 3, 1];
    const x = randomValues(shape, 4);
    for (const axes of [[1], [0, 3], [2], [1, 2]]) {
      const expected = reference('ReduceSum', x, shape, axes, 1);
      const [result] = await run('ReduceSum', [{ values: x, shape }], { axes });
      expect(result?.shape).toEqual(expected.shape);
      expectClose(result?.values as Float32Array, expected.values);
    }
  });

  it('works a small example by hand', async () => {
    const x = { values: [1, 2, 3, 4, 5, 6], shape: [2, 3] };
    const [rows] = await run('ReduceSum', [x], { axes: [1], keepdims: 0 });
    const [columns] = await run('ReduceMean', [x], { axes: [0] });
    const [all] = await run('ReduceSumSquare', [x], { keepdims: 0 });
    expect([...(rows?.values ?? [])]).toEqual([6, 15]);
    expect(columns?.shape).toEqual([1, 3]);
    expect([...(columns?.values ?? [])]).toEqual([2.5, 3.5, 4.5]);
    expect(all?.shape).toEqual([]);
    expect([...(all?.values ?? [])]).toEqual([91]);
  });

  it('gives 0 for the sum and NaN for the mean of nothing', async () => {
    const x = { values: [], shape: [0, 3] };
    const [sum] = await run('ReduceSum', [x], { axes: [0] });
    const [mean] = await run('ReduceMean', [x], { axes: [0] });
    expect([...(sum?.values ?? [])]).toEqual([0, 0, 0]);
    expect([...(mean?.values ?? [])]).toEqual([NaN, NaN, NaN]);
  });
});

describe('ArgMax', () => {
  const x = { values: [1, 5, 5, 2, 9, 0, 3, 3, -1, 4, 8, 8], shape: [3, 4] };

  it('finds the first largest index along the last axis', async () => {
    const [result] = await run('ArgMax', [x], { axis: -1, keepdims: 0 });
    expect(result?.values).toBeInstanceOf(BigInt64Array);
    expect(result?.shape).toEqual([3]);
    expect([...(result?.values ?? [])]).toEqual([1n, 0n, 2n]);
  });

  it('searches along axis 0 and keeps the axis by default', async () => {
    const [result] = await run('ArgMax', [x]);
    expect(result?.shape).toEqual([1, 4]);
    expect([...(result?.values ?? [])]).toEqual([1n, 0n, 2n, 2n]);
  });

  it('searches a middle axis', async () => {
    const shape = [2, 3, 5];
    const values = randomValues(shape, 8);
    const [result] = await run('ArgMax', [{ values, shape }], { axis: 1, keepdims: 0 });
    const expected: bigint[] = [];
    for (let o = 0; o < 2; o++) {
      for (let i = 0; i < 5; i++) {
        let best = 0;
        for (let j = 1; j < 3; j++) {
          if ((values[o * 15 + j * 5 + i] as number) > (values[o * 15 + best * 5 + i] as number)) {
            best = j;
          }
        }
        expected.push(BigInt(best));
      }
    }
    expect(result?.shape).toEqual([2, 5]);
    expect([...(result?.values ?? [])]).toEqual(expected);
  });

  it('counts NaN as the largest value, the first NaN winning, as numpy does', async () => {
    const [result] = await run(
      'ArgMax',
      [{ values: [1, NaN, 7, NaN, NaN, 2, Infinity, 0], shape: [2, 4] }],
      { axis: 1, keepdims: 0 },
    );
    expect([...(result?.values ?? [])]).toEqual([1n, 0n]);
  });
});
