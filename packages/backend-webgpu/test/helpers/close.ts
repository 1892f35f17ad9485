// Shared with the other backends' tests.
export { closeTo, seeded } from '@rectifier/training-steps';

/** The elements whose float32 bits differ, as lines to read: NaN matches any NaN. */
export function sameBits(actual: Float32Array, expected: Float32Array): string[] {
  if (actual.length !== expected.length) {
    return [`${actual.length} values, expected ${expected.length}`];
  }
  const got = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const want = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  const problems: string[] = [];
  expected.forEach((value, index) => {
    const bothNaN = Number.isNaN(value) && Number.isNaN(actual[index]);
    if (!bothNaN && got[index] !== want[index]) {
      problems.push(`[${index}] ${actual[index]}, expected ${value} (bits differ)`);
    }
  });
  return problems;
}
