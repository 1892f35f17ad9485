import { ArgumentError } from '@rectifier/core';
import type { View } from '../kernel.js';

/** The float32 values bound to one slot, or an ArgumentError naming the op and the slot. */
export function floats(
  views: readonly (View | undefined)[],
  index: number,
  op: string,
): Float32Array {
  const data = views[index]?.data;
  if (!(data instanceof Float32Array)) {
    throw new ArgumentError(`${op}: slot ${index} ${data ? 'must hold float32' : 'is unbound'}.`);
  }
  return data;
}

/** The int64 values bound to one slot, or an ArgumentError naming the op and the slot. */
export function int64s(
  views: readonly (View | undefined)[],
  index: number,
  op: string,
): BigInt64Array {
  const data = views[index]?.data;
  if (!(data instanceof BigInt64Array)) {
    throw new ArgumentError(`${op}: slot ${index} ${data ? 'must hold int64' : 'is unbound'}.`);
  }
  return data;
}

/** The bound shape of one slot, or an ArgumentError when the program bound none. */
export function shapeOf(
  shapes: readonly (readonly number[] | undefined)[],
  index: number,
  op: string,
): readonly number[] {
  const shape = shapes[index];
  if (!shape) throw new ArgumentError(`${op}: no shape is bound for slot ${index}.`);
  return shape;
}
