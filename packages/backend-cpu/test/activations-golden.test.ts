import { readFileSync } from 'node:fs';
import {
  ACTIVATIONS,
  getActivation,
  gradOpName,
  resolveAttributes,
  type AttributeValue,
} from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { decode, runKernel } from './helpers/run-kernel.js';

// The CPU kernels against PyTorch's float32 results, made by
// tooling/golden/generate_activations.py and committed in test/golden/activations.json.

type Values = readonly (number | string)[];
interface ElementwiseCase {
  name: string;
  op: string;
  attributes: Record<string, AttributeValue>;
  torch: string;
  x: Values;
  y: Values;
  gradOutput: Values;
  gradInputOnes: Values;
  gradInputRandom: Values;
}
interface PReluCase {
  label: string;
  xShape: number[];
  slopeShape: number[];
  x: Values;
  slope: Values;
  y: Values;
  gradOutput: Values;
  gradInput: Values;
  gradSlope: Values;
}
interface SoftmaxCase {
  torch: string;
  shape: number[];
  axis: number;
  x: Values;
  y: Values;
  gradOutput: Values;
  gradInput: Values;
}
interface Golden {
  torch: string;
  elementwise: ElementwiseCase[];
  prelu: PReluCase[];
  softmax: SoftmaxCase[];
}

const golden = JSON.parse(
  readFileSync(new URL('./golden/activations.json', import.meta.url), 'utf8'),
) as Golden;

/** |rectifier - torch| <= atol + rtol * |torch|, per value. */
interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}
// Rectifier computes each rule in float64 and rounds once; PyTorch computes in float32. Rules
// that are a comparison and at most one product differ only where PyTorch rounds the slope to
// float32 first (1e-7 relative); rules with exp, erf or tanh differ by a few float32 ulps.
const PIECEWISE: Tolerance = { rtol: 1e-6, atol: 0 };
const TRANSCENDENTAL: Tolerance = { rtol: 1e-5, atol: 1e-6 };
const TOLERANCES: Readonly<Record<string, Tolerance>> = {
  relu: PIECEWISE,
  'leaky-relu': PIECEWISE,
  prelu: PIECEWISE,
  relu6: PIECEWISE,
  'thresholded-relu': PIECEWISE,
  linear: PIECEWISE,
  'hard-sigmoid': PIECEWISE,
  'hard-swish': PIECEWISE,
  // PyTorch differentiates x / (1 + |x|) by autograd, 1 / (1 + |x|) - |x| / (1 + |x|)^2, whose
  // terms cancel in float32 (9e-5 relative at x = 1000); Rectifier uses 1 / (1 + |x|)^2.
  softsign: { rtol: 1e-4, atol: 1e-6 },
  elu: TRANSCENDENTAL,
  selu: TRANSCENDENTAL,
  celu: TRANSCENDENTAL,
  // The spec's erfc has a fractional error below 1.2e-7, within float32 rounding.
  gelu: TRANSCENDENTAL,
  silu: TRANSCENDENTAL,
  mish: TRANSCENDENTAL,
  softplus: TRANSCENDENTAL,
  sigmoid: TRANSCENDENTAL,
  tanh: TRANSCENDENTAL,
  softmax: TRANSCENDENTAL,
};
// dSlope is a sum of up to 99 products; float32 summation in PyTorch moves it by more.
const SLOPE_SUM: Tolerance = { rtol: 1e-5, atol: 1e-5 };

/**
 * An input where Rectifier's documented convention and PyTorch's CPU result differ. The test
 * checks both sides: that the golden file holds `torch` there and the kernel gives `rectifier`.
 */
