import { createBackend as createCpuBackend } from '@rectifier/backend-cpu';
import type { Backend, Graph, Program, Tensor } from '@rectifier/core';
import { mlp, trainingGraph, type LossName, type OptimizerOptions } from '@rectifier/nn';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackend, OnnxProgram } from '../src/index.js';
import { closeTo, seeded } from './helpers/close.js';

const onnx = createBackend();
const cpu = createCpuBackend();
afterAll(async () => {
  await Promise.all([onnx.dispose(), cpu.dispose()]);
});

const FEATURES = 12;
const CLASSES = 4;

function stepGraph(
  activation: string,
  loss: LossName,
  optimizer: OptimizerOptions,
  gradientNorms = true,
): Graph {
  const network = mlp({
    inputSize: FEATURES,
    hidden: [8, 6],
    outputs: CLASSES,
    activation,
    seed: 3,
  });
  return trainingGraph(network, loss, optimizer, { gradientNorms });
}

/** Feeds for a batch of `rows` samples, for either loss. */
function feeds(backend: Backend, rows: number, step: number): Record<string, Tensor> {
  const labels = Array.from({ length: rows }, (_, row) => (row + step) % CLASSES);
  const targets = new Float32Array(rows * CLASSES);
  labels.forEach((label, row) => (targets[row * CLASSES + label] = 1));
  return {
    x: backend.tensor(seeded(rows * FEATURES, 10 + step, 2), [rows, FEATURES]),
    labels: backend.tensor(labels, [rows], 'int64'),
    targets: backend.tensor(targets, [rows, CLASSES]),
  };
}

async function runSteps(program: Program, backend: Backend, sizes: readonly number[]) {
  const losses: number[] = [];
  for (const [step, rows] of sizes.entries()) {
    const all = feeds(backend, rows, step);
    const given = Object.fromEntries(
      program.graph.inputs.map((input) => [input.name, all[input.name]!]),
    );
    const outputs = await program.run(given);
    losses.push(((await outputs.loss!.data()) as Float32Array)[0]!);
  }
  return losses;
}

describe('a whole training step is one session.run and agrees with the CPU backend', () => {
  const cases: [string, string, LossName, OptimizerOptions, boolean?][] = [
    [
      'relu, cross-entropy, SGD with momentum',
      'relu',
      'softmax-cross-entropy',
      {
        name: 'sgd',
        learningRate: 0.1,
        momentum: 0.9,
        nesterov: true,
        weightDecay: 1e-3,
      },
    ],
    ['gelu, MSE, Adam', 'gelu', 'mse', { name: 'adam', learningRate: 0.01, weightDecay: 1e-3 }],
    ['elu, cross-entropy, plain SGD', 'elu', 'softmax-cross-entropy', { name: 'sgd' }],
    // Without the norms, each weight's update is folded into the Gemm of its gradient.
    [
      'relu, cross-entropy, plain SGD, no gradient norms',
      'relu',
      'softmax-cross-entropy',
      { name: 'sgd', learningRate: 0.2 },
      false,
    ],
  ];

  it.each(cases)('%s', async (_, activation, loss, optimizer, gradientNorms) => {
    const graph = stepGraph(activation, loss, optimizer, gradientNorms);
    const [onOnnx, onCpu] = await Promise.all([onnx.compile(graph), cpu.compile(graph)]);
    // Batch sizes change between steps: one session serves them all.
    const sizes = [16, 16, 5, 16, 1];
    const [onnxLosses, cpuLosses] = [
      await runSteps(onOnnx, onnx, sizes),
      await runSteps(onCpu, cpu, sizes),
    ];
    expect(closeTo(Float32Array.from(onnxLosses), Float32Array.from(cpuLosses), 1e-4)).toEqual([]);

    for (const init of graph.initializers) {
      const [actual, expected] = [
        await onOnnx.readParameter(init.name),
        await onCpu.readParameter(init.name),
      ];
      expect(
        closeTo(actual as Float32Array, expected as Float32Array, 1e-4, 1e-5),
        init.name,
      ).toEqual([]);
    }
    expect(onOnnx).toBeInstanceOf(OnnxProgram);
    expect((onOnnx as OnnxProgram).session.outputNames.length).toBe(
      graph.outputs.length + graph.updates.length,
    );
    onOnnx.dispose();
    onCpu.dispose();
  });
});
