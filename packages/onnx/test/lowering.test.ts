import {
  ACTIVATIONS,
  GraphBuilder,
  gradOpName,
  resolveAttributes,
  type AttributeValue,
} from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { exportModel } from '../src/index.js';
import { expectClose } from './helpers/close.js';
import { seeded } from './helpers/graphs.js';
import { runOnOrt } from './helpers/run-ort.js';

// Lowered activations and their gradient composites, run in onnxruntime-node and compared
// with the activation spec's float64 rules, edges included.

// prettier-ignore
const EDGES = [
  NaN, Infinity, -Infinity, -0, 0, 1e-45, 0.5, -0.5, 1, -1, 2.9999998, 3, -3, -3.0000002, 6, -6,
  20, -20, 88, -88, 100, -100, 1e30, -1e30, 3.4e38, -3.4e38,
];
const X = Float32Array.from([...EDGES, ...Array.from(seeded(38, 11), (value) => value * 8)]);
const UPSTREAM = Float32Array.from(seeded(X.length, 12), (value) => value + 1.5);

async function run(
  op: string,
  inputs: readonly Float32Array[],
  attributes: Record<string, AttributeValue>,
  outputs = 1,
): Promise<Float32Array[]> {
  const builder = new GraphBuilder(op);
  const values = inputs.map((input, index) => builder.input(`in${index}`, [input.length]));
  const results = builder.opOutputs(op, values, attributes, { outputs });
  results.forEach((result, index) => builder.output(result, `out${index}`));
  const feeds = Object.fromEntries(
    inputs.map((input, index) => [`in${index}`, { shape: [input.length], values: input }]),
  );
  const ort = await runOnOrt(exportModel(builder.build()), feeds);
  return results.map((_, index) => ort[`out${index}`] as Float32Array);
}

/** The attributes each activation is checked with: its defaults, and another setting. */
const VARIANTS: Readonly<Record<string, readonly Record<string, AttributeValue>[]>> = {
  Elu: [{ alpha: 1 }, { alpha: 0.5 }],
  Selu: [{ alpha: 1.6732632423543772, gamma: 1.0507009873554805 }],
  Celu: [{ alpha: 1 }, { alpha: 2 }],
  Gelu: [{ approximate: 'none' }, { approximate: 'tanh' }],
  HardSigmoid: [
    { alpha: 1 / 6, beta: 0.5 },
    { alpha: 0.2, beta: 0.5 },
  ],
  ThresholdedRelu: [{ alpha: 1 }, { alpha: -0.5 }],
};

const SMOOTH = ['Silu', 'Gelu', 'Mish'];
const lowered = ACTIVATIONS.filter(
  (spec) => spec.kind === 'elementwise' && spec.op !== 'Identity',
).flatMap((spec) => (VARIANTS[spec.op] ?? [{}]).map((attributes) => [spec, attributes] as const));

