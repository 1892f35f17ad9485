import onnxProto from 'onnx-proto';
import type { onnx as proto } from 'onnx-proto';

// onnx-proto is CommonJS, so its classes come in through the default export.
const { onnx } = onnxProto;
const { FLOAT, INT } = onnx.AttributeProto.AttributeType;
const FLOAT_TYPE = onnx.TensorProto.DataType.FLOAT;
const INT64_TYPE = onnx.TensorProto.DataType.INT64;

/** The opset the step is written at, as @rectifier/onnx exports by default. */
export const STEP_OPSET = 17;

/** The names of the step's inputs and outputs that are not parameters. */
export const STEP_NAMES = { images: 'x', labels: 'labels', loss: 'loss' } as const;

/** What the hand-written step trains. */
export interface SgdStepSpec {
  /** Units of each layer, the input first: [784, 64, 32, 16, 10]. */
  readonly sizes: readonly number[];
  readonly learningRate: number;
  /** A batch size every batch has, or undefined for a symbolic one (a shorter last batch). */
  readonly batchSize?: number;
}

/** One parameter of the step: fed under `input`, its updated value fetched under `output`. */
export interface StepParameter {
  readonly input: string;
  readonly output: string;
  readonly shape: readonly number[];
}

/** A serialised ONNX model of one SGD step and what a caller needs to run it. */
export interface SgdStepModel {
  readonly bytes: Uint8Array;
  readonly nodeCount: number;
  /** Each layer's weight [inputs, units] and then its bias [units], layer by layer. */
  readonly parameters: readonly StepParameter[];
}

/** Adds nodes and constants to a graph under names of their own. */
class GraphWriter {
  readonly nodes: proto.INodeProto[] = [];
  readonly constants: proto.ITensorProto[] = [];

  node(
    opType: string,
    inputs: string[],
    attributes: proto.IAttributeProto[] = [],
    name = '',
  ): string {
    const output = name || `${opType.toLowerCase()}${this.nodes.length}`;
    this.nodes.push({
      opType,
      input: inputs,
      output: [output],
      name: output,
      attribute: attributes,
    });
    return output;
  }

  floats(name: string, dims: number[], values: number[]): string {
    this.constants.push({ name, dims, dataType: FLOAT_TYPE, floatData: values });
    return name;
  }

  int64s(name: string, dims: number[], values: number[]): string {
    this.constants.push({ name, dims, dataType: INT64_TYPE, int64Data: values });
    return name;
  }
}

const float = (name: string, f: number): proto.IAttributeProto => ({ name, type: FLOAT, f });
const int = (name: string, i: number): proto.IAttributeProto => ({ name, type: INT, i });

function tensorInfo(name: string, type: number, dims: (number | string)[]): proto.IValueInfoProto {
  const dim = dims.map((size) =>
    typeof size === 'number' ? { dimValue: size } : { dimParam: size },
  );
  return { name, type: { tensorType: { elemType: type, shape: { dim } } } };
}

/**
 * One whole training step of a ReLU MLP, written by hand as standard ONNX ops: the forward
 * pass, softmax cross-entropy with mean reduction, its gradient, and plain SGD. The parameters
 * are inputs and their updated values outputs, so that a caller feeds each step's outputs to
 * the next. It uses nothing of Rectifier, so that it is an independent reference.
 */
