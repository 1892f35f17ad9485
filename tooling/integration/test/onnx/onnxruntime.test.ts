import { GraphBuilder, type Graph } from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { exportModel } from '@rectifier/onnx';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
import { expectClose } from '../../../../packages/onnx/test/helpers/close.js';
import { buildMlp, seeded } from '../../../../packages/onnx/test/helpers/graphs.js';
import { runOnCpu } from './run-cpu.js';
import { runOnOrt } from '../../../../packages/onnx/test/helpers/run-ort.js';

/** The MLP's forward in float64, written out by hand as an independent check. */
function mlpReference(x: Float32Array, batch: number, graph: Graph): Float64Array {
  const param = (name: string) =>
    graph.initializers.find((init) => init.name === name)?.values as Float32Array;
  const [w1, b1, w2, b2] = ['w1', 'b1', 'w2', 'b2'].map(param) as Float32Array[];
  const probs = new Float64Array(batch * 3);
  for (let n = 0; n < batch; n++) {
    const hidden = Array.from({ length: 5 }, (_, j) => {
      let sum = b1![j] as number;
      for (let k = 0; k < 4; k++) sum += (x[n * 4 + k] as number) * (w1![k * 5 + j] as number);
      return Math.max(0, sum);
    });
    const logits = Array.from({ length: 3 }, (_, i) => {
      let sum = 0;
      for (let j = 0; j < 5; j++) sum += (hidden[j] as number) * (w2![i * 5 + j] as number);
      return 0.5 * sum + (b2![i] as number);
    });
    const max = Math.max(...logits);
    const total = logits.reduce((acc, value) => acc + Math.exp(value - max), 0);
    logits.forEach((value, i) => (probs[n * 3 + i] = Math.exp(value - max) / total));
  }
  return probs;
}

function opTypes(bytes: Uint8Array): string[] {
  return (onnx.ModelProto.decode(bytes).graph?.node ?? []).map((node) => node.opType ?? '');
}

describe('exported models in onnxruntime-node', () => {
  it('runs the MLP and matches the CPU backend and a float64 forward', async () => {
    const { builder, probs } = buildMlp();
    builder.output(probs);
    const graph = builder.build();
    const x = { shape: [6, 4], values: seeded(24, 9) };

    const ort = await runOnOrt(exportModel(graph), { x });
    const cpu = await runOnCpu(graph, { x });

    expectClose(ort.probs as Float32Array, cpu.probs as Float32Array, { rtol: 1e-5, atol: 1e-6 });
    expectClose(ort.probs as Float32Array, mlpReference(x.values, 6, graph), {
      rtol: 1e-5,
      atol: 1e-6,
    });
  });
});

/** Edge inputs for activations: NaN, infinities, zero and values around each kink. */
const EDGES = Float32Array.from([
  NaN,
  -Infinity,
  -100,
  -6.5,
  -3,
  -1,
  -0.5,
  0,
  0.25,
  1,
  3,
  6,
  6.5,
  100,
  Infinity,
]);
const RAMP = Float32Array.from({ length: 41 }, (_, i) => (i - 20) * 0.35);

interface LoweringCase {
  readonly op: string;
  readonly opset: number;
  readonly attributes?: Record<string, number | string>;
  /** Whether ONNX lacks the op at that opset, so that it must not appear in the model. */
  readonly lowered: boolean;
  /** Edge values where the lowered formula and Rectifier's rule agree. */
  readonly edges?: boolean;
}

const LOWERING_CASES: readonly LoweringCase[] = [
  { op: 'Relu6', opset: 17, lowered: true, edges: true },
  { op: 'Relu6', opset: 10, lowered: true, edges: true },
  // x * sigmoid(x) is -Infinity * 0 = NaN at -Infinity, where Rectifier's rule says 0.
  { op: 'Silu', opset: 17, lowered: true },
  { op: 'Gelu', opset: 17, lowered: true },
  { op: 'Gelu', opset: 17, attributes: { approximate: 'tanh' }, lowered: true },
  { op: 'Gelu', opset: 20, lowered: false },
  { op: 'Mish', opset: 17, lowered: true },
  { op: 'Mish', opset: 18, lowered: false },
  // onnxruntime's own HardSwish, like x * HardSigmoid(x), gives NaN at -Infinity (Rectifier: 0).
  { op: 'HardSwish', opset: 13, lowered: true },
  { op: 'HardSwish', opset: 14, lowered: false },
  { op: 'Celu', opset: 11, attributes: { alpha: 1.5 }, lowered: true, edges: true },
  { op: 'Celu', opset: 12, attributes: { alpha: 1.5 }, lowered: false, edges: true },
  { op: 'HardSigmoid', opset: 17, lowered: false, edges: true },
  { op: 'LeakyRelu', opset: 17, attributes: { alpha: 0.2 }, lowered: false, edges: true },
];

