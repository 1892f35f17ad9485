import { createBackend } from '@rectifier/backend-cpu';
import type { Backend, Graph, Program } from '@rectifier/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkTrainingSteps,
  stepFeeds,
  TRAINING_STEP_CASES,
  trainingStepGraph,
  type TrainingStepTolerances,
} from '../src/index.js';

const cpu = createBackend();
afterAll(async () => {
  await cpu.dispose();
});

const EXACT: TrainingStepTolerances = {
  loss: { rtol: 0, atol: 0 },
  parameters: { rtol: 0, atol: 0 },
};

/** The CPU backend, with every loss and every initialiser it reads back off by `shift`. */
function shiftedBy(shift: number): Backend {
  const compile = async (graph: Graph): Promise<Program> => {
    const program = await cpu.compile(graph);
    return {
      graph: program.graph,
      run: async (feeds) => {
        const outputs = await program.run(feeds);
        const [loss] = (await outputs.loss!.data()) as Float32Array;
        outputs.loss!.dispose();
        return { ...outputs, loss: cpu.tensor([loss! + shift], []) };
      },
      readParameter: async (name) => {
        const values = await program.readParameter(name);
        return values instanceof Float32Array ? values.map((value) => value + shift) : values;
      },
      writeParameter: (name, values) => program.writeParameter(name, values),
      dispose: () => program.dispose(),
    };
  };
  return Object.create(cpu, { compile: { value: compile } }) as Backend;
}

describe('checkTrainingSteps', () => {
  it('finds nothing between a backend and itself', async () => {
    expect(await checkTrainingSteps(cpu, cpu, { tolerance: EXACT })).toEqual([]);
  });

  it('names the case, the step and the element of each difference', async () => {
    const [testCase] = TRAINING_STEP_CASES;
    const found = await checkTrainingSteps(shiftedBy(0.5), cpu, {
      tolerance: EXACT,
      cases: [testCase!],
      batches: [16, 3],
    });

    const prefix = `${testCase!.name}: `;
    expect(found.every((line) => line.startsWith(prefix))).toBe(true);
    expect(found.slice(0, 2).map((line) => line.slice(prefix.length))).toEqual([
      expect.stringMatching(/^loss of step 0 \(16 rows\): \S+, expected \S+$/),
      expect.stringMatching(/^loss of step 1 \(3 rows\): /),
    ]);
    // Five elements listed of each initialiser, the rest counted.
    expect(found).toContain(`${prefix}dense0.weight: ${12 * 8 - 5} more elements differ`);
    expect(found.filter((line) => line.includes('dense0.weight['))).toHaveLength(5);
  });

  it('lets a shift within the tolerance pass', async () => {
    const within = { rtol: 0, atol: 1e-3 };
    const found = await checkTrainingSteps(shiftedBy(1e-4), cpu, {
      tolerance: { loss: within, parameters: within },
      cases: TRAINING_STEP_CASES.slice(0, 1),
    });
    expect(found).toEqual([]);
  });

  it('hands each case its program on the backend checked', async () => {
    const seen: string[] = [];
    await checkTrainingSteps(cpu, cpu, {
      tolerance: EXACT,
      inspect: (program, graph) => {
        expect(program.graph).toBe(graph);
        seen.push(graph.outputs.map((output) => output.name).join(' '));
      },
    });
    expect(seen).toHaveLength(TRAINING_STEP_CASES.length);
  });
});

describe('stepFeeds', () => {
  it('gives labels for cross-entropy and one-hot targets for MSE, batch rows long', async () => {
    const [crossEntropy, mse] = TRAINING_STEP_CASES.slice(0, 2).map(trainingStepGraph);
    const labels = stepFeeds(cpu, crossEntropy!, 5, 1);
    expect(Object.keys(labels).sort()).toEqual(['labels', 'x']);
    expect(labels.x!.shape).toEqual([5, 12]);
    expect([...((await labels.labels!.data()) as BigInt64Array)]).toEqual([1n, 2n, 3n, 0n, 1n]);

    const targets = stepFeeds(cpu, mse!, 3, 0);
    expect(Object.keys(targets).sort()).toEqual(['targets', 'x']);
    expect([...((await targets.targets!.data()) as Float32Array)]).toEqual([
      1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0,
    ]);
  });
});
