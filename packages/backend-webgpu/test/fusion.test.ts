import { createBackend as createCpuBackend } from '@rectifier/backend-cpu';
import { GraphBuilder, type Backend, type Graph, type Program } from '@rectifier/core';
import { evaluationGraph, mlp, trainingGraph, type OptimizerOptions } from '@rectifier/nn';
import { CLASSES, stepFeeds } from '@rectifier/training-steps';
import { afterAll, describe, expect, it } from 'vitest';
import { WebGpuBackend, type WebGpuProgram } from '../src/index.js';
import { closeTo, sameBits, seeded } from './helpers/close.js';
import { gpuOrReason, skippedName } from './helpers/gpu.js';

const { backend: gpu, reason } = await gpuOrReason();
const cpu = createCpuBackend();
afterAll(async () => {
  await Promise.all([gpu?.dispose(), cpu.dispose()]);
});

/** Every output of a run, read back, and the feeds and outputs freed. */
async function runOnce(program: Program, backend: Backend, rows: number, step: number) {
  const given = stepFeeds(backend, program.graph, rows, step);
  const outputs = await program.run(given);
  const values: Record<string, Float32Array | BigInt64Array> = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    values[name] = (await tensor.data()) as Float32Array | BigInt64Array;
  }
  for (const tensor of [...Object.values(given), ...Object.values(outputs)]) tensor.dispose();
  return values;
}

interface GemmOptions {
  readonly alpha?: number;
  readonly beta?: number;
  readonly transB?: boolean;
  /** C's shape, or null for a Gemm without C; [units] by default. */
  readonly bias?: readonly number[] | null;
  readonly units?: number;
  readonly rows?: number;
}

/** A one-Gemm graph: x [rows, 12] times w [12, units] plus C, then what `finish` adds. */
function gemmGraph(
  finish: (builder: GraphBuilder, z: ReturnType<GraphBuilder['op']>) => void,
  options: GemmOptions = {},
): Graph {
  const units = options.units ?? 8;
  const builder = new GraphBuilder('gemm');
  const x = builder.input('x', [options.rows ?? 'batch', 12]);
  const w = builder.parameter(
    'w',
    options.transB ? [units, 12] : [12, units],
    seeded(12 * units, 5),
  );
  const biasShape = options.bias === undefined ? [units] : options.bias;
  const size = (biasShape ?? []).reduce((total, dim) => total * dim, 1);
  const c = biasShape ? builder.parameter('c', biasShape, seeded(size, 6)) : undefined;
  const attributes = {
    alpha: options.alpha ?? 1,
    beta: options.beta ?? 1,
    transB: options.transB ? 1 : 0,
  };
  finish(builder, builder.op('Gemm', c ? [x, w, c] : [x, w], attributes));
  return builder.build();
}

const relu = (builder: GraphBuilder, z: ReturnType<GraphBuilder['op']>) => {
  builder.output(builder.op('Relu', [z]), 'y');
};

