import { describe, expect, it } from 'vitest';
import { checkByFiniteDifferences, type JsonCase } from '../src/index.js';
import { RELU_CASE, writeOnnxCase } from './helpers/cases.js';
import { loadCases } from '../src/index.js';
import { TinyBackend } from './helpers/tiny-backend.js';

function withInputGradient(testCase: JsonCase, values: (number | string)[]): JsonCase {
  const [gradient] = testCase.backward?.inputGradients ?? [];
  return {
    ...testCase,
    backward: {
      ...testCase.backward!,
      inputGradients: [{ ...gradient!, values }],
    },
  };
}

describe('checkByFiniteDifferences', () => {
  it('agrees with a right gradient and skips NaN and the infinities', async () => {
    const report = await checkByFiniteDifferences(new TinyBackend(), RELU_CASE);
    expect(report.failures).toEqual([]);
    expect(report.checked).toBe(2); // -1 and 2; the kink at -0 and three non-finite skipped
    expect(report.skipped).toBe(4);
  });

  it('finds an expected gradient that central differences contradict', async () => {
    const wrong = withInputGradient(RELU_CASE, [0, 0, 'NaN', 3, 5, 0]);
    const report = await checkByFiniteDifferences(new TinyBackend(), wrong);
    expect(report.failures).toEqual([
      { tensor: 'gradient of X', index: 3, x: 2, expected: 3, numeric: expect.closeTo(4, 3) },
    ]);
  });

  it('does not judge the value a case states at a kink', async () => {
    // ReLU'(0) is a convention; both one-sided slopes are seen and the element is skipped.
    const atKink = withInputGradient(RELU_CASE, [0, 123, 'NaN', 4, 5, 0]);
    expect((await checkByFiniteDifferences(new TinyBackend(), atKink)).failures).toEqual([]);
  });

  it('checks the gradients of inputs and initialisers of an ONNX case', async () => {
    const [right] = loadCases(writeOnnxCase());
    expect((await checkByFiniteDifferences(new TinyBackend(), right!)).failures).toEqual([]);
    const [wrong] = loadCases(writeOnnxCase({ wrongParameterGradient: true }));
    const report = await checkByFiniteDifferences(new TinyBackend(), wrong!);
    expect(report.failures.map((failure) => [failure.tensor, failure.index])).toEqual([
      ['gradient of parameter b', 3],
    ]);
  });
});
