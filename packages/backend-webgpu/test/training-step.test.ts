import { createBackend as createCpuBackend } from '@rectifier/backend-cpu';
import type { Backend, Graph, Program, Tensor } from '@rectifier/core';
import { mlp, trainingGraph, type LossName, type OptimizerOptions } from '@rectifier/nn';
import { afterAll, describe, expect, it } from 'vitest';
import type { WebGpuBackend } from '../src/index.js';
import { closeTo, seeded } from './helpers/close.js';
import { gpuOrReason, skippedName } from './helpers/gpu.js';

const { backend: gpu, reason } = await gpuOrReason();
const cpu = createCpuBackend();
afterAll(async () => {
  await Promise.all([gpu?.dispose(), cpu.dispose()]);
});

const FEATURES = 12;
const CLASSES = 4;

function stepGraph(activation: string, loss: LossName, optimizer: OptimizerOptions): Graph {
  const network = mlp({
    inputSize: FEATURES,
    hidden: [8, 6],
    outputs: CLASSES,
    activation,
    seed: 3,
  });
  return trainingGraph(network, loss, optimizer);
}

function feeds(backend: Backend, program: Program, rows: number, step: number) {
  const labels = Array.from({ length: rows }, (_, row) => (row + step) % CLASSES);
  const targets = new Float32Array(rows * CLASSES);
  labels.forEach((label, row) => (targets[row * CLASSES + label] = 1));
  const all: Record<string, () => Tensor> = {
    x: () => backend.tensor(seeded(rows * FEATURES, 10 + step, 2), [rows, FEATURES]),
    labels: () => backend.tensor(labels, [rows], 'int64'),
    targets: () => backend.tensor(targets, [rows, CLASSES]),
  };
  return Object.fromEntries(program.graph.inputs.map((input) => [input.name, all[input.name]!()]));
}

/** Runs steps, reading back only the loss, and frees every feed and output. */
async function runSteps(program: Program, backend: Backend, sizes: readonly number[]) {
  const losses: number[] = [];
  for (const [step, rows] of sizes.entries()) {
    const given = feeds(backend, program, rows, step);
    const outputs = await program.run(given);
    losses.push(((await outputs.loss!.data()) as Float32Array)[0]!);
    for (const tensor of [...Object.values(given), ...Object.values(outputs)]) tensor.dispose();
  }
  return losses;
}

describe('a training step on the WebGPU backend agrees with the CPU backend', () => {
  if (!gpu) {
    it(skippedName(reason ?? ''), () => {
      console.warn(`webgpu training tests skipped: ${reason ?? ''}`);
    });
    return;
  }

  const cases: [string, string, LossName, OptimizerOptions][] = [
    [
      'relu, cross-entropy, SGD with momentum',
      'relu',
      'softmax-cross-entropy',
      { name: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3 },
    ],
    ['gelu, MSE, Adam', 'gelu', 'mse', { name: 'adam', learningRate: 0.01, weightDecay: 1e-3 }],
    ['elu, cross-entropy, plain SGD', 'elu', 'softmax-cross-entropy', { name: 'sgd' }],
  ];

  it.each(cases)('%s', async (_, activation, loss, optimizer) => {
    const graph = stepGraph(activation, loss, optimizer);
    const [onGpu, onCpu] = await Promise.all([gpu.compile(graph), cpu.compile(graph)]);
    const sizes = [16, 16, 5, 16, 1];
    const gpuLosses = await runSteps(onGpu, gpu, sizes);
    const cpuLosses = await runSteps(onCpu, cpu, sizes);
    expect(closeTo(Float32Array.from(gpuLosses), Float32Array.from(cpuLosses), 1e-4, 1e-5)).toEqual(
      [],
    );
    for (const init of graph.initializers) {
      const [actual, expected] = [
        await onGpu.readParameter(init.name),
        await onCpu.readParameter(init.name),
      ];
      expect(
        closeTo(actual as Float32Array, expected as Float32Array, 1e-4, 1e-5),
        init.name,
      ).toEqual([]);
    }
    onGpu.dispose();
    onCpu.dispose();
  });

  it('keeps GPU memory flat over many training steps', async () => {
    const { tf } = gpu as WebGpuBackend;
    const graph = stepGraph('relu', 'softmax-cross-entropy', { name: 'adam', learningRate: 0.01 });
    const program = await gpu.compile(graph);
    await runSteps(program, gpu, [8, 8]);
    const before = tf.memory();
    await runSteps(
      program,
      gpu,
      Array.from({ length: 40 }, () => 8),
    );
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    program.dispose();
  });
});
