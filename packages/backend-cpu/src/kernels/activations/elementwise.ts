import {
  ShapeError,
  formatShape,
  resolveAttributes,
  sizeOf,
  type ActivationAttributes,
  type ActivationSpec,
  type GraphNode,
} from '@rectifier/core';
import type { Kernel } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';

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
      const size = commonSize(node.op, [shapeOf(inputShapes, 0, node.op), ...outputShapes]);
      const attributes = specAttributes(spec, node);
      const forward = spec.forward;

      return (inputs, outputs) => {
        const x = floats(inputs, 0, node.op);
        const y = floats(outputs, 0, node.op);
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
      const shapes = [shapeOf(inputShapes, 0, node.op), shapeOf(inputShapes, 1, node.op)];
      const size = commonSize(node.op, [...shapes, ...outputShapes]);
      const attributes = specAttributes(spec, node);
      const derivative = spec.derivative;

      return (inputs, outputs) => {
        const gradOutput = floats(inputs, 0, node.op);
        const x = floats(inputs, 1, node.op);
        const gradInput = floats(outputs, 0, node.op);
        for (let i = 0; i < size; i++) {
          gradInput[i] = (gradOutput[i] as number) * derivative(x[i] as number, attributes);
        }
      };
    },
  };
}
