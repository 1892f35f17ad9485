import {
  allocate,
  ArgumentError,
  defaultDTypeOf,
  formatShape,
  ShapeError,
  sizeOf,
  type DType,
  type TypedArray,
} from '@rectifier/core';

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

function convertNumber(value: unknown, dtype: DType, index: number): number | bigint {
  if (typeof value !== 'number' && typeof value !== 'bigint') {
    throw new ArgumentError(
      `Value ${JSON.stringify(value)} at index ${index} is not a number; tensors hold numbers.`,
    );
  }
  if (dtype === 'float32') return Number(value);
  const number = Number(value);
  if (!Number.isInteger(number)) {
    throw new ArgumentError(
      `Value ${String(value)} at index ${index} is not an integer, so it cannot be ${dtype}.`,
    );
  }
  if (dtype === 'int64') return BigInt(value);
  if (number < -(2 ** 31) || number >= 2 ** 31) {
    throw new ArgumentError(`Value ${number} at index ${index} does not fit in int32.`);
  }
  return number;
}

/**
 * New storage of a dtype holding `values`: a copy when the dtype matches, a checked conversion
 * otherwise (integers only into int32 and int64).
 */
export function toStorage(values: TypedArray | ArrayLike<number>, dtype: DType): TypedArray {
  if (ArrayBuffer.isView(values) && defaultDTypeOf(values as TypedArray) === dtype) {
    if (dtype !== 'float32' || values instanceof Float32Array)
      return (values as TypedArray).slice();
  }
  const source = values as ArrayLike<number | bigint>;
  const target = allocate(dtype, source.length);
  for (let index = 0; index < source.length; index++) {
    (target as unknown as (number | bigint)[])[index] = convertNumber(
      source[index] as number | bigint,
      dtype,
      index,
    );
  }
  return target;
}

/** Checks that a shape is a list of sizes that holds exactly `length` values. */
export function checkShape(shape: readonly number[], length: number, context: string): void {
  if (!shape.every((dim) => Number.isInteger(dim) && dim >= 0)) {
    throw new ShapeError(`${context}: shape ${formatShape(shape)} must list whole sizes >= 0.`);
  }
  if (sizeOf(shape) !== length) {
    throw new ShapeError(
      `${context}: ${length} values do not fill shape ${formatShape(shape)}, which holds ` +
        `${sizeOf(shape)}.`,
    );
  }
}
