import { erfc, sizeOf } from '@rectifier/core';
import type { Kernel } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';

/**
 * erf(x) to float32 precision everywhere: the Maclaurin series below 0.5, where 1 - erfc(x)
 * would lose the relative precision of small results, and 1 - erfc(x) above, where erfc's
 * fractional error of 1.2e-7 is smaller than erf itself.
 */
export function erf(x: number): number {
  if (Math.abs(x) >= 0.5) return x > 0 ? 1 - erfc(x) : erfc(-x) - 1;
  // Σ (-1)^n x^(2n+1) / (n! (2n+1)): the 12th term is below 1e-17 of the first for |x| < 0.5.
  const square = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 12; n++) {
    term *= -square / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** Sign as ONNX and NumPy define it: -1, 1, and the input itself at ±0 and NaN. */
function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : x;
}

/** A kernel applying a scalar rule in float64 and storing float32. */
function unaryKernel(rule: (x: number) => number): Kernel {
  return {
    prepare(node, inputShapes) {
      const size = sizeOf(shapeOf(inputShapes, 0, node.op));
      return (inputs, outputs) => {
        const x = floats(inputs, 0, node.op);
        const y = floats(outputs, 0, node.op);
        for (let i = 0; i < size; i++) y[i] = rule(x[i] as number);
      };
    },
  };
}

/** Abs: Y = |X|. */
export const absKernel = unaryKernel(Math.abs);

/** Sign: Y = -1, 0 or 1 by the sign of X. */
export const signKernel = unaryKernel(sign);

/** Exp: Y = e^X. */
export const expKernel = unaryKernel(Math.exp);

/** Log: Y = ln(X). */
export const logKernel = unaryKernel(Math.log);

/** Sqrt: Y = √X. */
export const sqrtKernel = unaryKernel(Math.sqrt);

/** Erf: Y = erf(X). */
export const erfKernel = unaryKernel(erf);
