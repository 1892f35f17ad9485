import {
  ArgumentError,
  formatShape,
  ShapeError,
  type Graph,
  type Tensor,
  type ValueInfo,
} from '@rectifier/core';

function inputNames(graph: Graph): string {
  return graph.inputs.map((input) => `'${input.name}'`).join(', ') || 'none';
}

function mismatch(input: ValueInfo, shape: readonly number[], detail: string): ShapeError {
  return new ShapeError(
    `Feed '${input.name}' has shape ${formatShape(shape)}, but the graph declares ` +
      `${formatShape(input.shape)}${detail}.`,
  );
}

/**
 * Checks a run's feeds against the graph's inputs before ONNX Runtime sees them, so that a
 * mistake gets Rectifier's errors: an ArgumentError for a missing, unknown or mistyped feed, a
 * ShapeError naming both shapes for a shape that contradicts the declared one or binds a
 * symbolic dimension to two sizes. It runs on every eager call, so it allocates nothing unless
 * a graph has symbolic dimensions or a feed is wrong.
 */
export function checkFeeds(graph: Graph, feeds: Readonly<Record<string, Tensor>>): void {
  let count = 0;
  let bindings: Map<string, { size: number; feed: string }> | undefined;
  for (const input of graph.inputs) {
    const feed = feeds[input.name];
    if (!feed) {
      throw new ArgumentError(
        `Missing feed for input '${input.name}' ${formatShape(input.shape)} of graph ` +
          `'${graph.name}'; pass a tensor for each of ${inputNames(graph)}.`,
      );
    }
    count++;
    if (feed.dtype !== input.dtype) {
      throw new ArgumentError(
        `Feed '${input.name}' is ${feed.dtype}, but the graph declares ${input.dtype}.`,
      );
    }
    const { shape } = feed;
    if (shape.length !== input.shape.length) throw mismatch(input, shape, '');
    for (let axis = 0; axis < shape.length; axis++) {
      const dim = input.shape[axis] as number | string;
      const size = shape[axis] as number;
      if (typeof dim === 'number') {
        if (dim !== size)
          throw mismatch(input, shape, ` (dimension ${axis} is ${size}, not ${dim})`);
        continue;
      }
      bindings ??= new Map();
      const bound = bindings.get(dim);
      if (!bound) bindings.set(dim, { size, feed: input.name });
      else if (bound.size !== size) {
        const detail = ` and '${dim}' is ${bound.size} from feed '${bound.feed}', not ${size}`;
        throw mismatch(input, shape, detail);
      }
    }
  }

  if (Object.keys(feeds).length === count) return;
  for (const name of Object.keys(feeds)) {
    if (!graph.inputs.some((input) => input.name === name)) {
      throw new ArgumentError(
        `Graph '${graph.name}' has no input '${name}' to feed; its inputs are ${inputNames(graph)}.`,
      );
    }
  }
}
