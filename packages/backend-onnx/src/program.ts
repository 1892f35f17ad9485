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

/**
 * The parameters whose old tensors a run may write the next values into: those whose update
 * value is no graph output (a caller holds outputs) and feeds no other update.
 */
function recyclable(graph: Graph): ReadonlySet<string> {
  const outputs = new Set(graph.outputs.map((output) => output.name));
  const uses = new Map<string, number>();
  for (const { value } of graph.updates) uses.set(value, (uses.get(value) ?? 0) + 1);
  return new Set(
    graph.updates
      .filter(({ value }) => !outputs.has(value) && uses.get(value) === 1)
      .map(({ parameter }) => parameter),
  );
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
 * copies them in between. Each updated initialiser has two tensors that take turns: a run reads
 * one and ONNX Runtime writes the new values into the other, so a training step allocates no
 * memory for its parameters.
 */
export class OnnxProgram implements Program {
  private readonly fed = new Map<string, OrtTensor>();
  /**
   * For each update whose value only the program sees, the tensor the next run writes it into:
   * the one the run before last wrote, which nothing reads any more.
   */
  private readonly spare = new Map<string, OrtTensor>();
  /** The updates whose values are written into spare tensors: their value is no graph output. */
  private readonly recycled: ReadonlySet<string>;
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
    this.recycled = recyclable(graph);
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
      this.spare.delete(name);
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
    this.spare.clear();
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

    let fetches: Record<string, OrtTensor | null> | undefined;
    if (this.spare.size > 0) {
      fetches = {};
      for (const name of this.lease.session.outputNames) fetches[name] = null;
      for (const update of this.graph.updates) {
        const into = this.spare.get(update.parameter);
        if (into) fetches[update.value] = into;
      }
    }

    let results: Record<string, OrtTensor>;
    try {
      results = await this.lease.session.run(ortFeeds, fetches);
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
      const { parameter, value } = update;
      const old = this.fed.get(parameter) as OrtTensor;
      // The tensor written into, where there was one: ONNX Runtime's result wraps its memory.
      this.fed.set(parameter, fetches?.[value] ?? (results[value] as OrtTensor));
      if (this.recycled.has(parameter)) this.spare.set(parameter, old);
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
