import { GraphError, vjp, type Graph, type GraphBuilder, type ValueInfo } from '@rectifier/core';
import { decodeTensor, importModel, type DecodedTensor, type ImportedModel } from '@rectifier/onnx';
import type { OnnxCase, OnnxDataSet } from './case.js';
import { concreteShape, replayGraph } from './replay.js';
import { loosest, toleranceOf, type Tolerance } from './tolerances.js';
import type { Check, Feed, ForwardProblem, Trial } from './trial.js';
import { invalidCase } from './values.js';

/** A data set's tensors decoded, and the model imported with its int64 inputs bound. */
interface Loaded {
  readonly model: ImportedModel;
  readonly where: string;
  readonly feeds: Feed[];
  /** Input K's graph input name, by K. */
  readonly inputNames: readonly string[];
  readonly outputs: readonly DecodedTensor[];
}

function load(testCase: OnnxCase, set: OnnxDataSet): Loaded {
  const where = `${testCase.source}/${set.name}`;
  const inputs = set.inputs.map((bytes, k) => decodeTensor(bytes, `${where}/input_${k}.pb`));
  // Rectifier reads axes and shapes into attributes, so int64 inputs become constants.
  const constants = Object.fromEntries(
    inputs.filter((t) => t.dtype === 'int64' && t.name).map((t) => [t.name, t]),
  );
  const model = importModel(testCase.model, { source: `${testCase.source}/model.onnx`, constants });

  const unbound = model.inputs.filter((name) => !(name in constants));
  let position = 0;
  const inputNames = inputs.map((tensor) => {
    if (tensor.name && tensor.name in constants) return tensor.name;
    const name = tensor.name || unbound[position];
    position++;
    if (!name || !model.inputs.includes(name)) {
      throw invalidCase(where, `input '${tensor.name}' is no input of the model.`);
    }
    return name;
  });
  const feeds = inputs.flatMap((tensor, k) =>
    (inputNames[k] as string) in constants ? [] : [{ ...tensor, name: inputNames[k] as string }],
  );

  const outputs = set.outputs.map((bytes, k) => decodeTensor(bytes, `${where}/output_${k}.pb`));
  if (outputs.length !== model.outputs.length) {
    throw invalidCase(where, `${outputs.length} outputs for a model with ${model.outputs.length}.`);
  }
  return { model, where, feeds, inputNames, outputs };
}

/** The loosest tolerance of the model's ops. */
function graphTolerance(graph: Graph, precision: 'float32' | 'float16'): Tolerance {
  let tolerance: Tolerance = { rtol: 0, atol: 0 };
  for (const node of graph.nodes) {
    const shapes = node.inputs.map((name) => concreteShape(graph.values.get(name)));
    tolerance = loosest(tolerance, toleranceOf(node.op, shapes, node.attributes, precision));
  }
  return tolerance;
}

/** The expected gradients of a data set, by the graph value they belong to. */
function gradientsOf(loaded: Loaded, set: OnnxDataSet) {
  const wanted: { value: string; tensor: string; expected: DecodedTensor }[] = [];
  for (const [k, bytes] of set.inputGradients) {
    const value = loaded.inputNames[k];
    if (!value) throw invalidCase(loaded.where, `input_grad_${k}.pb has no input_${k}.pb.`);
    const expected = decodeTensor(bytes, `${loaded.where}/input_grad_${k}.pb`);
    wanted.push({ value, tensor: `gradient of ${value}`, expected });
  }
  set.parameterGradients.forEach((bytes, j) => {
    const expected = decodeTensor(bytes, `${loaded.where}/param_grad_${j}.pb`);
    const value = expected.name;
    if (!loaded.model.graph.initializers.some((init) => init.name === value)) {
      throw invalidCase(loaded.where, `param_grad_${j}.pb names '${value}', no initialiser.`);
    }
    wanted.push({ value, tensor: `gradient of parameter ${value}`, expected });
  });
  if (wanted.length === 0) {
    throw invalidCase(
      loaded.where,
      'it has output_grad_K.pb files but no input_grad_K.pb or param_grad_J.pb to check them ' +
        'against; add the expected gradients, or remove the output gradients.',
    );
  }
  return wanted;
}

