import { loadBackend, type Backend } from '@rectifier/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mlp, Trainer, type Sequential } from '../src/index.js';

// A 3-4-2 ReLU network with fixed weights, and one SGD step worked out in float64 by hand
// (forward, softmax cross-entropy, backward, update), independently of the graph machinery.
const W1 = [
  [0.2, -0.5, 0.1, 0.4],
  [-0.3, 0.8, 0.6, -0.2],
  [0.5, 0.1, -0.7, 0.3],
];
const B1 = [0.1, -0.1, 0.05, 0.2];
const W2 = [
  [0.3, -0.6],
  [-0.4, 0.2],
  [0.7, 0.5],
  [-0.1, 0.9],
];
const B2 = [0.05, -0.05];
const X = [
  [1.0, 0.5, -0.5],
  [-0.2, 0.9, 0.4],
];
const LABELS = [0, 1];
const LEARNING_RATE = 0.1;

type Matrix = number[][];
const matmul = (a: Matrix, b: Matrix): Matrix =>
  a.map((row) =>
    (b[0] as number[]).map((_, j) =>
      row.reduce((sum, v, k) => sum + v * (b[k] as number[])[j]!, 0),
    ),
  );
const transpose = (a: Matrix): Matrix => (a[0] as number[]).map((_, j) => a.map((row) => row[j]!));
const addRow = (a: Matrix, row: number[]): Matrix => a.map((r) => r.map((v, j) => v + row[j]!));
const columnSums = (a: Matrix): number[] =>
  (a[0] as number[]).map((_, j) => a.reduce((s, r) => s + r[j]!, 0));

function referenceStep() {
  const hidden = addRow(matmul(X, W1), B1);
  const active = hidden.map((row) => row.map((v) => Math.max(v, 0)));
  const logits = addRow(matmul(active, W2), B2);
  const probabilities = logits.map((row) => {
    const max = Math.max(...row);
    const exps = row.map((v) => Math.exp(v - max));
    const total = exps.reduce((s, v) => s + v, 0);
    return exps.map((v) => v / total);
  });
  const batch = X.length;
  const loss = -probabilities.reduce((s, row, i) => s + Math.log(row[LABELS[i]!]!), 0) / batch;

  const gradLogits = probabilities.map((row, i) =>
    row.map((p, j) => (p - (j === LABELS[i] ? 1 : 0)) / batch),
  );
  const gradW2 = matmul(transpose(active), gradLogits);
  const gradB2 = columnSums(gradLogits);
  const gradActive = matmul(gradLogits, transpose(W2));
  const gradHidden = gradActive.map((row, i) => row.map((g, j) => (hidden[i]![j]! > 0 ? g : 0)));
  const gradW1 = matmul(transpose(X), gradHidden);
  const gradB1 = columnSums(gradHidden);

  const step = (values: number[], grads: number[]) =>
    values.map((v, i) => v - LEARNING_RATE * grads[i]!);
  return {
    loss,
    'dense0.weight': step(W1.flat(), gradW1.flat()),
    'dense0.bias': step(B1, gradB1),
    'dense1.weight': step(W2.flat(), gradW2.flat()),
    'dense1.bias': step(B2, gradB2),
  };
}

function fixedNetwork(): Sequential {
  const network = mlp({ inputSize: 3, hidden: [4], outputs: 2, seed: 1 });
  const values: Record<string, number[]> = {
    'dense0.weight': W1.flat(),
    'dense0.bias': B1,
    'dense1.weight': W2.flat(),
    'dense1.bias': B2,
  };
  for (const parameter of network.parameters)
    parameter.values = Float32Array.from(values[parameter.name]!);
  return network;
}

describe('one training step', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await loadBackend('cpu');
  });

  it('matches SGD on softmax cross-entropy worked out by hand', async () => {
    const expected = referenceStep();
    const trainer = await Trainer.create({
      network: fixedNetwork(),
      backend,
      optimizer: { name: 'sgd', learningRate: LEARNING_RATE },
      batchSize: 2,
    });
    // With two samples in one batch, the shuffle cannot change the sum of the gradients.
    const result = await trainer.trainEpoch({
      images: Float32Array.from(X.flat()),
      labels: LABELS,
      count: 2,
    });
    expect(result.loss).toBeCloseTo(expected.loss, 6);

    const network = await trainer.syncNetwork();
    for (const parameter of network.parameters) {
      const want = expected[parameter.name as keyof typeof expected] as number[];
      [...parameter.values].forEach((value, index) => expect(value).toBeCloseTo(want[index]!, 6));
    }
  });

  it('takes the same step without gradient norms, and reports none', async () => {
    const expected = referenceStep();
    const trainer = await Trainer.create({
      network: fixedNetwork(),
      backend,
      optimizer: { name: 'sgd', learningRate: LEARNING_RATE },
      batchSize: 2,
      gradientNorms: false,
    });
    const result = await trainer.trainEpoch({
      images: Float32Array.from(X.flat()),
      labels: LABELS,
      count: 2,
    });
    expect(result.gradientNorms).toEqual({});
    expect(result.loss).toBeCloseTo(expected.loss, 6);
    const network = await trainer.syncNetwork();
    for (const parameter of network.parameters) {
      const want = expected[parameter.name as keyof typeof expected] as number[];
      [...parameter.values].forEach((value, index) => expect(value).toBeCloseTo(want[index]!, 6));
    }
  });

  it('reports the gradient norm of each Dense layer', async () => {
    const trainer = await Trainer.create({
      network: fixedNetwork(),
      backend,
      optimizer: { name: 'sgd', learningRate: LEARNING_RATE },
      batchSize: 2,
    });
    const expected = referenceStep();
    const result = await trainer.trainEpoch({
      images: Float32Array.from(X.flat()),
      labels: LABELS,
      count: 2,
    });
    // The update is -lr * grad, so the gradient norm is |new - old| / lr.
    const norm = (names: [string, number[]][]) =>
      Math.sqrt(
        names.reduce(
          (sum, [name, old]) =>
            sum +
            (expected[name as keyof typeof expected] as number[]).reduce(
              (s, v, i) => s + ((v - old[i]!) / LEARNING_RATE) ** 2,
              0,
            ),
          0,
        ),
      );
    expect(result.gradientNorms.dense0).toBeCloseTo(
      norm([
        ['dense0.weight', W1.flat()],
        ['dense0.bias', B1],
      ]),
      5,
    );
    expect(result.gradientNorms.dense1).toBeCloseTo(
      norm([
        ['dense1.weight', W2.flat()],
        ['dense1.bias', B2],
      ]),
      5,
    );
  });
});
