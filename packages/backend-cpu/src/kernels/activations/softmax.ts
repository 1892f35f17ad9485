import { getActivation, normalizeAxis, type GraphNode } from '@rectifier/core';
import type { Kernel } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';
import { commonSize, specAttributes } from './elementwise.js';

/** A tensor seen as [outer, length, inner] around the softmax axis. */
interface Slices {
  readonly outer: number;
  readonly length: number;
  readonly inner: number;
}

function slicesOf(node: GraphNode, shape: readonly number[]): Slices {
  const axisAttribute = specAttributes(getActivation('Softmax'), node).axis as number;
  const axis = normalizeAxis(axisAttribute, shape.length, node.op);
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i] as number;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i] as number;
  return { outer, length: shape[axis] ?? 1, inner };
}

/**
 * Softmax(X){axis}: exp(X - max) / sum(exp(X - max)) along one axis, in float64 sums. The
 * maximum is subtracted first, so large inputs do not overflow; -Infinity entries give 0; a
 * NaN anywhere in a slice, or a slice that is all -Infinity, makes the whole slice NaN (as in
 * PyTorch). Y may share X's buffer.
 */
export const softmaxKernel: Kernel = {
  prepare(node, inputShapes, outputShapes) {
    const shape = shapeOf(inputShapes, 0, node.op);
    commonSize(node.op, [shape, ...outputShapes]);
    const { outer, length, inner } = slicesOf(node, shape);

    return (inputs, outputs) => {
      const x = floats(inputs, 0, node.op);
      const y = floats(outputs, 0, node.op);
      for (let o = 0; o < outer; o++) {
        for (let j = 0; j < inner; j++) {
          const first = o * length * inner + j;
          const end = first + length * inner;

          let max = -Infinity;
          let nan = false;
          for (let k = first; k < end; k += inner) {
            const v = x[k] as number;
            if (v > max) max = v;
            else if (v !== v) nan = true;
          }

          if (nan || max === -Infinity) {
            for (let k = first; k < end; k += inner) y[k] = NaN;
            continue;
          }
          let sum = 0;
          for (let k = first; k < end; k += inner) {
            const e = Math.exp((x[k] as number) - max);
            y[k] = e;
            sum += e;
          }

          for (let k = first; k < end; k += inner) y[k] = (y[k] as number) / sum;
        }
      }
    };
  },
};

/**
 * SoftmaxGrad(dY, Y){axis}: dX = Y * (dY - sum(dY * Y, axis)), the vector-Jacobian product of
 * Softmax computed from its output, with the sum in float64. dX may share dY's or Y's buffer.
 */
export const softmaxGradKernel: Kernel = {
  prepare(node, inputShapes, outputShapes) {
    const shape = shapeOf(inputShapes, 0, node.op);
    commonSize(node.op, [shape, shapeOf(inputShapes, 1, node.op), ...outputShapes]);
    const { outer, length, inner } = slicesOf(node, shape);

    return (inputs, outputs) => {
      const gradOutput = floats(inputs, 0, node.op);
      const y = floats(inputs, 1, node.op);
      const gradInput = floats(outputs, 0, node.op);
      for (let o = 0; o < outer; o++) {
        for (let j = 0; j < inner; j++) {
          const first = o * length * inner + j;
          const end = first + length * inner;

          let dot = 0;
          for (let k = first; k < end; k += inner) {
            dot += (gradOutput[k] as number) * (y[k] as number);
          }

          for (let k = first; k < end; k += inner) {
            gradInput[k] = (y[k] as number) * ((gradOutput[k] as number) - dot);
          }
        }
      }
    };
  },
};
