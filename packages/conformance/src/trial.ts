import type { DType, Graph, TypedArray } from '@rectifier/core';
import type { Tolerance } from './tolerances.js';

/** A tensor fed to a graph input. */
export interface Feed {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly values: TypedArray;
}

/** An expected tensor: what one graph output must hold. */
export interface Check {
  /** The graph output that holds the result. */
  readonly output: string;
  /** The tensor in words, for reports: `output y`, `gradient of x`. */
  readonly tensor: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly values: TypedArray;
  readonly tolerance: Tolerance;
}

/** One run of a case: a graph, its feeds and what its outputs must hold. */
export interface Trial {
  readonly graph: Graph;
  readonly feeds: readonly Feed[];
  readonly checks: readonly Check[];
}

/**
 * A case's forward pass as a function of the tensors it differentiates, for checking its
 * expected gradients by finite differences: every differentiated tensor is a graph input.
 */
export interface ForwardProblem {
  readonly graph: Graph;
  readonly feeds: readonly Feed[];
  /** The upstream gradient of each output that has one: L = sum(output * upstream). */
  readonly upstream: readonly { readonly output: string; readonly values: Float32Array }[];
  /** The expected dL/d(feed) of each differentiated feed. */
  readonly gradients: readonly {
    readonly feed: string;
    readonly tensor: string;
    readonly expected: Float32Array;
  }[];
}
