import {
  ACTIVATIONS,
  ArgumentError,
  ShapeError,
  gradOpName,
  hasOp,
  resolveAttributes,
  type ActivationSpec,
  type AttributeValue,
} from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { activationKernels } from '../src/kernels/activations/index.js';
import { makeNode, runKernel } from './helpers/run-kernel.js';

// The CPU kernels against the spec's scalar rules, bit for bit: each kernel must store
// Math.fround(f(x)) and Math.fround(dY * f'(x)), -0 and NaN included.

// An odd count, so that in long inputs each edge value lands on every position modulo 4 of the
// unrolled loops.
// prettier-ignore
const EDGES = [
  NaN, Infinity, -Infinity, -0, 0, 1e-45, -1e-45, 1e-6, -1e-6, 0.5, -0.5, 1, -1, 3, -3, 6,
  5.999999, 6.000001, 2, 20, -20, 88, -88, 100, -100, 1000, -1000, 3.4e38, -3.4e38,
];

/** Deterministic values in [-8, 8) (mulberry32), with the edge values spread through them. */
function values(length: number, seed = 1): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    const uniform = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    // The seed also rotates the edge values, so that dY and X have different ones at a place.
    const edge = EDGES[(i / 3 + seed) % EDGES.length] as number;
    out[i] = i % 3 === 0 ? edge : 16 * uniform - 8;
  }
  return out;
}

/** Elements where two arrays differ, compared as Object.is does (so -0 is not 0). */
function mismatches(actual: Float32Array, expected: Float32Array, x: Float32Array): string[] {
  const failures: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      failures.push(`[${i}] x = ${x[i]}: ${actual[i]}, expected ${expected[i]}`);
    }
  }
  return failures;
}

const ELEMENTWISE = ACTIVATIONS.filter((spec) => spec.kind === 'elementwise');

/** The attribute sets each activation is tested with: its defaults, and non-default values. */
const VARIANTS: Readonly<Record<string, readonly Record<string, AttributeValue>[]>> = {
  LeakyRelu: [{ alpha: 2 }, { alpha: -0.5 }, { alpha: 0 }],
  Elu: [{ alpha: 0.5 }],
  Selu: [{ alpha: 1.5, gamma: 2 }],
  Celu: [{ alpha: 2 }],
  Gelu: [{ approximate: 'tanh' }],
  HardSigmoid: [{ alpha: 0.2, beta: 0.5 }],
  ThresholdedRelu: [{ alpha: 0.5 }],
};

function expectedForward(spec: ActivationSpec, x: Float32Array, given: object): Float32Array {
  const attributes = resolveAttributes(spec.op, spec.attributes, given as never);
  return x.map((v) => spec.forward(v, attributes as never));
}

function expectedGradient(
  spec: ActivationSpec,
  gradOutput: Float32Array,
  x: Float32Array,
  given: object,
): Float32Array {
  const attributes = resolveAttributes(spec.op, spec.attributes, given as never);
  return x.map((v, i) => (gradOutput[i] as number) * spec.derivative(v, attributes as never));
}

describe('the activation kernel table', () => {
  it('has a kernel for every op of the activation spec, and no others', () => {
    const ops = ELEMENTWISE.flatMap((spec) =>
      spec.op === 'Identity' ? [spec.op] : [spec.op, gradOpName(spec.op)],
    );
    ops.push('PRelu', 'PReluGrad', 'Softmax', 'SoftmaxGrad');
    expect(Object.keys(activationKernels).sort()).toEqual(ops.sort());
    expect(ops.filter((op) => !hasOp(op))).toEqual([]);
  });

  it('rejects a missing input, a non-float32 input and mismatched shapes', () => {
    const kernel = activationKernels['ReluGrad']!;
    const run = kernel.prepare(makeNode('ReluGrad'), [[2], [2]], [[2]]);
    const out = [{ data: new Float32Array(2), shape: [2] }];
    const gradOutput = { data: new Float32Array(2), shape: [2] };
    expect(() => run([gradOutput], out)).toThrow(ArgumentError);
    expect(() => run([gradOutput, { data: new Int32Array(2), shape: [2] }], out)).toThrow(
      /float32/,
    );
    expect(() => kernel.prepare(makeNode('ReluGrad'), [[2], [3]], [[2]])).toThrow(ShapeError);
  });

  it('copies any dtype through Identity', () => {
    const run = activationKernels['Identity']!.prepare(makeNode('Identity'), [[3]], [[3]]);
    const ints = { data: new BigInt64Array(3), shape: [3] };
    run([{ data: BigInt64Array.from([1n, -2n, 3n]), shape: [3] }], [ints]);
    expect([...ints.data]).toEqual([1n, -2n, 3n]);
    const mixed = [{ data: new Int32Array(3), shape: [3] }];
    expect(() => run([{ data: new Float32Array(3), shape: [3] }], mixed)).toThrow(ArgumentError);
  });
});

