import * as ort from 'onnxruntime-node';
import type { Backend } from '@rectifier/core';
import { OnnxBackend, type OnnxBackendOptions } from './onnx-backend.js';
import type { OrtRuntime } from './runtime.js';

export { OnnxBackend, type OnnxBackendOptions } from './onnx-backend.js';
export { OnnxProgram } from './program.js';
export { conformanceExclusions } from './exclusions.js';
export type * from './runtime.js';

/**
 * Makes the ONNX Runtime backend on `onnxruntime-node`; `loadBackend('onnx')` calls it. In a
 * browser, the package's `browser` entry makes the same backend on `onnxruntime-web`.
 *
 * @example
 * const backend = createBackend({ threads: 2 });
 */
export function createBackend(options?: OnnxBackendOptions): Backend {
  return new OnnxBackend(ort satisfies OrtRuntime, options);
}
