import { loadBackend } from '@rectifier/core';
import { loadDefaultSplit, takeFirst } from '@rectifier/data';
import { describe, expect, it } from 'vitest';
import { mlp, Trainer } from '../src/index.js';

const split = loadDefaultSplit(0);

async function trainTwoEpochs(seed: number) {
  const backend = await loadBackend('cpu');
  const network = mlp({ inputSize: 784, hidden: [64, 32, 16], outputs: 10, seed });
  const trainer = await Trainer.create({
    network,
    backend,
    optimizer: { name: 'adam', learningRate: 0.005 },
    batchSize: 64,
    seed,
  });
  const train = takeFirst(split.train, 2000);
  const records = [];
  for (let epoch = 0; epoch < 2; epoch++) records.push(await trainer.epoch(train, split.test));
  return records;
}

describe('training on real MNIST digits', () => {
  it('reaches at least 85% test accuracy in two epochs on 2,000 digits', async () => {
    const records = await trainTwoEpochs(0);
    const last = records[1]!;
    expect(last.testAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(last.loss).toBeLessThan(records[0]!.loss);

    // ReLU zeroes some activations; the reported fractions must be proper fractions.
    for (const fraction of Object.values(last.sparsity)) {
      expect(fraction).toBeGreaterThan(0);
      expect(fraction).toBeLessThan(1);
    }
    expect(Object.keys(last.sparsity)).toEqual(['relu0', 'relu1', 'relu2']);
    expect(Object.keys(last.gradientNorms)).toEqual(['dense0', 'dense1', 'dense2', 'dense3']);
    for (const norm of Object.values(last.gradientNorms)) expect(norm).toBeGreaterThan(0);
  });

  it('gives the same numbers for the same seed', async () => {
    const strip = (records: Awaited<ReturnType<typeof trainTwoEpochs>>) =>
      records.map(({ seconds: _seconds, samplesPerSecond: _rate, ...rest }) => rest);
    const first = strip(await trainTwoEpochs(7));
    const second = strip(await trainTwoEpochs(7));
    expect(second).toEqual(first);
    const other = strip(await trainTwoEpochs(8));
    expect(other[1]!.loss).not.toBe(first[1]!.loss);
  });
});

describe('other losses and optimisers', () => {
  it('MSE on softmax outputs with SGD momentum learns the digits too', async () => {
    const backend = await loadBackend('cpu');
    const trainer = await Trainer.create({
      network: mlp({ inputSize: 784, hidden: [32], outputs: 10, seed: 2 }),
      backend,
      loss: 'mse',
      optimizer: { name: 'sgd', learningRate: 0.5, momentum: 0.9 },
      batchSize: 32,
    });
    const train = takeFirst(split.train, 1000);
    const first = await trainer.epoch(train, split.test);
    const second = await trainer.epoch(train, split.test);
    expect(second.loss).toBeLessThan(first.loss);
    expect(second.testAccuracy).toBeGreaterThan(0.6);
  });
});
