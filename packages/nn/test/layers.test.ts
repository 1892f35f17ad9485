import { ArgumentError, createRandom, UnknownNameError } from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { Activation, Dense, initializeWeights, mlp } from '../src/index.js';

describe('initialisation', () => {
  it('refuses a Dense layer too large to allocate before allocating it', () => {
    const make = () => mlp({ inputSize: 784, hidden: [100_000, 100_000], outputs: 10, seed: 0 });
    expect(make).toThrow(ArgumentError);
    expect(make).toThrow(
      "Dense 'dense1': 100000 x 100000 = 10,000,000,000 weights is more than one layer may " +
        'hold (268,435,456, 1 GiB of float32); use fewer units.',
    );
  });

  it('He draws normals with std sqrt(2 / fanIn)', () => {
    const values = initializeWeights('he', 400, 250, createRandom(1));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.002);
    expect(Math.sqrt(variance)).toBeCloseTo(Math.sqrt(2 / 400), 3);
  });

  it('Glorot stays within ±sqrt(6 / (fanIn + fanOut)) and fills the range', () => {
    const limit = Math.sqrt(6 / (300 + 100));
    const values = initializeWeights('glorot', 300, 100, createRandom(2));
    expect(Math.max(...values)).toBeLessThanOrEqual(limit);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-limit);
    expect(Math.max(...values)).toBeGreaterThan(0.99 * limit);
  });
});

describe('layers', () => {
  it('mlp stacks Dense and activation layers with the right shapes', () => {
    const network = mlp({ inputSize: 784, hidden: [64, 32, 16], outputs: 10 });
    expect(network.parameters.map((p) => [p.name, p.shape])).toEqual([
      ['dense0.weight', [784, 64]],
      ['dense0.bias', [64]],
      ['dense1.weight', [64, 32]],
      ['dense1.bias', [32]],
      ['dense2.weight', [32, 16]],
      ['dense2.bias', [16]],
      ['dense3.weight', [16, 10]],
      ['dense3.bias', [10]],
    ]);
    expect(network.outputSize).toBe(10);
  });

  it('the same seed gives the same weights, another seed others', () => {
    const a = mlp({ inputSize: 10, hidden: [5], outputs: 2, seed: 4 }).parameters[0]!.values;
    const b = mlp({ inputSize: 10, hidden: [5], outputs: 2, seed: 4 }).parameters[0]!.values;
    const c = mlp({ inputSize: 10, hidden: [5], outputs: 2, seed: 5 }).parameters[0]!.values;
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('rejects bad sizes and unknown activations with typed errors', () => {
    const random = createRandom(0);
    expect(() => new Dense({ name: 'd', inputSize: 0, units: 3, random })).toThrow(ArgumentError);
    expect(() => new Activation('a', 'relu7')).toThrow(UnknownNameError);
    expect(() => new Activation('a', 'celu', { alpha: 0 })).toThrow(/alpha/);
  });

  it('PReLU gets one learned slope starting at 0.25', () => {
    const layer = new Activation('p', 'prelu');
    expect(layer.parameters).toHaveLength(1);
    expect(layer.parameters[0]!.values[0]).toBe(0.25);
  });
});
