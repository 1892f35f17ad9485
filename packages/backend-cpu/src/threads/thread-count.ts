import { ArgumentError } from '@rectifier/core';
import { workerThreads } from './pool.js';

/** The environment variable that sets the CPU backend's thread count. */
export const THREADS_VARIABLE = 'RECTIFIER_CPU_THREADS';

/** The most threads the backend takes unless told otherwise. */
export const DEFAULT_MAX_THREADS = 4;

function checkCount(value: number, source: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ArgumentError(`${source} must be a whole number of threads >= 1; got ${value}.`);
  }
  return value;
}

/**
 * How many threads a CPU backend uses: `requested` when given, else RECTIFIER_CPU_THREADS,
 * else the machine's available parallelism up to DEFAULT_MAX_THREADS. Where there are no
 * worker threads (browsers), always 1.
 */
export function resolveThreads(requested?: number): number {
  if (requested !== undefined) checkCount(requested, 'threads');
  const threads = workerThreads();
  if (!threads) return 1;

  if (requested !== undefined) return requested;
  const variable = globalThis.process?.env?.[THREADS_VARIABLE];
  if (variable !== undefined && variable.trim() !== '') {
    return checkCount(Number(variable), THREADS_VARIABLE);
  }
  const os = globalThis.process?.getBuiltinModule?.('node:os') as typeof import('node:os');
  return Math.min(DEFAULT_MAX_THREADS, os?.availableParallelism?.() ?? 1);
}
