import { ArgumentError, type DType, type TypedArray } from '@rectifier/core';
import type { OrtTensor } from './runtime.js';

/** The Rectifier dtype of an ONNX Runtime element type, or an error for one it has no use for. */
export function dtypeOfOrt(tensor: OrtTensor, name: string): DType {
  const { type } = tensor;
  if (type === 'float32' || type === 'int32' || type === 'int64') return type;
  throw new ArgumentError(`ONNX Runtime returned '${name}' as ${type}, which Rectifier lacks.`);
}

/** The values an ONNX Runtime CPU tensor holds. */
export function valuesOf(tensor: OrtTensor): TypedArray {
  return tensor.data as TypedArray;
}
