import type { Backend } from '@rectifier/core';
import { acquireTf } from './gpu.js';
import { WebGpuBackend } from './webgpu-backend.js';

export { ADAPTER_HELP } from './gpu.js';
export { WebGpuBackend } from './webgpu-backend.js';
export { WebGpuProgram } from './program.js';
export { SUPPORTED_OPS } from './kernels.js';
export { conformanceExclusions } from './conformance-exclusions.js';

/**
 * Makes the WebGPU backend; `loadBackend('webgpu')` calls it. The adapter is acquired
 * asynchronously (navigator.gpu in browsers, Dawn from the `webgpu` package in Node); when
 * none can be had, the promise rejects with a RectifierError that says why and what to install.
 *
 * @example
 * const backend = await createBackend();
 */
export async function createBackend(): Promise<Backend> {
  return new WebGpuBackend(await acquireTf());
}
