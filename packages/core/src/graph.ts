import type { AttributeValue } from './attributes.js';
import type { DType, TypedArray } from './dtype.js';
import type { Shape } from './shape.js';

/** A named value of a graph with its (possibly symbolic) shape and dtype. */
export interface ValueInfo {
  readonly name: string;
  readonly shape: Shape;
  readonly dtype: DType;
}

/** One op application. An absent optional input is the empty name `''`, as in ONNX. */
export interface GraphNode {
  readonly name: string;
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** A constant or a trainable parameter stored with the graph, an ONNX initialiser. */
export interface Initializer {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly values: TypedArray;
  /** Whether training updates it; constants such as a loss seed are not trainable. */
  readonly trainable: boolean;
}

/**
 * After each run, the value named `value` is written into the initialiser named `parameter`.
 * This is how an optimiser step keeps parameters on the backend between runs.
 */
export interface StateUpdate {
  readonly parameter: string;
  readonly value: string;
}

/**
 * A computation: inputs, initialisers, nodes in execution order and outputs. It maps one to
 * one onto an ONNX graph, with `updates` carried as extra outputs when exported.
 */
export interface Graph {
  readonly name: string;
  readonly inputs: readonly ValueInfo[];
  readonly initializers: readonly Initializer[];
  readonly nodes: readonly GraphNode[];
  readonly outputs: readonly ValueInfo[];
  readonly updates: readonly StateUpdate[];
  /** The inferred shape and dtype of every value, inputs and initialisers included. */
  readonly values: ReadonlyMap<string, ValueInfo>;
}
