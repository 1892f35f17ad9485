import { describe, expect, it } from 'vitest';
import { prepareGemm } from '../src/index.js';
import { multiplyPacked } from '../src/kernels/gemm/multiply-packed.js';
import { packA, packB } from '../src/kernels/gemm/pack.js';
import { expectClose, randomSource, run } from './helpers/harness.js';

/**
 * Values like a ReLU's output or a digit's pixels: about half are zero, and whole rows and
 * columns of zeros stand for dead units and blank borders.
 */
function sparseValues(rows: number, columns: number, seed: number): Float32Array {
  const random = randomSource(seed);
  const values = new Float32Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      const value = random(-1, 1);
      const blank = i % 7 === 3 || j % 5 === 1;
      values[i * columns + j] = blank || value < 0 ? (value < -0.9 ? -0 : 0) : value;
    }
  }
  return values;
}

/** Y = A B in float64, straight from the definition: 0 * Infinity is NaN as IEEE says. */
function reference(a: Float32Array, b: Float32Array, m: number, n: number, k: number) {
  const y = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += (a[i * k + p] as number) * (b[p * n + j] as number);
      y[i * n + j] = sum;
    }
  }
  return y;
}

/** One depth block multiplied from A packed with or without its zero steps left out. */
function packedProduct(
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
  skipZeros: boolean,
) {
  const paddedRows = Math.ceil(m / 4) * 4;
  const paddedColumns = Math.ceil(n / 8) * 8;
  const packedA = new Float32Array(paddedRows * k);
  const packedB = new Float32Array(paddedColumns * k);
  const steps = new Int32Array((paddedRows / 4) * (k + 1));
  expect(packB(b, 0, n, false, 0, k, 0, n, packedB, 0)).toBe(true);
  packA(a, 0, k, false, 0, m, 0, k, packedA, 0, steps, 0, skipZeros);
  const y = new Float32Array(m * n);
  const tile = new Float32Array(32);
  multiplyPacked(m, n, k, packedA, 0, steps, 0, packedB, 0, tile, y, 0, n, 1, false);
  return { y, steps };
}

describe('GEMM over sparse A', () => {
  it('leaves out zero steps of A without changing a bit of Y', () => {
    const [m, n, k] = [37, 29, 211];
    const a = sparseValues(m, k, 1);
    const b = Float32Array.from({ length: k * n }, randomSource(2));
    const dense = packedProduct(a, b, m, n, k, false);
    const sparse = packedProduct(a, b, m, n, k, true);

    // The strips really are shorter: a step count per strip, then its steps.
    let kept = 0;
    for (let strip = 0; strip < Math.ceil(m / 4); strip++) kept += sparse.steps[strip * (k + 1)]!;
    expect(kept).toBeLessThan(0.8 * Math.ceil(m / 4) * k);
    expect(new Uint32Array(sparse.y.buffer)).toEqual(new Uint32Array(dense.y.buffer));
    expectClose(sparse.y, reference(a, b, m, n, k), 1e-5, 1e-6 * k);
  });

  it('agrees with the definition on every transposition, with C', async () => {
    const [m, n, k] = [66, 35, 300];
    for (const [transA, transB] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ] as const) {
      const a = sparseValues(m, k, 3);
      const b = Float32Array.from({ length: k * n }, randomSource(4));
      const c = Float32Array.from({ length: n }, randomSource(5));
      const transpose = (values: Float32Array, rows: number, columns: number) =>
        Float32Array.from({ length: rows * columns }, (_, index) => {
          const row = index % rows;
          const column = Math.floor(index / rows);
          return values[row * columns + column] as number;
        });
      const [result] = await run(
        'Gemm',
        [
          { values: transA ? transpose(a, m, k) : a, shape: transA ? [k, m] : [m, k] },
          { values: transB ? transpose(b, k, n) : b, shape: transB ? [n, k] : [k, n] },
          { values: c, shape: [n] },
        ],
        { transA, transB },
      );
      const expected = reference(a, b, m, n, k).map((value, index) => value + c[index % n]!);
      expectClose(result?.values as Float32Array, expected, 1e-5, 1e-6 * k);
    }
  });

  it('keeps the NaN of 0 * Infinity and 0 * NaN, as a dense product does', () => {
    for (const poison of [Infinity, -Infinity, NaN]) {
      const [m, n, k] = [9, 10, 40];
      const a = sparseValues(m, k, 6);
      // Column 1 of A is blank, so every strip would leave out step 1: B's row 1 holds poison.
      const b = Float32Array.from({ length: k * n }, randomSource(7));
      b[1 * n + 4] = poison;
      const y = new Float32Array(m * n);
      prepareGemm({ m, n, k, transA: false, transB: false, lda: k, ldb: n, ldy: n })(
        a,
        0,
        b,
        0,
        y,
        0,
        1,
        false,
      );
      for (let i = 0; i < m; i++) expect(y[i * n + 4]).toBeNaN();
      expectClose(y, reference(a, b, m, n, k), 1e-5, 1e-6 * k);
    }
  });
});
