import { createBackend as createCpuBackend } from '@rectifier/backend-cpu';
import {
  checkTrainingSteps,
  TRAINING_STEP_CASES,
  type TrainingStepCase,
  type TrainingStepTolerances,
} from '@rectifier/training-steps';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackend, OnnxProgram } from '../src/index.js';

const onnx = createBackend();
const cpu = createCpuBackend();
afterAll(async () => {
  await Promise.all([onnx.dispose(), cpu.dispose()]);
});

const TOLERANCE: TrainingStepTolerances = {
  loss: { rtol: 1e-4, atol: 1e-6 },
  parameters: { rtol: 1e-4, atol: 1e-5 },
};

const cases: readonly TrainingStepCase[] = [
  ...TRAINING_STEP_CASES,
  // Without the norms, each weight's update is folded into the Gemm of its gradient.
  {
    name: 'relu, cross-entropy, plain SGD, no gradient norms',
    activation: 'relu',
    loss: 'softmax-cross-entropy',
    optimizer: { name: 'sgd', learningRate: 0.2 },
    gradientNorms: false,
  },
];

describe('a whole training step is one session.run and agrees with the CPU backend', () => {
  it.each(cases.map((testCase) => [testCase.name, testCase] as const))(
    '%s',
    async (_, testCase) => {
      const found = await checkTrainingSteps(onnx, cpu, {
        tolerance: TOLERANCE,
        cases: [testCase],
        inspect: (program, graph) => {
          expect(program).toBeInstanceOf(OnnxProgram);
          expect((program as OnnxProgram).session.outputNames.length).toBe(
            graph.outputs.length + graph.updates.length,
          );
        },
      });
      expect(found).toEqual([]);
    },
  );
});
