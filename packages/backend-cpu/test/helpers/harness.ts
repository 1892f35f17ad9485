import { runOp, sizeOf, type Attributes, type DType, type TypedArray } from '@rectifier/core';
import { CpuBackend } from '../../src/index.js';

/** The backend every test runs on. */
export const backend = new CpuBackend();

/** An input of a one-op test: values, a shape and, for integer inputs, a dtype. */
export interface Operand {
  readonly values: TypedArray | readonly number[];
  readonly shape: readonly number[];
  readonly dtype?: DType;
}

/** One output of a one-op run. */
export interface Result {
  readonly values: TypedArray;
  readonly shape: readonly number[];
}

/** Runs one op through core's eager path (a compiled one-node graph) on the CPU backend. */
export async function run(
  op: string,
  operands: readonly Operand[],
  attributes: Attributes = {},
): Promise<Result[]> {
  const tensors = operands.map((operand) =>
    backend.tensor(operand.values, operand.shape, operand.dtype),
  );
  const outputs = await runOp(op, tensors, attributes);
  return Promise.all(
    outputs.map(async (output) => ({ values: await output.data(), shape: output.shape })),
  );
}

/** A seeded generator of uniform numbers in [low, high), so failures reproduce. */
export function randomSource(seed: number): (low?: number, high?: number) => number {
  let state = seed >>> 0;
  return (low = -1, high = 1) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return low + (high - low) * unit;
  };
}

/** Float32 values of a shape drawn from a seeded source. */
export function randomValues(
  shape: readonly number[],
  seed: number,
  low = -1,
  high = 1,
): Float32Array {
  const random = randomSource(seed);
  return Float32Array.from({ length: sizeOf(shape) }, () => random(low, high));
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let axis = shape.length - 2; axis >= 0; axis--) {
    strides[axis] = (strides[axis + 1] as number) * (shape[axis + 1] as number);
  }
  return strides;
}

/** The multi-index of a flat row-major index. */
export function unravel(index: number, shape: readonly number[]): number[] {
  const position = new Array<number>(shape.length).fill(0);
  let rest = index;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const dim = shape[axis] as number;
    position[axis] = rest % dim;
    rest = Math.floor(rest / dim);
  }
  return position;
}

/**
 * Asserts that `actual` equals `expected` element by element within
 * `absolute + relative * |expected|`, NaN matching NaN, reporting the first index that differs.
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  relative = 1e-6,
  absolute = 1e-6,
): void {
  if (actual.length !== expected.length) {
    throw new Error(`length ${actual.length} differs from the expected ${expected.length}`);
  }
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    if (!(Math.abs(a - e) <= absolute + relative * Math.abs(e))) {
      throw new Error(`index ${i}: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)})`);
    }
  }
}