function oneOp(op: string, inputs: number, attributes: Record<string, number | string> = {}) {
  const builder = new GraphBuilder(op);
  const values = Array.from({ length: inputs }, (_, index) => builder.input(`x${index}`, ['n']));
  builder.output(builder.op(op, values, attributes), 'y');
  return builder.build();
}

describe('lowerings run in onnxruntime-node like the CPU backend', () => {
  it.each(LOWERING_CASES)('$op at opset $opset (lowered: $lowered)', async (testCase) => {
    const graph = oneOp(testCase.op, 1, testCase.attributes);
    const bytes = exportModel(graph, { opset: testCase.opset });
    expect(opTypes(bytes).includes(testCase.op)).toBe(!testCase.lowered);

    const values = testCase.edges ? Float32Array.from([...RAMP, ...EDGES]) : RAMP;
    const feeds = { x0: { shape: [values.length], values } };
    const [ort, cpu] = await Promise.all([runOnOrt(bytes, feeds), runOnCpu(graph, feeds)]);
    expectClose(ort.y as Float32Array, cpu.y as Float32Array, { rtol: 1e-5, atol: 1e-6 });
  });

  const GRADS: readonly [string, Record<string, number>][] = [
    ['ReluGrad', {}],
    ['LeakyReluGrad', { alpha: 0.1 }],
    ['Relu6Grad', {}],
    ['SigmoidGrad', {}],
    ['TanhGrad', {}],
  ];
  it.each(GRADS)('%s at opset 17, NaN included', async (op, attributes) => {
    const graph = oneOp(op, 2, attributes);
    const x = Float32Array.from([...RAMP, NaN, -100, 0, 6, 100]);
    const gradOutput = seeded(x.length, 5);
    const feeds = {
      x0: { shape: [x.length], values: gradOutput },
      x1: { shape: [x.length], values: x },
    };
    const [ort, cpu] = await Promise.all([
      runOnOrt(exportModel(graph), feeds),
      runOnCpu(graph, feeds),
    ]);
    expectClose(ort.y as Float32Array, cpu.y as Float32Array, { rtol: 1e-5, atol: 1e-6 });
  });
});

describe('what cannot be exported', () => {
  it('lists every composite that cannot be lowered at the opset in one error', () => {
    const builder = new GraphBuilder('grads');
    const x = builder.input('x', [4]);
    const slope = builder.parameter('slope', [1], Float32Array.of(0.25));
    builder.output(builder.op('EluGrad', [x, x]), 'a');
    builder.output(builder.op('EluGrad', [x, x]), 'b');
    builder.output(builder.opOutputs('PReluGrad', [x, x, slope])[0]!, 'c');
    expect(() => exportModel(builder.build(), { opset: 8 })).toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED_OP',
        message:
          "Graph 'grads' cannot be exported at ONNX opset 8: EluGrad: its lowering needs Where, " +
          'which ONNX has from opset 9 (2 nodes); PReluGrad: its lowering needs Where, which ' +
          'ONNX has from opset 9 (1 node).',
      }),
    );
  });

  it('refuses Softmax over a non-last axis before opset 13, and ops newer than the opset', () => {
    const builder = new GraphBuilder('old');
    const x = builder.input('x', [2, 3]);
    builder.output(builder.op('Softmax', [x], { axis: 0 }), 'a');
    builder.output(builder.op('ThresholdedRelu', [x]), 'b');
    expect(() => exportModel(builder.build(), { opset: 9 })).toThrow(
      /Softmax: before opset 13 ONNX Softmax flattens .*; ThresholdedRelu: ONNX defines it from/,
    );
  });

  it('refuses an opset outside the range it writes', () => {
    const graph = oneOp('Relu', 1);
    expect(() => exportModel(graph, { opset: 5 })).toThrow(
      /opset 5 is not supported; use an integer in \[7, 22\]/,
    );
  });
});
