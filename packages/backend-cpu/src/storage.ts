import type { DType, TypedArray } from '@rectifier/core';

/** Copies `source` into the start of `target`; both must store the same dtype. */
export function copyInto(target: TypedArray, source: TypedArray): void {
  (target as Float32Array).set(source as Float32Array);
}

/**
 * A zeroed array of a dtype in a SharedArrayBuffer, which worker threads can read and write.
 * Copies of it (`slice()`) are ordinary arrays again.
 */
export function allocateShared(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(new SharedArrayBuffer(4 * size));
    case 'int32':
      return new Int32Array(new SharedArrayBuffer(4 * size));
    case 'int64':
      return new BigInt64Array(new SharedArrayBuffer(8 * size));
  }
  throw new Error(`unreachable dtype ${String(dtype)}`);
}

/** An empty array of each dtype, for slots that hold nothing between runs. */
export const EMPTY: Readonly<Record<DType, TypedArray>> = {
  float32: new Float32Array(0),
  int32: new Int32Array(0),
  int64: new BigInt64Array(0),
};
