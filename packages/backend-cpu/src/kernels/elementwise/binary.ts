import type { Kernel } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';
import { broadcastLayout, runBroadcast, type Span } from './broadcast.js';

// Each span has three loops: both operands walking (equal shapes), B repeating one value
// (a scalar or a row vector against a matrix), and A repeating one value.
// TODO: int32 and int64 operands are rejected; labels never need arithmetic yet.

const addSpan: Span<Float32Array> = (a, ai, stepA, b, bi, stepB, out, oi, count) => {
  if (stepA === 1 && stepB === 1) {
    for (let i = 0; i < count; i++) out[oi + i] = (a[ai + i] as number) + (b[bi + i] as number);
  } else if (stepB === 0) {
    const value = b[bi] as number;
    for (let i = 0; i < count; i++) out[oi + i] = (a[ai + i] as number) + value;
  } else {
    const value = a[ai] as number;
    for (let i = 0; i < count; i++) out[oi + i] = value + (b[bi + i] as number);
  }
};

const subSpan: Span<Float32Array> = (a, ai, stepA, b, bi, stepB, out, oi, count) => {
  if (stepA === 1 && stepB === 1) {
    for (let i = 0; i < count; i++) out[oi + i] = (a[ai + i] as number) - (b[bi + i] as number);
  } else if (stepB === 0) {
    const value = b[bi] as number;
    for (let i = 0; i < count; i++) out[oi + i] = (a[ai + i] as number) - value;
  } else {
    const value = a[ai] as number;
    for (let i = 0; i < count; i++) out[oi + i] = value - (b[bi + i] as number);
  }
};

const mulSpan: Span<Float32Array> = (a, ai, stepA, b, bi, stepB, out, oi, count) => {
  if (stepA === 1 && stepB === 1) {
    for (let i = 0; i < count; i++) out[oi + i] = (a[ai + i] as number) * (b[bi + i] as number);
  } else if (stepB === 0) {
    const value = b[bi] as number;
    for (let i = 0; i < count; i++) out[oi + i] = (a[ai + i] as number) * value;
  } else {
    const value = a[ai] as number;
    for (let i = 0; i < count; i++) out[oi + i] = value * (b[bi + i] as number);
  }
};

const divSpan: Span<Float32Array> = (a, ai, stepA, b, bi, stepB, out, oi, count) => {
  if (stepA === 1 && stepB === 1) {
    for (let i = 0; i < count; i++) out[oi + i] = (a[ai + i] as number) / (b[bi + i] as number);
  } else if (stepB === 0) {
    // Divide rather than multiply by the reciprocal, so results round as a / b does.
    const value = b[bi] as number;
    for (let i = 0; i < count; i++) out[oi + i] = (a[ai + i] as number) / value;
  } else {
    const value = a[ai] as number;
    for (let i = 0; i < count; i++) out[oi + i] = value / (b[bi + i] as number);
  }
};

/** A float32 binary op with NumPy broadcasting, walking the output row by row. */
function binaryKernel(span: Span<Float32Array>): Kernel {
  return {
    prepare(node, inputShapes, outputShapes) {
      const layout = broadcastLayout(
        shapeOf(inputShapes, 0, node.op),
        shapeOf(inputShapes, 1, node.op),
        shapeOf(outputShapes, 0, node.op),
      );
      return (inputs, outputs) => {
        const a = floats(inputs, 0, node.op);
        const b = floats(inputs, 1, node.op);
        runBroadcast(layout, span, a, b, floats(outputs, 0, node.op));
      };
    },
  };
}

/** Add: C = A + B, broadcast. */
export const addKernel = binaryKernel(addSpan);

/** Sub: C = A - B, broadcast. */
export const subKernel = binaryKernel(subSpan);

/** Mul: C = A * B, broadcast. */
export const mulKernel = binaryKernel(mulSpan);

/** Div: C = A / B, broadcast; division by zero gives ±Infinity or NaN as IEEE 754 says. */
export const divKernel = binaryKernel(divSpan);
