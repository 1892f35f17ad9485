import { loadBackend } from '@rectifier/core';
import { loadDefaultSplit, takeFirst } from '@rectifier/data';
import { mlp, Trainer } from '@rectifier/nn';
import { describe, expect, it } from 'vitest';

const split = loadDefaultSplit(0);

/** Two epochs of Adam on 2,000 digits, as the nn package trains on the CPU backend. */
async function trainTwoEpochs(backendName: string) {
  const backend = await loadBackend(backendName);
  const trainer = await Trainer.create({
    network: mlp({ inputSize: 784, hidden: [64, 32, 16], outputs: 10, seed: 0 }),
    backend,
    optimizer: { name: 'adam', learningRate: 0.005 },
    batchSize: 64,
    seed: 0,
  });
  const train = takeFirst(split.train, 2000);
  const records = [];
  for (let epoch = 0; epoch < 2; epoch++) records.push(await trainer.epoch(train, split.test));
  trainer.dispose();
  return records;
}

describe('training on real MNIST digits with the ONNX Runtime backend', () => {
  it('reaches the test accuracy of the CPU backend, within half a percentage point', async () => {
    const onnx = await trainTwoEpochs('onnx');
    const cpu = await trainTwoEpochs('cpu');
    const [last, reference] = [onnx[1]!, cpu[1]!];
    expect(last.testAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(Math.abs(last.testAccuracy - reference.testAccuracy)).toBeLessThanOrEqual(0.005);
    expect(last.loss).toBeCloseTo(reference.loss, 2);
    expect(Object.keys(last.sparsity)).toEqual(Object.keys(reference.sparsity));
    for (const [layer, fraction] of Object.entries(last.sparsity)) {
      expect(Math.abs(fraction - reference.sparsity[layer]!)).toBeLessThan(0.01);
    }
  });
});
