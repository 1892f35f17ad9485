import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

describe('a backward case of a model with a symbolic batch dimension', () => {
  // nn.Sequential(nn.Linear(5, 4), nn.ReLU()) exported by torch 1.13 with a dynamic batch
  // axis; its gradients, for 3 samples, come from PyTorch's autograd.
  const cases = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

  it('binds the batch from the feeds and matches PyTorch', async () => {
    const backend = createBackend({ threads: 1 });
    const report = await runConformance(backend, { cases });
    expect(describeProblems(report)).toEqual([]);
    expect(report.counts.passed).toBe(1);
  });
});
