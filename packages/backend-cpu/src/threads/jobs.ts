import type { MessagePort } from 'node:worker_threads';

// The control block that the main thread and the workers share: one job at a time, split into
// tasks that every thread claims until none are left. Both sides read it through the
// functions here, so the layout is written down once.

/** Word indices of the control block (an Int32Array over a SharedArrayBuffer). */
export const SEQUENCE = 0;
/** The next task to claim: the job's tag in the high bits, the task index in the low. */
export const CLAIM = 1;
/** The job's tag in the high bits and its task count in the low, written as one word. */
export const LIMIT = 2;
/** How many of the job's tasks are finished. */
export const DONE = 3;
/** Which task runner the job uses. */
export const KIND = 4;
/** Set when a task threw; the main thread then throws too. */
export const FAILED = 5;
/** Set when the pool is disposed; workers leave their loop. */
export const STOP = 6;
/** How many workers have started. */
export const ONLINE = 7;
/** How many tasks the workers have finished, over the pool's life. */
export const WORKER_TASKS = 8;
/** The first of the job's integer parameters; the rest of the block belongs to them. */
export const PARAMETERS = 16;
/** How many integer parameters a job can have. */
export const PARAMETER_COUNT = 32;
/** How many float parameters a job can have (a Float64Array of its own). */
export const FLOAT_PARAMETER_COUNT = 8;

// A job holds at most 4095 tasks; the tag of the job in the other 20 bits keeps a thread that
// slept through a job from claiming a task of the next one.
const TASK_BITS = 12;
const TASK_MASK = (1 << TASK_BITS) - 1;
const TAG_MASK = (1 << (32 - TASK_BITS)) - 1;

/** The most tasks one job may have. */
export const MAX_TASKS = TASK_MASK;

/** What a worker is started with. */
export interface WorkerData {
  /** The control block. */
  readonly control: SharedArrayBuffer;
  /** The job's float parameters. */
  readonly floats: SharedArrayBuffer;
  /** Where the pool sends shared buffers (with an id) and releases (an id alone). */
  readonly port: MessagePort;
}

/** A message on a worker's port: a buffer to know by its id, or an id to forget. */
export interface WorkerMessage {
  readonly id: number;
  readonly buffer?: SharedArrayBuffer;
}

/** What a task sees: the job's parameters, the shared buffers it names, per-thread scratch. */
export interface TaskContext {
  /** The job's integer parameters, from PARAMETERS on. */
  readonly ints: Int32Array;
  /** The job's float parameters. */
  readonly floats: Float64Array;
  /** A shared buffer registered with the pool, as float32 values from its start. */
  floatBuffer(id: number): Float32Array;
  /** A shared buffer registered with the pool, as int32 values from its start. */
  intBuffer(id: number): Int32Array;
  /** Scratch of at least `length` values that belongs to the calling thread. */
  scratch(length: number): Float32Array;
}

/** Runs one task of a job. Each task writes outputs no other task of the job writes. */
export type TaskRunner = (context: TaskContext, task: number) => void;

/** The tag that a job's sequence number gives its CLAIM and LIMIT words. */
export function tagOf(sequence: number): number {
  return sequence & TAG_MASK;
}

/** Opens a job: its task count and first claim, tagged with its sequence number. */
export function openJob(control: Int32Array, sequence: number, kind: number, tasks: number) {
  const tag = tagOf(sequence) << TASK_BITS;
  control[KIND] = kind;
  Atomics.store(control, DONE, 0);
  Atomics.store(control, FAILED, 0);
  Atomics.store(control, LIMIT, tag | tasks);
  Atomics.store(control, CLAIM, tag);
  Atomics.store(control, SEQUENCE, sequence);
}

/**
 * Claims the next task of the job tagged `tag`, or returns -1 when it has none left or a newer
 * job has replaced it. A claim is a compare-and-swap, so a thread never takes a task of a job
 * it did not check.
 */
export function claimTask(control: Int32Array, tag: number): number {
  for (;;) {
    const current = Atomics.load(control, CLAIM);
    if (current >>> TASK_BITS !== tag) return -1;
    const limit = Atomics.load(control, LIMIT);
    if (limit >>> TASK_BITS !== tag) return -1;
    const task = current & TASK_MASK;
    if (task >= (limit & TASK_MASK)) return -1;
    if (Atomics.compareExchange(control, CLAIM, current, current + 1) === current) return task;
  }
}

/**
 * Claims and runs the job's tasks until none are left. Each finished task is counted in DONE
 * (and in the word `tally` when it is not -1), and a task that throws sets FAILED rather than
 * stopping the count, so nobody waits forever. Returns the first error this thread met.
 */
export function workOn(
  control: Int32Array,
  tag: number,
  runner: TaskRunner,
  context: TaskContext,
  tally = -1,
): unknown {
  let failure: unknown;
  for (let task = claimTask(control, tag); task >= 0; task = claimTask(control, tag)) {
    try {
      runner(context, task);
    } catch (error) {
      failure ??= error;
      Atomics.store(control, FAILED, 1);
    }
    if (tally >= 0) Atomics.add(control, tally, 1);
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
  return failure;
}
