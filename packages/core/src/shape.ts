import { ShapeError } from './errors.js';

/** One dimension: a size, or a symbol such as `'batch'` that is fixed only when a graph runs. */
export type Dim = number | string;

/** A tensor shape; `[]` is a scalar. */
export type Shape = readonly Dim[];

/** Formats a shape the way error messages show it: `[batch, 784]`. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** The number of elements of a concrete shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/** Whether every dimension is a number. */
export function isConcrete(shape: Shape): shape is readonly number[] {
  return shape.every((dim) => typeof dim === 'number');
}

/** Whether two dimensions are the same size or the same symbol. */
export function sameDim(a: Dim, b: Dim): boolean {
  return a === b;
}

/** Whether two shapes are equal, dimension by dimension. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((dim, axis) => sameDim(dim, b[axis] as Dim));
}

/**
 * The shape NumPy-style (and ONNX multidirectional) broadcasting gives two shapes.
 * Symbolic dimensions broadcast against 1 and against themselves.
 */
export function broadcastShapes(a: Shape, b: Shape, context: string): Dim[] {
  const rank = Math.max(a.length, b.length);
  const result: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const dimA = a[a.length - rank + i] ?? 1;
    const dimB = b[b.length - rank + i] ?? 1;
    if (dimA === dimB || dimB === 1) result.push(dimA);
    else if (dimA === 1) result.push(dimB);
    else {
      throw new ShapeError(
        `${context}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast ` +
          `(dimension ${i} is ${dimA} against ${dimB}).`,
      );
    }
  }
  return result;
}

/**
 * Resolves a possibly negative axis against a rank, or throws naming the allowed range. A
 * scalar is treated as rank 1, as PyTorch does, so that axis 0 and -1 both name it.
 */
export function normalizeAxis(axis: number, rank: number, context: string): number {
  const effectiveRank = Math.max(rank, 1);
  const resolved = axis < 0 ? axis + effectiveRank : axis;
  if (!Number.isInteger(axis) || resolved < 0 || resolved >= effectiveRank) {
    throw new ShapeError(
      `${context}: axis ${axis} is out of range for rank ${rank}; ` +
        `use an integer in [${-effectiveRank}, ${effectiveRank - 1}].`,
    );
  }
  return resolved;
}

/** Replaces symbolic dimensions by their bound sizes. */
export function bindShape(shape: Shape, bindings: ReadonlyMap<string, number>): number[] {
  return shape.map((dim) => {
    if (typeof dim === 'number') return dim;
    const size = bindings.get(dim);
    if (size === undefined) throw new ShapeError(`Dimension '${dim}' has no size bound.`);
    return size;
  });
}
