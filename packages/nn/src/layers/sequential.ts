import {
  ArgumentError,
  createRandom,
  GraphBuilder,
  findActivation,
  type ValueInfo,
} from '@rectifier/core';
import { Activation } from './activation.js';
import { checkWeightCount, Dense } from './dense.js';
import { INITIALIZERS, type Initializer } from './initializers.js';
import { checkKnownKeys } from '../options.js';
import type { Layer, LayerConfig, Parameter } from './layer.js';

/** What a network's forward pass adds to a graph. */
export interface ForwardPass {
  readonly output: ValueInfo;
  /** The output of each rectified activation layer, for sparsity and dead units. */
  readonly rectified: ReadonlyMap<string, ValueInfo>;
  /** Every parameter's graph value, in the network's parameter order. */
  readonly parameters: ReadonlyMap<string, ValueInfo>;
}

/** A network as a saved model stores it: architecture and parameters. */
export interface NetworkConfig {
  readonly inputSize: number;
  readonly layers: readonly LayerConfig[];
}

/** A stack of layers applied in order, as Keras's and PyTorch's Sequential. */
export class Sequential {
  constructor(
    readonly inputSize: number,
    readonly layers: readonly Layer[],
  ) {
    let size = inputSize;
    for (const layer of layers) {
      if (layer instanceof Dense && layer.inputSize !== size) {
        throw new ArgumentError(
          `Dense '${layer.name}' expects ${layer.inputSize} inputs, but the layer before ` +
            `gives ${size}.`,
        );
      }
      size = layer.outputSize(size);
    }
    this.outputSize = size;
  }

  /** The feature size of the network's output. */
  readonly outputSize: number;

  /** Every parameter of every layer, in order. */
  get parameters(): Parameter[] {
    return this.layers.flatMap((layer) => layer.parameters);
  }

  /** The Dense layers, whose gradient norms and units the analysis reports. */
  get denseLayers(): Dense[] {
    return this.layers.filter((layer): layer is Dense => layer instanceof Dense);
  }

  /** Declares the parameters in `builder` and appends the forward pass of `input`. */
  build(builder: GraphBuilder, input: ValueInfo): ForwardPass {
    const parameters = new Map<string, ValueInfo>();
    for (const parameter of this.parameters) {
      parameters.set(
        parameter.name,
        builder.parameter(parameter.name, parameter.shape, parameter.values),
      );
    }

    const rectified = new Map<string, ValueInfo>();
    let value = input;
    for (const layer of this.layers) {
      value = layer.build(builder, value, parameters);
      if (layer instanceof Activation && layer.spec.rectified) rectified.set(layer.name, value);
    }
    return { output: value, rectified, parameters };
  }

  /** The architecture, without parameter values. */
  toConfig(): NetworkConfig {
    return { inputSize: this.inputSize, layers: this.layers.map((layer) => layer.toConfig()) };
  }

  /** Rebuilds a network from its architecture; parameters start as zeros until loaded. */
  static fromConfig(config: NetworkConfig): Sequential {
    const random = createRandom(0);
    const layers = config.layers.map((layer): Layer => {
      if (layer.type === 'dense') return new Dense({ ...layer, random });
      if (layer.type === 'activation')
        return new Activation(layer.name, layer.activation, layer.attributes);
      throw new ArgumentError(`Unknown layer type '${(layer as { type: string }).type}'.`);
    });
    return new Sequential(config.inputSize, layers);
  }
}

/** Options of a multilayer perceptron. */
export interface MlpOptions {
  readonly inputSize: number;
  readonly hidden: readonly number[];
  readonly outputs: number;
  /** The activation after each hidden layer, by name; ReLU by default. */
  readonly activation?: string;
  readonly attributes?: Record<string, number | string>;
  /** He for rectified activations and Glorot otherwise, unless given. */
  readonly init?: Initializer;
  readonly seed?: number;
}

const MLP_OPTIONS = ['inputSize', 'hidden', 'outputs', 'activation', 'attributes', 'init', 'seed'];

/**
 * A multilayer perceptron: Dense and activation layers, then a Dense output layer that
 * gives logits (the softmax lives in the loss).
 *
 * @example
 * const network = mlp({ inputSize: 784, hidden: [64, 32, 16], outputs: 10, seed: 1 });
 */
export function mlp(options: MlpOptions): Sequential {
  checkKnownKeys('mlp()', options, MLP_OPTIONS);
  const { inputSize, hidden, outputs, activation = 'relu', seed = 0 } = options;
  if (!Array.isArray(hidden)) {
    throw new ArgumentError('mlp() needs `hidden`, the hidden layer sizes, such as [64, 32, 16].');
  }
  if (options.init !== undefined && !INITIALIZERS.includes(options.init)) {
    throw new ArgumentError(
      `Unknown initialiser '${String(options.init)}'; use one of ${INITIALIZERS.join(', ')}.`,
    );
  }
  const init = options.init ?? (findActivation(activation).spec.rectified ? 'he' : 'glorot');
  // Every layer's size is checked before the first is allocated: a large one takes seconds.
  const sizes = [inputSize, ...hidden, outputs];
  for (let index = 1; index < sizes.length; index++) {
    checkWeightCount(`dense${index - 1}`, sizes[index - 1] as number, sizes[index] as number);
  }
  const random = createRandom(seed);
  const layers: Layer[] = [];
  let size = inputSize;
  hidden.forEach((units, index) => {
    layers.push(new Dense({ name: `dense${index}`, inputSize: size, units, init, random }));
    layers.push(new Activation(`${activation}${index}`, activation, options.attributes));
    size = units;
  });
  layers.push(
    new Dense({
      name: `dense${hidden.length}`,
      inputSize: size,
      units: outputs,
      init: 'glorot',
      random,
    }),
  );
  return new Sequential(inputSize, layers);
}

/** A new builder with the network's input declared, for graphs of one's own. */
export function networkInput(
  network: Sequential,
  name = 'x',
): { builder: GraphBuilder; input: ValueInfo } {
  const builder = new GraphBuilder('network');
  return { builder, input: builder.input(name, ['batch', network.inputSize]) };
}
