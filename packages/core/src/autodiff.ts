import { GraphError, ShapeError } from './errors.js';
import type { GraphBuilder } from './graph-builder.js';
import type { GraphNode, ValueInfo } from './graph.js';
import { getOp } from './ops/registry.js';
import { formatShape, isConcrete, sameShape, sizeOf } from './shape.js';

/** Values that depend on any of `sources`, by forward propagation over the node list. */
function dependents(nodes: readonly GraphNode[], sources: ReadonlySet<string>): Set<string> {
  const reached = new Set(sources);
  for (const node of nodes) {
    if (node.inputs.some((input) => reached.has(input))) {
      for (const output of node.outputs) reached.add(output);
    }
  }
  return reached;
}

/**
 * Appends to `builder` the backward pass of everything it holds so far: the gradient of the
 * scalar `loss` with respect to each of `wrt`, built from the ops' gradient rules in reverse
 * order. Contributions to a value used more than once are summed.
 *
 * Returns one gradient per entry of `wrt`; a parameter the loss does not depend on gets a
 * zero gradient constant, so an optimiser can treat all parameters alike.
 */
export function gradients(
  builder: GraphBuilder,
  loss: ValueInfo,
  wrt: readonly ValueInfo[],
): ValueInfo[] {
  if (!isConcrete(loss.shape) || sizeOf(loss.shape) !== 1) {
    throw new GraphError(
      `gradients() needs a scalar loss; '${loss.name}' has shape ${formatShape(loss.shape)}.`,
    );
  }
  const seed = builder.constant(1, [...loss.shape] as number[], `${loss.name}.seed`);
  return vjp(builder, [loss], [seed], wrt);
}

/**
 * The vector-Jacobian product: appends to `builder` the gradients with respect to `wrt` of
 * sum over k of sum(outputs[k] * outputGrads[k]), without building that sum. Each given
 * gradient seeds the backward pass at its output, as the upstream gradient would; an
 * `undefined` entry means no gradient flows into that output.
 *
 * @example
 * const dy = builder.input('dy', y.shape);
 * const [dx] = vjp(builder, [y], [dy], [x]); // dx = dy * f'(x) for y = f(x)
 */
export function vjp(
  builder: GraphBuilder,
  outputs: readonly ValueInfo[],
  outputGrads: readonly (ValueInfo | undefined)[],
  wrt: readonly ValueInfo[],
): ValueInfo[] {
  if (outputGrads.length !== outputs.length) {
    throw new GraphError(
      `vjp() needs one gradient per output: ${outputs.length} outputs, ` +
        `${outputGrads.length} gradients.`,
    );
  }
  const contributions = new Map<string, ValueInfo[]>();
  outputs.forEach((output, index) => {
    const grad = outputGrads[index];
    if (!grad) return;
    if (!sameShape(grad.shape, output.shape) || grad.dtype !== output.dtype) {
      throw new ShapeError(
        `vjp(): the gradient '${grad.name}' ${grad.dtype} ${formatShape(grad.shape)} must ` +
          `match output '${output.name}' ${output.dtype} ${formatShape(output.shape)}.`,
      );
    }
    contributions.set(output.name, [...(contributions.get(output.name) ?? []), grad]);
  });
  return backward(builder, contributions, wrt);
}

/** Runs the gradient rules in reverse from the seeded contributions; returns wrt's gradients. */
function backward(
  builder: GraphBuilder,
  contributions: Map<string, ValueInfo[]>,
  wrt: readonly ValueInfo[],
): ValueInfo[] {
  const forward = builder.appliedNodes();
  const needed = dependents(forward, new Set(wrt.map((value) => value.name)));

  const sum = (name: string): ValueInfo | undefined => {
    const parts = contributions.get(name);
    if (!parts || parts.length === 0) return undefined;
    let total = parts[0] as ValueInfo;
    for (const part of parts.slice(1)) total = builder.op('Add', [total, part]);
    contributions.set(name, [total]);
    return total;
  };

  for (let index = forward.length - 1; index >= 0; index--) {
    const node = forward[index] as GraphNode;
    if (!node.outputs.some((output) => needed.has(output))) continue;
    const gradOutputs = node.outputs.map(sum);
    if (gradOutputs.every((grad) => grad === undefined)) continue;

    const def = getOp(node.op);
    const wanted = node.inputs.map(
      (input, position) =>
        input !== '' && needed.has(input) && def.inputs[position]?.differentiable !== false,
    );
    if (!wanted.some(Boolean)) continue;
    if (!def.gradient) {
      throw new GraphError(
        `${node.op} (node '${node.name}') has no gradient rule, so no gradient flows through it.`,
      );
    }

    const grads = def.gradient({
      builder,
      node,
      inputs: node.inputs.map((input) => (input === '' ? undefined : builder.value(input))),
      outputs: node.outputs.map((output) => builder.value(output)),
      gradOutputs,
      attributes: node.attributes,
      wanted,
    });
    grads.forEach((grad, position) => {
      const input = node.inputs[position];
      if (!grad || !input || !wanted[position]) return;
      const parts = contributions.get(input) ?? [];
      parts.push(grad);
      contributions.set(input, parts);
    });
  }

  return wrt.map((value) => {
    const grad = sum(value.name);
    if (grad) return grad;
    const shape = value.shape as number[];
    return builder.constant(new Float32Array(sizeOf(shape)), shape, `${value.name}.zero_grad`);
  });
}
