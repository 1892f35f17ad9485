import { mlp, trainingGraph, type OptimizerOptions } from '@rectifier/nn';
import { describe, expect, it } from 'vitest';
import { fuseUpdates } from '../src/update-fusion.js';

const network = () => mlp({ inputSize: 12, hidden: [8, 6], outputs: 4, seed: 3 });

function step(optimizer: OptimizerOptions, gradientNorms: boolean) {
  return trainingGraph(network(), 'softmax-cross-entropy', optimizer, { gradientNorms });
}

describe('fuseUpdates', () => {
  it('folds plain SGD of each weight into the Gemm of its gradient', () => {
    const graph = step({ name: 'sgd', learningRate: 0.25 }, false);
    const fused = fuseUpdates(graph);
    const weights = graph.initializers.filter((init) => init.name.endsWith('.weight'));
    const biases = graph.initializers.filter((init) => init.name.endsWith('.bias'));

    // Only the biases, whose gradients are ReduceSums, keep an SGDUpdate.
    const updates = fused.nodes.filter((node) => node.op === 'SGDUpdate');
    expect(updates.map((node) => node.inputs[0]).sort()).toEqual(biases.map((b) => b.name).sort());
    const folded = fused.nodes.filter((node) => node.op === 'Gemm' && node.inputs.length === 3);
    const byWeight = new Map(folded.map((node) => [node.inputs[2], node]));
    for (const weight of weights) {
      const gemm = byWeight.get(weight.name);
      expect(gemm, weight.name).toBeDefined();
      expect(gemm!.attributes).toMatchObject({ alpha: -0.25, beta: 1, transA: 1 });
      const update = graph.updates.find((candidate) => candidate.parameter === weight.name);
      expect(gemm!.outputs).toEqual([update!.value]);
    }
    // Every value a node reads is still computed, fed or stored.
    const known = new Set([
      ...fused.inputs.map((input) => input.name),
      ...fused.initializers.map((init) => init.name),
      ...fused.nodes.flatMap((node) => node.outputs),
    ]);
    expect(fused.nodes.flatMap((node) => node.inputs).filter((name) => !known.has(name))).toEqual(
      [],
    );
    expect(fused.nodes.length).toBe(graph.nodes.length - weights.length);
  });

  it('leaves a step alone when the gradient has another reader or SGD carries more', () => {
    const withNorms = step({ name: 'sgd', learningRate: 0.25 }, true);
    expect(fuseUpdates(withNorms)).toBe(withNorms);
    const withMomentum = step({ name: 'sgd', learningRate: 0.25, momentum: 0.9 }, false);
    expect(fuseUpdates(withMomentum)).toBe(withMomentum);
    const withDecay = step({ name: 'sgd', learningRate: 0.25, weightDecay: 1e-3 }, false);
    expect(fuseUpdates(withDecay)).toBe(withDecay);
    const adam = step({ name: 'adam' }, false);
    expect(fuseUpdates(adam)).toBe(adam);
  });
});
