import { broadcastShapes, sizeOf } from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { expectClose, randomValues, run, stridesOf, unravel } from './helpers/harness.js';

/** numpy.matmul for rank 2 and above, one output element at a time. */
function reference(a: Float32Array, shapeA: number[], b: Float32Array, shapeB: number[]) {
  const [m = 0, k = 0] = shapeA.slice(-2);
  const n = shapeB[shapeB.length - 1] as number;
  const batch = broadcastShapes(shapeA.slice(0, -2), shapeB.slice(0, -2), 'test') as number[];
  const shape = [...batch, m, n];
  const values = new Float32Array(sizeOf(shape));
  const start = (position: number[], operand: number[]) => {
    const strides = stridesOf(operand);
    const batchAxes = operand.length - 2;
    let index = 0;
    for (let axis = 0; axis < batchAxes; axis++) {
      const along = position[axis + batch.length - batchAxes] as number;
      index += (operand[axis] === 1 ? 0 : along) * (strides[axis] as number);
    }
    return index;
  };
  for (let index = 0; index < values.length; index++) {
    const position = unravel(index, shape);
    const i = position[position.length - 2] as number;
    const j = position[position.length - 1] as number;
    const startA = start(position, shapeA);
    const startB = start(position, shapeB);
    let sum = 0;
    for (let p = 0; p < k; p++) {
      sum += (a[startA + i * k + p] as number) * (b[startB + p * n + j] as number);
    }
    values[index] = sum;
  }
  return { values, shape };
}

const CASES: readonly [number[], number[]][] = [
  [
    [2, 3],
    [3, 4],
  ],
  [
    [17, 65],
    [65, 5],
  ],
  [
    [2, 3, 4],
    [2, 4, 5],
  ],
  [
    [2, 3, 4],
    [4, 5],
  ],
  [
    [3, 4],
    [2, 4, 5],
  ],
  [
    [2, 1, 3, 4],
    [3, 4, 2],
  ],
  [
    [1, 5, 3],
    [4, 3, 9],
  ],
];

describe('MatMul', () => {
  for (const [shapeA, shapeB] of CASES) {
    it(`${JSON.stringify(shapeA)} x ${JSON.stringify(shapeB)}`, async () => {
      const a = randomValues(shapeA, 5);
      const b = randomValues(shapeB, 6);
      const expected = reference(a, shapeA, b, shapeB);

      const [result] = await run('MatMul', [
        { values: a, shape: shapeA },
        { values: b, shape: shapeB },
      ]);

      expect(result?.shape).toEqual(expected.shape);
      expectClose(result?.values as Float32Array, expected.values, 1e-5, 1e-5);
    });
  }

  it('multiplies a hand-worked batch', async () => {
    // Two 1 x 2 rows against one 2 x 1 column each.
    const [result] = await run('MatMul', [
      { values: [1, 2, 3, 4], shape: [2, 1, 2] },
      { values: [5, 6, 7, 8], shape: [2, 2, 1] },
    ]);
    expect(result?.shape).toEqual([2, 1, 1]);
    expect([...(result?.values ?? [])]).toEqual([17, 53]);
  });
});
