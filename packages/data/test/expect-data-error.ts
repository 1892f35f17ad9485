import { expect } from 'vitest';
import { DataError } from '../src/index.js';

/** Asserts that `body` throws a DataError whose message names `file` and matches `pattern`. */
export function expectDataError(body: () => unknown, file: string, pattern: RegExp): DataError {
  let thrown: unknown;
  try {
    body();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DataError);
  const error = thrown as DataError;
  expect(error.name).toBe('DataError');
  expect(error.code).toBe('INVALID_DATA');
  expect(error.file).toBe(file);
  expect(error.message).toContain(file);
  expect(error.message).toMatch(pattern);
  return error;
}
