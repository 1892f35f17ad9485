import type { Tolerance } from './tolerances.js';

/** Why a case failed: the first expected tensor that a backend's result does not match. */
export interface Mismatch {
  /** Which tensor, in words: `output y`, `gradient of x`, `test_data_set_0 output y`. */
  readonly tensor: string;
  readonly problem: 'value' | 'shape' | 'dtype' | 'missing';
  /** For a value: the row-major index of the first element that differs, and both values. */
  readonly index?: number;
  readonly actual?: number;
  readonly expected?: number;
  readonly tolerance: Tolerance;
  /** One line a reader can act on. */
  readonly message: string;
}

/** An error raised while a case was imported, compiled or run. */
export interface CaseError {
  /** The RectifierError code (UNSUPPORTED_OP, INVALID_MODEL, ...), absent for other errors. */
  readonly code?: string;
  readonly name: string;
  readonly message: string;
}

/** What happened to one case. */
export type CaseResult =
  | { readonly name: string; readonly status: 'passed'; readonly values: number }
  | { readonly name: string; readonly status: 'failed'; readonly mismatch: Mismatch }
  | { readonly name: string; readonly status: 'excluded'; readonly reason: string }
  | { readonly name: string; readonly status: 'errored'; readonly error: CaseError };

/** How many cases ended each way. */
export interface ConformanceCounts {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly excluded: number;
  readonly errored: number;
}

/** The outcome of running the suite on one backend. */
export interface ConformanceReport {
  readonly backend: string;
  readonly precision: 'float32' | 'float16';
  /** Every case the filter kept, in name order; none is left out. */
  readonly results: readonly CaseResult[];
  readonly counts: ConformanceCounts;
  /** Exclusions that name no case of the suite, so they can be removed. */
  readonly unknownExclusions: readonly string[];
}

/**
 * A backend's known gaps: case name -> one line of why it cannot pass yet. Each backend keeps
 * its own list in its test folder.
 *
 * @example
 * const cpuExclusions: Exclusions = {
 *   'onnx-node/test_simple_rnn_batchwise': 'RNN layout = 1 is not implemented yet.',
 * };
 */
export type Exclusions = Readonly<Record<string, string>>;

/** Counts the results of each status. */
export function countResults(results: readonly CaseResult[]): ConformanceCounts {
  const count = (status: CaseResult['status']) =>
    results.filter((result) => result.status === status).length;
  return {
    total: results.length,
    passed: count('passed'),
    failed: count('failed'),
    excluded: count('excluded'),
    errored: count('errored'),
  };
}

/** One line per case that did not pass, for a test's failure message or a CLI. */
export function describeProblems(report: ConformanceReport): string[] {
  return report.results.flatMap((result) => {
    if (result.status === 'failed') return [`${result.name}: ${result.mismatch.message}`];
    if (result.status === 'errored') {
      return [`${result.name}: ${result.error.code ?? result.error.name}: ${result.error.message}`];
    }
    return [];
  });
}
