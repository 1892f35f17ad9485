import {
  checkValueCount,
  toTypedArray,
  defaultDTypeOf,
  dtypeOf,
  ownHandle,
  Tensor,
  type Backend,
  type DType,
  type Graph,
  type Program,
  type TypedArray,
} from '@rectifier/core';
import type { KernelTable } from './kernel.js';
import { cpuKernels } from './kernels/index.js';
import { CpuProgram } from './program.js';
import { ThreadPool } from './threads/pool.js';
import { resolveThreads } from './threads/thread-count.js';

/** Options of the CPU backend. */
export interface CpuBackendOptions {
  /**
   * Threads in all, this one included, that large products are split over. By default the
   * RECTIFIER_CPU_THREADS environment variable, else the machine's available parallelism up
   * to 4. 1 runs everything on the calling thread. Results do not depend on it.
   */
  readonly threads?: number;
}

/**
 * The CPU backend: tensors are typed arrays, and graphs compile into programs that run
 * TypeScript kernels over buffers planned once per batch size. It is the reference that the
 * other backends are compared with.
 *
 * @example
 * const backend = new CpuBackend();
 * const x = backend.tensor([-1, 0, 2]);
 * await backend.download(x); // Float32Array [-1, 0, 2]
 */
export class CpuBackend implements Backend {
  readonly name = 'cpu';
  readonly precision = 'float32';
  /** Threads in all that large products are split over; 1 when they run on this thread alone. */
  readonly threads: number;
  private readonly released = new WeakSet<Tensor>();
  private readonly programs = new Set<CpuProgram>();
  private pool: ThreadPool | undefined;

  /** A backend running `kernels`, by default every kernel of this package. */
  constructor(
    private readonly kernels: KernelTable = cpuKernels,
    options: CpuBackendOptions = {},
  ) {
    this.threads = resolveThreads(options.threads);
    this.pool = this.threads > 1 ? new ThreadPool(this.threads) : undefined;
  }

  /** The backend's thread pool, when it has more than one thread. */
  get threadPool(): ThreadPool | undefined {
    return this.pool;
  }

  /** Whether there is a kernel for an op. */
  supports(op: string): boolean {
    return Object.hasOwn(this.kernels, op);
  }

  /**
   * A tensor holding a copy of `values`, shaped `[values.length]` unless `shape` says
   * otherwise. Number arrays become float32 unless `dtype` asks for int32 or int64.
   */
  tensor(values: TypedArray | ArrayLike<number>, shape?: readonly number[], dtype?: DType): Tensor {
    const target = dtype ?? defaultDTypeOf(values as ArrayLike<number>);
    const storage = toTypedArray(values, target);
    const dims = shape ?? [storage.length];
    checkValueCount(dims, storage.length, 'tensor()');
    return new Tensor(this, [...dims], target, storage);
  }

  /** A tensor whose storage is `values` itself; kernels never write their inputs. */
  asTensor(values: TypedArray, shape?: readonly number[]): Tensor {
    const dtype = dtypeOf(values);
    const dims = shape ?? [values.length];
    checkValueCount(dims, values.length, 'asTensor()');
    return new Tensor(this, [...dims], dtype, values);
  }

  /** A copy of a tensor's values. */
  async download(tensor: Tensor): Promise<TypedArray> {
    return this.storage(tensor).slice();
  }

  /** Marks a tensor's storage as freed; the garbage collector reclaims it. */
  release(tensor: Tensor): void {
    this.released.add(tensor);
  }

  /** Compiles a graph; it fails with an UnsupportedOpError naming every op it has no kernel for. */
  async compile(graph: Graph): Promise<Program> {
    const program = new CpuProgram(
      this,
      graph,
      this.kernels,
      (tensor) => this.feedStorage(tensor),
      {
        pool: this.pool,
      },
    );
    this.programs.add(program);
    return program;
  }

  /**
   * Disposes every program this backend compiled and stops its worker threads. Programs
   * compiled afterwards run on this thread alone.
   */
  async dispose(): Promise<void> {
    for (const program of this.programs) program.dispose();
    this.programs.clear();
    const pool = this.pool;
    this.pool = undefined;
    await pool?.dispose();
  }

  /** The typed array behind one of this backend's tensors. */
  private storage(tensor: Tensor): TypedArray {
    return ownHandle<TypedArray>(this, tensor, this.released.has(tensor));
  }

  /** A feed's values: this backend's own storage, or a download from the tensor's backend. */
  private feedStorage(tensor: Tensor): TypedArray | Promise<TypedArray> {
    return tensor.backend === this ? this.storage(tensor) : tensor.data();
  }
}

/**
 * Makes the CPU backend; `loadBackend('cpu')` calls it without options.
 *
 * @example
 * const backend = createBackend({ threads: 1 });
 */
export function createBackend(options: CpuBackendOptions = {}): Backend {
  return new CpuBackend(cpuKernels, options);
}
