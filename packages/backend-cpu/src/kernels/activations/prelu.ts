import { ShapeError, formatShape, sizeOf } from '@rectifier/core';
import type { Kernel } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';
import { SlopeBlocks } from './slope-blocks.js';

function requireSize(op: string, shape: readonly number[] | undefined, size: number, what: string) {
  if (!shape || sizeOf(shape) !== size) {
    throw new ShapeError(`${op}: ${what} ${formatShape(shape ?? [])} must hold ${size} values.`);
  }
}

/** PRelu(X, slope): Y = X where X > 0, slope * X elsewhere (NaN stays NaN), slope broadcast. */
export const preluKernel: Kernel = {
  prepare(node, inputShapes, outputShapes) {
    const xShape = shapeOf(inputShapes, 0, node.op);
    const blocks = new SlopeBlocks(node.op, xShape, shapeOf(inputShapes, 1, node.op));
    requireSize(node.op, outputShapes[0], sizeOf(xShape), 'Y');
    const blockSize = blocks.blockSize;

    return (inputs, outputs) => {
      const x = floats(inputs, 0, node.op);
      const slope = floats(inputs, 1, node.op);
      const y = floats(outputs, 0, node.op);

      blocks.start();
      for (let block = 0, start = 0; block < blocks.count; block++, start += blockSize) {
        const end = start + blockSize;
        const offset = blocks.slopeOffset - start;
        if (blocks.varies) {
          for (let i = start; i < end; i++) {
            const v = x[i] as number;
            y[i] = v > 0 ? v : (slope[offset + i] as number) * v;
          }
        } else {
          const alpha = slope[blocks.slopeOffset] as number;
          for (let i = start; i < end; i++) {
            const v = x[i] as number;
            y[i] = v > 0 ? v : alpha * v;
          }
        }
        blocks.advance();
      }
    };
  },
};

/**
 * PReluGrad(dY, X, slope) -> [dX, dSlope]: dX = dY * (X > 0 ? 1 : slope), and dSlope sums
 * dY * (X > 0 ? 0 : X) over the positions each slope value was broadcast to. NaN in X gives
 * NaN in both. Sums run in float64. dX may share dY's buffer.
 */
export const preluGradKernel: Kernel = {
  prepare(node, inputShapes, outputShapes) {
    const xShape = shapeOf(inputShapes, 1, node.op);
    const blocks = new SlopeBlocks(node.op, xShape, shapeOf(inputShapes, 2, node.op));
    requireSize(node.op, inputShapes[0], sizeOf(xShape), 'dY');
    requireSize(node.op, outputShapes[0], sizeOf(xShape), 'dX');
    requireSize(node.op, outputShapes[1], blocks.slopeSize, 'dSlope');
    const sums = new Float64Array(blocks.slopeSize);
    const blockSize = blocks.blockSize;

    return (inputs, outputs) => {
      const gradOutput = floats(inputs, 0, node.op);
      const x = floats(inputs, 1, node.op);
      const slope = floats(inputs, 2, node.op);
      const gradInput = floats(outputs, 0, node.op);
      const gradSlope = floats(outputs, 1, node.op);

      sums.fill(0);
      blocks.start();
      for (let block = 0, start = 0; block < blocks.count; block++, start += blockSize) {
        const end = start + blockSize;
        const offset = blocks.slopeOffset - start;
        if (blocks.varies) {
          for (let i = start; i < end; i++) {
            const v = x[i] as number;
            const dy = gradOutput[i] as number;
            const alpha = slope[offset + i] as number;
            gradInput[i] = dy * (v > 0 ? 1 : v === v ? alpha : v);
            sums[offset + i] = (sums[offset + i] as number) + dy * (v > 0 ? 0 : v);
          }
        } else {
          const alpha = slope[blocks.slopeOffset] as number;
          let blockSum = 0;
          for (let i = start; i < end; i++) {
            const v = x[i] as number;
            const dy = gradOutput[i] as number;
            gradInput[i] = dy * (v > 0 ? 1 : v === v ? alpha : v);
            blockSum += dy * (v > 0 ? 0 : v);
          }
          sums[blocks.slopeOffset] = (sums[blocks.slopeOffset] as number) + blockSum;
        }
        blocks.advance();
      }
      for (let i = 0; i < blocks.slopeSize; i++) gradSlope[i] = sums[i] as number;
    };
  },
};
