/** The names of the contenders, in the order the report lists them. */
export const CONTENDERS = ['rectifier-cpu', 'rectifier-onnx', 'tfjs-cpu', 'tfjs-wasm'] as const;

/** One of the contenders. */
export type ContenderName = (typeof CONTENDERS)[number];

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