export function sgdStepModel(spec: SgdStepSpec): SgdStepModel {
  const { sizes, learningRate } = spec;
  const layers = sizes.length - 1;
  const batch = spec.batchSize ?? 'batch';
  const graph = new GraphWriter();
  const weight = (layer: number) => `weight${layer}`;
  const bias = (layer: number) => `bias${layer}`;
  const parameters: StepParameter[] = [];
  for (let layer = 0; layer < layers; layer++) {
    const [inputs, units] = [sizes[layer] as number, sizes[layer + 1] as number];
    parameters.push({
      input: weight(layer),
      output: `${weight(layer)}.next`,
      shape: [inputs, units],
    });
    parameters.push({ input: bias(layer), output: `${bias(layer)}.next`, shape: [units] });
  }

  // Forward: Gemm and Relu per hidden layer; logits out of the last Gemm.
  const layerInputs: string[] = [STEP_NAMES.images];
  let logits: string = STEP_NAMES.images;
  for (let layer = 0; layer < layers; layer++) {
    logits = graph.node('Gemm', [logits, weight(layer), bias(layer)]);
    if (layer < layers - 1) layerInputs.push((logits = graph.node('Relu', [logits])));
  }

  // Loss: the mean of -log p[label]. The one-hot holds -1 at the label, so that the same
  // tensor gives the loss (a sum of products) and the gradient (probabilities plus it).
  const classes = sizes[layers] as number;
  const logProbabilities = graph.node('LogSoftmax', [logits], [int('axis', -1)]);
  const negativeOneHot = graph.node('OneHot', [
    STEP_NAMES.labels,
    graph.int64s('classes', [], [classes]),
    graph.floats('off_on', [2], [0, -1]),
  ]);
  const inverseBatch =
    typeof batch === 'number'
      ? graph.floats('inverse_batch', [], [1 / batch])
      : symbolicInverseBatch(graph);
  const summed = graph.node(
    'ReduceSum',
    [graph.node('Mul', [negativeOneHot, logProbabilities])],
    [int('keepdims', 0)],
  );
  graph.node('Mul', [summed, inverseBatch], [], STEP_NAMES.loss);

  // Its gradient at the logits: (softmax - onehot) / batch.
  const probabilities = graph.node('Exp', [logProbabilities]);
  let gradient = graph.node('Mul', [
    graph.node('Add', [probabilities, negativeOneHot]),
    inverseBatch,
  ]);

  // Backward, last layer first. Gemm's alpha and C fold the update into the weight's
  // gradient: W + (-lr) * input^T gradient. The gradient of a layer's input uses the old W.
  const zero = graph.floats('zero', [], [0]);
  const rate = graph.floats('learning_rate', [], [learningRate]);
  const batchAxis = graph.int64s('batch_axis', [1], [0]);
  for (let layer = layers - 1; layer >= 0; layer--) {
    const input = layerInputs[layer] as string;
    graph.node(
      'Gemm',
      [input, gradient, weight(layer)],
      [int('transA', 1), float('alpha', -learningRate), float('beta', 1)],
      `${weight(layer)}.next`,
    );
    const biasGradient = graph.node('ReduceSum', [gradient, batchAxis], [int('keepdims', 0)]);
    const step = graph.node('Mul', [biasGradient, rate]);
    graph.node('Sub', [bias(layer), step], [], `${bias(layer)}.next`);
    if (layer === 0) break;

    // ReLU's gradient: passed where the activation is positive, 0 elsewhere.
    const inputGradient = graph.node('Gemm', [gradient, weight(layer)], [int('transB', 1)]);
    const positive = graph.node('Greater', [input, zero]);
    gradient = graph.node('Where', [positive, inputGradient, zero]);
  }

  const model: proto.IModelProto = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: STEP_OPSET }],
    producerName: '@rectifier/bench',
    graph: {
      name: 'sgd_step',
      node: graph.nodes,
      initializer: graph.constants,
      input: [
        tensorInfo(STEP_NAMES.images, FLOAT_TYPE, [batch, sizes[0] as number]),
        tensorInfo(STEP_NAMES.labels, INT64_TYPE, [batch]),
        ...parameters.map(({ input, shape }) => tensorInfo(input, FLOAT_TYPE, [...shape])),
      ],
      output: [
        tensorInfo(STEP_NAMES.loss, FLOAT_TYPE, []),
        ...parameters.map(({ output, shape }) => tensorInfo(output, FLOAT_TYPE, [...shape])),
      ],
    },
  };
  return {
    bytes: onnx.ModelProto.encode(model).finish(),
    nodeCount: graph.nodes.length,
    parameters,
  };
}

// 1 / batch from the images' shape, a scalar: Shape, Gather, Cast, Reciprocal.
function symbolicInverseBatch(graph: GraphWriter): string {
  const shape = graph.node('Shape', [STEP_NAMES.images]);
  const rows = graph.node('Gather', [shape, graph.int64s('first', [], [0])], [int('axis', 0)]);
  const count = graph.node('Cast', [rows], [int('to', FLOAT_TYPE)]);
  return graph.node('Reciprocal', [count]);
}
