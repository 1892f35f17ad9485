import {
  reducedAxes,
  transposePermutation,
  UnsupportedOpError,
  type AttributeValue,
  type GraphNode,
} from '@rectifier/core';
import type { Tensor as TfTensor } from '@tensorflow/tfjs-core';
import type { Tf } from './gpu.js';
import { clipGrad, leakyRelu, positive, sign } from './wgsl.js';

/** What a kernel sees of the program. */
export interface KernelContext {
  readonly tf: Tf;
  readonly node: GraphNode;
}

/** One op as TensorFlow.js ops; inputs absent in the graph are undefined. */
export type Kernel = (
  inputs: readonly (TfTensor | undefined)[],
  context: KernelContext,
) => TfTensor[];

type Attributes = Readonly<Record<string, AttributeValue>>;
type Unary = (tf: Tf, x: TfTensor, a: Attributes) => TfTensor;

function num(a: Attributes, name: string): number {
  return a[name] as number;
}

function arg(inputs: readonly (TfTensor | undefined)[], index: number, op: string): TfTensor {
  const tensor = inputs[index];
  if (!tensor) throw new UnsupportedOpError('webgpu', [`${op} without input ${index}`]);
  return tensor;
}

/** NaN in -> NaN out: tfjs's kernels do not all follow it (elu and sigmoid of NaN are not NaN). */
function keepNaN(tf: Tf, x: TfTensor, y: TfTensor): TfTensor {
  return tf.where(tf.isNaN(x), tf.scalar(Number.NaN), y);
}

const step = (tf: Tf, cond: TfTensor, a: TfTensor | number, b: TfTensor | number): TfTensor =>
  tf.where(
    cond,
    typeof a === 'number' ? tf.scalar(a) : a,
    typeof b === 'number' ? tf.scalar(b) : b,
  );

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const GELU_K = Math.sqrt(2 / Math.PI);

function gelu(tf: Tf, x: TfTensor, a: Attributes): TfTensor {
  if (a.approximate === 'tanh') {
    const inner = tf.mul(GELU_K, tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
    const y = tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
    return step(tf, tf.equal(x, Number.NEGATIVE_INFINITY), 0, y);
  }
  const y = tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.mul(x, SQRT1_2))));
  return step(tf, tf.equal(x, Number.NEGATIVE_INFINITY), 0, y);
}

function geluGrad(tf: Tf, x: TfTensor, a: Attributes): TfTensor {
  if (a.approximate === 'tanh') {
    const x2 = tf.square(x);
    const inner = tf.mul(GELU_K, tf.add(x, tf.mul(0.044715, tf.mul(x2, x))));
    const t = tf.tanh(inner);
    const dInner = tf.mul(GELU_K, tf.add(1, tf.mul(3 * 0.044715, x2)));
    const left = tf.mul(0.5, tf.add(1, t));
    const right = tf.mul(tf.mul(tf.mul(0.5, x), tf.sub(1, tf.square(t))), dInner);
    const far = tf.greater(tf.abs(x), 10);
    return step(tf, far, step(tf, tf.greater(x, 0), 1, 0), tf.add(left, right));
  }
  const cdf = tf.mul(0.5, tf.add(1, tf.erf(tf.mul(x, SQRT1_2))));
  const pdf = tf.mul(INV_SQRT_2PI, tf.exp(tf.mul(-0.5, tf.square(x))));
  // x * pdf is 0 at +-Infinity (pdf vanishes faster than x grows).
  const tail = step(tf, tf.isInf(x), 0, tf.mul(x, pdf));
  return tf.add(cdf, tail);
}

function softplus(tf: Tf, x: TfTensor): TfTensor {
  // PyTorch's threshold: x above 20 is x itself.
  return step(tf, tf.greater(x, 20), x, tf.log1p(tf.exp(x)));
}

