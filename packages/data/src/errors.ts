/**
 * The one error this package throws on purpose. It mirrors the shape of Rectifier's errors
 * (a stable `code`, a message saying what is wrong and what to do) without importing
 * `@rectifier/core`, so this package can be used and built on its own.
 */
export class DataError extends Error {
  /** The stable code callers can branch on; the same one `@rectifier/core` uses for data. */
  readonly code = 'INVALID_DATA';

  /** The file or package the problem was found in, when there is one. */
  readonly file?: string;

  constructor(message: string, options: { file?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DataError';
    if (options.file !== undefined) this.file = options.file;
  }
}
