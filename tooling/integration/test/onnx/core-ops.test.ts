import { gradients, GraphBuilder, type ValueInfo } from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../../packages/onnx/test/helpers/close.js';
import { seeded } from '../../../../packages/onnx/test/helpers/graphs.js';
import { runOnCpu } from './run-cpu.js';

// Clip, Reshape and LogSoftmax were added to core's op set for import; their shape inference
// and gradient rules are checked here, where they are used.

function reshaped(shape: (number | string)[], target: number[], allowzero = 0) {
  const builder = new GraphBuilder();
  const x = builder.input('x', shape);
  return builder.op('Reshape', [x], { shape: target, allowzero }).shape;
}

describe('Reshape shape inference', () => {
  it('copies with 0 and infers -1, symbols included', () => {
    expect(reshaped([2, 3, 4], [4, -1])).toEqual([4, 6]);
    expect(reshaped(['N', 3, 4], [0, -1])).toEqual(['N', 12]);
    expect(reshaped(['N', 3, 4], [-1, 12])).toEqual(['N', 12]);
    expect(reshaped(['N', 3, 4], [0, 2, 6])).toEqual(['N', 2, 6]);
    expect(reshaped([0, 3], [0, 3], 1)).toEqual([0, 3]);
  });

  it('refuses what it cannot name or count', () => {
    expect(() => reshaped(['N', 3, 4], [-1, 4])).toThrow(/-1 would be a product/);
    expect(() => reshaped([2, 3], [4, 2])).toThrow(/element counts differ/);
    expect(() => reshaped([2, 3], [-1, -1])).toThrow(/at most one dimension may be -1/);
  });
});

/** Runs loss = MSE(f(x), targets) and its gradient with respect to x on the CPU backend. */
async function gradientOf(
  build: (builder: GraphBuilder, x: ValueInfo) => ValueInfo,
  shape: number[],
  x: Float32Array,
  targets: Float32Array,
) {
  const builder = new GraphBuilder('grad');
  const input = builder.parameter('x', shape, x);
  const y = build(builder, input);
  const target = builder.input('targets', y.shape);
  const loss = builder.op('MeanSquaredError', [y, target]);
  const [grad] = gradients(builder, loss, [input]);
  builder.output(grad as ValueInfo, 'dx');
  builder.output(y, 'y');
  const graph = builder.build();
  const result = await runOnCpu(graph, {
    targets: { shape: y.shape as number[], values: targets },
  });
  return { graph, dx: result.dx as Float32Array, y: result.y as Float32Array };
}

describe('gradients of the new ops', () => {
  const x = Float32Array.from(seeded(12, 7), (value) => value * 3);
  const targets = seeded(12, 8);

  it('Reshape passes the gradient back in the input shape', async () => {
    const { dx } = await gradientOf(
      (b, input) => b.op('Reshape', [input], { shape: [4, 3] }),
      [2, 6],
      x,
      targets,
    );
    expectClose(
      dx,
      Float64Array.from(x, (value, i) => (2 * (value - (targets[i] as number))) / 12),
    );
  });

  it('Clip passes the gradient where min < x < max only', async () => {
    const { graph, dx } = await gradientOf(
      (b, input) => b.op('Clip', [input, b.constant(-1), b.constant(1)]),
      [12],
      x,
      targets,
    );
    expect(graph.nodes.map((node) => node.op)).toContain('ClipGrad');
    const expected = Float64Array.from(x, (value, i) => {
      const clipped = Math.min(1, Math.max(-1, value));
      return value > -1 && value < 1 ? (2 * (clipped - (targets[i] as number))) / 12 : 0;
    });
    expectClose(dx, expected);
  });

  it('LogSoftmax: dx = dy - softmax(x) * sum(dy) along the axis', async () => {
    const { dx, y } = await gradientOf(
      (b, input) => b.op('LogSoftmax', [input], { axis: 1 }),
      [3, 4],
      x,
      targets,
    );
    const expected = new Float64Array(12);
    for (let row = 0; row < 3; row++) {
      const slice = [0, 1, 2, 3].map((column) => row * 4 + column);
      const dy = slice.map((i) => (2 * ((y[i] as number) - (targets[i] as number))) / 12);
      const total = dy.reduce((a, b) => a + b, 0);
      slice.forEach(
        (i, column) => (expected[i] = (dy[column] as number) - Math.exp(y[i] as number) * total),
      );
    }
    expectClose(dx, expected, { rtol: 1e-5, atol: 1e-7 });
  });
});
