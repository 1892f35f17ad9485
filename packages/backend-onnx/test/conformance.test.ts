import { describeProblems, runConformance } from '@rectifier/conformance';
import { afterAll, describe, expect, it } from 'vitest';
import { conformanceExclusions, createBackend } from '../src/index.js';

describe('the conformance suite on the ONNX Runtime backend', () => {
  const backend = createBackend();
  afterAll(() => backend.dispose());

  it('passes every case that is not excluded, and says why for those that are', async () => {
    const report = await runConformance(backend, { exclusions: conformanceExclusions });
    expect(describeProblems(report)).toEqual([]);
    expect(report.counts.passed + report.counts.excluded).toBe(report.counts.total);
    expect(report.unknownExclusions).toEqual([]);
    expect(Object.values(conformanceExclusions).every((reason) => reason.trim() !== '')).toBe(true);
  });
});
