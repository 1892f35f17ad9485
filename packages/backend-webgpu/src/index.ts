import type { Backend } from '@rectifier/core';
import { acquireTf } from './gpu.js';
import { WebGpuBackend, type WebGpuBackendOptions } from './webgpu-backend.js';

export { ADAPTER_HELP, installWebGpu, type GpuLike } from './gpu.js';
export { WebGpuBackend, type WebGpuBackendOptions } from './webgpu-backend.js';
export { WebGpuProgram } from './program.js';
export type { Fusion } from './fusion.js';
export { SUPPORTED_OPS } from './kernels.js';
export { conformanceExclusions } from './conformance-exclusions.js';

/**
 * Makes the WebGPU backend; `loadBackend('webgpu')` calls it. The adapter is acquired
 * asynchronously (navigator.gpu in browsers, Dawn from the `webgpu` package in Node); when
 * none can be had, the promise rejects with a RectifierError that says why and what to install.
 *
 * @example
 * const backend = await createBackend();
 * const unfused = await createBackend({ fuse: false });
 */
export async function createBackend(options: WebGpuBackendOptions = {}): Promise<Backend> {
  return new WebGpuBackend(await acquireTf(), options);
}
