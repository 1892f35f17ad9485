import { allocate, defaultDTypeOf, type DType, type TypedArray } from './dtype.js';
import { ArgumentError, ShapeError } from './errors.js';
import { formatShape, sizeOf } from './shape.js';

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
 * New storage of a dtype holding `values`, for backends making tensors: a copy when the dtype matches, so that the caller
 * may reuse its array, and a checked conversion otherwise (integers only into int32 and int64).
 */
export function toTypedArray(values: TypedArray | ArrayLike<number>, dtype: DType): TypedArray {
  if (ArrayBuffer.isView(values) && defaultDTypeOf(values) === dtype) {
    if (dtype !== 'float32' || values instanceof Float32Array)
      return (values as TypedArray).slice();
  }
  const source = values as ArrayLike<number | bigint>;
  const target = allocate(dtype, source.length);
  for (let index = 0; index < source.length; index++) {
    (target as unknown as (number | bigint)[])[index] = convertNumber(source[index], dtype, index);
  }
  return target;
}

/** Checks that a shape is a list of sizes that holds exactly `length` values; for backends. */
export function checkValueCount(shape: readonly number[], length: number, context: string): void {
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
