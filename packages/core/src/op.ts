import type { AttributeSchema, AttributeValue } from './attributes.js';
import type { DType } from './dtype.js';
import type { GraphBuilder } from './graph-builder.js';
import type { GraphNode, ValueInfo } from './graph.js';
import type { Shape } from './shape.js';

/** One declared input of an op. */
export interface OpInput {
  readonly name: string;
  readonly optional?: boolean;
  /** Whether gradients flow into it; labels and indices are not differentiable. */
  readonly differentiable?: boolean;
  /**
   * Only on the last input: it takes one or more values, as ONNX's variadic inputs do (Sum,
   * Max). Each of them is named and checked like the declared input.
   */
  readonly variadic?: boolean;
}

/** The shape and dtype of one output, as shape inference gives it. */
export interface OutputInfo {
  readonly shape: Shape;
  readonly dtype: DType;
}

/** What a gradient rule sees of the node it differentiates. */
export interface GradientContext {
  readonly builder: GraphBuilder;
  readonly node: GraphNode;
  /** The node's inputs; `undefined` where an optional input is absent. */
  readonly inputs: readonly (ValueInfo | undefined)[];
  readonly outputs: readonly ValueInfo[];
  /** The gradient of the loss with respect to each output, where one flows back. */
  readonly gradOutputs: readonly (ValueInfo | undefined)[];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /**
   * Which inputs need a gradient. A rule may skip the others, and should when they are
   * costly (the input gradient of a network's first layer is never used).
   */
  readonly wanted: readonly boolean[];
}

/**
 * Builds, with ordinary ops, the gradient of the loss with respect to each input of a node.
 * It returns one entry per input: a value, or `undefined` where no gradient flows.
 */
export type GradientRule = (context: GradientContext) => readonly (ValueInfo | undefined)[];

/** The definition of an op: its signature, attributes, shape inference and gradient rule. */
export interface OpDef {
  readonly name: string;
  /**
   * `''` for the ONNX default domain. Ops that ONNX lacks (gradient ops, fused losses,
   * optimiser updates) are composite: a backend may run them natively or lower them.
   */
  readonly domain: '' | 'rectifier';
  readonly doc: string;
  readonly inputs: readonly OpInput[];
  /** Output names; a node may leave trailing optional outputs off. */
  readonly outputs: readonly string[];
  /** How many trailing outputs may be left off. */
  readonly optionalOutputs?: number;
  readonly attributes: AttributeSchema;
  /** Infers the outputs' shapes and dtypes, or throws a ShapeError naming the shapes. */
  inferShapes(
    inputs: readonly (ValueInfo | undefined)[],
    attributes: Readonly<Record<string, AttributeValue>>,
  ): readonly OutputInfo[];
  /** Absent for ops no gradient flows through (ArgMax, optimiser updates). */
  readonly gradient?: GradientRule;
}
