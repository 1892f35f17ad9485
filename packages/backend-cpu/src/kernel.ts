import type { GraphNode, TypedArray } from '@rectifier/core';
import type { ThreadPool } from './threads/pool.js';

/** A tensor as a kernel sees it: row-major values and a concrete shape. */
export interface View {
  readonly data: TypedArray;
  readonly shape: readonly number[];
}

/** Runs one node on bound buffers, allocating nothing. */
export type KernelRun = (inputs: readonly (View | undefined)[], outputs: readonly View[]) => void;

/** What a program offers the kernels it prepares. */
export interface KernelContext {
  /**
   * Threads to share large work with, when the backend has more than one. Node outputs then
   * live in SharedArrayBuffers; inputs may not (feeds are the caller's arrays).
   */
  readonly pool?: ThreadPool | undefined;
}

/**
 * A CPU kernel. `prepare` is called once per node and set of bound shapes, when a program
 * plans its buffers; it does the shape arithmetic and returns the loop that runs per call.
 */
export interface Kernel {
  prepare(
    node: GraphNode,
    inputShapes: readonly (readonly number[] | undefined)[],
    outputShapes: readonly (readonly number[])[],
    context?: KernelContext,
  ): KernelRun;
}

/** Kernels by op name. */
export type KernelTable = Readonly<Record<string, Kernel>>;
