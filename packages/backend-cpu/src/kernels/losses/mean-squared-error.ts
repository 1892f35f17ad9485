import { sizeOf } from '@rectifier/core';
import type { Kernel } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';

/** MeanSquaredError: loss = mean((predictions - targets)^2) over every element, in float64. */
export const meanSquaredErrorKernel: Kernel = {
  prepare(_node, inputShapes) {
    const size = sizeOf(shapeOf(inputShapes, 0, 'MeanSquaredError'));
    return (inputs, outputs) => {
      const predictions = floats(inputs, 0, 'MeanSquaredError');
      const targets = floats(inputs, 1, 'MeanSquaredError');
      let sum = 0;
      for (let i = 0; i < size; i++) {
        const difference = (predictions[i] as number) - (targets[i] as number);
        sum += difference * difference;
      }
      floats(outputs, 0, 'MeanSquaredError')[0] = sum / size;
    };
  },
};

/** MeanSquaredErrorGrad: dPredictions = 2 * (predictions - targets) / count * dLoss. */
export const meanSquaredErrorGradKernel: Kernel = {
  prepare(_node, inputShapes) {
    const op = 'MeanSquaredErrorGrad';
    const size = sizeOf(shapeOf(inputShapes, 1, op));
    return (inputs, outputs) => {
      const gradLoss = floats(inputs, 0, op);
      const predictions = floats(inputs, 1, op);
      const targets = floats(inputs, 2, op);
      const gradPredictions = floats(outputs, 0, op);
      const scale = (2 * (gradLoss[0] as number)) / size;
      for (let i = 0; i < size; i++) {
        gradPredictions[i] = ((predictions[i] as number) - (targets[i] as number)) * scale;
      }
    };
  },
};
