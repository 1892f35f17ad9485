import type { DType, TypedArray } from './dtype.js';
import type { Graph } from './graph.js';
import type { Tensor } from './tensor.js';

/** A compiled graph, ready to run many times with parameters kept on the backend. */
export interface Program {
  readonly graph: Graph;
  /**
   * Runs the graph on `feeds` (one tensor per graph input, by name) and returns every graph
   * output by name, in new tensors. Afterwards the graph's updates are applied.
   */
  run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>>;
  /** The current values of an initialiser, parameters as training left them. */
  readParameter(name: string): Promise<TypedArray>;
  /** Replaces the values of an initialiser. */
  writeParameter(name: string, values: TypedArray): Promise<void>;
  /** Frees what the program holds. */
  dispose(): void;
}

/**
 * What every backend provides: storage, the ops it runs, and compilation of whole graphs.
 * Ops it lacks are reported by `supports`; core lowers composites it cannot run natively.
 */
export interface Backend {
  /** The name users select it by: `cpu`, `onnx`, `webgpu`. */
  readonly name: string;
  /** The precision its float32 arithmetic keeps, from which conformance tolerances follow. */
  readonly precision: 'float32' | 'float16';
  /** Whether it runs an op natively. */
  supports(op: string): boolean;
  /**
   * Makes a tensor from values. Number arrays and typed arrays other than Int32Array and
   * BigInt64Array become float32 unless `dtype` says otherwise.
   */
  tensor(values: TypedArray | ArrayLike<number>, shape?: readonly number[], dtype?: DType): Tensor;
  /**
   * A tensor over `values` itself, as torch.as_tensor: it shares their memory where the backend
   * keeps tensors in JavaScript memory (cpu, onnx) and copies them where it cannot (a GPU). Its
   * dtype is the array's. Changing `values` while the tensor is in use changes what a run reads,
   * so `tensor()`, which always copies, is the safe default; this one saves the copy of a batch
   * that a caller refills only after each run has finished.
   */
  asTensor(values: TypedArray, shape?: readonly number[]): Tensor;
  /** Reads a tensor's values back. */
  download(tensor: Tensor): Promise<TypedArray>;
  /** Frees a tensor's storage. */
  release(tensor: Tensor): void;
  /** Compiles a graph into a program. */
  compile(graph: Graph): Promise<Program>;
  /** Frees everything the backend holds. */
  dispose(): Promise<void>;
}