interface Difference {
  /** The activation, in every attribute variant the golden file has. */
  readonly name: string;
  readonly x: number;
  readonly output: 'forward' | 'gradient';
  /** PyTorch's value from dY and the slope in force (LeakyReLU's alpha, PReLU's slope). */
  readonly torch: (gradOutput: number, slope: number) => number;
  /** Rectifier's value from dY. */
  readonly rectifier: (gradOutput: number) => number;
  readonly reason: string;
}
const NAN = (): number => NaN;
const NAN_GRADIENT = "Rectifier's convention is f'(NaN) = NaN, so NaN reaches dX.";
const INFINITY_PRODUCT = 'PyTorch multiplies Infinity by 0; Rectifier takes the limit.';
const DIFFERENCES: readonly Difference[] = [
  ...['relu', 'thresholded-relu'].map((name) => ({
    name,
    x: NaN,
    output: 'gradient' as const,
    torch: (dy: number) => dy,
    rectifier: NAN,
    reason: `PyTorch's threshold_backward passes dY where X is NaN. ${NAN_GRADIENT}`,
  })),
  ...['leaky-relu', 'prelu'].map((name) => ({
    name,
    x: NaN,
    output: 'gradient' as const,
    torch: (dy: number, slope: number) => Math.fround(slope) * dy,
    rectifier: NAN,
    reason: `PyTorch takes the X <= 0 branch at NaN, dX = slope * dY. ${NAN_GRADIENT}`,
  })),
  ...['relu6', 'hard-sigmoid'].map((name) => ({
    name,
    x: NaN,
    output: 'gradient' as const,
    torch: () => 0,
    rectifier: NAN,
    reason:
      "PyTorch's vectorised backward gives 0 at NaN (for ReLU6 its scalar tail gives dY " +
      `instead, so the answer depends on the element's position). ${NAN_GRADIENT}`,
  })),
  {
    name: 'hard-swish',
    x: 3,
    output: 'gradient',
    torch: (dy) => dy,
    rectifier: (dy) => 1.5 * dy,
    reason:
      "PyTorch's vectorised hardswish_backward takes f'(3) = 1 while its scalar tail and " +
      "formula take 1.5; Rectifier keeps PyTorch's formula, f'(3) = 1.5, everywhere.",
  },
  {
    name: 'hard-swish',
    x: -Infinity,
    output: 'forward',
    torch: NAN,
    rectifier: () => 0,
    reason: 'PyTorch computes -Infinity * 0 = NaN; f(x) = 0 for every x <= -3.',
  },
  ...['gelu', 'silu', 'mish'].flatMap((name): Difference[] => [
    {
      name,
      x: -Infinity,
      output: 'forward',
      torch: NAN,
      rectifier: () => 0,
      reason: INFINITY_PRODUCT,
    },
    {
      name,
      x: -Infinity,
      output: 'gradient',
      torch: NAN,
      rectifier: (dy) => dy * 0,
      reason: INFINITY_PRODUCT,
    },
    {
      name,
      x: Infinity,
      output: 'gradient',
      torch: NAN,
      rectifier: (dy) => dy,
      reason: INFINITY_PRODUCT,
    },
  ]),
  ...[Infinity, -Infinity].flatMap((x): Difference[] => [
    {
      name: 'softsign',
      x,
      output: 'forward',
      torch: NAN,
      rectifier: () => Math.sign(x),
      reason: 'PyTorch computes Infinity / Infinity = NaN; Rectifier takes the limit, +-1.',
    },
    {
      name: 'softsign',
      x,
      output: 'gradient',
      torch: NAN,
      rectifier: (dy) => dy * 0,
      reason: 'PyTorch computes Infinity / Infinity = NaN; Rectifier takes the limit, 0.',
    },
  ]),
];