/** The upstream gradients fed as inputs `<output>:upstream`, added to builder and feeds. */
function upstreamInputs(loaded: Loaded, set: OnnxDataSet, builder: GraphBuilder, feeds: Feed[]) {
  return loaded.model.outputs.map((output, k) => {
    const bytes = set.outputGradients.get(k);
    if (!bytes) return undefined;
    const grad = decodeTensor(bytes, `${loaded.where}/output_grad_${k}.pb`);
    const name = `${output}:upstream`;
    feeds.push({ ...grad, name });
    // Declared like the output it flows into, so that a symbolic batch dimension binds from
    // the feeds; a gradient that does not fit that shape is still refused when it runs.
    const declared = builder.value(output).shape;
    const fits =
      declared.length === grad.shape.length &&
      declared.every((dim, axis) => typeof dim === 'string' || dim === grad.shape[axis]);
    return builder.input(name, fits ? declared : grad.shape, grad.dtype);
  });
}

/** The runs of an ONNX case, one per data set, with its backward pass where it has one. */
export function onnxTrials(testCase: OnnxCase, precision: 'float32' | 'float16'): Trial[] {
  return testCase.dataSets.map((set) => {
    const loaded = load(testCase, set);
    const { model } = loaded;
    const tolerance = graphTolerance(model.graph, precision);
    const label = testCase.dataSets.length > 1 ? `${set.name} ` : '';
    const checks: Check[] = loaded.outputs.map((expected, k) => ({
      output: model.outputs[k] as string,
      tensor: `${label}output ${model.outputs[k]}`,
      tolerance,
      ...expected,
    }));
    if (set.outputGradients.size === 0) return { graph: model.graph, feeds: loaded.feeds, checks };

    const builder = replayGraph(model.graph);
    const feeds = [...loaded.feeds];
    const upstream = upstreamInputs(loaded, set, builder, feeds);
    const wanted = gradientsOf(loaded, set);
    const outputs = model.outputs.map((name) => builder.value(name));
    const grads = vjp(
      builder,
      outputs,
      upstream,
      wanted.map(({ value }) => builder.value(value)),
    );
    wanted.forEach(({ value, tensor, expected }, index) => {
      const output = builder.output(grads[index] as ValueInfo, `${value}:gradient`);
      checks.push({ output: output.name, tensor: `${label}${tensor}`, tolerance, ...expected });
    });
    return { graph: builder.build(), feeds, checks };
  });
}

/** The forward passes of an ONNX case with gradients, its parameters fed as inputs. */
export function onnxForwardProblems(testCase: OnnxCase): ForwardProblem[] {
  return testCase.dataSets
    .filter((set) => set.outputGradients.size > 0)
    .map((set) => {
      const loaded = load(testCase, set);
      const wanted = gradientsOf(loaded, set);
      const parameters = new Set(
        wanted.filter(({ value }) => !loaded.inputNames.includes(value)).map(({ value }) => value),
      );
      const feeds = [...loaded.feeds];
      for (const init of loaded.model.graph.initializers) {
        if (parameters.has(init.name)) feeds.push(init);
      }
      const upstream = loaded.model.outputs.flatMap((output, k) => {
        const bytes = set.outputGradients.get(k);
        if (!bytes) return [];
        const grad = decodeTensor(bytes, `${loaded.where}/output_grad_${k}.pb`);
        if (!(grad.values instanceof Float32Array)) {
          throw new GraphError(`${loaded.where}: output_grad_${k}.pb must be float32.`);
        }
        return [{ output, values: grad.values }];
      });
      const gradients = wanted.map(({ value, tensor, expected }) => ({
        feed: value,
        tensor,
        expected: expected.values as Float32Array,
      }));
      return {
        graph: replayGraph(loaded.model.graph, parameters).build(),
        feeds,
        upstream,
        gradients,
      };
    });
}
