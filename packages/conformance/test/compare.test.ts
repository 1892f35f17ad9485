import { describe, expect, it } from 'vitest';
import { firstDifference, matches } from '../src/index.js';

const EXACT = { rtol: 0, atol: 0 };

describe('comparing a result with its expected value', () => {
  it('matches NaN with NaN, an infinity only with itself, and -0 with 0', () => {
    expect(matches(NaN, NaN, EXACT)).toBe(true);
    expect(matches(1, NaN, { rtol: 1, atol: 1 })).toBe(false);
    expect(matches(NaN, 1, { rtol: 1, atol: 1 })).toBe(false);
    expect(matches(Infinity, Infinity, EXACT)).toBe(true);
    expect(matches(3.4e38, Infinity, { rtol: 1, atol: 1 })).toBe(false);
    expect(matches(-Infinity, Infinity, { rtol: 1, atol: 1 })).toBe(false);
    expect(matches(Infinity, 1e38, { rtol: 1, atol: 1 })).toBe(false);
    expect(matches(-0, 0, EXACT)).toBe(true);
  });

  it('allows atol + rtol * |expected|', () => {
    const tolerance = { rtol: 1e-3, atol: 1e-6 };
    expect(matches(1.001, 1, tolerance)).toBe(true);
    expect(matches(1.0011, 1, tolerance)).toBe(false);
    expect(matches(1e-6, 0, tolerance)).toBe(true);
    expect(matches(2e-6, 0, tolerance)).toBe(false);
  });

  it('reports the first element that differs, and compares integers exactly', () => {
    const tolerance = { rtol: 0.1, atol: 0 };
    expect(
      firstDifference(Float32Array.of(1, 2, 5, 9), Float32Array.of(1, 2, 4, 4), tolerance),
    ).toEqual({ index: 2, actual: 5, expected: 4 });
    expect(
      firstDifference(Float32Array.of(1, NaN), Float32Array.of(1, NaN), EXACT),
    ).toBeUndefined();
    expect(
      firstDifference(BigInt64Array.of(3n, 4n), BigInt64Array.of(3n, 5n), { rtol: 1, atol: 1 }),
    ).toEqual({ index: 1, actual: 4, expected: 5 });
  });
});
