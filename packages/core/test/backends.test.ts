import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  BackendNotInstalledError,
  loadBackend,
  RectifierError,
  registerBackendPackage,
} from '../src/index.js';

describe('loadBackend', () => {
  it('names the package and the install command of a backend that is not installed', async () => {
    registerBackendPackage('fictional', '@rectifier/backend-fictional');
    const error = await loadBackend('fictional').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackendNotInstalledError);
    expect((error as Error).message).toContain('npm install @rectifier/backend-fictional');
  });

  it('lists the known backends for an unknown name', async () => {
    const error = await loadBackend('nope').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RectifierError);
    expect((error as RectifierError).code).toBe('UNKNOWN_BACKEND');
    expect((error as Error).message).toMatch(/cpu, onnx, webgpu/);
  });

  it('asks for a name when given none', async () => {
    await expect(loadBackend(undefined as unknown as string)).rejects.toThrow(ArgumentError);
  });
});
