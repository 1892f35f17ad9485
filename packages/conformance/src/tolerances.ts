import { RectifierError, reducedAxes, type AttributeValue } from '@rectifier/core';

/** |actual - expected| <= atol + rtol * |expected|, element by element. */
export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

type Shapes = readonly (readonly number[] | undefined)[];
type Attributes = Readonly<Record<string, AttributeValue>>;

/** An op's tolerance at float32, and how many terms one of its results sums. */
export interface OpTolerance extends Tolerance {
  /** For ops that sum: the longest sum a result (or a gradient) takes, from the input shapes. */
  readonly depth?: (inputs: Shapes, attributes: Attributes) => number;
}

/** Rounding of a sum grows like the square root of its length; these hold up to 64 terms. */
const DEPTH_OF_BASE = 64;

const EXACT: OpTolerance = { rtol: 0, atol: 0 };
// One product or quotient, whose constant may be rounded to float32 first by the reference.
const ROUNDED: OpTolerance = { rtol: 1e-6, atol: 0 };
// exp, log, erf, tanh and friends: a few float32 ulps apart between libraries.
const TRANSCENDENTAL: OpTolerance = { rtol: 1e-5, atol: 1e-6 };

const dims = (shapes: Shapes, index: number) => shapes[index] ?? [];
const product = (shape: readonly number[]) => shape.reduce((total, dim) => total * dim, 1);
const largest = (...shapes: (readonly number[])[]) => Math.max(1, ...shapes.flat());

/** The length of the axis an op normalises over. */
function axisLength(shapes: Shapes, attributes: Attributes): number {
  return dims(shapes, 0).at((attributes.axis as number | undefined) ?? -1) ?? 1;
}

/** How many elements a reduction sums into one. */
function reducedCount(shapes: Shapes, attributes: Attributes): number {
  const shape = dims(shapes, 0);
  const axes = reducedAxes((attributes.axes as number[] | undefined) ?? [], shape.length, 'depth');
  return axes.reduce((total, axis) => total * (shape[axis] ?? 1), 1);
}

const PRODUCT: OpTolerance = {
  rtol: 1e-4,
  atol: 1e-5,
  // Forward sums over K; the gradients over M and N.
  depth: (shapes) => largest(dims(shapes, 0), dims(shapes, 1)),
};
const REDUCTION: OpTolerance = { ...TRANSCENDENTAL, depth: reducedCount };
const NORMALISING: OpTolerance = { ...TRANSCENDENTAL, depth: axisLength };

/**
 * Tolerances per op at float32, for comparing a backend with the expected values of a case
 * (PyTorch's or NumPy's float32 results). An op missing here makes its cases error, so each
 * op's tolerance is a decision written down, not a default.
 */
export const OP_TOLERANCES: Readonly<Record<string, OpTolerance>> = {
  // Selections and copies: the same bits.
  Relu: EXACT,
  Relu6: EXACT,
  ThresholdedRelu: EXACT,
  Identity: EXACT,
  Neg: EXACT,
  Abs: EXACT,
  Sign: EXACT,
  Clip: EXACT,
  Max: EXACT,
  Min: EXACT,
  ReduceMax: EXACT,
  ArgMax: EXACT,
  Reshape: EXACT,
  Flatten: EXACT,
  Transpose: EXACT,
  // One rounding, where a constant (alpha) or an intermediate may round first.
  LeakyRelu: ROUNDED,
  PRelu: { ...ROUNDED, depth: (shapes) => product(dims(shapes, 0)) / product(dims(shapes, 1)) },
  // alpha * x + beta cancels near the kinks, where float32 and float64 evaluation part.
  HardSigmoid: { rtol: 1e-6, atol: 1e-7 },
  HardSwish: { rtol: 1e-6, atol: 1e-7 },
  Add: ROUNDED,
  Sub: ROUNDED,
  Mul: ROUNDED,
  Div: ROUNDED,
  Sqrt: ROUNDED,
  Sum: ROUNDED,
  Mean: ROUNDED,
  // Transcendental functions.
  Exp: TRANSCENDENTAL,
  Log: TRANSCENDENTAL,
  Erf: TRANSCENDENTAL,
  Pow: TRANSCENDENTAL,
  Elu: TRANSCENDENTAL,
  Selu: TRANSCENDENTAL,
  Celu: TRANSCENDENTAL,
  Gelu: TRANSCENDENTAL,
  Silu: TRANSCENDENTAL,
  Mish: TRANSCENDENTAL,
  Softplus: TRANSCENDENTAL,
  Softsign: TRANSCENDENTAL,
  Sigmoid: TRANSCENDENTAL,
  Tanh: TRANSCENDENTAL,
  // Sums.
  Softmax: NORMALISING,
  LogSoftmax: NORMALISING,
  Gemm: PRODUCT,
  MatMul: PRODUCT,
  ReduceSum: REDUCTION,
  ReduceMean: REDUCTION,
  ReduceSumSquare: REDUCTION,
  SoftmaxCrossEntropyLoss: { ...TRANSCENDENTAL, depth: (shapes) => product(dims(shapes, 0)) },
  MeanSquaredError: { ...TRANSCENDENTAL, depth: (shapes) => product(dims(shapes, 0)) },
};

/**
 * How a backend's declared precision widens the float32 tolerances: scaled by the ratio of
 * machine epsilons, plus the rounding of inputs and outputs to that precision, which exact ops
 * suffer too. float16 keeps 11 significant bits and its smallest normal number is 2^-14.
 */
export const PRECISION_SCALING: Readonly<
  Record<'float32' | 'float16', { scale: number; rtol: number; atol: number }>
> = {
  float32: { scale: 1, rtol: 0, atol: 0 },
  float16: { scale: 2 ** 13, rtol: 2 ** -10, atol: 2 ** -14 },
};

/**
 * The tolerance of one op at a precision, for a node with the given input shapes; an
 * UNKNOWN_OP error where the table states none.
 *
 * @example
 * toleranceOf('Gemm', [[64, 784], [784, 10]], {}, 'float32'); // rtol 1e-4 * sqrt(784 / 64)
 */
export function toleranceOf(
  op: string,
  inputs: Shapes,
  attributes: Attributes,
  precision: 'float32' | 'float16',
): Tolerance {
  const base = OP_TOLERANCES[op];
  if (!base) {
    throw new RectifierError(
      'UNKNOWN_OP',
      `No conformance tolerance is stated for ${op}; add one to OP_TOLERANCES in tolerances.ts.`,
    );
  }
  const depth = base.depth ? base.depth(inputs, attributes) : 1;
  const growth = Math.max(1, Math.sqrt(depth / DEPTH_OF_BASE));
  return atPrecision({ rtol: base.rtol * growth, atol: base.atol * growth }, precision);
}

/** A float32 tolerance widened for a backend's precision. */
export function atPrecision(tolerance: Tolerance, precision: 'float32' | 'float16'): Tolerance {
  const { scale, rtol, atol } = PRECISION_SCALING[precision];
  return { rtol: tolerance.rtol * scale + rtol, atol: tolerance.atol * scale + atol };
}

/** The looser of two tolerances, field by field: a graph of several ops takes the loosest. */
export function loosest(a: Tolerance, b: Tolerance): Tolerance {
  return { rtol: Math.max(a.rtol, b.rtol), atol: Math.max(a.atol, b.atol) };
}
