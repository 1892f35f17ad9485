import type { GraphBuilder, ValueInfo } from '@rectifier/core';

/** A trainable tensor of a layer, with its current values. */
export interface Parameter {
  /** Unique within a network: `dense0.weight`. */
  readonly name: string;
  readonly shape: readonly number[];
  values: Float32Array;
}

/** A layer's architecture without its parameter values, as saved models store it. */
export type LayerConfig =
  | { type: 'dense'; name: string; inputSize: number; units: number; useBias: boolean }
  | {
      type: 'activation';
      name: string;
      activation: string;
      attributes: Record<string, number | string>;
    };

/** One layer of a network: its parameters and how it adds its forward pass to a graph. */
export interface Layer {
  readonly name: string;
  readonly parameters: readonly Parameter[];
  /** The feature size it outputs for a given input feature size. */
  outputSize(inputSize: number): number;
  /**
   * Appends the forward pass to a graph. `parameters` maps each of the layer's parameter
   * names to the graph value that holds it.
   */
  build(
    builder: GraphBuilder,
    input: ValueInfo,
    parameters: ReadonlyMap<string, ValueInfo>,
  ): ValueInfo;
  toConfig(): LayerConfig;
}
