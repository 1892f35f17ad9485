import { ArgumentError } from '@rectifier/core';

/**
 * Throws an ArgumentError naming any key of `options` that is not in `known`, so that a
 * misspelt option (`lr` for `learningRate`) fails instead of being silently ignored.
 */
export function checkKnownKeys(what: string, options: object, known: readonly string[]): void {
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new ArgumentError(
      `${what} has no option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; ` +
        `its options are ${known.join(', ')}.`,
    );
  }
}

/** Throws an ArgumentError unless `value` is a whole number of at least `min`. */
export function checkCount(what: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ArgumentError(
      `${what} must be a whole number of at least ${min}, got ${String(value)}.`,
    );
  }
  return value;
}
