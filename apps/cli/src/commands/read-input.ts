import { readFileSync } from 'node:fs';
import { RunError } from '../errors.js';

/**
 * The bytes of a file a command reads, such as a saved network or an ONNX model. A file that
 * cannot be read is a RunError that names it and `what` it should be.
 */
export function readInputFile(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RunError(`Cannot read ${what} ${file}: ${reason}. Check the path.`, {
      cause: error,
    });
  }
}
