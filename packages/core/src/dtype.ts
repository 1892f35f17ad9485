import { ArgumentError } from './errors.js';

/** Element types. float32 is the working type; int64 holds labels and indices, int32 counts. */
export type DType = 'float32' | 'int32' | 'int64';

/** The typed array that stores each dtype. */
export interface TypedArrayFor {
  float32: Float32Array;
  int32: Int32Array;
  int64: BigInt64Array;
}

/** Any typed array a tensor may be stored in. */
export type TypedArray = Float32Array | Int32Array | BigInt64Array;

/** Allocates a zeroed typed array for a dtype. */
export function allocate<D extends DType>(dtype: D, size: number): TypedArrayFor[D] {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size) as TypedArrayFor[D];
    case 'int32':
      return new Int32Array(size) as TypedArrayFor[D];
    case 'int64':
      return new BigInt64Array(size) as TypedArrayFor[D];
  }
  throw new Error(`unreachable dtype ${String(dtype)}`);
}

/** The dtype a typed array stores, or an ArgumentError for arrays no dtype stores. */
export function dtypeOf(values: TypedArray): DType {
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Int32Array) return 'int32';
  if (values instanceof BigInt64Array) return 'int64';
  const kind = (values as object | null)?.constructor?.name ?? typeof values;
  throw new ArgumentError(
    `${/^[AEIOU]/.test(kind) ? 'An' : 'A'} ${kind} stores no Rectifier dtype; use a ` +
      'Float32Array, Int32Array or BigInt64Array.',
  );
}

/**
 * The dtype a tensor made from `values` gets when none is asked for: that of a Float32Array,
 * Int32Array or BigInt64Array, and float32 for number arrays and other typed arrays (a
 * Float64Array or Uint8Array is converted, as TensorFlow.js does).
 */
export function defaultDTypeOf(values: ArrayLike<number | bigint>): DType {
  if (values instanceof Int32Array) return 'int32';
  if (values instanceof BigInt64Array) return 'int64';
  return 'float32';
}
