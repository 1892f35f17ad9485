import { createBackend as createCpuBackend } from '@rectifier/backend-cpu';
import {
  checkTrainingSteps,
  runTrainingSteps,
  TRAINING_STEP_CASES,
  trainingStepGraph,
  type TrainingStepTolerances,
} from '@rectifier/training-steps';
import { afterAll, describe, expect, it } from 'vitest';
import type { WebGpuBackend } from '../src/index.js';
import { gpuOrReason, skippedName } from './helpers/gpu.js';

const { backend: gpu, reason } = await gpuOrReason();
const cpu = createCpuBackend();
afterAll(async () => {
  await Promise.all([gpu?.dispose(), cpu.dispose()]);
});

const TOLERANCE: TrainingStepTolerances = {
  loss: { rtol: 1e-4, atol: 1e-5 },
  parameters: { rtol: 1e-4, atol: 1e-5 },
};

describe('a training step on the WebGPU backend agrees with the CPU backend', () => {
  if (!gpu) {
    it(skippedName(reason ?? ''), () => {
      console.warn(`webgpu training tests skipped: ${reason ?? ''}`);
    });
    return;
  }

  it.each(TRAINING_STEP_CASES.map((testCase) => [testCase.name, testCase] as const))(
    '%s',
    async (_, testCase) => {
      const found = await checkTrainingSteps(gpu, cpu, { tolerance: TOLERANCE, cases: [testCase] });
      expect(found).toEqual([]);
    },
  );

  it('keeps GPU memory flat over many training steps', async () => {
    const { tf } = gpu as WebGpuBackend;
    const program = await gpu.compile(
      trainingStepGraph({
        activation: 'relu',
        loss: 'softmax-cross-entropy',
        optimizer: { name: 'adam', learningRate: 0.01 },
      }),
    );
    await runTrainingSteps(program, gpu, [8, 8]);
    const before = tf.memory();
    await runTrainingSteps(
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
