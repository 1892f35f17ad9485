import {
  allocate,
  bindShape,
  GraphError,
  sizeOf,
  type DType,
  type Graph,
  type GraphNode,
  type TypedArray,
  type ValueInfo,
} from '@rectifier/core';
import type { KernelContext, KernelRun, KernelTable, View } from './kernel.js';
import { allocateShared, EMPTY } from './storage.js';

/** A value's place in a plan: its bound shape and the buffer it lives in during a run. */
export interface Slot extends View {
  /** Graph inputs point at each run's feed; every other slot keeps its buffer. */
  data: TypedArray;
}

/** One node ready to run: its kernel's loop and the slots it reads and writes. */
export interface Step {
  readonly node: GraphNode;
  readonly run: KernelRun;
  readonly inputs: readonly (Slot | undefined)[];
  readonly outputs: readonly Slot[];
}

/** One state update: after the nodes run, `source` is copied into an initialiser's buffer. */
export interface PlannedUpdate {
  readonly source: Slot;
  readonly target: TypedArray;
  /** Set when the source is itself an updated initialiser, so updates do not see each other. */
  readonly staging: TypedArray | undefined;
}

/** Everything a program needs to run a graph for one binding of its symbolic dimensions. */
export interface Plan {
  readonly slots: ReadonlyMap<string, Slot>;
  readonly steps: readonly Step[];
  readonly updates: readonly PlannedUpdate[];
  /** How many buffers the node outputs share; fewer than node outputs when lifetimes allow. */
  readonly bufferCount: number;
}

/**
 * Buffers for node outputs, handed back when a value is dead and handed out again to a later
 * value of the same dtype that fits, the smallest that fits first.
 */
class BufferPool {
  private readonly free: TypedArray[] = [];
  count = 0;

  constructor(private readonly allocateBuffer: (dtype: DType, size: number) => TypedArray) {}

  take(dtype: DType, size: number): TypedArray {
    let best = -1;
    this.free.forEach((buffer, index) => {
      const fits = buffer.length >= size && dtypeMatches(buffer, dtype);
      if (fits && (best < 0 || buffer.length < (this.free[best] as TypedArray).length))
        best = index;
    });
    if (best < 0) {
      this.count++;
      return this.allocateBuffer(dtype, size);
    }
    const [buffer] = this.free.splice(best, 1) as [TypedArray];
    return buffer;
  }

  give(buffer: TypedArray): void {
    this.free.push(buffer);
  }
}

function dtypeMatches(buffer: TypedArray, dtype: DType): boolean {
  if (dtype === 'float32') return buffer instanceof Float32Array;
  if (dtype === 'int32') return buffer instanceof Int32Array;
  return buffer instanceof BigInt64Array;
}

function valueInfo(graph: Graph, name: string): ValueInfo {
  const info = graph.values.get(name);
  if (!info) throw new GraphError(`Graph '${graph.name}' has no shape for value '${name}'.`);
  return info;
}

/** The index of the last node that reads each value; values read after the run never die. */
function lastUses(graph: Graph): Map<string, number> {
  const last = new Map<string, number>();
  graph.nodes.forEach((node, index) => {
    for (const input of node.inputs) if (input !== '') last.set(input, index);
  });
  for (const output of graph.outputs) last.set(output.name, Infinity);
  for (const update of graph.updates) last.set(update.value, Infinity);
  return last;
}

/**
 * Plans a graph's buffers for one binding of its symbolic dimensions and prepares every node's
 * kernel. Initialisers keep the program's own buffers; inputs get a slot that each run points
 * at its feed; node outputs share pooled buffers where their lifetimes do not overlap. A node's
 * outputs never share a buffer with its inputs, so kernels need not be safe in place. With a
 * thread pool in `context`, node outputs live in SharedArrayBuffers, so that workers can
 * write them.
 */
export function planGraph(
  graph: Graph,
  bindings: ReadonlyMap<string, number>,
  kernels: KernelTable,
  initializers: ReadonlyMap<string, TypedArray>,
  context: KernelContext = {},
): Plan {
  const slots = new Map<string, Slot>();
  const shapeOf = (name: string) => bindShape(valueInfo(graph, name).shape, bindings);
  for (const [name, data] of initializers) slots.set(name, { data, shape: shapeOf(name) });
  for (const input of graph.inputs) {
    slots.set(input.name, { data: EMPTY[input.dtype], shape: shapeOf(input.name) });
  }

  const last = lastUses(graph);
  const buffers = new BufferPool(context.pool ? allocateShared : allocate);
  const owned = new Map<string, TypedArray>();
  const steps = graph.nodes.map((node, index): Step => {
    const inputs = node.inputs.map((name) => (name === '' ? undefined : slots.get(name)));
    const outputs = node.outputs.map((name) => {
      const info = valueInfo(graph, name);
      const shape = bindShape(info.shape, bindings);
      const size = sizeOf(shape);
      const buffer = buffers.take(info.dtype, size);
      owned.set(name, buffer);
      const slot: Slot = {
        data: buffer.length === size ? buffer : buffer.subarray(0, size),
        shape,
      };
      slots.set(name, slot);
      return slot;
    });

    const kernel = kernels[node.op] as NonNullable<KernelTable[string]>;
    const run = kernel.prepare(
      node,
      inputs.map((slot) => slot?.shape),
      outputs.map((slot) => slot.shape),
      context,
    );

    // Free what dies here only now, after the outputs took their buffers.
    for (const name of new Set([...node.inputs, ...node.outputs])) {
      const buffer = owned.get(name);
      if (buffer && (last.get(name) ?? index) <= index) {
        buffers.give(buffer);
        owned.delete(name);
      }
    }
    return { node, run, inputs, outputs };
  });

  const updated = new Set(graph.updates.map((update) => update.parameter));
  const updates = graph.updates.map((update): PlannedUpdate => {
    const source = slots.get(update.value) as Slot;
    const target = initializers.get(update.parameter) as TypedArray;
    const staging = updated.has(update.value)
      ? allocate(valueInfo(graph, update.value).dtype, source.data.length)
      : undefined;
    return { source, target, staging };
  });
  return { slots, steps, updates, bufferCount: buffers.count };
}
