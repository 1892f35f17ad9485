import { execFile } from 'node:child_process';
import { setTimeout } from 'node:timers/promises';
import { promisify } from 'node:util';

/**
 * Tracks the resident set size of this process. The samples are taken by the caller (after
 * every batch), because a training loop that never yields to the event loop starves a timer.
 */
export class RssSampler {
  peak = 0;

  /** Records the current resident set size and returns it, in bytes. */
  sample(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
    return rss;
  }
}

/** The kernel's high-water mark of this process's resident set, in bytes: what `time -v` reports. */
export function maxRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * Collects garbage when node runs with --expose-gc, and says whether it could. Parsing the
 * digits' JSON leaves tens of MiB of garbage that would otherwise hide a contender's growth.
 */
export async function collectGarbage(): Promise<boolean> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  // V8 frees the backing stores of dead ArrayBuffers only after the collection's task ends.
  await setTimeout(100);
  gc();
  return true;
}

/** A process's resident set: after loading the data, and at its peak. */
export interface ProcessMemory {
  /** After the digits are loaded, before any contender: what every run pays alike. */
  readonly baselineRssBytes: number;
  /** Whether garbage was collected before the baseline was taken (node --expose-gc). */
  readonly baselineAfterGc: boolean;
  /** The largest resident set sampled after any batch. */
  readonly peakRssBytes: number;
  /** The kernel's high-water mark of the resident set. */
  readonly maxRssBytes: number;
}

/**
 * Runs this script again with `args` (which must include --json) in a process of its own and
 * returns the memory that process reports, so each contender's peak is its own.
 */
export async function memoryOfRun(args: readonly string[]): Promise<ProcessMemory> {
  const script = process.argv[1] as string;
  const command = ['--expose-gc', script, ...args];
  const { stdout } = await promisify(execFile)(process.execPath, command, {
    maxBuffer: 16 * 2 ** 20,
  });
  return (JSON.parse(stdout) as { memory: ProcessMemory }).memory;
}
