import type { AttributeSchema } from '../attributes.js';

/** Numeric attributes as the scalar rules read them; strings select a variant. */
export type ActivationAttributes = Readonly<Record<string, number | string>>;

/** How an activation maps onto ONNX. */
export interface OnnxMapping {
  /** The ONNX op, in the default domain, that computes this activation. */
  readonly op: string;
  /** The first opset that has it. Before that opset, exporters lower it to `lowering`. */
  readonly sinceOpset: number;
  /**
   * ONNX's own defaults where they differ from Rectifier's. An imported node that omits an
   * attribute gets ONNX's default, not Rectifier's.
   */
  readonly defaults?: Readonly<Record<string, number | string>>;
  /** The standard ops it is lowered to where the op is missing, in words. */
  readonly lowering?: string;
}

/**
 * Everything about one activation: its parameters and defaults, its forward and derivative
 * rules, what it does at the edges, and how it maps onto ONNX.
 *
 * `forward` and `derivative` are the mathematical definitions in float64. They are the
 * reference that tests, plots and the CPU kernels use; other backends implement the same rule.
 */
export interface ActivationSpec {
  /** The name users type: `--activation leaky-relu`, `new Activation('leaky-relu')`. */
  readonly name: string;
  /** The conventional spelling in prose: `LeakyReLU`. */
  readonly title: string;
  /** Rectifier's op name, aligned with ONNX where ONNX has the op. */
  readonly op: string;
  /**
   * `elementwise`: y = f(x) element by element. `prelu`: the slope is a second input.
   * `softmax`: normalises along an axis.
   */
  readonly kind: 'elementwise' | 'prelu' | 'softmax';
  /** Whether it zeroes a half-line, so that sparsity and dead units are meaningful. */
  readonly rectified: boolean;
  readonly attributes: AttributeSchema;
  readonly formula: string;
  readonly derivativeFormula: string;
  /** Behaviour at the edges, one sentence each: the value at kinks, NaN, infinities. */
  readonly conventions: readonly string[];
  readonly onnx: OnnxMapping;
  /** The PyTorch function with the same meaning, for golden values and for readers. */
  readonly torch: string;
  /** f(x). */
  forward(x: number, attributes: ActivationAttributes): number;
  /** f'(x), the derivative with respect to the input. */
  derivative(x: number, attributes: ActivationAttributes): number;
}
