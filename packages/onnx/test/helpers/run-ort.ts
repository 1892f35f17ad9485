import type { TypedArray } from '@rectifier/core';
import { InferenceSession, Tensor } from 'onnxruntime-node';

/** Runs ONNX model bytes in onnxruntime-node and returns every output's values by name. */
export async function runOnOrt(
  model: Uint8Array,
  feeds: Readonly<Record<string, { shape: readonly number[]; values: TypedArray }>>,
): Promise<Record<string, TypedArray>> {
  const session = await InferenceSession.create(model);
  const tensors = Object.fromEntries(
    Object.entries(feeds).map(([name, feed]) => {
      const type = feed.values instanceof BigInt64Array ? 'int64' : 'float32';
      return [name, new Tensor(type, feed.values, [...feed.shape])];
    }),
  );
  const outputs = await session.run(tensors);
  await session.release();
  return Object.fromEntries(
    Object.entries(outputs).map(([name, tensor]) => [name, tensor.data as TypedArray]),
  );
}
