import type { TypedArray } from '@rectifier/core';
import type { Tolerance } from './tolerances.js';

/** The first element where a result and its expected value part. */
export interface Difference {
  readonly index: number;
  readonly actual: number;
  readonly expected: number;
}

/**
 * Whether one float matches its expected value: NaN matches NaN, an infinity only itself,
 * -0 equals 0, and a finite value within `atol + rtol * |expected|`.
 */
export function matches(actual: number, expected: number, tolerance: Tolerance): boolean {
  if (actual === expected) return true;
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return false;
  return Math.abs(actual - expected) <= tolerance.atol + tolerance.rtol * Math.abs(expected);
}

/**
 * The first element of `actual` that does not match `expected`, or undefined when all do.
 * Integer tensors must be equal. Both must have the same length.
 */
export function firstDifference(
  actual: TypedArray,
  expected: TypedArray,
  tolerance: Tolerance,
): Difference | undefined {
  for (let index = 0; index < expected.length; index++) {
    const got = actual[index] as number | bigint;
    const want = expected[index] as number | bigint;
    const same =
      typeof want === 'bigint' || typeof got === 'bigint'
        ? got === want
        : matches(got, want, tolerance);
    if (!same) return { index, actual: Number(got), expected: Number(want) };
  }
  return undefined;
}
