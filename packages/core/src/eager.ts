import { findActivation } from './activations/index.js';
import { resolveAttributes, type Attributes, type AttributeValue } from './attributes.js';
import type { Backend, Program } from './backend.js';
import { ArgumentError } from './errors.js';
import { GraphBuilder } from './graph-builder.js';
import { gradOpName } from './ops/activations.js';
import { getOp } from './ops/registry.js';
import type { Tensor } from './tensor.js';

const programs = new WeakMap<Backend, Map<string, Promise<Program>>>();

function signature(op: string, attributes: Attributes, inputs: readonly Tensor[]): string {
  const shapes = inputs.map((input) => `${input.dtype}[${input.shape.join(',')}]`);
  return `${op}|${JSON.stringify(attributes)}|${shapes.join('|')}`;
}

function compileOne(op: string, attributes: Attributes, inputs: readonly Tensor[]) {
  const builder = new GraphBuilder(op);
  // Inputs take the op's own input names, so that errors speak of 'dY' and 'X'.
  const declared = getOp(op).inputs.map((input) => input.name);
  const unique = new Set(declared).size === declared.length;
  const values = inputs.map((input, index) =>
    builder.input((unique && declared[index]) || `input${index}`, input.shape, input.dtype),
  );
  for (const output of builder.opOutputs(op, values, attributes)) builder.output(output);
  return (inputs[0] as Tensor).backend.compile(builder.build());
}

/**
 * Runs one op on tensors of one backend and returns its outputs. The one-node graph is
 * compiled once per signature (op, attributes, shapes and dtypes) and cached.
 */
export async function runOp(
  op: string,
  inputs: readonly Tensor[],
  attributes: Attributes = {},
): Promise<Tensor[]> {
  const backend = inputs[0]?.backend;
  if (!backend) throw new ArgumentError(`runOp('${op}') needs at least one input tensor.`);
  if (inputs.some((input) => input.backend !== backend)) {
    throw new ArgumentError(`runOp('${op}'): all inputs must live on the same backend.`);
  }

  let cache = programs.get(backend);
  if (!cache) programs.set(backend, (cache = new Map()));
  const key = signature(op, attributes, inputs);
  let program = cache.get(key);
  if (!program) {
    program = compileOne(op, attributes, inputs);
    cache.set(key, program);
    program.catch(() => cache.delete(key));
  }

  const compiled = await program;
  const feeds = Object.fromEntries(
    compiled.graph.inputs.map((input, index) => [input.name, inputs[index] as Tensor]),
  );
  const outputs = await compiled.run(feeds);
  return compiled.graph.outputs.map((output) => outputs[output.name] as Tensor);
}

function activationCall(name: string, attributes: Attributes) {
  const { spec, attributes: implied } = findActivation(name);
  // Checked against the activation's own parameters, so that a wrong name is reported as
  // the user spelt it (PReLU's slope is a parameter here, an input of the PRelu op).
  const merged = resolveAttributes(spec.title, spec.attributes, { ...implied, ...attributes });
  return { spec, merged };
}

function slopeTensor(x: Tensor, merged: Record<string, AttributeValue>): Tensor {
  const slope = merged.slope as number;
  delete merged.slope;
  return x.backend.tensor([slope], [1]);
}

/**
 * Applies an activation by name to a tensor.
 *
 * @example
 * const y = await activate('leaky-relu', x, { alpha: 0.1 });
 */
export async function activate(
  name: string,
  x: Tensor,
  attributes: Attributes = {},
): Promise<Tensor<'float32'>> {
  const { spec, merged } = activationCall(name, attributes);
  const inputs = spec.kind === 'prelu' ? [x, slopeTensor(x, merged)] : [x];
  return (await runOp(spec.op, inputs, merged))[0] as Tensor<'float32'>;
}

/**
 * The gradient of an activation with respect to its input: `gradOutput * f'(x)`.
 * With the default `gradOutput` of ones it is the derivative itself.
 *
 * @example
 * const slope = await activationGrad('relu', x); // 1 where x > 0, else 0
 */
export async function activationGrad(
  name: string,
  x: Tensor,
  gradOutput?: Tensor,
  attributes: Attributes = {},
): Promise<Tensor<'float32'>> {
  const { spec, merged } = activationCall(name, attributes);
  const upstream = gradOutput ?? x.backend.tensor(new Float32Array(x.size).fill(1), x.shape);
  let outputs: Tensor[];
  if (spec.kind === 'prelu') {
    outputs = await runOp('PReluGrad', [upstream, x, slopeTensor(x, merged)], merged);
  } else if (spec.kind === 'softmax') {
    const y = (await runOp('Softmax', [x], merged))[0] as Tensor;
    outputs = await runOp('SoftmaxGrad', [upstream, y], merged);
  } else if (spec.op === 'Identity') {
    // The identity's gradient is the upstream gradient itself, whatever x holds.
    outputs = await runOp('Identity', [upstream]);
  } else {
    outputs = await runOp(gradOpName(spec.op), [upstream, x], merged);
  }
  return outputs[0] as Tensor<'float32'>;
}
