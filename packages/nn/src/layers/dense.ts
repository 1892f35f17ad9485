import { ArgumentError, type GraphBuilder, type ValueInfo } from '@rectifier/core';
import { initializeWeights, type Initializer } from './initializers.js';
import type { Layer, LayerConfig, Parameter } from './layer.js';

/** Options of a Dense layer. */
export interface DenseOptions {
  readonly name: string;
  readonly inputSize: number;
  readonly units: number;
  readonly init?: Initializer;
  readonly useBias?: boolean;
  /** The generator the weights are drawn from; pass a seeded one for repeatable runs. */
  readonly random: () => number;
}

/**
 * The most weights one Dense layer holds: 2^28 float32 values, 1 GiB. A larger layer would
 * fail to allocate, or exhaust the process's memory, which no error can report.
 */
export const MAX_DENSE_WEIGHTS = 2 ** 28;

/** An ArgumentError when a Dense layer of these sizes would hold more than MAX_DENSE_WEIGHTS. */
export function checkWeightCount(name: string, inputSize: number, units: number): void {
  if (inputSize * units <= MAX_DENSE_WEIGHTS) return;
  throw new ArgumentError(
    `Dense '${name}': ${inputSize} x ${units} = ${(inputSize * units).toLocaleString('en')} ` +
      `weights is more than one layer may hold (${MAX_DENSE_WEIGHTS.toLocaleString('en')}, ` +
      '1 GiB of float32); use fewer units.',
  );
}

/**
 * A fully connected layer, y = x W + b. W is stored [inputSize, units] as in Keras and
 * TensorFlow.js; PyTorch's nn.Linear stores its transpose, [units, inputSize].
 */
export class Dense implements Layer {
  readonly name: string;
  readonly parameters: Parameter[];
  readonly inputSize: number;
  readonly units: number;
  readonly useBias: boolean;

  constructor(options: DenseOptions) {
    const { name, inputSize, units, init = 'he', useBias = true } = options;
    for (const [label, size] of [
      ['inputSize', inputSize],
      ['units', units],
    ] as const) {
      if (!Number.isInteger(size) || size < 1) {
        throw new ArgumentError(
          `Dense '${name}': ${label} must be a positive integer, got ${size}.`,
        );
      }
    }
    checkWeightCount(name, inputSize, units);
    this.name = name;
    this.inputSize = inputSize;
    this.units = units;
    this.useBias = useBias;
    this.parameters = [
      {
        name: `${name}.weight`,
        shape: [inputSize, units],
        values: initializeWeights(init, inputSize, units, options.random),
      },
    ];
    if (useBias) {
      this.parameters.push({
        name: `${name}.bias`,
        shape: [units],
        values: new Float32Array(units),
      });
    }
  }

  outputSize(): number {
    return this.units;
  }

  build(
    builder: GraphBuilder,
    input: ValueInfo,
    parameters: ReadonlyMap<string, ValueInfo>,
  ): ValueInfo {
    const weight = parameters.get(`${this.name}.weight`);
    const bias = this.useBias ? parameters.get(`${this.name}.bias`) : undefined;
    return builder.op('Gemm', [input, weight, bias], {}, { name: this.name });
  }

  toConfig(): LayerConfig {
    return {
      type: 'dense',
      name: this.name,
      inputSize: this.inputSize,
      units: this.units,
      useBias: this.useBias,
    };
  }
}
