import { GraphBuilder, type ValueInfo } from '@rectifier/core';

/** Seeded values in [-1, 1), so every run builds the same parameters. */
export function seeded(count: number, seed: number): Float32Array {
  const values = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state * 1664525 + 1013904223) >>> 0;
    values[i] = (state / 2 ** 32) * 2 - 1;
  }
  return values;
}

/** The small MLP of the tests: Gemm + Relu, Gemm (alpha, transB) + Softmax, batch symbolic. */
export function buildMlp(builder = new GraphBuilder('mlp')): {
  builder: GraphBuilder;
  logits: ValueInfo;
  probs: ValueInfo;
  x: ValueInfo;
  params: ValueInfo[];
} {
  const x = builder.input('x', ['batch', 4]);
  const w1 = builder.parameter('w1', [4, 5], seeded(20, 1));
  const b1 = builder.parameter('b1', [5], seeded(5, 2));
  const w2 = builder.parameter('w2', [3, 5], seeded(15, 3));
  const b2 = builder.parameter('b2', [3], seeded(3, 4));
  const hidden = builder.op(
    'Relu',
    [builder.op('Gemm', [x, w1, b1], {}, { name: 'dense1' })],
    {},
    { name: 'relu1' },
  );
  const logits = builder.op(
    'Gemm',
    [hidden, w2, b2],
    { alpha: 0.5, transB: 1 },
    { name: 'dense2' },
  );
  const probs = builder.op('Softmax', [logits], {}, { name: 'probs' });
  return { builder, logits, probs, x, params: [w1, b1, w2, b2] };
}
