import {
  ArgumentError,
  RectifierError,
  formatShape,
  type Backend,
  type Tensor,
} from '@rectifier/core';
import { isOnnxCase, isUnreadableCase, type Case } from './case.js';
import { firstDifference } from './compare.js';
import { jsonTrial } from './json-trial.js';
import { loadCases } from './load-cases.js';
import { onnxTrials } from './onnx-trial.js';
import {
  countResults,
  type CaseError,
  type CaseResult,
  type ConformanceReport,
  type Exclusions,
  type Mismatch,
} from './report.js';
import type { Check, Trial } from './trial.js';

/** Options of `runConformance`. */
export interface ConformanceOptions {
  /** A folder of cases, or the cases themselves; the bundled suite when absent. */
  readonly cases?: string | readonly Case[];
  /** The backend's known gaps: case name -> why. Excluded cases are reported, not run. */
  readonly exclusions?: Exclusions;
  /** Runs only the cases whose name matches; a string is read as a regular expression. */
  readonly filter?: RegExp | string;
}

function describeError(error: unknown): CaseError {
  if (error instanceof RectifierError) {
    return { code: error.code, name: error.name, message: error.message };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** Compares one output with what a check expects; undefined when it matches. */
async function compare(check: Check, tensor: Tensor | undefined): Promise<Mismatch | undefined> {
  const { tolerance } = check;
  if (!tensor) {
    return {
      tensor: check.tensor,
      problem: 'missing',
      tolerance,
      message: `${check.tensor}: no such output.`,
    };
  }
  if (formatShape(tensor.shape) !== formatShape(check.shape)) {
    const shapes = `${formatShape(tensor.shape)}, expected ${formatShape(check.shape)}`;
    const message = `${check.tensor} has shape ${shapes}.`;
    return { tensor: check.tensor, problem: 'shape', tolerance, message };
  }
  if (tensor.dtype !== check.dtype) {
    const message = `${check.tensor} is ${tensor.dtype}, expected ${check.dtype}.`;
    return { tensor: check.tensor, problem: 'dtype', tolerance, message };
  }
  const difference = firstDifference(await tensor.data(), check.values, tolerance);
  if (!difference) return undefined;
  const { index, actual, expected } = difference;
  const message =
    `${check.tensor}[${index}] is ${actual}, expected ${expected} ` +
    `(rtol ${tolerance.rtol}, atol ${tolerance.atol}).`;
  return { tensor: check.tensor, problem: 'value', index, actual, expected, tolerance, message };
}

/** Runs one trial; the first mismatch, or how many values matched. */
async function runTrial(backend: Backend, trial: Trial): Promise<Mismatch | number> {
  const program = await backend.compile(trial.graph);
  try {
    const feeds = Object.fromEntries(
      trial.feeds.map((feed) => [feed.name, backend.tensor(feed.values, feed.shape, feed.dtype)]),
    );
    const outputs = await program.run(feeds);
    let values = 0;
    for (const check of trial.checks) {
      const mismatch = await compare(check, outputs[check.output]);
      if (mismatch) return mismatch;
      values += check.values.length;
    }
    return values;
  } finally {
    program.dispose();
  }
}

async function runCase(backend: Backend, testCase: Case): Promise<CaseResult> {
  const { name } = testCase;
  try {
    if (isUnreadableCase(testCase)) throw testCase.error;
    const trials = isOnnxCase(testCase)
      ? onnxTrials(testCase, backend.precision)
      : [jsonTrial(testCase, backend.precision)];
    let values = 0;
    for (const trial of trials) {
      const outcome = await runTrial(backend, trial);
      if (typeof outcome !== 'number') return { name, status: 'failed', mismatch: outcome };
      values += outcome;
    }
    return { name, status: 'passed', values };
  } catch (error) {
    return { name, status: 'errored', error: describeError(error) };
  }
}

/**
 * Runs every case of the suite on a backend and reports each as passed, failed (with the
 * first element that differs), excluded (with the backend's reason) or errored (with the
 * error raised while importing, compiling or running it). No case is skipped silently: a case
 * the backend cannot run is an error until its exclusion list says why.
 *
 * @example
 * const report = await runConformance(createBackend(), { exclusions: conformanceExclusions });
 * report.counts; // { total: 412, passed: 412, failed: 0, excluded: 0, errored: 0 }
 */
export async function runConformance(
  backend: Backend,
  options: ConformanceOptions = {},
): Promise<ConformanceReport> {
  const all =
    typeof options.cases === 'string' || !options.cases
      ? loadCases(options.cases)
      : [...options.cases];
  const exclusions = options.exclusions ?? {};
  for (const [name, reason] of Object.entries(exclusions)) {
    if (typeof reason !== 'string' || reason.trim() === '' || reason.includes('\n')) {
      throw new ArgumentError(
        `runConformance: the exclusion of '${name}' needs one line saying why it is excluded.`,
      );
    }
  }
  const filter = typeof options.filter === 'string' ? new RegExp(options.filter) : options.filter;
  const chosen = all.filter((testCase) => !filter || filter.test(testCase.name));

  const results: CaseResult[] = [];
  for (const testCase of chosen) {
    const reason = exclusions[testCase.name];
    if (reason !== undefined) results.push({ name: testCase.name, status: 'excluded', reason });
    else results.push(await runCase(backend, testCase));
  }

  const names = new Set(all.map((testCase) => testCase.name));
  return {
    backend: backend.name,
    precision: backend.precision,
    results,
    counts: countResults(results),
    unknownExclusions: Object.keys(exclusions).filter((name) => !names.has(name)),
  };
}
