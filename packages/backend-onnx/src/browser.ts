import * as ort from 'onnxruntime-web';
import type { Backend } from '@rectifier/core';
import { OnnxBackend, type OnnxBackendOptions } from './onnx-backend.js';
import type { OrtRuntime } from './runtime.js';

export { OnnxBackend, type OnnxBackendOptions } from './onnx-backend.js';
export { OnnxProgram } from './program.js';
export { conformanceExclusions } from './exclusions.js';
export type * from './runtime.js';

/**
 * Makes the ONNX Runtime backend on `onnxruntime-web` (WebAssembly); bundlers pick this entry
 * through the package's `browser` export condition. Where ONNX Runtime fetches its `.wasm` file
 * from is set on `ort.env.wasm` of `onnxruntime-web`, as its documentation describes.
 *
 * @example
 * const backend = createBackend();
 */
export function createBackend(options?: OnnxBackendOptions): Backend {
  return new OnnxBackend(ort satisfies OrtRuntime, options);
}