/** Activations: forward rule f(x) and derivative f'(x), both as tfjs ops on x. */
const ACTIVATIONS: Record<string, readonly [Unary, Unary]> = {
  Relu: [(tf, x) => step(tf, positive(tf, x), x, 0), (tf, x) => step(tf, positive(tf, x), 1, 0)],
  LeakyRelu: [
    (tf, x, a) => leakyRelu(tf, x, num(a, 'alpha')),
    (tf, x, a) => step(tf, positive(tf, x), 1, num(a, 'alpha')),
  ],
  Elu: [
    (tf, x, a) => step(tf, positive(tf, x), x, tf.mul(num(a, 'alpha'), tf.expm1(x))),
    (tf, x, a) => step(tf, positive(tf, x), 1, tf.mul(num(a, 'alpha'), tf.exp(x))),
  ],
  Selu: [
    (tf, x, a) =>
      tf.mul(num(a, 'gamma'), step(tf, positive(tf, x), x, tf.mul(num(a, 'alpha'), tf.expm1(x)))),
    (tf, x, a) =>
      tf.mul(num(a, 'gamma'), step(tf, positive(tf, x), 1, tf.mul(num(a, 'alpha'), tf.exp(x)))),
  ],
  Celu: [
    (tf, x, a) => {
      const alpha = num(a, 'alpha');
      return step(tf, positive(tf, x), x, tf.mul(alpha, tf.expm1(tf.div(x, alpha))));
    },
    (tf, x, a) => step(tf, positive(tf, x), 1, tf.exp(tf.div(x, num(a, 'alpha')))),
  ],
  Gelu: [gelu, geluGrad],
  Silu: [
    (tf, x) => step(tf, tf.equal(x, Number.NEGATIVE_INFINITY), 0, tf.mul(x, tf.sigmoid(x))),
    (tf, x) => {
      const s = tf.sigmoid(x);
      const d = tf.mul(s, tf.add(1, tf.mul(x, tf.sub(1, s))));
      return step(tf, tf.isInf(x), step(tf, positive(tf, x), 1, 0), d);
    },
  ],
  Mish: [
    (tf, x) =>
      step(tf, tf.equal(x, Number.NEGATIVE_INFINITY), 0, tf.mul(x, tf.tanh(softplus(tf, x)))),
    (tf, x) => {
      const t = tf.tanh(softplus(tf, x));
      const d = tf.add(t, tf.mul(tf.mul(x, tf.sub(1, tf.square(t))), tf.sigmoid(x)));
      return step(tf, tf.isInf(x), step(tf, positive(tf, x), 1, 0), d);
    },
  ],
  Softplus: [(tf, x) => softplus(tf, x), (tf, x) => tf.sigmoid(x)],
  Softsign: [
    (tf, x) => step(tf, tf.isInf(x), tf.sign(x), tf.div(x, tf.add(1, tf.abs(x)))),
    (tf, x) => tf.div(1, tf.square(tf.add(1, tf.abs(x)))),
  ],
  Relu6: [
    (tf, x) => step(tf, positive(tf, x), step(tf, tf.less(x, 6), x, 6), 0),
    (tf, x) => step(tf, tf.logicalAnd(positive(tf, x), tf.less(x, 6)), 1, 0),
  ],
  HardSigmoid: [
    (tf, x, a) => tf.clipByValue(tf.add(tf.mul(num(a, 'alpha'), x), num(a, 'beta')), 0, 1),
    (tf, x, a) => {
      const alpha = num(a, 'alpha');
      const beta = num(a, 'beta');
      const [low, high] = [-beta / alpha, (1 - beta) / alpha].sort((p, q) => p - q) as [
        number,
        number,
      ];
      return step(tf, tf.logicalAnd(tf.greater(x, low), tf.less(x, high)), alpha, 0);
    },
  ],
  HardSwish: [
    (tf, x) =>
      step(
        tf,
        tf.lessEqual(x, -3),
        0,
        step(tf, tf.greaterEqual(x, 3), x, tf.div(tf.mul(x, tf.add(x, 3)), 6)),
      ),
    (tf, x) =>
      step(tf, tf.less(x, -3), 0, step(tf, tf.lessEqual(x, 3), tf.add(tf.div(x, 3), 0.5), 1)),
  ],
  ThresholdedRelu: [
    (tf, x, a) => step(tf, tf.greater(x, num(a, 'alpha')), x, 0),
    (tf, x, a) => step(tf, tf.greater(x, num(a, 'alpha')), 1, 0),
  ],
  Sigmoid: [
    (tf, x) => tf.sigmoid(x),
    (tf, x) => {
      const s = tf.sigmoid(x);
      return tf.mul(s, tf.sub(1, s));
    },
  ],
  Tanh: [(tf, x) => tf.tanh(x), (tf, x) => tf.sub(1, tf.square(tf.tanh(x)))],
};

