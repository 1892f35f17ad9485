import type { Kernel } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';
import { broadcastLayout, runBroadcast, type Span } from './broadcast.js';

/**
 * x^y as C's pow() defines it, which ONNX's reference (NumPy) follows. JavaScript's Math.pow
 * differs only where the base is ±1: pow(1, y) = 1 even for NaN, pow(-1, ±Infinity) = 1.
 */
export function power(base: number, exponent: number): number {
  if (base === 1) return 1;
  if (base === -1 && (exponent === Infinity || exponent === -Infinity)) return 1;
  return Math.pow(base, exponent);
}

const powSpan: Span<Float32Array> = (a, ai, stepA, b, bi, stepB, out, oi, count) => {
  for (let i = 0; i < count; i++) {
    out[oi + i] = power(a[ai + i * stepA] as number, b[bi + i * stepB] as number);
  }
};

/** Pow: Z = X^Y, broadcast. */
export const powKernel: Kernel = {
  prepare(node, inputShapes, outputShapes) {
    const layout = broadcastLayout(
      shapeOf(inputShapes, 0, node.op),
      shapeOf(inputShapes, 1, node.op),
      shapeOf(outputShapes, 0, node.op),
    );
    return (inputs, outputs) => {
      const x = floats(inputs, 0, node.op);
      const y = floats(inputs, 1, node.op);
      runBroadcast(layout, powSpan, x, y, floats(outputs, 0, node.op));
    };
  },
};
