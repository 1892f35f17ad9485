import {
  GraphBuilder,
  vjp,
  type DType,
  type GraphNode,
  type TypedArray,
  type ValueInfo,
} from '@rectifier/core';
import type { JsonCase, TensorSpec } from './case.js';
import { atPrecision, toleranceOf, type Tolerance } from './tolerances.js';
import type { Check, Feed, ForwardProblem, Trial } from './trial.js';
import { decodeValues, invalidCase } from './values.js';

interface Decoded {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly values: TypedArray;
}

function decode(spec: TensorSpec, where: string): Decoded {
  return { shape: spec.shape, dtype: spec.dtype ?? 'float32', values: decodeValues(spec, where) };
}

/** The case's op applied in a fresh builder; parameters are initialisers unless fed. */
function applyOp(testCase: JsonCase, feedParameters: boolean) {
  const where = `case '${testCase.name}'`;
  const builder = new GraphBuilder(testCase.name);
  const feeds: Feed[] = [];
  const byName = new Map<string, ValueInfo>();
  const inputs = testCase.inputs.map((input) => {
    if (!input) return undefined;
    const { dtype, values } = decode(input, `${where} input '${input.name}'`);
    const fed = input.role !== 'parameter' || feedParameters;
    const value = fed
      ? builder.input(input.name, input.shape, dtype)
      : builder.parameter(input.name, input.shape, values);
    if (fed) feeds.push({ name: input.name, shape: input.shape, dtype, values });
    byName.set(input.name, value);
    return value;
  });
  const outputs = builder.opOutputs(testCase.op, inputs, testCase.attributes ?? {}, {
    outputs: testCase.outputs.length,
    outputNames: testCase.outputs.map((output) => output.name),
  });
  for (const output of outputs) builder.output(output);
  const node = builder.appliedNodes().at(-1) as GraphNode;
  return { builder, feeds, outputs, byName, node, where };
}

function caseTolerance(
  testCase: JsonCase,
  node: GraphNode,
  precision: 'float32' | 'float16',
): Tolerance {
  if (testCase.tolerance) return atPrecision(testCase.tolerance, precision);
  const shapes = testCase.inputs.map((input) => input?.shape);
  return toleranceOf(testCase.op, shapes, node.attributes, precision);
}

/** The expected gradients of a case, each with the name of what it differentiates. */
function expectedGradients(testCase: JsonCase): { spec: TensorSpec; kind: string }[] {
  const backward = testCase.backward;
  return [
    ...(backward?.inputGradients ?? []).map((spec) => ({ spec, kind: 'gradient of' })),
    ...(backward?.parameterGradients ?? []).map((spec) => ({
      spec,
      kind: 'gradient of parameter',
    })),
  ];
}

/** The run of a JSON case: its op, and its backward pass when the case has one. */
export function jsonTrial(testCase: JsonCase, precision: 'float32' | 'float16'): Trial {
  const { builder, feeds, outputs, byName, node, where } = applyOp(testCase, false);
  const tolerance = caseTolerance(testCase, node, precision);
  const checks: Check[] = testCase.outputs.map((spec, index) => ({
    output: (outputs[index] as ValueInfo).name,
    tensor: `output ${spec.name}`,
    tolerance,
    ...decode(spec, `${where} output '${spec.name}'`),
  }));
  if (!testCase.backward) return { graph: builder.build(), feeds, checks };

  const upstream = testCase.backward.outputGradients.map((spec, index) => {
    if (!spec) return undefined;
    const output = outputs[index] as ValueInfo;
    const name = `${output.name}:upstream`;
    const decoded = decode(spec, `${where} output gradient '${spec.name}'`);
    feeds.push({ name, ...decoded });
    return builder.input(name, spec.shape, decoded.dtype);
  });
  const wanted = expectedGradients(testCase);
  const wrt = wanted.map(({ spec }) => {
    const value = byName.get(spec.name);
    if (!value) throw invalidCase(where, `it expects a gradient of '${spec.name}', no input.`);
    return value;
  });
  const grads = vjp(builder, outputs, upstream, wrt);
  wanted.forEach(({ spec, kind }, index) => {
    const output = builder.output(grads[index] as ValueInfo, `${spec.name}:gradient`);
    const decoded = decode(spec, `${where} gradient of '${spec.name}'`);
    checks.push({ output: output.name, tensor: `${kind} ${spec.name}`, tolerance, ...decoded });
  });
  return { graph: builder.build(), feeds, checks };
}

/** The forward pass of a JSON case with a backward part, every parameter fed as an input. */
export function jsonForwardProblem(testCase: JsonCase): ForwardProblem {
  const { builder, feeds, outputs, where } = applyOp(testCase, true);
  const upstream = (testCase.backward?.outputGradients ?? []).flatMap((spec, index) =>
    spec
      ? [{ output: (outputs[index] as ValueInfo).name, values: decode(spec, where).values }]
      : [],
  );
  const gradients = expectedGradients(testCase).map(({ spec, kind }) => ({
    feed: spec.name,
    tensor: `${kind} ${spec.name}`,
    expected: decode(spec, `${where} gradient of '${spec.name}'`).values,
  }));
  return {
    graph: builder.build(),
    feeds,
    upstream: upstream as ForwardProblem['upstream'],
    gradients: gradients as ForwardProblem['gradients'],
  };
}
