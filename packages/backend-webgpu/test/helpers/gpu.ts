import type { Backend } from '@rectifier/core';
import { createBackend } from '../../src/index.js';

/**
 * The backend, or why there is none. In CI (CI=true) a missing adapter is an error, so the
 * tests fail rather than pass without running; elsewhere the tests say they were skipped.
 */
export async function gpuOrReason(): Promise<{ backend?: Backend; reason?: string }> {
  try {
    return { backend: await createBackend() };
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    return { reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The name of the test that stands in for a file's tests when there is no adapter. */
export function skippedName(reason: string): string {
  return `SKIPPED, no WebGPU adapter: ${reason}`;
}
