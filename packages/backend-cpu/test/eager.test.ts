import { activate, activationGrad, ArgumentError, AttributeError } from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../src/index.js';

const backend = createBackend({ threads: 1 });

describe('eager activations', () => {
  it('takes typed arrays of any numeric kind as float32, as TensorFlow.js does', async () => {
    const x = backend.tensor(Float64Array.of(-1.5, 2), [2]);
    expect(x.dtype).toBe('float32');
    expect(Array.from(await (await activate('relu', x)).data())).toEqual([0, 2]);
    expect(backend.tensor(Uint8Array.of(3, 4)).dtype).toBe('float32');
  });

  it('rejects values that are not numbers', () => {
    expect(() => backend.tensor(['a', 'b'] as unknown as number[], [2])).toThrow(ArgumentError);
    expect(() => backend.tensor(['a', 'b'] as unknown as number[], [2])).toThrow(/"a" at index 0/);
  });

  it("names the activation's own parameters when one is wrong", async () => {
    const x = backend.tensor([1, -1]);
    await expect(activate('prelu', x, { alpha: 0.1 })).rejects.toThrow(AttributeError);
    await expect(activate('prelu', x, { alpha: 0.1 })).rejects.toThrow(/attributes are slope/);
    const y = await activate('prelu', x, { slope: 0.5 });
    expect(Array.from(await y.data())).toEqual([1, -0.5]);
  });

  it("speaks of the op's own inputs when shapes disagree", async () => {
    const x = backend.tensor([1, 2]);
    const gradOutput = backend.tensor([1, 1, 1]);
    await expect(activationGrad('relu', x, gradOutput)).rejects.toThrow(/'dY' has shape \[3\]/);
  });

  it('passes the upstream gradient of the identity through, NaN in x or not', async () => {
    const x = backend.tensor([Number.NaN, 2]);
    const slope = await activationGrad('linear', x, backend.tensor([3, 4]));
    expect(Array.from(await slope.data())).toEqual([3, 4]);
  });
});

describe('program feeds', () => {
  it('says when a feed is not a tensor', async () => {
    const { GraphBuilder } = await import('@rectifier/core');
    const builder = new GraphBuilder('g');
    builder.output(builder.op('Relu', [builder.input('x', [3])]));
    const program = await backend.compile(builder.build());
    const feeds = { x: [1, 2, 3] } as unknown as Parameters<typeof program.run>[0];
    await expect(program.run(feeds)).rejects.toThrow(/'x' is not a tensor; make one with/);
  });
});
