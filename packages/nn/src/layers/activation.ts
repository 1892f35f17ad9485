import {
  findActivation,
  resolveAttributes,
  type ActivationSpec,
  type GraphBuilder,
  type ValueInfo,
} from '@rectifier/core';
import type { Layer, LayerConfig, Parameter } from './layer.js';

/**
 * A layer that applies one activation from the spec, by name: `new Activation('relu0',
 * 'leaky-relu', { alpha: 0.1 })`. PReLU gets one learned slope, initialised to its `slope`
 * attribute (0.25, as PyTorch).
 */
export class Activation implements Layer {
  readonly name: string;
  readonly spec: ActivationSpec;
  readonly attributes: Record<string, number | string>;
  readonly parameters: Parameter[];

  constructor(name: string, activation: string, attributes: Record<string, number | string> = {}) {
    const found = findActivation(activation);
    this.name = name;
    this.spec = found.spec;
    this.attributes = resolveAttributes(found.spec.op, found.spec.attributes, {
      ...found.attributes,
      ...attributes,
    }) as Record<string, number | string>;
    this.parameters =
      this.spec.kind === 'prelu'
        ? [
            {
              name: `${name}.slope`,
              shape: [1],
              values: Float32Array.of(this.attributes.slope as number),
            },
          ]
        : [];
  }

  outputSize(inputSize: number): number {
    return inputSize;
  }

  build(
    builder: GraphBuilder,
    input: ValueInfo,
    parameters: ReadonlyMap<string, ValueInfo>,
  ): ValueInfo {
    if (this.spec.kind === 'prelu') {
      return builder.op(
        'PRelu',
        [input, parameters.get(`${this.name}.slope`)],
        {},
        { name: this.name },
      );
    }
    return builder.op(this.spec.op, [input], this.attributes, { name: this.name });
  }

  toConfig(): LayerConfig {
    return {
      type: 'activation',
      name: this.name,
      activation: this.spec.name,
      attributes: this.attributes,
    };
  }
}
