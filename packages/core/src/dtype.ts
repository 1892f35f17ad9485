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

/** The dtype a typed array stores. */
export function dtypeOf(values: TypedArray): DType {
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Int32Array) return 'int32';
  return 'int64';
}
