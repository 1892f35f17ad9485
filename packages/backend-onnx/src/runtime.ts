import type { TypedArray } from '@rectifier/core';

/** The element types this backend exchanges with ONNX Runtime. */
export type OrtElementType = 'float32' | 'int32' | 'int64';

/** An ONNX Runtime tensor on the CPU: its element type, dimensions and values. */
export interface OrtTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
}

/** A loaded ONNX model, ready to run. */
export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

/** The session options this backend sets. */
export interface OrtSessionOptions {
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  executionMode?: 'sequential' | 'parallel';
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'layout' | 'all';
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
}

/**
 * The part of ONNX Runtime's JavaScript API that this backend uses. `onnxruntime-node` and
 * `onnxruntime-web` both provide it, so one backend serves both; each entry point passes its own.
 */
export interface OrtRuntime {
  readonly Tensor: new (
    type: OrtElementType,
    data: TypedArray,
    dims: readonly number[],
  ) => OrtTensor;
  readonly InferenceSession: {
    create(model: Uint8Array, options?: OrtSessionOptions): Promise<OrtSession>;
  };
}
