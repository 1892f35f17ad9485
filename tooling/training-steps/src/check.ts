import { matches, type Tolerance } from '@rectifier/conformance';
import type { Backend, Graph, Program } from '@rectifier/core';
import { TRAINING_STEP_CASES, trainingStepGraph, type TrainingStepCase } from './cases.js';
import { runTrainingSteps } from './steps.js';

/** Batch sizes that change between steps, so that one program must serve them all. */
export const TRAINING_STEP_BATCHES: readonly number[] = [16, 16, 5, 16, 1];

/** How far a backend may be from the reference, on the losses and on every initialiser. */
export interface TrainingStepTolerances {
  readonly loss: Tolerance;
  readonly parameters: Tolerance;
}

/** What to check, and how closely. */
export interface TrainingStepOptions {
  readonly tolerance: TrainingStepTolerances;
  /** The cases to run; TRAINING_STEP_CASES unless given. */
  readonly cases?: readonly TrainingStepCase[];
  /** The batch size of each step; TRAINING_STEP_BATCHES unless given. */
  readonly batches?: readonly number[];
  /**
   * Called with each case's program on the backend after its steps, before it is freed: the
   * place for checks only that backend can make. It may throw.
   */
  readonly inspect?: (program: Program, graph: Graph) => void | Promise<void>;
}

/** At most this many differing elements are listed per value; the rest are counted. */
const LISTED = 5;

/**
 * The elements where `actual` is not within tolerance of `expected`, as lines to read; integers
 * must be equal. `element` names one element of the value called `name`.
 */
function differences(
  name: string,
  actual: ArrayLike<number | bigint>,
  expected: ArrayLike<number | bigint>,
  tolerance: Tolerance,
  element = (index: number) => `${name}[${index}]`,
): string[] {
  if (actual.length !== expected.length) {
    return [`${name}: ${actual.length} values, expected ${expected.length}`];
  }
  const lines: string[] = [];
  let count = 0;
  for (let index = 0; index < expected.length; index++) {
    const [got, want] = [actual[index]!, expected[index]!];
    const same =
      typeof got === 'bigint' || typeof want === 'bigint'
        ? got === want
        : matches(got, want, tolerance);
    if (same) continue;
    count += 1;
    if (count <= LISTED) lines.push(`${element(index)}: ${got}, expected ${want}`);
  }
  const unlisted = count - LISTED;
  if (unlisted > 0) {
    lines.push(
      `${name}: ${unlisted} more ${unlisted === 1 ? 'element differs' : 'elements differ'}`,
    );
  }
  return lines;
}

/** Compiles one case on both backends, runs its steps, and compares losses and initialisers. */
async function checkCase(
  backend: Backend,
  reference: Backend,
  testCase: TrainingStepCase,
  options: TrainingStepOptions,
): Promise<string[]> {
  const graph = trainingStepGraph(testCase);
  const batches = options.batches ?? TRAINING_STEP_BATCHES;
  const [program, expected] = await Promise.all([backend.compile(graph), reference.compile(graph)]);
  try {
    const losses = await runTrainingSteps(program, backend, batches);
    const wanted = await runTrainingSteps(expected, reference, batches);
    const step = (index: number) => `loss of step ${index} (${batches[index]} rows)`;
    const found = differences('loss', losses, wanted, options.tolerance.loss, step);

    for (const { name } of graph.initializers) {
      const actual = await program.readParameter(name);
      const want = await expected.readParameter(name);
      found.push(...differences(name, actual, want, options.tolerance.parameters));
    }

    await options.inspect?.(program, graph);
    return found.map((line) => `${testCase.name}: ${line}`);
  } finally {
    program.dispose();
    expected.dispose();
  }
}

/**
 * Runs each training-step case on `backend` and on `reference`, the same batches on both, and
 * returns where the losses or the initialisers after the last step differ beyond the given
 * tolerances: one line each, an empty list when they agree.
 *
 * @example
 * expect(await checkTrainingSteps(onnx, cpu, { tolerance })).toEqual([]);
 */
export async function checkTrainingSteps(
  backend: Backend,
  reference: Backend,
  options: TrainingStepOptions,
): Promise<string[]> {
  const found: string[] = [];
  for (const testCase of options.cases ?? TRAINING_STEP_CASES) {
    found.push(...(await checkCase(backend, reference, testCase, options)));
  }
  return found;
}
