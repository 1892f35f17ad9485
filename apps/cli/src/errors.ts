import { CommanderError } from 'commander';
import { RectifierError } from '@rectifier/core';
import { DataError } from '@rectifier/data';

/**
 * Exit codes: 0 done, 1 the run failed, 2 the command line was wrong, 141 stdout was closed
 * before all of it was written (128 + SIGPIPE, the code of a process that SIGPIPE ended).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, brokenPipe: 141 } as const;

/** The prefix of every error line, so that a user can tell our messages from others. */
export const ERROR_PREFIX = 'rectifier: error: ';

/**
 * A command line that cannot work: a bad option value, or options that contradict each other.
 * It is reported in one line and exits with code 2, before any work starts.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A run that failed for a reason the CLI found itself, such as a file it cannot write. */
export class RunError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RunError';
  }
}

/** Whether stack traces are wanted, for reports of bugs. */
function debugging(): boolean {
  const flag = process.env.RECTIFIER_DEBUG;
  return flag !== undefined && flag !== '' && flag !== '0';
}

/**
 * Reports an error that ended a command on stderr and returns the exit code. Errors
 * Rectifier throws on purpose are one line; anything else is a bug and says so.
 */
export function reportError(
  error: unknown,
  stderr: NodeJS.WritableStream = process.stderr,
): number {
  const stack = debugging() && error instanceof Error && error.stack ? `${error.stack}\n` : '';

  // Commander has already printed its message through the program's output configuration.
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof UsageError) {
    stderr.write(`${ERROR_PREFIX}${error.message}\n${stack}`);
    return EXIT.usage;
  }
  if (error instanceof RectifierError || error instanceof DataError || error instanceof RunError) {
    stderr.write(`${ERROR_PREFIX}${error.message}\n${stack}`);
    return EXIT.failure;
  }

  const message = error instanceof Error ? error.message : String(error);
  stderr.write(
    `${ERROR_PREFIX}${message}\n` +
      (stack ||
        'This is a bug in Rectifier. Run again with RECTIFIER_DEBUG=1 to see the stack ' +
          'trace, and report it with the command you ran.\n'),
  );
  return EXIT.failure;
}
