import { matches } from '@rectifier/conformance';

/** Test data: seeded values in [-scale, scale) (a linear congruential generator), the same on every run. */
export function seeded(count: number, seed: number, scale = 1): Float32Array {
  const values = new Float32Array(count);
  let state = seed >>> 0;
  for (let index = 0; index < count; index++) {
    state = (state * 1664525 + 1013904223) >>> 0;
    values[index] = ((state / 2 ** 32) * 2 - 1) * scale;
  }
  return values;
}

/**
 * The elements where `actual` is not within `atol + rtol * |expected|` of `expected`, as lines
 * to read: NaN matches NaN, an infinity only itself, and -0 equals 0.
 */
export function closeTo(
  actual: Float32Array,
  expected: Float32Array,
  rtol = 1e-5,
  atol = 1e-6,
): string[] {
  if (actual.length !== expected.length) {
    return [`${actual.length} values, expected ${expected.length}`];
  }
  // The conformance suite's own comparison, so that tests and conformance agree on "close".
  const problems: string[] = [];
  expected.forEach((want, index) => {
    const got = actual[index] as number;
    if (!matches(got, want, { rtol, atol })) problems.push(`[${index}] ${got}, expected ${want}`);
  });
  return problems;
}
