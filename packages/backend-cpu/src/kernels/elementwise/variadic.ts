import { sizeOf } from '@rectifier/core';
import type { Kernel } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';
import { broadcastLayout, runBroadcast, type BroadcastLayout, type Span } from './broadcast.js';

type Fold = (accumulated: number, value: number) => number;

/** A span that folds one operand into the output: out = fold(a, b), steps 0 or 1. */
function foldSpan(fold: Fold): Span<Float32Array> {
  return (a, ai, stepA, b, bi, stepB, out, oi, count) => {
    for (let i = 0; i < count; i++) {
      out[oi + i] = fold(a[ai + i * stepA] as number, b[bi + i * stepB] as number);
    }
  };
}

/**
 * A variadic op that folds its inputs pairwise into the output: Y = fold(fold(X0, X1), X2)...
 * Each step rounds to float32, as evaluating the ONNX definition in float32 does; the first
 * step broadcasts X0 and X1 together, later ones fold an input into Y in place.
 */
function variadicKernel(fold: Fold, finish?: (value: number, count: number) => number): Kernel {
  const span = foldSpan(fold);
  return {
    prepare(node, inputShapes, outputShapes) {
      const output = shapeOf(outputShapes, 0, node.op);
      const count = inputShapes.length;
      const first = shapeOf(inputShapes, 0, node.op);
      // A lone input is folded with itself under the identity, to broadcast it onto Y.
      const layouts: BroadcastLayout[] = [broadcastLayout(first, first, output)];
      for (let index = 1; index < count; index++) {
        const shape = shapeOf(inputShapes, index, node.op);
        layouts.push(broadcastLayout(index === 1 ? first : output, shape, output));
      }
      const size = sizeOf(output);
      const keepFirst = foldSpan((value) => value);

      return (inputs, outputs) => {
        const y = floats(outputs, 0, node.op);
        const x0 = floats(inputs, 0, node.op);
        if (count === 1) runBroadcast(layouts[0]!, keepFirst, x0, x0, y);
        else runBroadcast(layouts[1]!, span, x0, floats(inputs, 1, node.op), y);
        for (let index = 2; index < count; index++) {
          runBroadcast(layouts[index]!, span, y, floats(inputs, index, node.op), y);
        }
        if (finish) for (let i = 0; i < size; i++) y[i] = finish(y[i] as number, count);
      };
    },
  };
}

// Math.max and Math.min return NaN when either side is NaN, as numpy.maximum does.

/** Sum: Y = X0 + X1 + ..., broadcast. */
export const sumKernel = variadicKernel((total, value) => total + value);

/** Mean: Y = (X0 + X1 + ...) / n, broadcast. */
export const meanKernel = variadicKernel(
  (total, value) => total + value,
  (total, count) => total / count,
);

/** Max: the elementwise maximum, broadcast; NaN where any input is NaN. */
export const maxKernel = variadicKernel(Math.max);

/** Min: the elementwise minimum, broadcast; NaN where any input is NaN. */
export const minKernel = variadicKernel(Math.min);
