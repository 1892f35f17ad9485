import { findActivation, type ActivationSpec } from './activations/index.js';
import type { Attributes } from './attributes.js';
import type { Backend, Program } from './backend.js';
import { ArgumentError } from './errors.js';
import { GraphBuilder } from './graph-builder.js';
import { gradOpName } from './ops/activations.js';
import type { Tensor } from './tensor.js';

const programs = new WeakMap<Backend, Map<string, Promise<Program>>>();

function signature(op: string, attributes: Attributes, inputs: readonly Tensor[]): string {
  const shapes = inputs.map((input) => `${input.dtype}[${input.shape.join(',')}]`);
  return `${op}|${JSON.stringify(attributes)}|${shapes.join('|')}`;
}

function compileOne(op: string, attributes: Attributes, inputs: readonly Tensor[]) {
  const builder = new GraphBuilder(op);
  const values = inputs.map((input, index) =>
    builder.input(`input${index}`, input.shape, input.dtype),
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
  const feeds = Object.fromEntries(inputs.map((input, index) => [`input${index}`, input]));
  const outputs = await compiled.run(feeds);
  return compiled.graph.outputs.map((output) => outputs[output.name] as Tensor);
}

function activationCall(name: string, attributes: Attributes) {
  const { spec, attributes: implied } = findActivation(name);
  const merged: Record<string, Attributes[string]> = { ...implied, ...attributes };
  return { spec, merged };
}

function slopeTensor(spec: ActivationSpec, x: Tensor, merged: Record<string, unknown>): Tensor {
  const slope =
    (merged.slope as number | undefined) ?? (spec.attributes.slope as { default: number }).default;
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
): Promise<Tensor> {
  const { spec, merged } = activationCall(name, attributes);
  const inputs = spec.kind === 'prelu' ? [x, slopeTensor(spec, x, merged)] : [x];
  return (await runOp(spec.op, inputs, merged))[0] as Tensor;
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
): Promise<Tensor> {
  const { spec, merged } = activationCall(name, attributes);
  const upstream = gradOutput ?? x.backend.tensor(new Float32Array(x.size).fill(1), x.shape);
  if (spec.kind === 'prelu') {
    const slope = slopeTensor(spec, x, merged);
    return (await runOp('PReluGrad', [upstream, x, slope], merged))[0] as Tensor;
  }
  if (spec.kind === 'softmax') {
    const y = (await runOp('Softmax', [x], merged))[0] as Tensor;
    return (await runOp('SoftmaxGrad', [upstream, y], merged))[0] as Tensor;
  }
  if (spec.op === 'Identity') return upstream;
  return (await runOp(gradOpName(spec.op), [upstream, x], merged))[0] as Tensor;
}
