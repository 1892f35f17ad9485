import {
  ArgumentError,
  dtypeOf,
  formatShape,
  sizeOf,
  type DType,
  type TypedArray,
} from '@rectifier/core';
import {
  DATA_TYPE_OF,
  dataTypeName,
  decodeOrThrow,
  dtypeOfDataType,
  invalidModel,
  onnx,
  toBigInt,
  toNumber,
  type proto,
} from './proto.js';

/** A tensor read from an ONNX TensorProto: an initialiser, a Constant or a test-data file. */
export interface DecodedTensor {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: DType;
  readonly values: TypedArray;
}

const BYTES: Readonly<Record<DType, number>> = { float32: 4, int32: 4, int64: 8 };

/** Reads little-endian raw_data through a DataView, so alignment and host order do not matter. */
function fromRawData(raw: Uint8Array, dtype: DType, count: number): TypedArray {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (dtype === 'float32') {
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = view.getFloat32(i * 4, true);
    return values;
  }
  if (dtype === 'int32') {
    const values = new Int32Array(count);
    for (let i = 0; i < count; i++) values[i] = view.getInt32(i * 4, true);
    return values;
  }
  const values = new BigInt64Array(count);
  for (let i = 0; i < count; i++) values[i] = view.getBigInt64(i * 8, true);
  return values;
}

/** Reads the typed repeated fields: float_data, int32_data or int64_data. */
function fromTypedFields(tensor: proto.ITensorProto, dtype: DType): TypedArray {
  if (dtype === 'float32') return Float32Array.from(tensor.floatData ?? []);
  if (dtype === 'int32') return Int32Array.from(tensor.int32Data ?? []);
  return BigInt64Array.from((tensor.int64Data ?? []).map(toBigInt));
}

/**
 * The values of a TensorProto, from raw_data (little-endian) or from the typed fields.
 * `where` names the tensor and its file in errors.
 */
export function tensorFromProto(tensor: proto.ITensorProto, where: string): DecodedTensor {
  const name = tensor.name ?? '';
  const code = tensor.dataType ?? 0;
  const dtype = dtypeOfDataType(code);
  if (!dtype) {
    throw invalidModel(
      where,
      `tensor '${name}' is ${dataTypeName(code)}; Rectifier reads FLOAT, INT32 and INT64.`,
    );
  }
  if (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw invalidModel(
      where,
      `tensor '${name}' keeps its values in an external file, which ` +
        'Rectifier does not read; save the model with its data inside.',
    );
  }

  const shape = (tensor.dims ?? []).map(toNumber);
  const count = sizeOf(shape);
  const raw = tensor.rawData;
  let values: TypedArray;
  if (raw && raw.length > 0) {
    if (raw.length !== count * BYTES[dtype]) {
      throw invalidModel(
        where,
        `tensor '${name}' ${formatShape(shape)} has ${raw.length} ` +
          `bytes of raw data; ${dtype} needs ${count * BYTES[dtype]}. The file may be truncated.`,
      );
    }
    values = fromRawData(raw, dtype, count);
  } else {
    values = fromTypedFields(tensor, dtype);
  }
  if (values.length !== count) {
    throw invalidModel(
      where,
      `tensor '${name}' ${formatShape(shape)} holds ${values.length} ` +
        `values instead of ${count}.`,
    );
  }
  return { name, shape, dtype, values };
}

/** A TensorProto with its values in raw_data, little-endian, as ONNX writers do. */
export function tensorToProto(
  name: string,
  shape: readonly number[],
  values: TypedArray,
): proto.ITensorProto {
  const dtype = dtypeOf(values);
  const raw = new Uint8Array(values.length * BYTES[dtype]);
  const view = new DataView(raw.buffer);
  values.forEach((value: number | bigint, i: number) => {
    if (dtype === 'float32') view.setFloat32(i * 4, value as number, true);
    else if (dtype === 'int32') view.setInt32(i * 4, value as number, true);
    else view.setBigInt64(i * 8, value as bigint, true);
  });
  return { name, dims: [...shape], dataType: DATA_TYPE_OF[dtype], rawData: raw };
}

/**
 * Reads a serialised TensorProto, such as the `input_0.pb` and `output_0.pb` files of the
 * ONNX backend tests. A truncated or foreign file gets an INVALID_MODEL error naming `source`.
 *
 * @example
 * const input = decodeTensor(readFileSync('test_data_set_0/input_0.pb'), 'input_0.pb');
 */
export function decodeTensor(bytes: Uint8Array, source = 'ONNX tensor'): DecodedTensor {
  const tensor = decodeOrThrow(source, 'tensor', () => onnx.TensorProto.decode(bytes));
  if (!tensor.dims.length && !tensor.rawData?.length && !tensor.dataType) {
    throw invalidModel(
      source,
      'the file is truncated or not an ONNX tensor (it has no data ' +
        'type, no dimensions and no data).',
    );
  }
  return tensorFromProto(tensor, source);
}

/** A tensor to encode: values with their shape, and a name. */
export interface TensorToEncode {
  readonly name?: string;
  readonly shape: readonly number[];
  readonly values: TypedArray;
}

/**
 * Serialises a tensor as an ONNX TensorProto, the inverse of `decodeTensor`.
 *
 * @example
 * const bytes = encodeTensor({ name: 'x', shape: [2], values: Float32Array.of(1, 2) });
 * writeFileSync('input_0.pb', bytes);
 */
export function encodeTensor(tensor: TensorToEncode): Uint8Array {
  if (sizeOf(tensor.shape) !== tensor.values.length) {
    throw new ArgumentError(
      `encodeTensor: shape ${formatShape(tensor.shape)} holds ${sizeOf(tensor.shape)} values, ` +
        `but ${tensor.values.length} were given.`,
    );
  }
  const message = tensorToProto(tensor.name ?? '', tensor.shape, tensor.values);
  return onnx.TensorProto.encode(message).finish();
}