/** Sums a broadcast gradient back to the shape of the operand it came from. */
function sumToShape(tf: Tf, g: TfTensor, shape: readonly number[]): TfTensor {
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let axis = 0; axis < g.rank; axis++) {
    if (axis < lead || (shape[axis - lead] === 1 && g.shape[axis] !== 1)) axes.push(axis);
  }
  const summed = axes.length > 0 ? tf.sum(g, axes, true) : g;
  return tf.reshape(summed, [...shape]);
}

function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

function softmax(tf: Tf, x: TfTensor, axis: number): TfTensor {
  if (x.rank === 0) return tf.onesLike(x);
  if (x.size === 0) return tf.clone(x);
  const ax = normAxis(axis, x.rank);
  const shifted = tf.sub(x, tf.max(x, ax, true));
  const e = tf.exp(shifted);
  return tf.div(e, tf.sum(e, ax, true));
}

function logSoftmax(tf: Tf, x: TfTensor, axis: number): TfTensor {
  if (x.rank === 0) return tf.zerosLike(x);
  if (x.size === 0) return tf.clone(x);
  const ax = normAxis(axis, x.rank);
  const shifted = tf.sub(x, tf.max(x, ax, true));
  return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), ax, true)));
}

function oneHot(tf: Tf, labels: TfTensor, classes: number): TfTensor {
  return tf.oneHot(tf.cast(labels, 'int32'), classes, 1, 0, 'float32');
}

function matMul(tf: Tf, a: TfTensor, b: TfTensor): TfTensor {
  const a2 = a.rank === 1 ? tf.expandDims(a, 0) : a;
  const b2 = b.rank === 1 ? tf.expandDims(b, 1) : b;
  let y =
    a2.size === 0 || b2.size === 0
      ? tf.zeros([...a2.shape.slice(0, -1), b2.shape[b2.rank - 1] as number])
      : tf.matMul(a2, b2);
  if (a.rank === 1) y = tf.squeeze(y, [y.rank - 2]);
  if (b.rank === 1) y = tf.squeeze(y, [y.rank - 1]);
  return y;
}

function reduce(kind: 'sum' | 'mean' | 'sumSquare' | 'max'): Kernel {
  return (inputs, { tf, node }) => {
    const x = arg(inputs, 0, node.op);
    const axes = reducedAxes((node.attributes.axes as number[] | undefined) ?? [], x.rank, node.op);
    const keep = node.attributes.keepdims !== 0;
    if (x.rank === 0) return [tf.clone(kind === 'sumSquare' ? tf.square(x) : x)];
    if (x.size === 0) {
      // WebGPU cannot reduce an empty tensor: the result is the reduction's identity.
      const shape = x.shape.flatMap((d, axis) => (!axes.includes(axis) ? [d] : keep ? [1] : []));
      const identity = { sum: 0, sumSquare: 0, mean: Number.NaN, max: Number.NEGATIVE_INFINITY };
      return [tf.fill(shape, identity[kind])];
    }
    switch (kind) {
      case 'sum':
        return [tf.sum(x, axes, keep)];
      case 'mean':
        return [tf.mean(x, axes, keep)];
      case 'sumSquare':
        return [tf.sum(tf.square(x), axes, keep)];
      case 'max':
        return [tf.max(x, axes, keep)];
    }
  };
}

function variadic(combine: (tf: Tf, a: TfTensor, b: TfTensor) => TfTensor, mean = false): Kernel {
  return (inputs, { tf, node }) => {
    const present = inputs.filter((t): t is TfTensor => t !== undefined);
    if (present.length === 0) throw new UnsupportedOpError('webgpu', [`${node.op} of no inputs`]);
    let y = tf.clone(present[0] as TfTensor);
    for (const t of present.slice(1)) y = combine(tf, y, t);
    return [mean ? tf.div(y, present.length) : y];
  };
}

