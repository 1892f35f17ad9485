import { RectifierError } from '@rectifier/core';

/** Data that cannot be read: a missing, truncated or corrupt file, or a missing package. */
export class DataError extends RectifierError {
  /** The file or package the problem was found in, when there is one. */
  readonly file?: string;

  constructor(message: string, options: { file?: string; cause?: unknown } = {}) {
    super(
      'INVALID_DATA',
      message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    if (options.file !== undefined) this.file = options.file;
  }
}
