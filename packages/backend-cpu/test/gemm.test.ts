import { describe, expect, it } from 'vitest';
import { expectClose, randomValues, run } from './helpers/harness.js';

interface GemmCase {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transA: number;
  readonly transB: number;
  readonly alpha: number;
  readonly beta: number;
  /** C's shape, or undefined for no C. */
  readonly shapeC?: readonly number[];
}

/** Y = alpha * op(A) op(B) + beta * C in float64, straight from the definition. */
function reference(c: GemmCase, a: Float32Array, b: Float32Array, cValues?: Float32Array) {
  const { m, n, k, transA, transB, alpha, beta, shapeC } = c;
  const [rowsC = 1, columnsC = 1] = shapeC ? [1, 1, ...shapeC].slice(-2) : [];
  const y = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const left = transA ? a[p * m + i] : a[i * k + p];
        const right = transB ? b[j * k + p] : b[p * n + j];
        sum += (left as number) * (right as number);
      }
      let value = alpha * sum;
      if (cValues && beta !== 0) {
        const index = (rowsC === 1 ? 0 : i) * columnsC + (columnsC === 1 ? 0 : j);
        value += beta * (cValues[index] as number);
      }
      y[i * n + j] = value;
    }
  }
  return y;
}

async function check(c: GemmCase): Promise<void> {
  const shapeA = c.transA ? [c.k, c.m] : [c.m, c.k];
  const shapeB = c.transB ? [c.n, c.k] : [c.k, c.n];
  const a = randomValues(shapeA, 11 + c.m);
  const b = randomValues(shapeB, 23 + c.n);
  const cValues = c.shapeC ? randomValues(c.shapeC, 37) : undefined;
  const operands = [
    { values: a, shape: shapeA },
    { values: b, shape: shapeB },
    ...(c.shapeC && cValues ? [{ values: cValues, shape: c.shapeC }] : []),
  ];

  const [result] = await run('Gemm', operands, {
    alpha: c.alpha,
    beta: c.beta,
    transA: c.transA,
    transB: c.transB,
  });

  expect(result?.shape).toEqual([c.m, c.n]);
  // Sums of k products of values in [-1, 1], rounded to float32 in a different order.
  expectClose(result?.values as Float32Array, reference(c, a, b, cValues), 1e-5, 1e-6 * c.k);
}

const SIZES = [1, 3, 5, 17, 65, 127];
const TRANSPOSES = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
] as const;

describe('Gemm', () => {
  for (const [transA, transB] of TRANSPOSES) {
    describe(`transA=${transA} transB=${transB}`, () => {
      for (const m of SIZES) {
        // Pair each m with an n and a k from the other end of the list, so all sizes appear
        // in every position without running the full cube.
        const n = SIZES[(SIZES.indexOf(m) + 2) % SIZES.length] as number;
        const k = SIZES[(SIZES.length - 1 - SIZES.indexOf(m)) % SIZES.length] as number;
        it(`m=${m} n=${n} k=${k}, no C`, () =>
          check({ m, n, k, transA, transB, alpha: 1, beta: 1 }));
      }

      const shapes: readonly (readonly number[])[] = [[], [1], [17], [1, 17], [5, 1], [5, 17]];
      for (const shapeC of shapes) {
        it(`m=5 n=17 k=65 alpha=0.5 beta=-2 with C ${JSON.stringify(shapeC)}`, () =>
          check({ m: 5, n: 17, k: 65, transA, transB, alpha: 0.5, beta: -2, shapeC }));
      }

      // Past every block size: two row blocks, two column blocks and two depth blocks.
      it('blocks large shapes: m=70 n=520 k=300 with C [520]', () =>
        check({ m: 70, n: 520, k: 300, transA, transB, alpha: 1.5, beta: 0.25, shapeC: [520] }));
    });
  }

  it('multiplies a hand-worked example', async () => {
    // [[1, 2], [3, 4]] x [[5, 6], [7, 8]] = [[19, 22], [43, 50]]; then 2 Y + 10 C, C = [1, -1].
    const [result] = await run(
      'Gemm',
      [
        { values: [1, 2, 3, 4], shape: [2, 2] },
        { values: [5, 6, 7, 8], shape: [2, 2] },
        { values: [1, -1], shape: [2] },
      ],
      { alpha: 2, beta: 10 },
    );
    expect([...(result?.values ?? [])]).toEqual([48, 34, 96, 90]);
  });

  it('does not read C when beta is 0, as BLAS does', async () => {
    const [result] = await run(
      'Gemm',
      [
        { values: [1, 2], shape: [1, 2] },
        { values: [3, 4], shape: [2, 1] },
        { values: [NaN], shape: [1, 1] },
      ],
      { beta: 0 },
    );
    expect([...(result?.values ?? [])]).toEqual([11]);
  });

  it('gives beta * C when alpha is 0', async () => {
    const [result] = await run(
      'Gemm',
      [
        { values: [1, 2, 3, 4], shape: [2, 2] },
        { values: [1, 0, 0, 1], shape: [2, 2] },
        { values: [1, 2], shape: [2, 1] },
      ],
      { alpha: 0, beta: 3 },
    );
    expect([...(result?.values ?? [])]).toEqual([3, 3, 6, 6]);
  });

  it('gives zeros (or beta * C) when k is 0', async () => {
    const [plain] = await run('Gemm', [
      { values: [], shape: [2, 0] },
      { values: [], shape: [0, 3] },
    ]);
    const [withC] = await run('Gemm', [
      { values: [], shape: [2, 0] },
      { values: [], shape: [0, 3] },
      { values: [1, 2, 3], shape: [3] },
    ]);
    expect([...(plain?.values ?? [])]).toEqual([0, 0, 0, 0, 0, 0]);
    expect([...(withC?.values ?? [])]).toEqual([1, 2, 3, 1, 2, 3]);
  });
});
