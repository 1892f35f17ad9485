import { describe, expect, it } from 'vitest';
import { ActivationStats } from '../src/index.js';

describe('ActivationStats', () => {
  it('counts exact zeros and units that are zero for every sample', () => {
    const stats = new ActivationStats(3);
    // unit 0 is never zero, unit 1 always zero, unit 2 zero once
    stats.add(Float32Array.of(1, 0, 0, 2, 0, 3), 2);
    stats.add(Float32Array.of(0.5, 0, 4), 1);
    expect(stats.sparsity).toBeCloseTo(4 / 9, 12);
    expect(stats.deadUnits).toBe(1);
  });

  it('counts -0 as zero and tiny values as alive', () => {
    const stats = new ActivationStats(2);
    stats.add(Float32Array.of(-0, 1e-40), 1);
    expect(stats.sparsity).toBe(0.5);
    expect(stats.deadUnits).toBe(1);
  });
});
