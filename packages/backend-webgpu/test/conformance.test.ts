import { describeProblems, runConformance } from '@rectifier/conformance';
import { afterAll, describe, expect, it } from 'vitest';
import { conformanceExclusions } from '../src/index.js';
import { gpuOrReason, skippedName } from './helpers/gpu.js';

const { backend, reason } = await gpuOrReason();

describe('the conformance suite on the WebGPU backend', () => {
  afterAll(() => backend?.dispose());

  if (!backend) {
    it(skippedName(reason ?? ''), () => {
      console.warn(`webgpu conformance tests skipped: ${reason ?? ''}`);
    });
    return;
  }

  it('passes every case that is not excluded, and says why for those that are', async () => {
    const report = await runConformance(backend, { exclusions: conformanceExclusions });
    expect(describeProblems(report)).toEqual([]);
    expect(report.counts.passed + report.counts.excluded).toBe(report.counts.total);
    expect(report.unknownExclusions).toEqual([]);
    expect(Object.values(conformanceExclusions).every((why) => why.trim() !== '')).toBe(true);
  }, 300_000);
});
