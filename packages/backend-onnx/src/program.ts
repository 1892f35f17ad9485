import {
  ProgramInitializers,
  RectifierError,
  Tensor,
  type Backend,
  type Graph,
  type Program,
  type TypedArray,
} from '@rectifier/core';
import { followRectifierEdges } from './edge-rewrites.js';
import { checkFeeds } from './feeds.js';
import { serialise, splitInitializers } from './model.js';
import { fuseUpdates } from './update-fusion.js';
import type { OrtRuntime, OrtSession, OrtTensor } from './runtime.js';
import type { SessionCache, SessionLease } from './session-cache.js';
import { valuesOf } from './storage.js';

/** What a program needs of the backend that compiled it. */
export interface ProgramContext {
  readonly backend: Backend;
  readonly runtime: OrtRuntime;
  readonly sessions: SessionCache;
  readonly opset: number;
  /** A feed as an ONNX Runtime tensor: this backend's own, or made from another's values. */
  readonly feedOf: (tensor: Tensor) => OrtTensor | Promise<OrtTensor>;
  /** Called once when a program is disposed. */
  readonly onDispose: (program: OnnxProgram) => void;
}

/** ONNX Runtime's failure to run a graph, as a Rectifier error naming it. */
function runError(graph: Graph, error: unknown): RectifierError {
  const message = error instanceof Error ? error.message : String(error);
  return new RectifierError(
    'INVALID_GRAPH',
    `ONNX Runtime failed to run graph '${graph.name}': ${message.trim()}`,
    { cause: error },
  );
}

/**
 * A graph compiled for ONNX Runtime: one session, shared with every program whose graph
 * serialises to the same model, and the current values of the initialisers it feeds.
 *
 * A run feeds the inputs and the fed initialisers, fetches the outputs and each update's value,
 * and then takes those values as the initialisers' tensors for the next run: parameters and
 * optimiser state go in and come out of `session.run` as ONNX Runtime tensors, and nothing
 * copies them in between.
 */
export class OnnxProgram implements Program {
  private readonly fed = new Map<string, OrtTensor>();
  private readonly initializers: ProgramInitializers;
  /** Constants a program has written; the model is made again with them before the next run. */
  private readonly written = new Map<string, TypedArray>();
  private stale = false;
  /** Runs of a graph with updates take turns, so that each sees the last one's parameters. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly context: ProgramContext,
    readonly graph: Graph,
    /**
     * The graph as ONNX Runtime runs it: written to follow Rectifier's rules at the edges, and
     * with plain SGD updates folded into the Gemms of their gradients.
     */
    private readonly model: Graph,
    private lease: SessionLease,
  ) {
    this.initializers = new ProgramInitializers(graph);
    for (const init of splitInitializers(graph).fed) {
      this.fed.set(
        init.name,
        new context.runtime.Tensor(init.dtype, init.values.slice(), init.shape),
      );
    }
  }

  /** Serialises a graph and takes the session of its model from the cache. */
  static async create(context: ProgramContext, graph: Graph): Promise<OnnxProgram> {
    const model = fuseUpdates(followRectifierEdges(graph));
    const { fed, constants } = splitInitializers(model);
    const bytes = serialise(model, fed, constants, new Map(), context.opset);
    return new OnnxProgram(context, graph, model, await context.sessions.acquire(bytes, graph));
  }

  /** The session this program runs; programs of the same model share it. */
  get session(): OrtSession {
    return this.lease.session;
  }

  /** Runs the graph, returns its outputs in new tensors, then applies its updates. */
  run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>> {
    if (this.graph.updates.length === 0) return this.runNow(feeds);
    const result = this.queue.then(() => this.runNow(feeds));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** A copy of an initialiser's current values. */
  async readParameter(name: string): Promise<TypedArray> {
    await this.queue;
    const init = this.initializers.get(name);
    const tensor = this.fed.get(name);
    return (tensor ? valuesOf(tensor) : (this.written.get(name) ?? init.values)).slice();
  }

  /** Replaces an initialiser's values; the dtype and the length must match. */
  async writeParameter(name: string, values: TypedArray): Promise<void> {
    await this.queue;
    const init = this.initializers.checkWrite(name, values);
    if (this.fed.has(name)) {
      this.fed.set(name, new this.context.runtime.Tensor(init.dtype, values.slice(), init.shape));
      return;
    }
    // A constant is part of the model, which must be made again; this is rare (a loss seed).
    this.written.set(name, values.slice());
    this.stale = true;
  }

  /** Hands the session back to the cache and drops the parameters. */
  dispose(): void {
    if (this.initializers.isDisposed) return;
    this.initializers.dispose();
    this.fed.clear();
    this.lease.release();
    this.context.onDispose(this);
  }

  private async runNow(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>> {
    this.initializers.checkLive();
    checkFeeds(this.graph, feeds);
    if (this.stale) await this.reload();

    const ortFeeds: Record<string, OrtTensor> = {};
    for (const input of this.graph.inputs) {
      const tensor = this.context.feedOf(feeds[input.name] as Tensor);
      ortFeeds[input.name] = tensor instanceof Promise ? await tensor : tensor;
    }
    for (const [name, tensor] of this.fed) ortFeeds[name] = tensor;

    let results: Record<string, OrtTensor>;
    try {
      results = await this.lease.session.run(ortFeeds);
    } catch (error) {
      throw runError(this.graph, error);
    }

    const outputs: Record<string, Tensor> = {};
    for (const output of this.graph.outputs) {
      const result = results[output.name] as OrtTensor;
      outputs[output.name] = new Tensor(this.context.backend, result.dims, output.dtype, result);
    }
    // Every value was computed from the old parameters, so the updates cannot see each other.
    for (const update of this.graph.updates) {
      this.fed.set(update.parameter, results[update.value] as OrtTensor);
    }
    return outputs;
  }

  private async reload(): Promise<void> {
    const { fed, constants } = splitInitializers(this.model);
    const bytes = serialise(this.model, fed, constants, this.written, this.context.opset);
    const lease = await this.context.sessions.acquire(bytes, this.graph);
    this.lease.release();
    this.lease = lease;
    this.stale = false;
  }
}