const binary =
  (f: (tf: Tf, a: TfTensor, b: TfTensor) => TfTensor): Kernel =>
  (inputs, { tf, node }) => [f(tf, arg(inputs, 0, node.op), arg(inputs, 1, node.op))];
const unary =
  (f: (tf: Tf, x: TfTensor) => TfTensor): Kernel =>
  (inputs, { tf, node }) => [f(tf, arg(inputs, 0, node.op))];

const KERNELS: Record<string, Kernel> = {
  Identity: unary((tf, x) => tf.clone(x)),
  Add: binary((tf, a, b) => tf.add(a, b)),
  Sub: binary((tf, a, b) => tf.sub(a, b)),
  Mul: binary((tf, a, b) => tf.mul(a, b)),
  Div: binary((tf, a, b) => tf.div(a, b)),
  Neg: unary((tf, x) => tf.neg(x)),
  Abs: unary((tf, x) => tf.abs(x)),
  Exp: unary((tf, x) => tf.exp(x)),
  Log: unary((tf, x) => tf.log(x)),
  Sqrt: unary((tf, x) => tf.sqrt(x)),
  Sum: variadic((tf, a, b) => tf.add(a, b)),
  Mean: variadic((tf, a, b) => tf.add(a, b), true),
  Max: variadic((tf, a, b) => tf.maximum(a, b)),
  Min: variadic((tf, a, b) => tf.minimum(a, b)),
  MatMul: binary(matMul),
  Gemm(inputs, { tf, node }) {
    const a = node.attributes;
    const left = arg(inputs, 0, 'Gemm');
    const right = arg(inputs, 1, 'Gemm');
    const rows = left.shape[a.transA === 1 ? 1 : 0] as number;
    const columns = right.shape[a.transB === 1 ? 0 : 1] as number;
    if (rows === 0 || columns === 0) return [tf.zeros([rows, columns])];
    // An empty inner dimension: the product is zeros, which tfjs cannot compute on WebGPU.
    const product =
      left.size === 0
        ? tf.zeros([rows, columns])
        : tf.matMul(left, right, a.transA === 1, a.transB === 1);
    // A scale of 1 is skipped: x * 1 is x, and it saves a dispatch.
    const y = a.alpha === 1 ? product : tf.mul(num(a, 'alpha'), product);
    const c = inputs[2];
    if (!c) return [y];
    return [tf.add(y, a.beta === 1 ? c : tf.mul(num(a, 'beta'), c))];
  },
  ReduceSum: reduce('sum'),
  ReduceMean: reduce('mean'),
  ReduceSumSquare: reduce('sumSquare'),
  ReduceMax: reduce('max'),
  ArgMax(inputs, { tf, node }) {
    const x = arg(inputs, 0, 'ArgMax');
    const axis = normAxis(num(node.attributes, 'axis'), x.rank);
    const y = tf.argMax(x, axis);
    return [node.attributes.keepdims !== 0 ? tf.expandDims(y, axis) : y];
  },
  Softmax(inputs, { tf, node }) {
    return [softmax(tf, arg(inputs, 0, 'Softmax'), num(node.attributes, 'axis'))];
  },
  LogSoftmax(inputs, { tf, node }) {
    return [logSoftmax(tf, arg(inputs, 0, 'LogSoftmax'), num(node.attributes, 'axis'))];
  },
  SoftmaxGrad(inputs, { tf, node }) {
    const dY = arg(inputs, 0, 'SoftmaxGrad');
    const y = arg(inputs, 1, 'SoftmaxGrad');
    if (y.rank === 0 || y.size === 0) return [tf.zerosLike(y)];
    const axis = normAxis(num(node.attributes, 'axis'), y.rank);
    return [tf.mul(y, tf.sub(dY, tf.sum(tf.mul(dY, y), axis, true)))];
  },
  SoftmaxCrossEntropyLoss(inputs, { tf, node }) {
    const scores = arg(inputs, 0, node.op);
    const labels = arg(inputs, 1, node.op);
    const logProb = logSoftmax(tf, scores, 1);
    const picked = tf.neg(
      tf.sum(tf.mul(logProb, oneHot(tf, labels, scores.shape[1] as number)), 1),
    );
    const reduction = node.attributes.reduction;
    const loss =
      reduction === 'none' ? picked : reduction === 'sum' ? tf.sum(picked) : tf.mean(picked);
    return [loss, logProb];
  },
  SoftmaxCrossEntropyLossGrad(inputs, { tf, node }) {
    const dLoss = arg(inputs, 0, node.op);
    const logProb = arg(inputs, 1, node.op);
    const labels = arg(inputs, 2, node.op);
    const [batch, classes] = logProb.shape as [number, number];
    const diff = tf.sub(tf.exp(logProb), oneHot(tf, labels, classes));
    const reduction = node.attributes.reduction;
    const scale =
      reduction === 'none'
        ? tf.expandDims(dLoss, 1)
        : reduction === 'sum'
          ? dLoss
          : tf.div(dLoss, batch);
    return [tf.mul(diff, scale)];
  },
  MeanSquaredError(inputs, { tf, node }) {
    return [tf.mean(tf.square(tf.sub(arg(inputs, 0, node.op), arg(inputs, 1, node.op))))];
  },
  MeanSquaredErrorGrad(inputs, { tf, node }) {
    const dLoss = arg(inputs, 0, node.op);
    const p = arg(inputs, 1, node.op);
    const t = arg(inputs, 2, node.op);
    return [tf.mul(tf.mul(tf.sub(p, t), 2 / Math.max(p.size, 1)), dLoss)];
  },
  PRelu(inputs, { tf, node }) {
    const x = arg(inputs, 0, node.op);
    const slope = arg(inputs, 1, node.op);
    if (x.size === 0) return [tf.clone(x)];
    // Flat views: tfjs's webgpu `where` stops at rank 4.
    const flat = tf.reshape(x, [x.size]);
    const slopes = tf.reshape(tf.broadcastTo(slope, x.shape), [x.size]);
    const y = keepNaN(tf, flat, step(tf, positive(tf, flat), flat, tf.mul(flat, slopes)));
    return [tf.reshape(y, x.shape)];
  },
  PReluGrad(inputs, { tf, node }) {
    const dY = arg(inputs, 0, node.op);
    const x = arg(inputs, 1, node.op);
    const slope = arg(inputs, 2, node.op);
    if (x.size === 0) return [tf.clone(x), tf.zerosLike(slope)];
    const flat = tf.reshape(x, [x.size]);
    const dFlat = tf.reshape(dY, [x.size]);
    const slopes = tf.reshape(tf.broadcastTo(slope, x.shape), [x.size]);
    const above = positive(tf, flat);
    const dX = keepNaN(tf, flat, tf.mul(dFlat, step(tf, above, 1, slopes)));
    const dSlopeFull = tf.reshape(tf.mul(dFlat, step(tf, above, 0, flat)), x.shape);
    return [tf.reshape(dX, x.shape), sumToShape(tf, dSlopeFull, slope.shape)];
  },
  Transpose(inputs, { tf, node }) {
    const x = arg(inputs, 0, node.op);
    return [tf.transpose(x, transposePermutation(node.attributes, x.rank))];
  },
  Flatten(inputs, { tf, node }) {
    const x = arg(inputs, 0, node.op);
    const axis = normAxis(num(node.attributes, 'axis'), x.rank);
    const outer = x.shape.slice(0, axis).reduce((p, d) => p * d, 1);
    const inner = x.shape.slice(axis).reduce((p, d) => p * d, 1);
    return [tf.reshape(x, [outer, inner])];
  },
  Reshape(inputs, { tf, node }) {
    const x = arg(inputs, 0, node.op);
    const wanted = (node.attributes.shape as readonly number[] | undefined) ?? [];
    const allowZero = node.attributes.allowzero === 1;
    const shape = wanted.map((d, i) => (d === 0 && !allowZero ? (x.shape[i] as number) : d));
    return [tf.reshape(x, shape)];
  },
  Erf: unary((tf, x) => keepNaN(tf, x, tf.erf(x))),
  Pow: binary((tf, a, b) => tf.pow(a, b)),
  Clip(inputs, { tf, node }) {
    const x = arg(inputs, 0, node.op);
    let y = x;
    const low = inputs[1];
    const high = inputs[2];
    if (low) y = tf.maximum(y, low);
    if (high) y = tf.minimum(y, high);
    return [keepNaN(tf, x, low || high ? y : tf.clone(x))];
  },
  ClipGrad(inputs, { tf, node }) {
    const gradOutput = arg(inputs, 0, node.op);
    const x = arg(inputs, 1, node.op);
    if (x.size === 0) return [tf.clone(x)];
    // An absent bound is no limit; -Infinity itself is not above -Infinity, as on the CPU.
    const low = inputs[2] ?? tf.scalar(Number.NEGATIVE_INFINITY);
    const high = inputs[3] ?? tf.scalar(Number.POSITIVE_INFINITY);
    return [clipGrad(tf, gradOutput, x, low, high)];
  },
  Sign: unary((tf, x) => (x.size === 0 ? tf.clone(x) : sign(tf, x))),
  SGDUpdate(inputs, { tf, node }) {
    const a = node.attributes;
    const x = arg(inputs, 0, node.op);
    const lr = num(a, 'learningRate');
    const momentum = num(a, 'momentum');
    const decay = num(a, 'weightDecay');
    const g =
      decay === 0 ? arg(inputs, 1, node.op) : tf.add(arg(inputs, 1, node.op), tf.mul(decay, x));
    if (momentum === 0) return [tf.sub(x, tf.mul(lr, g)), tf.clone(g)];
    const v = tf.add(tf.mul(momentum, arg(inputs, 2, node.op)), g);
    const direction = a.nesterov === 1 ? tf.add(g, tf.mul(momentum, v)) : v;
    return [tf.sub(x, tf.mul(lr, direction)), v];
  },
  AdamUpdate(inputs, { tf, node }) {
    const a = node.attributes;
    const x = arg(inputs, 0, node.op);
    const beta1 = num(a, 'beta1');
    const beta2 = num(a, 'beta2');
    const decay = num(a, 'weightDecay');
    const t = tf.reshape(arg(inputs, 4, node.op), []);
    const g =
      decay === 0 ? arg(inputs, 1, node.op) : tf.add(arg(inputs, 1, node.op), tf.mul(decay, x));
    const m = tf.add(tf.mul(beta1, arg(inputs, 2, node.op)), tf.mul(1 - beta1, g));
    const v = tf.add(tf.mul(beta2, arg(inputs, 3, node.op)), tf.mul(1 - beta2, tf.square(g)));
    const stepSize = tf.div(num(a, 'learningRate'), tf.sub(1, tf.pow(tf.scalar(beta1), t)));
    const correction = tf.sqrt(tf.sub(1, tf.pow(tf.scalar(beta2), t)));
    const denominator = tf.add(tf.div(tf.sqrt(v), correction), num(a, 'epsilon'));
    return [tf.sub(x, tf.div(tf.mul(stepSize, m), denominator)), m, v];
  },
};

