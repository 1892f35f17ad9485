import {
  ArgumentError,
  ShapeError,
  formatShape,
  resolveAttributes,
  sizeOf,
  type ActivationAttributes,
  type ActivationSpec,
  type GraphNode,
} from '@rectifier/core';
import type { Kernel, View } from '../../kernel.js';

/** The float32 values of a bound tensor, or an error naming the op and the missing input. */
export function floatData(
  views: readonly (View | undefined)[],
  index: number,
  op: string,
): Float32Array {
  const data = views[index]?.data;
  if (!(data instanceof Float32Array)) {
    throw new ArgumentError(
      `${op}: ${data ? 'expects float32 values' : 'is missing'} in slot ${index}.`,
    );
  }
  return data;
}

/** The bound shape in one slot, or a ShapeError when the program bound none. */
export function shapeAt(
  shapes: readonly (readonly number[] | undefined)[],
  index: number,
  op: string,
): readonly number[] {
  const shape = shapes[index];
  if (!shape) throw new ShapeError(`${op}: no shape is bound for slot ${index}.`);
  return shape;
}

/**
 * The element count shared by every listed shape, or a ShapeError naming the first that
 * differs. Elementwise kernels read and write this many values.
 */
export function commonSize(op: string, shapes: readonly (readonly number[])[]): number {
  const first = shapes[0] ?? [];
  for (const shape of shapes) {
    if (sizeOf(shape) !== sizeOf(first)) {
      throw new ShapeError(`${op}: shapes ${formatShape(first)} and ${formatShape(shape)} differ.`);
    }
  }
  return sizeOf(first);
}

/** The spec's attributes for a node, with defaults filled in and ranges checked. */
export function specAttributes(spec: ActivationSpec, node: GraphNode): ActivationAttributes {
  return resolveAttributes(node.op, spec.attributes, node.attributes) as ActivationAttributes;
}

/**
 * The forward kernel of an elementwise activation: Y = f(X) with the spec's scalar rule,
 * computed in float64 and stored as float32. Safe in place (Y may be X's buffer).
 */
export function elementwiseForward(spec: ActivationSpec): Kernel {
  return {
    prepare(node, inputShapes, outputShapes) {
      const size = commonSize(node.op, [shapeAt(inputShapes, 0, node.op), ...outputShapes]);
      const attributes = specAttributes(spec, node);
      const forward = spec.forward;

      return (inputs, outputs) => {
        const x = floatData(inputs, 0, node.op);
        const y = floatData(outputs, 0, node.op);
        for (let i = 0; i < size; i++) y[i] = forward(x[i] as number, attributes);
      };
    },
  };
}

/**
 * The kernel of an activation's gradient op: dX = dY * f'(X) with the spec's scalar rule,
 * inputs [dY, X]. Safe in place (dX may be dY's or X's buffer).
 */
export function elementwiseGradient(spec: ActivationSpec): Kernel {
  return {
    prepare(node, inputShapes, outputShapes) {
      const shapes = [shapeAt(inputShapes, 0, node.op), shapeAt(inputShapes, 1, node.op)];
      const size = commonSize(node.op, [...shapes, ...outputShapes]);
      const attributes = specAttributes(spec, node);
      const derivative = spec.derivative;

      return (inputs, outputs) => {
        const gradOutput = floatData(inputs, 0, node.op);
        const x = floatData(inputs, 1, node.op);
        const gradInput = floatData(outputs, 0, node.op);
        for (let i = 0; i < size; i++) {
          gradInput[i] = (gradOutput[i] as number) * derivative(x[i] as number, attributes);
        }
      };
    },
  };
}
