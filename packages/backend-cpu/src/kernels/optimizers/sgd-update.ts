import { sizeOf } from '@rectifier/core';
import type { Kernel } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';

// The loops take their settings as arguments, which V8 keeps in registers; settings captured
// from prepare() would be read from the closure on every pass.

/** Without momentum, as PyTorch steps when it keeps no momentum buffer: V' = g, X' = X - lr g. */
function stepPlain(
  size: number,
  x: Float32Array,
  grad: Float32Array,
  xNew: Float32Array,
  velocityNew: Float32Array,
  learningRate: number,
  weightDecay: number,
): void {
  for (let i = 0; i < size; i++) {
    const value = x[i] as number;
    const g = (grad[i] as number) + weightDecay * value;
    velocityNew[i] = g;
    xNew[i] = value - learningRate * g;
  }
}

/** With momentum: V' = momentum V + g, and X' from V' (or from g + momentum V', Nesterov). */
function stepMomentum(
  size: number,
  x: Float32Array,
  grad: Float32Array,
  velocity: Float32Array,
  xNew: Float32Array,
  velocityNew: Float32Array,
  learningRate: number,
  weightDecay: number,
  momentum: number,
  nesterov: boolean,
): void {
  for (let i = 0; i < size; i++) {
    const value = x[i] as number;
    const g = (grad[i] as number) + weightDecay * value;
    const v = momentum * (velocity[i] as number) + g;
    velocityNew[i] = v;
    xNew[i] = value - learningRate * (nesterov ? g + momentum * v : v);
  }
}

/**
 * SGDUpdate as torch.optim.SGD with dampening 0: g = G + weightDecay * X;
 * V' = momentum * V + g; X' = X - lr * (nesterov ? g + momentum * V' : V'). With V starting at
 * zero, the first step's V' is g, as PyTorch's first momentum buffer is; with momentum 0, V' is
 * g on every step and V is not read. Computed in float64 and stored as float32, so it agrees
 * with PyTorch's float32 steps to a rounding.
 */
export const sgdUpdateKernel: Kernel = {
  prepare(node, inputShapes) {
    const op = 'SGDUpdate';
    const size = sizeOf(shapeOf(inputShapes, 0, op));
    const learningRate = node.attributes.learningRate as number;
    const momentum = node.attributes.momentum as number;
    const weightDecay = node.attributes.weightDecay as number;
    const nesterov = node.attributes.nesterov === 1;

    return (inputs, outputs) => {
      const x = floats(inputs, 0, op);
      const grad = floats(inputs, 1, op);
      const velocity = floats(inputs, 2, op);
      const xNew = floats(outputs, 0, op);
      const velocityNew = floats(outputs, 1, op);

      if (momentum === 0) {
        stepPlain(size, x, grad, xNew, velocityNew, learningRate, weightDecay);
      } else {
        stepMomentum(
          size,
          x,
          grad,
          velocity,
          xNew,
          velocityNew,
          learningRate,
          weightDecay,
          momentum,
          nesterov,
        );
      }
    };
  },
};
