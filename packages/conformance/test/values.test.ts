import { describe, expect, it } from 'vitest';
import { decodeNumber, decodeValues, encodeNumber, encodeValues } from '../src/index.js';

describe('case values', () => {
  it('reads NaN, the infinities and -0 from strings, and numbers as they are', () => {
    expect(decodeNumber('NaN', 'here')).toBeNaN();
    expect(decodeNumber('Infinity', 'here')).toBe(Infinity);
    expect(decodeNumber('-Infinity', 'here')).toBe(-Infinity);
    expect(Object.is(decodeNumber('-0', 'here'), -0)).toBe(true);
    expect(decodeNumber(1.5, 'here')).toBe(1.5);
  });

  it('names the place and the allowed strings when a string is none of them', () => {
    expect(() => decodeNumber('nan', 'relu.json X')).toThrow(/relu.json X.*"NaN", "Infinity"/);
  });

  it('writes what it reads', () => {
    const values = Float32Array.of(NaN, Infinity, -Infinity, -0, 0, 0.5, 1e-45);
    const encoded = encodeValues(values);
    expect(encoded.slice(0, 4)).toEqual(['NaN', 'Infinity', '-Infinity', '-0']);
    const decoded = decodeValues({ name: 'x', shape: [7], values: encoded }, 'here');
    expect([...decoded].map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual(
      [...values].map((v) => (Object.is(v, -0) ? '-0' : v)),
    );
    expect(encodeNumber(2)).toBe(2);
  });

  it('repeats a pattern to fill the shape, cutting it off', () => {
    const values = decodeValues({ name: 'x', shape: [2, 4], values: { repeat: [1, 2, 3] } }, '');
    expect([...values]).toEqual([1, 2, 3, 1, 2, 3, 1, 2]);
  });

  it('reads int64 from numbers and decimal strings, beyond 2^53', () => {
    const values = decodeValues(
      { name: 'labels', shape: [3], dtype: 'int64', values: [3, '-2', '9007199254740993'] },
      '',
    );
    expect([...values]).toEqual([3n, -2n, 9007199254740993n]);
    expect(encodeValues(values)).toEqual([3, -2, '9007199254740993']);
  });

  it('refuses values that do not fill the shape', () => {
    expect(() => decodeValues({ name: 'x', shape: [2, 2], values: [1, 2, 3] }, 'f')).toThrow(
      /3 values given; the shape holds 4/,
    );
  });
});
