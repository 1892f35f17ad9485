import {
  allocate,
  ArgumentError,
  dtypeOf,
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

/** An empty array of each dtype, for slots that hold nothing between runs. */
export const EMPTY: Readonly<Record<DType, TypedArray>> = {
  float32: new Float32Array(0),
  int32: new Int32Array(0),
  int64: new BigInt64Array(0),
};

function convertNumber(value: number | bigint, dtype: DType, index: number): number | bigint {
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
export function toStorage(values: TypedArray | readonly number[], dtype: DType): TypedArray {
  if (!Array.isArray(values) && dtypeOf(values as TypedArray) === dtype) {
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
