import { sizeOf } from '@rectifier/core';
import type { Kernel } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';
import { prepareGemm } from './blocked-gemm.js';

/**
 * The matrix offsets of A and B for each matrix of Y, with the batch axes broadcast as
 * numpy.matmul does.
 */
function batchOffsets(
  shapeA: readonly number[],
  shapeB: readonly number[],
  batch: readonly number[],
): { offsetsA: Int32Array; offsetsB: Int32Array } {
  const count = sizeOf(batch);
  const offsetsA = new Int32Array(count);
  const offsetsB = new Int32Array(count);
  const matrixA = sizeOf(shapeA.slice(-2));
  const matrixB = sizeOf(shapeB.slice(-2));
  const batchA = shapeA.slice(0, -2);
  const batchB = shapeB.slice(0, -2);

  for (let index = 0; index < count; index++) {
    let rest = index;
    let strideA = matrixA;
    let strideB = matrixB;
    let offsetA = 0;
    let offsetB = 0;
    for (let axis = batch.length - 1; axis >= 0; axis--) {
      const dim = batch[axis] as number;
      const position = rest % dim;
      rest = (rest - position) / dim;
      const dimA = batchA[axis - batch.length + batchA.length] ?? 1;
      const dimB = batchB[axis - batch.length + batchB.length] ?? 1;
      if (dimA !== 1) offsetA += position * strideA;
      if (dimB !== 1) offsetB += position * strideB;
      strideA *= dimA;
      strideB *= dimB;
    }
    offsetsA[index] = offsetA;
    offsetsB[index] = offsetB;
  }
  return { offsetsA, offsetsB };
}

/**
 * MatMul as numpy.matmul for operands of rank 2 and above: one product per matrix of Y, the
 * batch axes broadcast. When B is a single matrix, the batch of A is one tall product.
 */
export const matMulKernel: Kernel = {
  prepare(_node, inputShapes, outputShapes, context) {
    const shapeA = shapeOf(inputShapes, 0, 'MatMul');
    const shapeB = shapeOf(inputShapes, 1, 'MatMul');
    const shapeY = outputShapes[0] ?? [];
    const [m = 0, k = 0] = shapeA.slice(-2);
    const n = shapeB[shapeB.length - 1] ?? 0;
    const batch = shapeY.slice(0, -2);
    const count = sizeOf(batch);

    if (sizeOf(shapeB.slice(0, -2)) === 1 && sizeOf(shapeA.slice(0, -2)) === count) {
      const tall = prepareGemm(
        { m: m * count, n, k, transA: false, transB: false, lda: k, ldb: n, ldy: n },
        context?.pool,
      );
      return (inputs, outputs) => {
        const y = floats(outputs, 0, 'MatMul');
        tall(floats(inputs, 0, 'MatMul'), 0, floats(inputs, 1, 'MatMul'), 0, y, 0, 1, false);
      };
    }

    const product = prepareGemm(
      { m, n, k, transA: false, transB: false, lda: k, ldb: n, ldy: n },
      context?.pool,
    );
    const { offsetsA, offsetsB } = batchOffsets(shapeA, shapeB, batch);
    return (inputs, outputs) => {
      const a = floats(inputs, 0, 'MatMul');
      const b = floats(inputs, 1, 'MatMul');
      const y = floats(outputs, 0, 'MatMul');
      for (let index = 0; index < count; index++) {
        const offsetA = offsetsA[index] as number;
        const offsetB = offsetsB[index] as number;
        product(a, offsetA, b, offsetB, y, index * m * n, 1, false);
      }
    };
  },
};