for (const [op, [forward, derivative]] of Object.entries(ACTIVATIONS)) {
  // Elementwise, so run on a flat view: tfjs's webgpu `where` stops at rank 4.
  KERNELS[op] = (inputs, { tf, node }) => {
    const x = arg(inputs, 0, op);
    if (x.size === 0) return [tf.clone(x)];
    const flat = tf.reshape(x, [x.size]);
    return [tf.reshape(keepNaN(tf, flat, forward(tf, flat, node.attributes)), x.shape)];
  };
  KERNELS[`${op}Grad`] = (inputs, { tf, node }) => {
    const dY = arg(inputs, 0, `${op}Grad`);
    const x = arg(inputs, 1, `${op}Grad`);
    if (x.size === 0) return [tf.clone(x)];
    const flat = tf.reshape(x, [x.size]);
    const dFlat = tf.reshape(dY, [x.size]);
    const dX = keepNaN(tf, flat, tf.mul(dFlat, derivative(tf, flat, node.attributes)));
    return [tf.reshape(dX, x.shape)];
  };
}

/** The ops this backend runs, each as TensorFlow.js ops. */
export const SUPPORTED_OPS: ReadonlySet<string> = new Set(Object.keys(KERNELS));

/** The kernel of an op, or undefined when the backend lacks it. */
export function kernelOf(op: string): Kernel | undefined {
  return KERNELS[op];
}