function same(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

function within(actual: number, expected: number, tolerance: Tolerance): boolean {
  if (same(actual, expected)) return true;
  return Math.abs(actual - expected) <= tolerance.atol + tolerance.rtol * Math.abs(expected);
}

function differenceAt(name: string, x: number, output: Difference['output']) {
  return DIFFERENCES.find(
    (difference) =>
      difference.name === name && difference.output === output && same(difference.x, x),
  );
}

/**
 * Compares a kernel's result with PyTorch's element by element; returns one line per element
 * that is out of tolerance, or that differs from what the table of differences says.
 */
function compare(
  name: string,
  output: Difference['output'],
  input: { x: Float32Array; gradOutput: Float32Array; slope: (index: number) => number },
  actual: Float32Array,
  expected: Float32Array,
  tolerance: Tolerance,
): string[] {
  const failures: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const x = input.x[i] as number;
    const got = actual[i] as number;
    const torch = expected[i] as number;
    const difference = differenceAt(name, x, output);
    if (!difference) {
      if (!within(got, torch, tolerance)) failures.push(`x = ${x}: ${got}, PyTorch ${torch}`);
      continue;
    }

    const gradOutput = input.gradOutput[i] as number;
    const torchSide = Math.fround(difference.torch(gradOutput, input.slope(i)));
    const rectifierSide = Math.fround(difference.rectifier(gradOutput));
    if (!within(torch, torchSide, tolerance)) {
      failures.push(`x = ${x}: PyTorch gives ${torch}, the table says ${torchSide}`);
    }
    if (!same(got, rectifierSide)) {
      failures.push(`x = ${x}: ${got}, Rectifier's convention is ${rectifierSide}`);
    }
  }
  return failures;
}

function label(entry: ElementwiseCase): string {
  const attributes = Object.entries(entry.attributes);
  if (attributes.length === 0) return entry.name;
  return `${entry.name} ${attributes.map(([key, value]) => `${key}=${String(value)}`).join(' ')}`;
}

function toleranceOf(name: string): Tolerance {
  const tolerance = TOLERANCES[name];
  if (!tolerance) throw new Error(`No tolerance stated for ${name}.`);
  return tolerance;
}

/** Which element of a slope broadcast with trailing axes aligned feeds element `flat` of X. */
function slopeIndex(xShape: readonly number[], slopeShape: readonly number[], flat: number) {
  let index = 0;
  let stride = 1;
  let rest = flat;
  for (let axis = xShape.length - 1; axis >= 0; axis--) {
    const dim = xShape[axis] as number;
    const slopeDim = slopeShape[axis - xShape.length + slopeShape.length] ?? 1;
    if (slopeDim !== 1) index += (rest % dim) * stride;
    rest = Math.floor(rest / dim);
    stride *= slopeDim;
  }
  return index;
}

