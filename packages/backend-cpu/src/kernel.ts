import type { GraphNode, TypedArray } from '@rectifier/core';

/** A tensor as a kernel sees it: row-major values and a concrete shape. */
export interface View {
  readonly data: TypedArray;
  readonly shape: readonly number[];
}

/** Runs one node on bound buffers, allocating nothing. */
export type KernelRun = (inputs: readonly (View | undefined)[], outputs: readonly View[]) => void;

/**
 * A CPU kernel. `prepare` is called once per node and set of bound shapes, when a program
 * plans its buffers; it does the shape arithmetic and returns the loop that runs per call.
 */
export interface Kernel {
  prepare(
    node: GraphNode,
    inputShapes: readonly (readonly number[] | undefined)[],
    outputShapes: readonly (readonly number[])[],
  ): KernelRun;
}

/** Kernels by op name. */
export type KernelTable = Readonly<Record<string, Kernel>>;