const LENGTHS = [0, 1, 3, 4, 5, 1023, 4097];
const SHAPES = [[], [7], [2, 3], [2, 1, 3], [1, 2, 3, 2], [2, 1, 2, 1, 3]];

describe.each(ELEMENTWISE.map((spec) => [spec.op, spec] as const))('%s', (op, spec) => {
  const variants = [{}, ...(VARIANTS[op] ?? [])];

  describe.each(variants.map((given) => [JSON.stringify(given), given] as const))(
    'attributes %s',
    (_, given) => {
      it.each(LENGTHS)('forward agrees with the spec on length %i', (length) => {
        const x = values(length, length + 7);
        const [y] = runKernel(op, [{ data: x, shape: [length] }], given);
        expect(mismatches(y!, expectedForward(spec, x, given), x)).toEqual([]);
      });

      // Identity has no gradient op: autodiff hands dY on unchanged.
      if (op === 'Identity') return;
      it.each(LENGTHS)('gradient agrees with the spec on length %i', (length) => {
        const x = values(length, length + 7);
        const gradOutput = values(length, length + 8);
        const shape = [length];
        const [gradInput] = runKernel(
          gradOpName(op),
          [
            { data: gradOutput, shape },
            { data: x, shape },
          ],
          given,
        );
        const expected = expectedGradient(spec, gradOutput, x, given);
        expect(mismatches(gradInput!, expected, x)).toEqual([]);
      });
    },
  );

  it.each(SHAPES.map((shape) => [shape.length, shape] as const))(
    'forward and gradient agree with the spec on rank %i',
    (_, shape) => {
      const size = shape.reduce((product, dim) => product * dim, 1);
      const x = values(size, 3);
      const [y] = runKernel(op, [{ data: x, shape }], {});
      expect(mismatches(y!, expectedForward(spec, x, {}), x)).toEqual([]);
      if (op === 'Identity') return;

      const gradOutput = values(size, 4);
      const inputs = [
        { data: gradOutput, shape },
        { data: x, shape },
      ];
      const [gradInput] = runKernel(gradOpName(op), inputs, {});
      expect(mismatches(gradInput!, expectedGradient(spec, gradOutput, x, {}), x)).toEqual([]);
    },
  );

  it('runs in place, with the output in the input buffer', () => {
    const x = values(37, 9);
    const expected = expectedForward(spec, x, {});
    const buffer = { data: x.slice(), shape: [37] };
    activationKernels[op]!.prepare(makeNode(op), [[37]], [[37]])([buffer], [buffer]);
    expect(mismatches(buffer.data, expected, x)).toEqual([]);
  });
});

/** Runs PRelu and PReluGrad on one case; returns [Y, dX, dSlope]. */
function prelu(
  x: readonly number[],
  xShape: readonly number[],
  slope: readonly number[],
  slopeShape: readonly number[],
  gradOutput: readonly number[],
): number[][] {
  const xTensor = { data: Float32Array.from(x), shape: xShape };
  const slopeTensor = { data: Float32Array.from(slope), shape: slopeShape };
  const gradTensor = { data: Float32Array.from(gradOutput), shape: xShape };
  const [y] = runKernel('PRelu', [xTensor, slopeTensor], {}, [xShape]);
  const [gradInput, gradSlope] = runKernel('PReluGrad', [gradTensor, xTensor, slopeTensor], {}, [
    xShape,
    slopeShape,
  ]);
  return [[...y!], [...gradInput!], [...gradSlope!]];
}

