import {
  checkValueCount,
  defaultDTypeOf,
  dtypeOf,
  toTypedArray,
  ownHandle,
  Tensor,
  UnsupportedOpError,
  type Backend,
  type DType,
  type Graph,
  type Program,
  type TypedArray,
} from '@rectifier/core';
import type { Tensor as TfTensor } from '@tensorflow/tfjs-core';
import type { Tf } from './gpu.js';
import { SUPPORTED_OPS } from './kernels.js';
import { WebGpuProgram } from './program.js';

/** tfjs has no int64: labels and indices are stored as int32 and given back as int64. */
export function toTf(tf: Tf, values: TypedArray, shape: readonly number[], dtype: DType): TfTensor {
  if (dtype === 'float32') return tf.tensor(values as Float32Array, [...shape], 'float32');
  const ints = values instanceof Int32Array ? values : Int32Array.from(values, Number);
  return tf.tensor(ints, [...shape], 'int32');
}

/** A tensor's values as the typed array of its Rectifier dtype. */
export function fromTf(values: ArrayLike<number>, dtype: DType): TypedArray {
  if (dtype === 'float32') return Float32Array.from(values);
  if (dtype === 'int32') return Int32Array.from(values);
  return BigInt64Array.from(Array.from(values, (v) => BigInt(Math.trunc(v))));
}

/** Options of the WebGPU backend. */
export interface WebGpuBackendOptions {
  /**
   * Whether compiled programs run a Gemm and the ReLU that reads it as one tf.fused.matMul
   * (true, the default). Off, every node runs as its own kernels: more dispatches, and the same
   * bits but where a GPU flushes a subnormal pre-activation in the matMul's shader.
   */
  readonly fuse?: boolean;
}

/**
 * The WebGPU backend: tensors are TensorFlow.js tensors on its WebGPU backend, and a graph is
 * run node by node as tfjs ops inside one tf.tidy, so that nothing but the outputs and the
 * updated parameters outlives a run. Make it with `createBackend()`.
 */
export class WebGpuBackend implements Backend {
  readonly name = 'webgpu';
  readonly precision = 'float32';
  private readonly programs = new Set<WebGpuProgram>();
  private readonly fuse: boolean;

  constructor(
    readonly tf: Tf,
    options: WebGpuBackendOptions = {},
  ) {
    this.fuse = options.fuse ?? true;
  }

  supports(op: string): boolean {
    return SUPPORTED_OPS.has(op);
  }

  tensor(values: TypedArray | ArrayLike<number>, shape?: readonly number[], dtype?: DType): Tensor {
    const target = dtype ?? defaultDTypeOf(values);
    const storage = toTypedArray(values, target);
    const dims = shape ? [...shape] : [storage.length];
    checkValueCount(dims, storage.length, 'tensor()');
    return new Tensor(this, dims, target, toTf(this.tf, storage, dims, target));
  }

  /**
   * A tensor of a copy of `values`, as `tensor()` makes: the GPU cannot share them, and tfjs
   * may read them only when a kernel first uses the tensor.
   */
  asTensor(values: TypedArray, shape?: readonly number[]): Tensor {
    return this.tensor(values, shape, dtypeOf(values));
  }

  async download(tensor: Tensor): Promise<TypedArray> {
    const handle = this.handleOf(tensor);
    return fromTf(await handle.data(), tensor.dtype);
  }

  release(tensor: Tensor): void {
    if (tensor.backend !== this) return;
    (tensor.handle as TfTensor).dispose();
  }

  async compile(graph: Graph): Promise<Program> {
    const missing = [...new Set(graph.nodes.map((node) => node.op))].filter(
      (op) => !this.supports(op),
    );
    if (missing.length > 0) throw new UnsupportedOpError(this.name, missing);
    const program = new WebGpuProgram(this, graph, (done) => this.programs.delete(done), this.fuse);
    this.programs.add(program);
    return program;
  }

  async dispose(): Promise<void> {
    for (const program of [...this.programs]) program.dispose();
  }

  /** A tensor's tfjs storage; an ArgumentError for another backend's or a freed tensor. */
  handleOf(tensor: Tensor): TfTensor {
    const disposed = tensor.backend === this && (tensor.handle as TfTensor).isDisposed;
    return ownHandle<TfTensor>(this, tensor, disposed);
  }
}