describe('fusing a Gemm with the ReLU after it', () => {
  if (!gpu) {
    it(skippedName(reason ?? ''), () => {
      console.warn(`webgpu fusion tests skipped: ${reason ?? ''}`);
    });
    return;
  }
  const { tf } = gpu as WebGpuBackend;
  const unfused = new WebGpuBackend(tf, { fuse: false });

  /** Compiles a graph fused, unfused and on the CPU. */
  async function compileAll(graph: Graph) {
    const [fused, plain, reference] = await Promise.all([
      gpu!.compile(graph),
      unfused.compile(graph),
      cpu.compile(graph),
    ]);
    return { fused: fused as WebGpuProgram, plain: plain as WebGpuProgram, reference };
  }

  /** Runs the three on the same feeds: fused and unfused agree bit for bit, and with the CPU. */
  async function expectAgreement(graph: Graph, batches: readonly number[]) {
    const { fused, plain, reference } = await compileAll(graph);
    for (const [step, rows] of batches.entries()) {
      const [got, unfusedGot, expected] = await Promise.all([
        runOnce(fused, gpu!, rows, step),
        runOnce(plain, unfused, rows, step),
        runOnce(reference, cpu, rows, step),
      ]);
      for (const [name, want] of Object.entries(expected)) {
        if (want instanceof BigInt64Array) {
          expect([...(got[name] as BigInt64Array)], name).toEqual([...want]);
          continue;
        }
        const value = got[name] as Float32Array;
        expect(sameBits(value, unfusedGot[name] as Float32Array), `${name}, step ${step}`).toEqual(
          [],
        );
        expect(closeTo(value, want, 1e-4, 1e-5), `${name}, step ${step}`).toEqual([]);
      }
    }
    for (const init of graph.initializers) {
      const value = (await fused.readParameter(init.name)) as Float32Array;
      expect(sameBits(value, (await plain.readParameter(init.name)) as Float32Array)).toEqual([]);
      const want = (await reference.readParameter(init.name)) as Float32Array;
      expect(closeTo(value, want, 1e-4, 1e-5), init.name).toEqual([]);
    }
    return { fused, plain, reference };
  }

  function disposeAll(programs: { fused: Program; plain: Program; reference: Program }) {
    for (const program of Object.values(programs)) program.dispose();
  }

  const training: [string, number[], number, OptimizerOptions, number[]][] = [
    [
      'small layers, SGD with momentum',
      [8, 6],
      12,
      { name: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3 },
      [16, 5, 16, 1],
    ],
    // 96 x 128 outputs take tfjs's tiled vec4 matMul; the small ones its reduction and
    // small-output programs.
    ['wide layers, Adam', [128, 64], 16, { name: 'adam', learningRate: 0.01 }, [96, 40]],
  ];

  it.each(training)(
    'a training step (%s) gives the unfused bits and the CPU values',
    async (_, hidden, inputSize, optimizer, batches) => {
      const network = mlp({ inputSize, hidden, outputs: CLASSES, activation: 'relu', seed: 3 });
      const graph = trainingGraph(network, 'softmax-cross-entropy', optimizer);
      const programs = await expectAgreement(graph, batches);

      expect(programs.plain.fusions).toEqual([]);
      const { fusions } = programs.fused;
      expect(fusions.map(({ gemm, activation }) => [gemm, activation])).toEqual([
        ['dense0', 'relu0'],
        ['dense1', 'relu1'],
      ]);
      // Each ReLU's gradient now reads the ReLU's output.
      for (const fusion of fusions) {
        expect(fusion.gradients).toHaveLength(1);
        const gradient = graph.nodes.find((node) => node.name === fusion.gradients[0]);
        expect(gradient?.op).toBe('ReluGrad');
      }
      disposeAll(programs);
    },
    120_000,
  );

  it('an evaluation graph, which gives back every ReLU output, fuses too', async () => {
    const network = mlp({ inputSize: 12, hidden: [8, 6], outputs: CLASSES, seed: 4 });
    const programs = await expectAgreement(evaluationGraph(network), [16, 3]);
    expect(programs.fused.fusions.map((fusion) => fusion.gemm)).toEqual(['dense0', 'dense1']);
    expect(programs.fused.fusions.every((fusion) => fusion.gradients.length === 0)).toBe(true);
    disposeAll(programs);
  });

  it('runs the fused Gemms as tf.fused.matMul kernels', async () => {
    const network = mlp({ inputSize: 12, hidden: [8, 6], outputs: CLASSES, seed: 3 });
    const graph = trainingGraph(network, 'softmax-cross-entropy', { name: 'sgd' });
    const kernelCounts = async (backend: Backend) => {
      const program = await backend.compile(graph);
      const profile = await tf.profile(async () => {
        await runOnce(program, backend, 8, 0);
      });
      program.dispose();
      const count = (name: string) => profile.kernels.filter((k) => k.name === name).length;
      return { fused: count('_FusedMatMul'), plain: count('BatchMatMul') };
    };
    // Three Gemms forward and five backward: the two hidden ones forward are fused.
    expect(await kernelCounts(gpu)).toEqual({ fused: 2, plain: 6 });
    expect(await kernelCounts(unfused)).toEqual({ fused: 0, plain: 8 });
  });

  const fusable: [string, Graph][] = [
    ['C is [1, N] and beta is 0.5', gemmGraph(relu, { bias: [1, 8], beta: 0.5 })],
    ['w is transposed', gemmGraph(relu, { transB: true })],
    ['there is no C', gemmGraph(relu, { bias: null })],
    ['C is a whole [M, N]', gemmGraph(relu, { bias: [16, 8], rows: 16 })],
  ];

  // A batch of 0 rows too, which the fused step hands to the unfused kernels.
  it.each(fusable)('fuses where %s, with the same results', async (_, graph) => {
    const programs = await expectAgreement(
      graph,
      graph.inputs[0]?.shape[0] === 16 ? [16] : [16, 0],
    );
    expect(programs.fused.fusions).toHaveLength(1);
    disposeAll(programs);
  });

  const unfusable: [string, Graph][] = [
    [
      'the pre-activation is also a graph output',
      gemmGraph((builder, z) => {
        builder.output(builder.op('Relu', [z]), 'y');
        builder.output(z, 'z');
      }),
    ],
    [
      'another op reads the pre-activation',
      gemmGraph((builder, z) => {
        builder.output(builder.op('Add', [builder.op('Relu', [z]), z]), 'y');
      }),
    ],
    ['alpha is not 1', gemmGraph(relu, { alpha: 0.5 })],
    [
      'the activation is LeakyRelu, whose tfjs fusion flushes subnormal products',
      gemmGraph((builder, z) => {
        builder.output(builder.op('LeakyRelu', [z], { alpha: 0.1 }), 'y');
      }),
    ],
    [
      'C is broadcast along the columns, which tfjs reads four columns at a time',
      gemmGraph(relu, { bias: [16, 1], units: 128, rows: 16 }),
    ],
  ];

  it.each(unfusable)('does not fuse where %s', async (_, graph) => {
    const programs = await expectAgreement(graph, [16]);
    expect(programs.fused.fusions).toEqual([]);
    disposeAll(programs);
  });

  // Column by column, the product's term x * w and the bias c, and the exact float32 sum.
  const EDGES: readonly [number, number][] = [
    [Number.NaN, 0],
    [Infinity, 0],
    [-Infinity, 0],
    [-0, -0], // +0 + -0 is +0
    [0, 0],
    [-2, 0.5],
    [3, -1],
    [3e38, 3e38], // overflows to Infinity
    [-3e38, -3e38],
    [1, -1], // exact cancellation, +0
    [Infinity, -Infinity],
    [2, Number.NaN],
  ];
  const EDGE_SUMS = [
    Number.NaN,
    Infinity,
    -Infinity,
    0,
    0,
    -1.5,
    2,
    Infinity,
    -Infinity,
    0,
    Number.NaN,
    Number.NaN,
  ];

  // 1 x 12 and 16 x 12 outputs take tfjs's reduction and small-output programs, 96 x 132 its
  // tiled vec4 one.
  it.each([
    [1, 12],
    [16, 12],
    [96, 132],
  ])(
    'keeps ReLU and ReluGrad at NaN, +-Infinity and 0 (%i x %i)',
    async (rows, columns) => {
      // x has 1 in its first column and 0 in the others, so row 0 of w reaches z unchanged.
      const inner = 4;
      const weights = new Float32Array(inner * columns);
      const bias = new Float32Array(columns);
      for (let column = 0; column < columns; column++) {
        const [term, added] = EDGES[column % EDGES.length] as [number, number];
        weights[column] = term;
        bias[column] = added;
      }
      const builder = new GraphBuilder('edges');
      const x = builder.input('x', [rows, inner]);
      const gradOutput = builder.input('dy', [rows, columns]);
      const w = builder.parameter('w', [inner, columns], weights);
      const c = builder.parameter('c', [columns], bias);
      const z = builder.op('Gemm', [x, w, c]);
      builder.output(builder.op('Relu', [z]), 'y');
      builder.output(builder.op('ReluGrad', [gradOutput, z]), 'dx');
      const graph = builder.build();

      const xValues = new Float32Array(rows * inner);
      for (let row = 0; row < rows; row++) xValues[row * inner] = 1;
      const dyValues = new Float32Array(rows * columns).fill(1.5);
      // ReLU's rule: x above 0, NaN at NaN, else 0; its derivative 1 above 0, NaN at NaN.
      const sums = Float32Array.from({ length: rows * columns }, (_, index) => {
        return EDGE_SUMS[(index % columns) % EDGES.length] as number;
      });
      const wantY = sums.map((sum) => (sum > 0 ? sum : Number.isNaN(sum) ? sum : 0));
      const wantDx = sums.map((sum) => (sum > 0 ? 1.5 : Number.isNaN(sum) ? sum : 0));

      for (const backend of [gpu, unfused]) {
        const program = (await backend.compile(graph)) as WebGpuProgram;
        const given = {
          x: backend.tensor(xValues, [rows, inner]),
          dy: backend.tensor(dyValues, [rows, columns]),
        };
        const outputs = await program.run(given);
        const y = (await outputs.y!.data()) as Float32Array;
        const dx = (await outputs.dx!.data()) as Float32Array;
        expect(sameBits(y, wantY), `y, ${program.fusions.length} fused`).toEqual([]);
        expect(sameBits(dx, wantDx), `dx, ${program.fusions.length} fused`).toEqual([]);
        expect(program.fusions.length).toBe(backend === gpu ? 1 : 0);
        for (const tensor of [...Object.values(given), ...Object.values(outputs)]) {
          tensor.dispose();
        }
        program.dispose();
      }
    },
    60_000,
  );
});