describe('PRelu and PReluGrad', () => {
  it('take one slope, shaped [1] or []', () => {
    for (const slopeShape of [[1], []]) {
      const result = prelu([-2, 0, 5, -0.5], [2, 2], [0.5], slopeShape, [1, 2, 3, 4]);
      expect(result[0]).toEqual([-1, 0, 5, -0.25]);
      expect(result[1]).toEqual([0.5, 1, 3, 2]);
      // dSlope = 1 * -2 + 2 * 0 + 3 * 0 + 4 * -0.5
      expect(result[2]).toEqual([-4]);
    }
  });

  it('take one slope per channel of NCHW input, shaped [C, 1, 1]', () => {
    const x = [-1, 2, -3, 4, -5, 6, 0, -8];
    const result = prelu(x, [1, 2, 2, 2], [0.25, 0.5], [2, 1, 1], [1, 1, 2, 1, 1, 1, 1, 0.5]);
    expect(result[0]).toEqual([-0.25, 2, -0.75, 4, -2.5, 6, 0, -4]);
    expect(result[1]).toEqual([0.25, 1, 0.5, 1, 0.5, 1, 0.5, 0.25]);
    // Channel 0: 1 * -1 + 2 * -3; channel 1: 1 * -5 + 1 * 0 + 0.5 * -8.
    expect(result[2]).toEqual([-7, -9]);
  });

  it('take a trailing slope [W], broadcast over the leading axes', () => {
    const x = [-1, 2, 3, -4, -2, -2];
    const result = prelu(x, [3, 2], [0.5, 0.25], [2], [1, 1, 2, 0.5, 1, 4]);
    expect(result[0]).toEqual([-0.5, 2, 3, -1, -1, -0.5]);
    expect(result[1]).toEqual([0.5, 1, 2, 0.125, 0.5, 1]);
    // Column 0: 1 * -1 + 1 * -2; column 1: 0.5 * -4 + 4 * -2.
    expect(result[2]).toEqual([-3, -10]);
  });

  it('agree with nested loops over N, C, H, W for a per-channel slope', () => {
    const [n, c, h, w] = [3, 4, 5, 6];
    // Moderate values only, so that the sums stay far from float32 overflow.
    const moderate = (v: number) => (Math.abs(v) < 1e4 ? v : 0.5);
    const x = [...values(n * c * h * w, 11)].map(moderate);
    const gradOutput = [...values(n * c * h * w, 12)].map(moderate);
    const slope = [0.25, -0.5, 2, 0.01].map(Math.fround);
    const [y, gradInput, gradSlope] = prelu(x, [n, c, h, w], slope, [c, 1, 1], gradOutput);

    const expectedSlope = [0, 0, 0, 0];
    for (let batch = 0; batch < n; batch++) {
      for (let channel = 0; channel < c; channel++) {
        for (let pixel = 0; pixel < h * w; pixel++) {
          const index = (batch * c + channel) * h * w + pixel;
          const v = x[index] as number;
          const a = slope[channel] as number;
          const dy = gradOutput[index] as number;
          expect(y![index]).toBe(Math.fround(v > 0 ? v : a * v));
          expect(gradInput![index]).toBe(Math.fround(dy * (v > 0 ? 1 : a)));
          expectedSlope[channel] = (expectedSlope[channel] as number) + (v > 0 ? 0 : dy * v);
        }
      }
    }
    // The kernel sums in float64 too, but block by block, so the last bit may differ.
    expectedSlope.forEach((sum, channel) => {
      expect(Math.abs((gradSlope![channel] as number) - sum)).toBeLessThan(1e-6 * Math.abs(sum));
    });
  });

  it('give NaN for NaN in Y, dX and the dSlope it feeds', () => {
    const result = prelu([NaN, -1, 2, -1], [2, 2], [0.5, 0.25], [2], [1, 1, 1, 1]);
    expect(result[0]).toEqual([NaN, -0.25, 2, -0.25]);
    expect(result[1]).toEqual([NaN, 0.25, 1, 0.25]);
    expect(result[2]).toEqual([NaN, -2]);
  });

  it('reject a slope that does not broadcast onto X without growing it', () => {
    expect(() => prelu([1, 2, 3, 4, 5, 6], [2, 3], [1, 2], [2], [1, 1, 1, 1, 1, 1])).toThrow(
      ShapeError,
    );
    // PyTorch's [C] channel slope must be [C, 1, 1] here: [3] aligns with W = 4.
    const x = new Array<number>(24).fill(1);
    expect(() => prelu(x, [1, 3, 2, 4], [1, 2, 3], [3], x)).toThrow(/\[C, 1, 1\]/);
  });
});

function softmax(x: readonly number[], shape: readonly number[], axis: number): number[] {
  const [y] = runKernel('Softmax', [{ data: Float32Array.from(x), shape }], { axis });
  return [...y!];
}

