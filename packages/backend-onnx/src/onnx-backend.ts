import {
  checkValueCount,
  toTypedArray,
  activationOfOp,
  defaultDTypeOf,
  dtypeOf,
  getOp,
  hasOp,
  ownHandle,
  Tensor,
  UnsupportedOpError,
  type Backend,
  type DType,
  type Graph,
  type Program,
  type TypedArray,
} from '@rectifier/core';
import { DEFAULT_EXPORT_OPSET, LOWERINGS, OP_MAPPINGS } from '@rectifier/onnx';
import { OnnxProgram, type ProgramContext } from './program.js';
import type { OrtRuntime, OrtTensor } from './runtime.js';
import { SessionCache } from './session-cache.js';
import { valuesOf } from './storage.js';

/** Options of the ONNX Runtime backend. */
export interface OnnxBackendOptions {
  /**
   * Threads ONNX Runtime uses inside one op; 1 unless given. The models of this project are
   * small enough that a second thread costs more in hand-offs than it saves (measured on 2 cores).
   */
  readonly threads?: number;
  /** The ONNX opset graphs are written at; exportModel's default (17) unless given. */
  readonly opset?: number;
  /** How many sessions that no program uses are kept for reuse; 32 unless given. */
  readonly idleSessions?: number;
}

/** Whether an op is written as standard ONNX ops at an opset: natively or lowered. */
function exportable(op: string, opset: number): boolean {
  if (!hasOp(op)) return false;
  const lowering = LOWERINGS.get(op);
  if (lowering && (lowering.nativeSince === undefined || opset < lowering.nativeSince)) {
    return true;
  }
  if (getOp(op).domain !== '') return false;
  const since = activationOfOp(op)?.onnx.sinceOpset ?? OP_MAPPINGS.get(op)?.sinceOpset ?? 1;
  return since >= 1 && since <= opset;
}

/**
 * The ONNX Runtime backend: a graph is serialised to an ONNX model with `@rectifier/onnx`
 * (composite ops lowered to standard ones) and run by an InferenceSession, cached by the model's
 * bytes. Tensors are ONNX Runtime CPU tensors.
 *
 * @example
 * import * as ort from 'onnxruntime-node';
 * const backend = new OnnxBackend(ort);
 * const y = await activate('relu', backend.tensor([-1, 0, 2]));
 */
export class OnnxBackend implements Backend {
  readonly name = 'onnx';
  readonly precision = 'float32';
  private readonly opset: number;
  private readonly sessions: SessionCache;
  private readonly programs = new Set<OnnxProgram>();
  private readonly released = new WeakSet<Tensor>();
  private readonly supported = new Map<string, boolean>();

  /** A backend on an ONNX Runtime: `onnxruntime-node`, `onnxruntime-web`, or another build. */
  constructor(
    private readonly runtime: OrtRuntime,
    options: OnnxBackendOptions = {},
  ) {
    this.opset = options.opset ?? DEFAULT_EXPORT_OPSET;
    const threads = options.threads ?? 1;
    this.sessions = new SessionCache(
      runtime,
      {
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
        // Libraries do not print: ONNX Runtime's warnings would go to stderr.
        logSeverityLevel: 3,
      },
      options.idleSessions ?? 32,
    );
  }

  /** How many sessions the backend holds, in use or kept for reuse. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Whether an op can be written as standard ONNX ops, natively or lowered. */
  supports(op: string): boolean {
    let result = this.supported.get(op);
    if (result === undefined) this.supported.set(op, (result = exportable(op, this.opset)));
    return result;
  }

  /**
   * A tensor holding a copy of `values`, shaped `[values.length]` unless `shape` says
   * otherwise. Number arrays and typed arrays other than Int32Array and BigInt64Array become
   * float32 unless `dtype` says otherwise.
   */
  tensor(values: TypedArray | ArrayLike<number>, shape?: readonly number[], dtype?: DType): Tensor {
    const target = dtype ?? defaultDTypeOf(values);
    const storage = toTypedArray(values, target);
    const dims = shape ? [...shape] : [storage.length];
    checkValueCount(dims, storage.length, 'tensor()');
    return new Tensor(this, dims, target, new this.runtime.Tensor(target, storage, dims));
  }

  /** A tensor whose ONNX Runtime tensor wraps `values` itself, with no copy. */
  asTensor(values: TypedArray, shape?: readonly number[]): Tensor {
    const dtype = dtypeOf(values);
    const dims = shape ? [...shape] : [values.length];
    checkValueCount(dims, values.length, 'asTensor()');
    return new Tensor(this, dims, dtype, new this.runtime.Tensor(dtype, values, dims));
  }

  /** A copy of a tensor's values. */
  async download(tensor: Tensor): Promise<TypedArray> {
    return valuesOf(this.storage(tensor)).slice();
  }

  /**
   * Marks a tensor as freed. Its values live in JavaScript memory, which the garbage collector
   * reclaims; a program's parameters may share them, so nothing is freed eagerly.
   */
  release(tensor: Tensor): void {
    this.released.add(tensor);
  }

  /**
   * Compiles a graph into a program on a cached session. An op that can be neither written as
   * ONNX nor lowered is an UnsupportedOpError that names every such op of the graph.
   */
  async compile(graph: Graph): Promise<Program> {
    const missing = [...new Set(graph.nodes.map((node) => node.op))].filter(
      (op) => !this.supports(op),
    );
    if (missing.length > 0) throw new UnsupportedOpError(this.name, missing);

    const context: ProgramContext = {
      backend: this,
      runtime: this.runtime,
      sessions: this.sessions,
      opset: this.opset,
      feedOf: (tensor) => this.feedOf(tensor),
      onDispose: (program) => this.programs.delete(program),
    };
    const program = await OnnxProgram.create(context, graph);
    this.programs.add(program);
    return program;
  }

  /** Disposes every program and releases every session. */
  async dispose(): Promise<void> {
    for (const program of [...this.programs]) program.dispose();
    await this.sessions.clear();
  }

  private storage(tensor: Tensor): OrtTensor {
    return ownHandle<OrtTensor>(this, tensor, this.released.has(tensor));
  }

  private feedOf(tensor: Tensor): OrtTensor | Promise<OrtTensor> {
    if (tensor.backend === this) return this.storage(tensor);
    return tensor
      .data()
      .then((values) => new this.runtime.Tensor(tensor.dtype, values, tensor.shape));
  }
}
