import { sizeOf } from '@rectifier/core';
import type { Kernel } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';

/**
 * AdamUpdate as torch.optim.Adam (amsgrad off): g = G + weightDecay * X;
 * M' = beta1 M + (1 - beta1) g; V' = beta2 V + (1 - beta2) g^2;
 * X' = X - lr / (1 - beta1^t) * M' / (sqrt(V') / sqrt(1 - beta2^t) + epsilon), epsilon added
 * after the square root, where t is the float32 `step` input: the 1-based count of this update.
 * Computed in float64 and stored as float32, so it agrees with PyTorch to a rounding.
 */
export const adamUpdateKernel: Kernel = {
  prepare(node, inputShapes) {
    const op = 'AdamUpdate';
    const size = sizeOf(shapeOf(inputShapes, 0, op));
    const learningRate = node.attributes.learningRate as number;
    const beta1 = node.attributes.beta1 as number;
    const beta2 = node.attributes.beta2 as number;
    const epsilon = node.attributes.epsilon as number;
    const weightDecay = node.attributes.weightDecay as number;

    return (inputs, outputs) => {
      const x = floats(inputs, 0, op);
      const grad = floats(inputs, 1, op);
      const mean = floats(inputs, 2, op);
      const variance = floats(inputs, 3, op);
      const step = floats(inputs, 4, op)[0] as number;
      const xNew = floats(outputs, 0, op);
      const meanNew = floats(outputs, 1, op);
      const varianceNew = floats(outputs, 2, op);

      const stepSize = learningRate / (1 - beta1 ** step);
      const correction = Math.sqrt(1 - beta2 ** step);
      for (let i = 0; i < size; i++) {
        const value = x[i] as number;
        const g = (grad[i] as number) + weightDecay * value;
        const m = beta1 * (mean[i] as number) + (1 - beta1) * g;
        const v = beta2 * (variance[i] as number) + (1 - beta2) * g * g;
        meanNew[i] = m;
        varianceNew[i] = v;
        xNew[i] = value - (stepSize * m) / (Math.sqrt(v) / correction + epsilon);
      }
    };
  },
};
