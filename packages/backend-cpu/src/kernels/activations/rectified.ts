import { ArgumentError, getActivation } from '@rectifier/core';
import type { Kernel, KernelRun } from '../../kernel.js';
import { floats, shapeOf } from '../views.js';
import { commonSize, specAttributes } from './elementwise.js';

// Hand-written loops for the rectifiers that dominate training time. Each computes exactly what
// the spec's scalar rule computes, NaN and the value at 0 included; the loops are unrolled by
// four, with a tail for the last size % 4 elements. Math.max(v, 0) is the spec's ReLU bit for
// bit: it returns NaN for NaN, +0 for -0 and 0 for -Infinity.

type UnaryLoop = (x: Float32Array, y: Float32Array, size: number, alpha: number) => void;
type GradientLoop = (
  gradOutput: Float32Array,
  x: Float32Array,
  gradInput: Float32Array,
  size: number,
  alpha: number,
) => void;

const relu: UnaryLoop = (x, y, size) => {
  const end = size - (size % 4);
  let i = 0;
  for (; i < end; i += 4) {
    y[i] = Math.max(x[i] as number, 0);
    y[i + 1] = Math.max(x[i + 1] as number, 0);
    y[i + 2] = Math.max(x[i + 2] as number, 0);
    y[i + 3] = Math.max(x[i + 3] as number, 0);
  }
  for (; i < size; i++) y[i] = Math.max(x[i] as number, 0);
};

const relu6: UnaryLoop = (x, y, size) => {
  const end = size - (size % 4);
  let i = 0;
  for (; i < end; i += 4) {
    y[i] = Math.min(Math.max(x[i] as number, 0), 6);
    y[i + 1] = Math.min(Math.max(x[i + 1] as number, 0), 6);
    y[i + 2] = Math.min(Math.max(x[i + 2] as number, 0), 6);
    y[i + 3] = Math.min(Math.max(x[i + 3] as number, 0), 6);
  }
  for (; i < size; i++) y[i] = Math.min(Math.max(x[i] as number, 0), 6);
};

const leakyRelu: UnaryLoop = (x, y, size, alpha) => {
  const end = size - (size % 4);
  let i = 0;
  for (; i < end; i += 4) {
    const a = x[i] as number;
    const b = x[i + 1] as number;
    const c = x[i + 2] as number;
    const d = x[i + 3] as number;
    y[i] = a > 0 ? a : alpha * a;
    y[i + 1] = b > 0 ? b : alpha * b;
    y[i + 2] = c > 0 ? c : alpha * c;
    y[i + 3] = d > 0 ? d : alpha * d;
  }
  for (; i < size; i++) {
    const v = x[i] as number;
    y[i] = v > 0 ? v : alpha * v;
  }
};

// LeakyReLU's f' is 1 above 0, alpha at or below 0 and NaN at NaN; ReLU's is the same with 0.
const leakyReluGradient: GradientLoop = (gradOutput, x, gradInput, size, alpha) => {
  const end = size - (size % 4);
  let i = 0;
  for (; i < end; i += 4) {
    const a = x[i] as number;
    const b = x[i + 1] as number;
    const c = x[i + 2] as number;
    const d = x[i + 3] as number;
    gradInput[i] = (gradOutput[i] as number) * (a > 0 ? 1 : a === a ? alpha : a);
    gradInput[i + 1] = (gradOutput[i + 1] as number) * (b > 0 ? 1 : b === b ? alpha : b);
    gradInput[i + 2] = (gradOutput[i + 2] as number) * (c > 0 ? 1 : c === c ? alpha : c);
    gradInput[i + 3] = (gradOutput[i + 3] as number) * (d > 0 ? 1 : d === d ? alpha : d);
  }
  for (; i < size; i++) {
    const v = x[i] as number;
    gradInput[i] = (gradOutput[i] as number) * (v > 0 ? 1 : v === v ? alpha : v);
  }
};

const relu6Gradient: GradientLoop = (gradOutput, x, gradInput, size) => {
  for (let i = 0; i < size; i++) {
    const v = x[i] as number;
    gradInput[i] = (gradOutput[i] as number) * (v > 0 && v < 6 ? 1 : v === v ? 0 : v);
  }
};

/** A forward kernel from a loop; alpha is the node's `alpha` attribute, 0 where it has none. */
function unaryKernel(op: string, loop: UnaryLoop): Kernel {
  const spec = getActivation(op);
  return {
    prepare(node, inputShapes, outputShapes): KernelRun {
      const size = commonSize(node.op, [shapeOf(inputShapes, 0, node.op), ...outputShapes]);
      const alpha = Number(specAttributes(spec, node).alpha ?? 0);

      return (inputs, outputs) => {
        loop(floats(inputs, 0, node.op), floats(outputs, 0, node.op), size, alpha);
      };
    },
  };
}

/** A gradient kernel from a loop, inputs [dY, X]; alpha as for the forward kernels. */
function gradientKernel(op: string, loop: GradientLoop): Kernel {
  const spec = getActivation(op);
  return {
    prepare(node, inputShapes, outputShapes): KernelRun {
      const shapes = [shapeOf(inputShapes, 0, node.op), shapeOf(inputShapes, 1, node.op)];
      const size = commonSize(node.op, [...shapes, ...outputShapes]);
      const alpha = Number(specAttributes(spec, node).alpha ?? 0);

      return (inputs, outputs) => {
        const gradOutput = floats(inputs, 0, node.op);
        const x = floats(inputs, 1, node.op);
        loop(gradOutput, x, floats(outputs, 0, node.op), size, alpha);
      };
    },
  };
}

// Identity is also ONNX's Identity, so it copies any dtype, not only float32.
const identity: Kernel = {
  prepare(node, inputShapes, outputShapes) {
    const size = commonSize(node.op, [shapeOf(inputShapes, 0, node.op), ...outputShapes]);
    return (inputs, outputs) => {
      const x = inputs[0]?.data;
      const y = outputs[0]?.data;
      if (!x || !y || x.constructor !== y.constructor) {
        throw new ArgumentError(`${node.op}: needs an input and an output of the same dtype.`);
      }
      if (x === y) return;
      // Same element type on both sides, so the casts only quiet the union of array types.
      if (x.length === size && y.length >= size) (y as Float32Array).set(x as Float32Array);
      else for (let i = 0; i < size; i++) (y as Float32Array)[i] = (x as Float32Array)[i] as number;
    };
  },
};

/**
 * The hand-tuned kernels of ReLU, LeakyReLU, ReLU6 and Identity with their gradient ops. They
 * replace the generic kernels, which call the spec's scalar rule per element.
 */
export const rectifiedKernels: Readonly<Record<string, Kernel>> = {
  Relu: unaryKernel('Relu', relu),
  ReluGrad: gradientKernel('Relu', leakyReluGradient),
  LeakyRelu: unaryKernel('LeakyRelu', leakyRelu),
  LeakyReluGrad: gradientKernel('LeakyRelu', leakyReluGradient),
  Relu6: unaryKernel('Relu6', relu6),
  Relu6Grad: gradientKernel('Relu6', relu6Gradient),
  Identity: identity,
};
