/** The names of the contenders, in the order the report lists them. */
export const CONTENDERS = [
  'rectifier-cpu',
  'rectifier-onnx',
  'rectifier-webgpu',
  'tfjs-cpu',
  'tfjs-wasm',
  'tfjs-webgpu',
  'ort-handwritten',
] as const;

/** One of the contenders. */
export type ContenderName = (typeof CONTENDERS)[number];

/**
 * The contenders on the GPU: opt-in (`--gpu` or `--only`), because on a machine without a GPU
 * WebGPU runs on SwiftShader, a hundred times slower than the CPU contenders.
 */
export const GPU_CONTENDERS: readonly ContenderName[] = ['rectifier-webgpu', 'tfjs-webgpu'];

/** The contenders a run without `--only` or `--gpu` trains. */
export const DEFAULT_CONTENDERS: readonly ContenderName[] = CONTENDERS.filter(
  (name) => !GPU_CONTENDERS.includes(name),
);

/** A framework set up to train the workload, one epoch per call. */
export interface Contender {
  readonly name: ContenderName;
  /** What runs underneath, for the report: backend, SIMD, threads. */
  readonly details: string;
  /**
   * Trains epoch `epoch` (0 is the warm-up) in the workload's order for that epoch and
   * returns its mean loss. `onBatch` runs after every batch.
   */
  trainEpoch(epoch: number, onBatch: () => void): Promise<number>;
  /** Frees the model and what the framework holds for it. */
  dispose(): void;
}
