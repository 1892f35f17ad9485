import type { AttributeValue } from '../attributes.js';
import { ShapeError } from '../errors.js';
import type { GraphBuilder } from '../graph-builder.js';
import type { ValueInfo } from '../graph.js';
import type { OutputInfo } from '../op.js';
import { formatShape, sameShape, type Dim } from '../shape.js';

/** The input at an index, or a ShapeError if a required input is absent. */
export function required(
  op: string,
  inputs: readonly (ValueInfo | undefined)[],
  index: number,
): ValueInfo {
  const input = inputs[index];
  if (!input) throw new ShapeError(`${op}: input ${index} is required.`);
  return input;
}

/** Throws unless a value is float32. */
export function requireFloat(op: string, value: ValueInfo): void {
  if (value.dtype !== 'float32') {
    throw new ShapeError(`${op}: '${value.name}' must be float32, got ${value.dtype}.`);
  }
}

/** Throws unless a value has the given rank. */
export function requireRank(op: string, value: ValueInfo, rank: number): void {
  if (value.shape.length !== rank) {
    throw new ShapeError(
      `${op}: '${value.name}' must have rank ${rank}, got shape ${formatShape(value.shape)}.`,
    );
  }
}

/** Throws unless two values have the same shape, naming both. */
export function requireSameShape(op: string, a: ValueInfo, b: ValueInfo): void {
  if (!sameShape(a.shape, b.shape)) {
    throw new ShapeError(
      `${op}: '${a.name}' has shape ${formatShape(a.shape)} but '${b.name}' has shape ` +
        `${formatShape(b.shape)}; they must be equal.`,
    );
  }
}

/** Shape inference for ops whose single output is shaped like their first input. */
export function likeFirstInput(op: string) {
  return (inputs: readonly (ValueInfo | undefined)[]): readonly OutputInfo[] => {
    const input = required(op, inputs, 0);
    requireFloat(op, input);
    return [{ shape: input.shape, dtype: input.dtype }];
  };
}

/** A number attribute, already validated by the schema. */
export function numberAttribute(
  attributes: Readonly<Record<string, AttributeValue>>,
  name: string,
): number {
  return attributes[name] as number;
}

/**
 * Sums a broadcast gradient back down to the shape of the operand it came from: over the
 * leading axes the operand lacks, then over the axes where the operand has size 1.
 */
export function unbroadcast(builder: GraphBuilder, grad: ValueInfo, target: ValueInfo): ValueInfo {
  if (sameShape(grad.shape, target.shape)) return grad;

  let result = grad;
  const extra = grad.shape.length - target.shape.length;
  if (extra > 0) {
    const axes = Array.from({ length: extra }, (_, axis) => axis);
    result = builder.op('ReduceSum', [result], { axes, keepdims: 0 });
  }

  const ones = target.shape
    .map((dim: Dim, axis) => (dim === 1 && result.shape[axis] !== 1 ? axis : -1))
    .filter((axis) => axis >= 0);
  if (ones.length > 0) result = builder.op('ReduceSum', [result], { axes: ones, keepdims: 1 });
  return result;
}
