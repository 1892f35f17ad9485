import { RectifierError, sizeOf, type TypedArray } from '@rectifier/core';
import type { CaseDType, EncodedNumber, EncodedValues, TensorSpec } from './case.js';

const SPECIAL: Readonly<Record<string, number>> = {
  NaN: NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity,
  '-0': -0,
};

/** The error of a case file that cannot be read, naming where. */
export function invalidCase(where: string, what: string): RectifierError {
  return new RectifierError('INVALID_DATA', `${where}: ${what}`);
}

/** A float from its encoding: a JSON number or one of "NaN", "Infinity", "-Infinity", "-0". */
export function decodeNumber(value: EncodedNumber, where: string): number {
  if (typeof value === 'number') return value;
  const special = SPECIAL[value];
  if (special === undefined) {
    throw invalidCase(
      where,
      `"${value}" is not a number; use a JSON number or "NaN", "Infinity", "-Infinity", "-0".`,
    );
  }
  return special;
}

/** A number as a case file writes it; the inverse of `decodeNumber`. */
export function encodeNumber(value: number): EncodedNumber {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return value;
}

function decodeInteger(value: EncodedNumber, where: string): bigint {
  const text = typeof value === 'number' ? String(value) : value;
  if (!/^-?\d+$/.test(text)) throw invalidCase(where, `${String(value)} is not an integer.`);
  return BigInt(text);
}

/** The listed values of an encoding, repeated to `size` when it is `{ repeat }`. */
function expand(values: EncodedValues, size: number, where: string): readonly EncodedNumber[] {
  if (Array.isArray(values)) {
    if (values.length !== size) {
      throw invalidCase(where, `${values.length} values given; the shape holds ${size}.`);
    }
    return values;
  }
  const pattern = (values as { repeat: readonly EncodedNumber[] }).repeat;
  if (!Array.isArray(pattern) || (pattern.length === 0 && size > 0)) {
    throw invalidCase(where, 'values must be a list, or { "repeat": [a non-empty list] }.');
  }
  return Array.from({ length: size }, (_, index) => pattern[index % pattern.length]!);
}

/** The values of a tensor spec in a typed array of its dtype; `where` names it in errors. */
export function decodeValues(spec: TensorSpec, where: string): TypedArray {
  const dtype: CaseDType = spec.dtype ?? 'float32';
  const size = sizeOf(spec.shape);
  const listed = expand(spec.values, size, where);
  if (dtype === 'float32') return Float32Array.from(listed, (value) => decodeNumber(value, where));
  if (dtype === 'int64') return BigInt64Array.from(listed, (value) => decodeInteger(value, where));
  return Int32Array.from(listed, (value) => Number(decodeInteger(value, where)));
}

/** Values as a case file writes them: floats exactly, int64 as strings beyond 2^53. */
export function encodeValues(values: TypedArray): EncodedNumber[] {
  if (values instanceof BigInt64Array) {
    return Array.from(values, (value) => {
      const number = Number(value);
      return Number.isSafeInteger(number) ? number : String(value);
    });
  }
  return Array.from(values, (value) => encodeNumber(value));
}
