import { RectifierError, type DType } from '@rectifier/core';
import onnxProto from 'onnx-proto';
import type { onnx as proto } from 'onnx-proto';

/** The generated ONNX protobuf classes (onnx-proto is CommonJS, so it has a default export). */
export const onnx = onnxProto.onnx;
export type { proto };

/** An int64 as protobufjs decodes it: a number, or a Long when the `long` package is present. */
export type Int64 = number | { readonly low: number; readonly high: number; toNumber(): number };

/** An int64 protobuf field as a JavaScript number (exact up to 2^53). */
export function toNumber(value: Int64 | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/** An int64 protobuf field as a bigint, exact over the whole range. */
export function toBigInt(value: Int64): bigint {
  if (typeof value === 'number') return BigInt(value);
  return BigInt.asIntN(64, (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0));
}

/** ONNX's TensorProto.DataType codes of the dtypes Rectifier holds. */
export const DATA_TYPE_OF: Readonly<Record<DType, number>> = { float32: 1, int32: 6, int64: 7 };

const DTYPE_OF_CODE = new Map<number, DType>([
  [1, 'float32'],
  [6, 'int32'],
  [7, 'int64'],
]);

/** The Rectifier dtype of an ONNX data type code, or undefined where Rectifier has none. */
export function dtypeOfDataType(code: number): DType | undefined {
  return DTYPE_OF_CODE.get(code);
}

/** An ONNX data type code as ONNX spells it, for messages: 11 is DOUBLE. */
export function dataTypeName(code: number): string {
  return onnx.TensorProto.DataType[code] ?? `data type ${code}`;
}

/** The error of a file that is not a usable ONNX model or tensor, naming the file. */
export function invalidModel(source: string, what: string, cause?: unknown): RectifierError {
  return new RectifierError('INVALID_MODEL', `${source}: ${what}`, { cause });
}

/**
 * Runs a protobuf decode and turns what protobufjs throws on bad bytes (RangeError "index out
 * of range" for a truncated file, "invalid wire type" for bytes that are not protobuf) into
 * an INVALID_MODEL error naming the file, instead of a crash deep inside the decoder.
 */
export function decodeOrThrow<T>(source: string, kind: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw invalidModel(
      source,
      `the file is truncated or not an ONNX ${kind} (the protobuf decoder says: ${detail}).`,
      error,
    );
  }
}
