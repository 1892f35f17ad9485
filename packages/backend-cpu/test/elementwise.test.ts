import { broadcastShapes, sizeOf } from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { expectClose, randomValues, run, stridesOf, unravel } from './helpers/harness.js';

type Binary = (a: number, b: number) => number;

const OPS: Record<string, Binary> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => a / b,
};

/** A broadcast binary op by multi-index, one output element at a time. */
function reference(
  op: Binary,
  a: Float32Array,
  shapeA: readonly number[],
  b: Float32Array,
  shapeB: readonly number[],
): { values: Float32Array; shape: number[] } {
  const shape = broadcastShapes(shapeA, shapeB, 'test') as number[];
  const values = new Float32Array(sizeOf(shape));
  const indexIn = (position: number[], operand: readonly number[]) => {
    const strides = stridesOf(operand);
    let index = 0;
    operand.forEach((dim, axis) => {
      const along = position[axis + position.length - operand.length] as number;
      index += (dim === 1 ? 0 : along) * (strides[axis] as number);
    });
    return index;
  };
  for (let i = 0; i < values.length; i++) {
    const position = unravel(i, shape);
    values[i] = op(a[indexIn(position, shapeA)] as number, b[indexIn(position, shapeB)] as number);
  }
  return { values, shape };
}

const SHAPE_PAIRS: readonly [number[], number[]][] = [
  [
    [2, 3],
    [2, 3],
  ],
  [[17], [17]],
  [[2, 3], []],
  [[], [2, 3]],
  [[4, 3], [3]],
  [[3], [4, 3]],
  [
    [4, 3],
    [4, 1],
  ],
  [
    [4, 1],
    [4, 3],
  ],
  [
    [2, 1, 3],
    [4, 1],
  ],
  [
    [2, 3, 4],
    [3, 1],
  ],
  [
    [5, 1, 1],
    [1, 4, 3],
  ],
  [[1], [5]],
  [[1, 1], [1]],
  [
    [2, 1, 5, 1],
    [3, 1, 7],
  ],
  [
    [65, 5],
    [65, 5],
  ],
];

describe('broadcasting binary kernels', () => {
  for (const [name, op] of Object.entries(OPS)) {
    for (const [shapeA, shapeB] of SHAPE_PAIRS) {
      it(`${name} ${JSON.stringify(shapeA)} with ${JSON.stringify(shapeB)}`, async () => {
        const a = randomValues(shapeA, 1);
        // Keep divisors away from zero so the quotient is well conditioned.
        const b = randomValues(shapeB, 2).map((value) => (value < 0 ? value - 0.5 : value + 0.5));
        const expected = reference(op, a, shapeA, b, shapeB);

        const [result] = await run(name, [
          { values: a, shape: shapeA },
          { values: b, shape: shapeB },
        ]);

        expect(result?.shape).toEqual(expected.shape);
        expectClose(result?.values as Float32Array, expected.values, 0, 0);
      });
    }
  }

  it('adds a row vector to every row (hand-worked)', async () => {
    const [result] = await run('Add', [
      { values: [1, 2, 3, 4, 5, 6], shape: [2, 3] },
      { values: [10, 20, 30], shape: [3] },
    ]);
    expect([...(result?.values ?? [])]).toEqual([11, 22, 33, 14, 25, 36]);
  });

  it('subtracts and divides in operand order with a scalar on the left', async () => {
    const [difference] = await run('Sub', [
      { values: [10], shape: [] },
      { values: [1, 2, 3], shape: [3] },
    ]);
    const [quotient] = await run('Div', [
      { values: [12], shape: [] },
      { values: [1, 2, 3], shape: [3] },
    ]);
    expect([...(difference?.values ?? [])]).toEqual([9, 8, 7]);
    expect([...(quotient?.values ?? [])]).toEqual([12, 6, 4]);
  });

  it('divides by zero as IEEE 754 does', async () => {
    const [result] = await run('Div', [
      { values: [1, -1, 0], shape: [3] },
      { values: [0], shape: [1] },
    ]);
    expect([...(result?.values ?? [])]).toEqual([Infinity, -Infinity, NaN]);
  });

  it('handles empty tensors', async () => {
    const [result] = await run('Mul', [
      { values: [], shape: [0, 3] },
      { values: [1, 2, 3], shape: [3] },
    ]);
    expect(result?.shape).toEqual([0, 3]);
    expect(result?.values.length).toBe(0);
  });
});

describe('Neg', () => {
  it('negates every element, zeros and infinities included', async () => {
    const [result] = await run('Neg', [{ values: [1, -2, 0, Infinity, 3.5], shape: [5] }]);
    expect([...(result?.values ?? [])]).toEqual([-1, 2, -0, -Infinity, -3.5]);
  });
});
