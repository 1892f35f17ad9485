import type { Kernel } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';
import { prepareGemm } from './blocked-gemm.js';

/**
 * Gemm: Y = alpha * op(A) op(B) + beta * C, with C of shape [], [N], [1, N], [M, 1] or [M, N]
 * broadcast onto Y. As in BLAS, C is not read when beta is 0 and the product is not computed
 * when alpha is 0.
 */
export const gemmKernel: Kernel = {
  prepare(node, inputShapes, _outputShapes, context) {
    const alpha = node.attributes.alpha as number;
    const beta = node.attributes.beta as number;
    const transA = node.attributes.transA === 1;
    const transB = node.attributes.transB === 1;
    const [rowsA = 0, columnsA = 0] = shapeOf(inputShapes, 0, 'Gemm');
    const [rowsB = 0, columnsB = 0] = shapeOf(inputShapes, 1, 'Gemm');
    const m = transA ? columnsA : rowsA;
    const k = transA ? rowsA : columnsA;
    const n = transB ? rowsB : columnsB;
    const product = prepareGemm(
      { m, n, k, transA, transB, lda: columnsA, ldb: columnsB, ldy: n },
      context?.pool,
    );

    // C's strides on Y's axes; 0 along an axis that C broadcasts.
    const shapeC = inputShapes[2];
    const useC = shapeC !== undefined && beta !== 0;
    const [rowsC = 1, columnsC = 1] = shapeC ? [1, 1, ...shapeC].slice(-2) : [];
    const rowStrideC = rowsC === 1 ? 0 : columnsC;
    const columnStrideC = columnsC === 1 ? 0 : 1;

    return (inputs, outputs) => {
      const a = floats(inputs, 0, 'Gemm');
      const b = floats(inputs, 1, 'Gemm');
      const y = floats(outputs, 0, 'Gemm');

      if (useC) {
        const c = floats(inputs, 2, 'Gemm');
        for (let i = 0; i < m; i++) {
          const row = i * n;
          const source = i * rowStrideC;
          if (columnStrideC === 1) {
            for (let j = 0; j < n; j++) y[row + j] = beta * (c[source + j] as number);
          } else {
            y.fill(beta * (c[source] as number), row, row + n);
          }
        }
      }

      if (alpha !== 0) product(a, 0, b, 0, y, 0, alpha, useC);
      else if (!useC) y.fill(0);
    };
  },
};