/** Closed form of a softmax over n values in arithmetic progression with step d. */
function progression(n: number, d: number): number[] {
  const weights = Array.from({ length: n }, (_, k) => Math.exp(k * d));
  const sum = weights.reduce((total, weight) => total + weight, 0);
  return weights.map((weight) => weight / sum);
}

function expectClose(actual: readonly number[], expected: readonly number[], rtol = 2e-7) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => {
    const want = expected[i] as number;
    expect(Math.abs(value - want), `[${i}]: ${value} vs ${want}`).toBeLessThanOrEqual(
      rtol * Math.abs(want) + 1e-9,
    );
  });
}

describe('Softmax and SoftmaxGrad', () => {
  // x[i] = i / 8 - 1 on [2, 3, 4]: steps of 1/8 along axis 2, 1/2 along axis 1, 3/2 along 0.
  const shape = [2, 3, 4];
  const x = Array.from({ length: 24 }, (_, i) => i / 8 - 1);
  const strides = [12, 4, 1];

  it.each([
    [0, 1.5],
    [1, 0.5],
    [-1, 0.125],
  ])('normalise axis %i of a [2, 3, 4] tensor', (axis, step) => {
    const resolved = axis < 0 ? axis + 3 : axis;
    const length = shape[resolved] as number;
    const stride = strides[resolved] as number;
    const slice = progression(length, step);
    const expected = x.map((_, i) => slice[Math.floor(i / stride) % length] as number);
    expectClose(softmax(x, shape, axis), expected);
  });

  it('do not overflow for large inputs', () => {
    const e = Math.E;
    expectClose(
      softmax([1000, 1000, 999], [3], -1),
      [e, e, 1].map((v) => v / (2 * e + 1)),
    );
    expectClose(softmax([-1000, -1000], [2], 0), [0.5, 0.5]);
    expect(softmax([1000, 0], [2], 0)).toEqual([1, 0]);
    // Shifting by 1000 changes nothing.
    const shifted = softmax(
      x.map((v) => v + 1000),
      shape,
      -1,
    );
    expectClose(shifted, softmax(x, shape, -1), 1e-5);
  });

  it('make a slice with NaN all NaN, and leave the other slices alone', () => {
    const input = [1, NaN, 2, 0, 0, Math.log(3)];
    const rows = softmax(input, [2, 3], -1);
    expect(rows.slice(0, 3)).toEqual([NaN, NaN, NaN]);
    expectClose(rows.slice(3), [0.2, 0.2, 0.6]);
    const columns = softmax(input, [2, 3], 0);
    expect([columns[1], columns[4]]).toEqual([NaN, NaN]);
    expectClose([columns[0], columns[3]] as number[], progression(2, -1));
  });

  it('give 0 for -Infinity entries and NaN for a slice that is all -Infinity', () => {
    expectClose(softmax([-Infinity, 0, 0], [3], 0), [0, 0.5, 0.5]);
    expect(softmax([-Infinity, -Infinity], [2], 0)).toEqual([NaN, NaN]);
  });

  it('take rank 0 and empty tensors, and reject an axis out of range', () => {
    // Core's normalizeAxis takes axis 0 (not -1) for rank 0.
    expect(softmax([5], [], 0)).toEqual([1]);
    expect(softmax([], [0, 3], 1)).toEqual([]);
    expect(() => softmax([1, 2], [2], 1)).toThrow(ShapeError);
  });

  it.each([0, 1, -1])('SoftmaxGrad along axis %i is the Jacobian product', (axis) => {
    const y = softmax(x, shape, axis);
    const gradOutput = [...values(24, 5)].map((v) => (Math.abs(v) < 100 ? v : 1));
    const inputs = [
      { data: Float32Array.from(gradOutput), shape },
      { data: Float32Array.from(y), shape },
    ];
    const [gradInput] = runKernel('SoftmaxGrad', inputs, { axis });

    // dX_i = sum_j y_i (delta_ij - y_j) dY_j over the j in i's slice.
    const resolved = axis < 0 ? axis + 3 : axis;
    const stride = strides[resolved] as number;
    const length = shape[resolved] as number;
    const expected = y.map((yi, i) => {
      const position = Math.floor(i / stride) % length;
      let total = 0;
      for (let k = 0; k < length; k++) {
        const j = i + (k - position) * stride;
        total += yi * ((i === j ? 1 : 0) - (y[j] as number)) * (gradOutput[j] as number);
      }
      return total;
    });
    expectClose([...gradInput!], expected, 1e-5);
  });
});
