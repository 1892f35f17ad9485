import { constants } from 'node:os';
import type { Backend, Program } from '@rectifier/core';

/** The signals a run stops on: Ctrl-C, and `kill` or `timeout` without -s. */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** A signal a run stops on. */
export type StopSignal = (typeof SIGNALS)[number];

/** Thrown at the first checkpoint after SIGINT or SIGTERM arrived. */
export class InterruptedError extends Error {
  constructor(readonly signal: StopSignal) {
    super(`Interrupted by ${signal}.`);
    this.name = 'InterruptedError';
  }

  /** The shell's code for a process ended by the signal: 130 for SIGINT, 143 for SIGTERM. */
  get exitCode(): number {
    return 128 + constants.signals[this.signal];
  }
}

/**
 * Turns SIGINT and SIGTERM into an InterruptedError at the next checkpoint, so that a run can
 * stop its progress bar and say what it did not write. Training runs batch after batch in
 * promises that settle at once, which would starve the signal handler; each checkpoint gives
 * the event loop a turn first. A second signal gets the default action: the process ends.
 *
 * Node handles a signal only when the event loop is free, so one that arrives during a
 * synchronous kernel waits for it to return, and so does a second one sent meanwhile.
 * `onSignal` is told as soon as the first is handled, which may be well before the next
 * checkpoint when a backend computes off the main thread.
 */
export class Interruption {
  private received: StopSignal | undefined;
  private readonly onSignal = (signal: StopSignal): void => {
    this.received = signal;
    this.stop();
    this.onFirstSignal?.(signal);
  };

  constructor(private readonly onFirstSignal?: (signal: StopSignal) => void) {}

  /** Starts listening. */
  start(): this {
    for (const signal of SIGNALS) process.on(signal, this.onSignal);
    return this;
  }

  /** Stops listening; the signals get their default action again. */
  stop(): void {
    for (const signal of SIGNALS) process.removeListener(signal, this.onSignal);
  }

  /** Throws InterruptedError if a signal has arrived. */
  throwIfInterrupted(): void {
    if (this.received !== undefined) throw new InterruptedError(this.received);
  }

  /** Lets pending signal handlers run, then throws InterruptedError if a signal arrived. */
  async checkpoint(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.throwIfInterrupted();
  }
}

/**
 * `backend` as it is, except that every program it compiles passes a checkpoint before each
 * run: the Trainer then stops within a batch of a signal. Tensors and programs stay the real
 * backend's.
 */
export function withCheckpoints(backend: Backend, checkpoint: () => Promise<void>): Backend {
  const checked = (program: Program): Program => ({
    get graph() {
      return program.graph;
    },
    async run(feeds) {
      await checkpoint();
      return program.run(feeds);
    },
    readParameter: (name) => program.readParameter(name),
    writeParameter: (name, values) => program.writeParameter(name, values),
    dispose: () => program.dispose(),
  });
  return {
    get name() {
      return backend.name;
    },
    get precision() {
      return backend.precision;
    },
    supports: (op) => backend.supports(op),
    tensor: (values, shape, dtype) => backend.tensor(values, shape, dtype),
    asTensor: (values, shape) => backend.asTensor(values, shape),
    download: (tensor) => backend.download(tensor),
    release: (tensor) => backend.release(tensor),
    compile: async (graph) => checked(await backend.compile(graph)),
    dispose: () => backend.dispose(),
  };
}
