import { describe, expect, it } from 'vitest';
import { GraphBuilder, GraphError, ShapeError, gradients, vjp } from '../src/index.js';

// vjp() seeds the backward pass with given output gradients. Its values are checked on the
// CPU backend (backend-cpu's gradients test); here, which graph it builds.

describe('vjp', () => {
  it('feeds the given gradient into the rule of the op that made the output', () => {
    const builder = new GraphBuilder();
    const x = builder.input('x', [3]);
    const y = builder.op('Relu', [x]);
    const dy = builder.input('dy', [3]);
    const [dx] = vjp(builder, [y], [dy], [x]);

    const node = builder.appliedNodes().at(-1);
    expect(node?.op).toBe('ReluGrad');
    expect(node?.inputs).toEqual(['dy', 'x']);
    expect(dx?.name).toBe(node?.outputs[0]);
  });

  it('sums the contributions of several outputs and skips those without a gradient', () => {
    const builder = new GraphBuilder();
    const x = builder.input('x', [2]);
    const y = builder.op('Neg', [x]);
    const z = builder.op('Identity', [x]);
    const w = builder.op('Exp', [x]);
    const dy = builder.input('dy', [2]);
    const dz = builder.input('dz', [2]);
    const [dx] = vjp(builder, [y, z, w], [dy, dz, undefined], [x]);

    const ops = builder.appliedNodes().map((node) => node.op);
    expect(ops).not.toContain('Mul'); // Exp's rule never ran
    expect(ops.at(-1)).toBe('Add');
    expect(dx?.shape).toEqual([2]);
  });

  it('gives a zero gradient to what the outputs do not depend on', () => {
    const builder = new GraphBuilder();
    const x = builder.input('x', [2]);
    const unused = builder.input('unused', [4]);
    const y = builder.op('Neg', [x]);
    const [, zero] = vjp(builder, [y], [builder.input('dy', [2])], [x, unused]);
    expect(zero?.name).toBe('unused.zero_grad');
  });

  it('refuses a gradient shaped unlike its output, and a count that differs', () => {
    const builder = new GraphBuilder();
    const x = builder.input('x', [2]);
    const y = builder.op('Neg', [x]);
    const wrong = builder.input('wrong', [3]);
    expect(() => vjp(builder, [y], [wrong], [x])).toThrow(ShapeError);
    expect(() => vjp(builder, [y], [], [x])).toThrow(GraphError);
  });

  it('is what gradients() uses, seeded with 1', () => {
    const builder = new GraphBuilder();
    const x = builder.input('x', [1]);
    const loss = builder.op('Neg', [x]);
    const [dx] = gradients(builder, loss, [x]);
    const node = builder.appliedNodes().at(-1);
    expect(node?.inputs).toEqual([`${loss.name}.seed`]);
    expect(dx?.name).toBe(node?.outputs[0]);
  });
});
