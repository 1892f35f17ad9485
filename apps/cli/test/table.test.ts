import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '@rectifier/nn';
import { EpochTable, fitExponent, fitNumber, formatNorm } from '../src/table.js';

/** An epoch of a training that has gone far off: a huge but finite loss and huge norms. */
const DIVERGING: EpochRecord = {
  epoch: 1,
  loss: 2.19e10,
  trainAccuracy: 0.082,
  testAccuracy: 0.065,
  sparsity: { relu0: 1, relu1: 0.93 },
  deadUnits: { relu0: 61, relu1: 15 },
  gradientNorms: { dense0: 146065923, dense1: 0.0088, dense2: 0.23 },
  seconds: 1234.56,
  samplesPerSecond: 3921.4,
};

describe('the epoch table', () => {
  it('shows numbers too wide for their column in exponent form, never cut', () => {
    const table = new EpochTable(20, [64, 32], 3);
    const row = table.row(DIVERGING);
    expect(row).not.toContain('…');
    expect(row.trim().split(/\s+/)).toEqual([
      '1',
      '2.2e10',
      '8.2%',
      '6.5%',
      '100/93',
      '61/15',
      '1.5e8/8.8e-3/0.23',
      '1235',
      '3921',
    ]);
    expect(row.length).toBe(table.header().split('\n')[0]!.length);
  });

  it('keeps the decimals that fit, and exponent form for both ends', () => {
    expect(fitNumber(0.0046, 7, 4)).toBe('0.0046');
    expect(fitNumber(158.48871, 7, 4)).toBe('158.489');
    expect(fitNumber(1234567.8, 7, 4)).toBe('1234568');
    expect(fitNumber(12345678.9, 7, 4)).toBe('1.2e7');
    expect(fitNumber(3.4e38, 7, 4)).toBe('3.4e38');
    expect(formatNorm(0.0088)).toBe('8.8e-3');
    expect(formatNorm(999999)).toBe('999999');
    expect(formatNorm(1.8e19)).toBe('1.8e19');
  });

  it('gives tiny norms one digit where two are too wide, and widens the column past that', () => {
    // 5.6e-19 is 7 columns, one more than a norm has; 6e-19 is 5. 9.96e-10 rounds to 1.0e-9,
    // which fits with two digits; 1.25e-10 gives 1.3e-10, 7 columns, so 1e-10.
    expect(formatNorm(5.6e-19)).toBe('6e-19');
    expect(formatNorm(1.1e-17)).toBe('1e-17');
    expect(formatNorm(9.96e-10)).toBe('1.0e-9');
    expect(formatNorm(1.25e-10)).toBe('1e-10');
    expect(formatNorm(5e-324)).toBe('5e-324');
    expect(fitExponent(1.5e-100, 5)).toBe('2e-100');

    const table = new EpochTable(3, [64, 32], 3);
    const tiny = {
      ...DIVERGING,
      gradientNorms: { dense0: 5.6e-19, dense1: 1.1e-17, dense2: 2e-3 },
    };
    expect(table.row(tiny)).toContain(' 6e-19/1e-17/2.0e-3 ');
    // Three norms take 6 + 1 + 6 + 1 + 6 = 20 columns; Infinity/Infinity/Infinity takes 26.
    const norms = { dense0: Infinity, dense1: Infinity, dense2: Infinity };
    const row = table.row({ ...tiny, gradientNorms: norms });
    expect(row).not.toContain('…');
    expect(row).toContain('  Infinity/Infinity/Infinity  ');
    expect(row.length).toBe(table.header().split('\n')[0]!.length + 6);
  });
});
