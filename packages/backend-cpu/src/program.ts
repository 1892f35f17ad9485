import {
  formatShape,
  GraphError,
  ProgramInitializers,
  ShapeError,
  sizeOf,
  Tensor,
  UnsupportedOpError,
  type Backend,
  type Graph,
  type Program,
  type TypedArray,
} from '@rectifier/core';
import { bindFeeds, bindingsKey } from './feeds.js';
import type { KernelContext, KernelTable } from './kernel.js';
import { planGraph, type Plan, type Slot } from './planner.js';
import { copyInto, EMPTY } from './storage.js';

/** How many bindings of the symbolic dimensions a program keeps plans for. */
const MAX_PLANS = 16;

/** Reads a tensor's storage: its own typed array on the CPU backend, a download elsewhere. */
export type StorageReader = (tensor: Tensor) => TypedArray | Promise<TypedArray>;

/** Checks that every op has a kernel, naming all that lack one. */
function checkSupported(graph: Graph, kernels: KernelTable): void {
  const missing = [...new Set(graph.nodes.map((node) => node.op))].filter(
    (op) => !Object.hasOwn(kernels, op),
  );
  if (missing.length > 0) throw new UnsupportedOpError('cpu', missing);
}

/** Checks that every value is made before it is read and that outputs and updates exist. */
function checkOrder(graph: Graph): void {
  const known = new Set([...graph.inputs, ...graph.initializers].map((value) => value.name));
  for (const node of graph.nodes) {
    for (const input of node.inputs) {
      if (input !== '' && !known.has(input)) {
        throw new GraphError(
          `Node '${node.name}' (${node.op}) reads '${input}' before it is made.`,
        );
      }
    }
    for (const output of node.outputs) known.add(output);
  }
  const ends = [
    ...graph.outputs.map((output) => output.name),
    ...graph.updates.map((u) => u.value),
  ];
  for (const name of ends) {
    if (!known.has(name)) throw new GraphError(`Graph '${graph.name}' never makes '${name}'.`);
  }
  for (const update of graph.updates) {
    if (!graph.initializers.some((init) => init.name === update.parameter)) {
      throw new GraphError(`'${update.parameter}' is not an initialiser to update.`);
    }
  }
}

/**
 * A graph compiled for the CPU backend. Each binding of the symbolic dimensions (each batch
 * size) gets a plan, made on its first run and cached: buffers for every value, allocated once,
 * and every node's prepared kernel. A run on a cached plan allocates only the output tensors.
 * Initialisers live in buffers the program owns, and the graph's updates write into them.
 */
export class CpuProgram implements Program {
  private readonly parameters = new Map<string, TypedArray>();
  private readonly plans = new Map<string, Plan>();
  private readonly initializers: ProgramInitializers;

  constructor(
    private readonly backend: Backend,
    readonly graph: Graph,
    private readonly kernels: KernelTable,
    private readonly storage: StorageReader,
    private readonly context: KernelContext = {},
  ) {
    checkSupported(graph, kernels);
    checkOrder(graph);
    this.initializers = new ProgramInitializers(graph);
    for (const init of graph.initializers) this.parameters.set(init.name, init.values.slice());
  }

  /** How many plans the program holds: one per batch size (binding of symbols) it has run. */
  get planCount(): number {
    return this.plans.size;
  }

  /** Runs the graph on `feeds`, returns its outputs in new tensors, then applies its updates. */
  async run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>> {
    this.initializers.checkLive();
    const bindings = bindFeeds(this.graph, feeds);
    const plan = this.planFor(bindings);

    const feedData = this.graph.inputs.map((input) => this.storage(feeds[input.name] as Tensor));
    const values = feedData.some((data) => data instanceof Promise)
      ? await Promise.all(feedData)
      : (feedData as TypedArray[]);

    // Kernels read the feeds where they are: they never write their inputs.
    this.graph.inputs.forEach((input, index) => {
      const slot = plan.slots.get(input.name) as Slot;
      const data = values[index] as TypedArray;
      if (data.length !== sizeOf(slot.shape)) {
        throw new ShapeError(
          `Feed '${input.name}' holds ${data.length} values, but its shape ` +
            `${formatShape(slot.shape)} needs ${sizeOf(slot.shape)}.`,
        );
      }
      slot.data = data;
    });
    try {
      for (const step of plan.steps) step.run(step.inputs, step.outputs);
      const outputs = this.collectOutputs(plan);
      this.applyUpdates(plan);
      return outputs;
    } finally {
      // Let go of the feeds, so that a plan does not keep a caller's tensors alive.
      for (const input of this.graph.inputs) {
        const slot = plan.slots.get(input.name) as Slot;
        slot.data = EMPTY[input.dtype];
      }
    }
  }

  /** A copy of an initialiser's current values. */
  async readParameter(name: string): Promise<TypedArray> {
    return this.parameter(name).slice();
  }

  /** Replaces an initialiser's values in place; the dtype and the length must match. */
  async writeParameter(name: string, values: TypedArray): Promise<void> {
    this.initializers.checkWrite(name, values);
    copyInto(this.parameter(name), values);
  }

  /** Drops the plans and the parameters; the program cannot run afterwards. */
  dispose(): void {
    this.initializers.dispose();
    this.plans.clear();
    this.parameters.clear();
  }

  private planFor(bindings: ReadonlyMap<string, number>): Plan {
    const key = bindingsKey(bindings);
    let plan = this.plans.get(key);
    if (!plan) {
      plan = planGraph(this.graph, bindings, this.kernels, this.parameters, this.context);
      if (this.plans.size >= MAX_PLANS) this.plans.delete(this.plans.keys().next().value as string);
      this.plans.set(key, plan);
    }
    return plan;
  }

  private collectOutputs(plan: Plan): Record<string, Tensor> {
    const outputs: Record<string, Tensor> = {};
    for (const output of this.graph.outputs) {
      const slot = plan.slots.get(output.name);
      if (!slot) throw new GraphError(`Graph '${this.graph.name}' never makes '${output.name}'.`);
      outputs[output.name] = new Tensor(this.backend, slot.shape, output.dtype, slot.data.slice());
    }
    return outputs;
  }

  private applyUpdates(plan: Plan): void {
    for (const update of plan.updates) {
      if (update.staging) copyInto(update.staging, update.source.data);
    }
    for (const update of plan.updates) {
      copyInto(update.target, update.staging ?? update.source.data);
    }
  }

  private parameter(name: string): TypedArray {
    this.initializers.get(name);
    return this.parameters.get(name) as TypedArray;
  }
}