describe(`activation kernels against PyTorch ${golden.torch} in float32`, () => {
  it('has golden values for every activation op of the spec', () => {
    const covered = new Set(golden.elementwise.map((entry) => entry.op));
    const ops = ACTIVATIONS.filter((spec) => spec.kind === 'elementwise').map((spec) => spec.op);
    expect(ops.filter((op) => !covered.has(op))).toEqual([]);
    expect(golden.prelu.length).toBeGreaterThan(0);
    expect(golden.softmax.length).toBeGreaterThan(0);
  });

  it('lists only differences that the golden file has', () => {
    const inputs = new Map<string, Float32Array[]>();
    for (const entry of [
      ...golden.elementwise,
      ...golden.prelu.map((e) => ({ ...e, name: 'prelu' })),
    ]) {
      inputs.set(entry.name, [...(inputs.get(entry.name) ?? []), decode(entry.x)]);
    }
    const stale = DIFFERENCES.filter(
      (difference) =>
        !(inputs.get(difference.name) ?? []).some((x) => x.some((v) => same(v, difference.x))),
    );
    expect(stale).toEqual([]);
    expect(DIFFERENCES.every((difference) => difference.reason.length > 0)).toBe(true);
  });

  describe.each(golden.elementwise.map((entry) => [label(entry), entry] as const))(
    '%s',
    (_, entry) => {
      const x = decode(entry.x);
      const shape = [x.length];
      const ones = new Float32Array(x.length).fill(1);
      const tolerance = toleranceOf(entry.name);
      const attributes = resolveAttributes(
        entry.op,
        getActivation(entry.op).attributes,
        entry.attributes,
      );
      const slope = () => Number(attributes.alpha ?? 0);

      it(`forward, ${entry.torch}`, () => {
        const [y] = runKernel(entry.op, [{ data: x, shape }], entry.attributes);
        const input = { x, gradOutput: ones, slope };
        expect(compare(entry.name, 'forward', input, y!, decode(entry.y), tolerance)).toEqual([]);
      });

      it.each([
        ['dY = 1', ones, entry.gradInputOnes],
        ['random dY', decode(entry.gradOutput), entry.gradInputRandom],
      ] as const)('gradient, %s', (_, gradOutput, expected) => {
        // Identity has no gradient op: autodiff hands dY on unchanged.
        const [gradInput] =
          entry.op === 'Identity'
            ? [gradOutput]
            : runKernel(
                gradOpName(entry.op),
                [
                  { data: gradOutput, shape },
                  { data: x, shape },
                ],
                entry.attributes,
              );
        const input = { x, gradOutput, slope };
        const failures = compare(
          entry.name,
          'gradient',
          input,
          gradInput!,
          decode(expected),
          tolerance,
        );
        expect(failures).toEqual([]);
      });
    },
  );

  describe.each(golden.prelu.map((entry) => [entry.label, entry] as const))(
    'PRelu, %s',
    (_, entry) => {
      const x = decode(entry.x);
      const slope = decode(entry.slope);
      const gradOutput = decode(entry.gradOutput);
      const tolerance = toleranceOf('prelu');
      const inputs = [
        { data: x, shape: entry.xShape },
        { data: slope, shape: entry.slopeShape },
      ];
      const input = {
        x,
        gradOutput,
        slope: (index: number) =>
          slope[slopeIndex(entry.xShape, entry.slopeShape, index)] as number,
      };

      it(`forward, slope ${JSON.stringify(entry.slopeShape)}`, () => {
        const [y] = runKernel('PRelu', inputs, {}, [entry.xShape]);
        expect(compare('prelu', 'forward', input, y!, decode(entry.y), tolerance)).toEqual([]);
      });

      it('dX and dSlope', () => {
        const [gradInput, gradSlope] = runKernel(
          'PReluGrad',
          [{ data: gradOutput, shape: entry.xShape }, ...inputs],
          {},
          [entry.xShape, entry.slopeShape],
        );
        const expectedInput = decode(entry.gradInput);
        expect(compare('prelu', 'gradient', input, gradInput!, expectedInput, tolerance)).toEqual(
          [],
        );
        const expectedSlope = [...decode(entry.gradSlope)];
        const slopeFailures = [...gradSlope!].flatMap((value, i) =>
          within(value, expectedSlope[i] as number, SLOPE_SUM)
            ? []
            : [`dSlope[${i}] = ${value}, PyTorch ${expectedSlope[i]}`],
        );
        expect(slopeFailures).toEqual([]);
      });
    },
  );

  describe.each(golden.softmax.map((entry) => [entry.torch, entry] as const))('%s', (_, entry) => {
    const tolerance = toleranceOf('softmax');
    const x = decode(entry.x);
    const gradOutput = decode(entry.gradOutput);
    const attributes = { axis: entry.axis };
    const input = { x, gradOutput, slope: () => 0 };

    it(`Softmax and SoftmaxGrad on ${JSON.stringify(entry.shape)}`, () => {
      const [y] = runKernel('Softmax', [{ data: x, shape: entry.shape }], attributes);
      expect(compare('softmax', 'forward', input, y!, decode(entry.y), tolerance)).toEqual([]);

      const [gradInput] = runKernel(
        'SoftmaxGrad',
        [
          { data: gradOutput, shape: entry.shape },
          { data: y!, shape: entry.shape },
        ],
        attributes,
      );
      const expected = decode(entry.gradInput);
      expect(compare('softmax', 'gradient', input, gradInput!, expected, tolerance)).toEqual([]);
    });
  });
});
