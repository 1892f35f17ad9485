import {
  ArgumentError,
  formatShape,
  ShapeError,
  type Graph,
  type Tensor,
  type ValueInfo,
} from '@rectifier/core';

/**
 * Checks a run's feeds against the graph's inputs and binds the symbolic dimensions from
 * their shapes. A missing or unknown feed, or a feed of the wrong dtype, is an ArgumentError;
 * a shape that contradicts the declared one, or a symbol bound to two sizes, a ShapeError
 * naming both shapes.
 */
export function bindFeeds(
  graph: Graph,
  feeds: Readonly<Record<string, Tensor>>,
): Map<string, number> {
  const names = () => graph.inputs.map((input) => `'${input.name}'`).join(', ') || 'none';
  for (const name of Object.keys(feeds)) {
    if (!graph.inputs.some((input) => input.name === name)) {
      throw new ArgumentError(
        `Graph '${graph.name}' has no input '${name}' to feed; its inputs are ${names()}.`,
      );
    }
  }

  const bindings = new Map<string, number>();
  const boundBy = new Map<string, string>();
  for (const input of graph.inputs) {
    const feed = feeds[input.name];
    if (!feed) {
      throw new ArgumentError(
        `Missing feed for input '${input.name}' ${formatShape(input.shape)} of graph ` +
          `'${graph.name}'; pass a tensor for each of ${names()}.`,
      );
    }
    if (typeof feed.dtype !== 'string' || !Array.isArray(feed.shape)) {
      throw new ArgumentError(
        `Feed '${input.name}' is not a tensor; make one with backend.tensor(values, shape).`,
      );
    }
    if (feed.dtype !== input.dtype) {
      throw new ArgumentError(
        `Feed '${input.name}' is ${feed.dtype}, but the graph declares ${input.dtype}.`,
      );
    }
    bindInput(input, feed.shape, bindings, boundBy);
  }
  return bindings;
}

function bindInput(
  input: ValueInfo,
  shape: readonly number[],
  bindings: Map<string, number>,
  boundBy: Map<string, string>,
): void {
  const mismatch = (detail: string) =>
    new ShapeError(
      `Feed '${input.name}' has shape ${formatShape(shape)}, but the graph declares ` +
        `${formatShape(input.shape)}${detail}.`,
    );
  if (shape.length !== input.shape.length) throw mismatch('');

  input.shape.forEach((dim, axis) => {
    const size = shape[axis] as number;
    if (typeof dim === 'number') {
      if (dim !== size) throw mismatch(` (dimension ${axis} is ${size}, not ${dim})`);
      return;
    }
    const bound = bindings.get(dim);
    if (bound === undefined) {
      bindings.set(dim, size);
      boundBy.set(dim, input.name);
    } else if (bound !== size) {
      throw mismatch(` and '${dim}' is ${bound} from feed '${boundBy.get(dim)}', not ${size}`);
    }
  });
}

/** The key plans are cached by: each symbol with its size, in a fixed order. */
export function bindingsKey(bindings: ReadonlyMap<string, number>): string {
  return [...bindings]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, size]) => `${name}=${size}`)
    .join(',');
}
