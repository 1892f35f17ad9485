import type { Backend, Graph, Program, Tensor } from '@rectifier/core';
import { CLASSES } from './cases.js';
import { seeded } from './values.js';

/**
 * One tensor for each input a graph declares, for step `step` of a batch of `rows` samples:
 * `labels` are class indices, `targets` the same classes one-hot, any other input seeded
 * values in [-2, 2). A dimension that is not a number is the batch.
 */
export function stepFeeds(
  backend: Backend,
  graph: Graph,
  rows: number,
  step: number,
): Record<string, Tensor> {
  const labels = Array.from({ length: rows }, (_, row) => (row + step) % CLASSES);
  const feeds: Record<string, Tensor> = {};
  for (const input of graph.inputs) {
    const shape = input.shape.map((dim) => (typeof dim === 'number' ? dim : rows));
    const size = shape.reduce((total, dim) => total * dim, 1);
    if (input.name === 'labels') {
      feeds.labels = backend.tensor(labels, shape, 'int64');
    } else if (input.name === 'targets') {
      const targets = new Float32Array(size);
      const classes = shape.at(-1) ?? 1;
      labels.forEach((label, row) => (targets[row * classes + (label % classes)] = 1));
      feeds.targets = backend.tensor(targets, shape);
    } else {
      feeds[input.name] = backend.tensor(seeded(size, 10 + step, 2), shape);
    }
  }
  return feeds;
}

/**
 * Runs one training step for each batch size in turn and returns each step's loss, freeing
 * every feed and output as it goes.
 */
export async function runTrainingSteps(
  program: Program,
  backend: Backend,
  batches: readonly number[],
): Promise<number[]> {
  const losses: number[] = [];
  for (const [step, rows] of batches.entries()) {
    const feeds = stepFeeds(backend, program.graph, rows, step);
    const outputs = await program.run(feeds);
    losses.push(Number((await outputs.loss!.data())[0]));
    for (const tensor of [...Object.values(feeds), ...Object.values(outputs)]) tensor.dispose();
  }
  return losses;
}
