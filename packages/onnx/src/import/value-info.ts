import type { Dim, DType } from '@rectifier/core';
import { dataTypeName, dtypeOfDataType, invalidModel, toNumber, type proto } from '../proto.js';

/** A graph input or output as the model declares it. */
export interface DeclaredValue {
  readonly name: string;
  readonly shape: Dim[];
  readonly dtype: DType;
}

/**
 * The shape and dtype a ValueInfoProto declares. A dim_param stays a symbol under its own
 * name; a dimension with neither a size nor a name (or size 0, which exporters write for
 * "unknown") becomes a symbol too: `batchDimension` on axis 0, `<value>_dim<axis>` elsewhere.
 */
export function declaredValue(
  info: proto.IValueInfoProto,
  source: string,
  batchDimension: string,
): DeclaredValue {
  const name = info.name ?? '';
  const tensor = info.type?.tensorType;
  if (!tensor) {
    throw invalidModel(source, `'${name}' is not a tensor; Rectifier imports tensors only.`);
  }
  const code = tensor.elemType ?? 0;
  const dtype = dtypeOfDataType(code);
  if (!dtype) {
    throw invalidModel(
      source,
      `'${name}' is ${dataTypeName(code)}; Rectifier holds FLOAT, INT32 and INT64 tensors.`,
    );
  }
  if (!tensor.shape) {
    throw invalidModel(source, `'${name}' declares no shape; Rectifier needs at least its rank.`);
  }
  const shape = (tensor.shape.dim ?? []).map((dim, axis): Dim => {
    if (dim.dimParam) return dim.dimParam;
    // A size that is set, 0 included, is a size; a dimension with neither is unknown.
    if (Object.hasOwn(dim, 'dimValue')) return toNumber(dim.dimValue);
    return axis === 0 ? batchDimension : `${name}_dim${axis}`;
  });
  return { name, shape, dtype };
}