describe('gradient composites lowered to standard ops', () => {
  it.each(lowered.map(([spec, attributes]) => [gradOpName(spec.op), attributes, spec] as const))(
    '%s %j follows the spec, at the edges too',
    async (op, attributes, spec) => {
      const [gradient] = await run(op, [UPSTREAM, X], attributes);
      const resolved = resolveAttributes(op, spec.attributes, attributes) as Record<string, number>;
      const expected = X.map(
        (x, index) => (UPSTREAM[index] as number) * spec.derivative(x, resolved),
      );
      expectClose(gradient as Float32Array, expected, { rtol: 1e-4, atol: 1e-6 });
    },
  );

  it('PReluGrad sums the slope gradient over the broadcast axes', async () => {
    const builder = new GraphBuilder('prelu');
    const gradOutput = builder.input('dY', [2, 3, 2]);
    const x = builder.input('X', [2, 3, 2]);
    const slope = builder.input('slope', [3, 1]);
    const [dX, dSlope] = builder.opOutputs('PReluGrad', [gradOutput, x, slope]);
    builder.output(dX!, 'dX');
    builder.output(dSlope!, 'dSlope');
    const xs = Float32Array.of(1, -2, NaN, 4, -5, 6, -1, 2, 3, -4, 5, -0.5);
    const dys = Float32Array.from(seeded(12, 5));
    const slopes = Float32Array.of(0.1, 0.2, 0.3);
    const outputs = await runOnOrt(exportModel(builder.build()), {
      dY: { shape: [2, 3, 2], values: dys },
      X: { shape: [2, 3, 2], values: xs },
      slope: { shape: [3, 1], values: slopes },
    });

    const channel = (index: number) => Math.floor(index / 2) % 3;
    const expectedX = xs.map((value, index) =>
      Number.isNaN(value)
        ? NaN
        : (dys[index] as number) * (value > 0 ? 1 : (slopes[channel(index)] as number)),
    );
    const expectedSlope = new Float32Array(3);
    xs.forEach((value, index) => {
      if (!(value > 0)) expectedSlope[channel(index)]! += (dys[index] as number) * value;
    });
    expectClose(outputs.dX as Float32Array, expectedX);
    expectClose(outputs.dSlope as Float32Array, expectedSlope);
    expect(Number.isNaN(outputs.dSlope![1] as number)).toBe(true);
  });
});

describe('gradient lowerings at old opsets', () => {
  it('writes TanhGrad with Tanh before opset 9, which has no Cosh', async () => {
    const builder = new GraphBuilder('tanh');
    const [gradOutput, x] = [builder.input('dY', [4]), builder.input('X', [4])];
    builder.output(builder.op('TanhGrad', [gradOutput, x]), 'dX');
    const xs = Float32Array.of(-2, 0, 0.5, 3);
    const outputs = await runOnOrt(exportModel(builder.build(), { opset: 8 }), {
      dY: { shape: [4], values: Float32Array.of(1, 1, 1, 1) },
      X: { shape: [4], values: xs },
    });
    expectClose(
      outputs.dX as Float32Array,
      xs.map((value) => 1 - Math.tanh(value) ** 2),
    );
  });

  it('refuses GeluGrad and the Where-based gradients before opset 9', () => {
    const builder = new GraphBuilder('old');
    const x = builder.input('X', [4]);
    builder.output(builder.op('GeluGrad', [x, x]), 'a');
    builder.output(builder.op('EluGrad', [x, x]), 'b');
    expect(() => exportModel(builder.build(), { opset: 8 })).toThrow(
      /GeluGrad: it needs Erf, which ONNX has from opset 9 \(1 node\); EluGrad: its lowering/,
    );
  });
});

describe('activations lowered to standard ops', () => {
  it.each(
    SMOOTH.flatMap((op) => (VARIANTS[op] ?? [{}]).map((attributes) => [op, attributes] as const)),
  )('%s %j gives 0 at -Infinity and Infinity at Infinity', async (op, attributes) => {
    const spec = ACTIVATIONS.find((candidate) => candidate.op === op)!;
    const [y] = await run(op, [X], attributes);
    const resolved = attributes as Record<string, string>;
    expectClose(
      y as Float32Array,
      X.map((x) => spec.forward(x, resolved)),
      { rtol: 1e-5 },
    );
    expect(y![1]).toBe(Infinity);
    expect(y![2] === 0).toBe(true);
  });
});

describe('exact GELU before opset 9', () => {
  it('is refused, since its lowering needs Erf', async () => {
    const { GraphBuilder } = await import('@rectifier/core');
    const builder = new GraphBuilder('gelu');
    builder.output(builder.op('Gelu', [builder.input('x', [3])]));
    expect(() => exportModel(builder.build(), { opset: 7 })).toThrow(
      /it needs Erf, which ONNX has from opset 9/,
    );
    expect(() => exportModel(builder.build(), { opset: 9 })).not.toThrow();
  });
});
