import {
  checkByFiniteDifferences,
  describeProblems,
  hasBackward,
  loadCases,
  runConformance,
} from '@rectifier/conformance';
import { afterAll, describe, expect, it } from 'vitest';
import { conformanceExclusions, createBackend } from '../src/index.js';

describe('the conformance suite on the CPU backend', () => {
  const backend = createBackend();
  afterAll(() => backend.dispose());

  it('passes every case that is not excluded, and says why for those that are', async () => {
    const report = await runConformance(backend, { exclusions: conformanceExclusions });
    expect(describeProblems(report)).toEqual([]);
    expect(report.counts.passed + report.counts.excluded).toBe(report.counts.total);
    expect(report.unknownExclusions).toEqual([]);
    expect(Object.values(conformanceExclusions).every((reason) => reason.trim().length > 0)).toBe(
      true,
    );
  });

  // The CPU backend is the reference, so its forward pass also checks every golden gradient.
  const backward = loadCases().filter(hasBackward);
  it.each(backward.map((testCase) => [testCase.name, testCase] as const))(
    'central differences agree with the gradients of %s',
    async (name, testCase) => {
      const report = await checkByFiniteDifferences(backend, testCase);
      expect(report.failures).toEqual([]);
      // Empty tensors have nothing to check, and a Dense layer fed NaN and Infinity hides
      // every change behind outputs that are already non-finite.
      if (!/empty|non-finite/.test(name)) expect(report.checked).toBeGreaterThan(0);
    },
  );
});
