import { formatShape, type Dim, type Graph, type ValueInfo } from '@rectifier/core';
import { CLASSES } from '../data-source.js';
import { RunError } from '../errors.js';

/** How `rectifier predict` feeds digits to a model and where it reads their scores. */
export interface DigitLayout {
  readonly input: ValueInfo;
  /** The first output, whose argmax over axis 1 is the predicted class. */
  readonly output: ValueInfo;
  /** One digit as the model takes it, without the batch: `[784]`, `[28, 28]`, `[1, 28, 28]`. */
  readonly sampleShape: readonly number[];
  /** The batch size the model fixes, or undefined when its batch dimension is a symbol. */
  readonly fixedBatch: number | undefined;
}

// The same pixel rows, seen as a vector, an image, or an image with one grey channel.
function sampleShapes(rows: number, columns: number): readonly (readonly number[])[] {
  return [[rows * columns], [rows, columns], [1, rows, columns]];
}

// A dimension fits a size when it is that size or a symbol, which the run then fixes.
function fits(dims: readonly Dim[], sizes: readonly number[]): boolean {
  return (
    dims.length === sizes.length &&
    dims.every((dim, axis) => dim === sizes[axis] || typeof dim === 'string')
  );
}

function inputLayout(graph: Graph, rows: number, columns: number, source: string) {
  const shapes = sampleShapes(rows, columns);
  const listed = shapes.map((shape) => formatShape(['batch', ...shape]));
  const accepted = `${listed.slice(0, -1).join(', ')} or ${listed.at(-1)}`;
  if (graph.inputs.length !== 1) {
    const inputs = graph.inputs.map((value) => `'${value.name}' ${formatShape(value.shape)}`);
    throw new RunError(
      `${source} has ${graph.inputs.length} inputs (${inputs.join(', ') || 'none'}); ` +
        `predict feeds one, the digits as ${accepted}.`,
    );
  }
  const input = graph.inputs[0]!;
  const [batch, ...sample] = input.shape;
  const sampleShape = shapes.find((shape) => fits(sample, shape));
  const batchFits = typeof batch === 'string' || (typeof batch === 'number' && batch >= 1);
  if (input.dtype !== 'float32' || !batchFits || sampleShape === undefined) {
    throw new RunError(
      `${source}: its input '${input.name}' is ${input.dtype} ${formatShape(input.shape)}, ` +
        `which cannot take ${rows}x${columns} digits. predict feeds float32 pixels in [0, 1] ` +
        `as ${accepted}.`,
    );
  }
  return { input, sampleShape, fixedBatch: typeof batch === 'number' ? batch : undefined };
}

/**
 * Checks that a model can classify `rows` x `columns` digits, one input of their pixels and a
 * first output of one score per class, and says how to feed it. RunError names the shapes.
 */
export function digitLayout(
  graph: Graph,
  rows: number,
  columns: number,
  source: string,
): DigitLayout {
  const layout = inputLayout(graph, rows, columns, source);
  const output = graph.outputs[0];
  if (output === undefined) throw new RunError(`${source} has no outputs to take the argmax of.`);
  const [, classes] = output.shape;
  if (
    output.dtype !== 'float32' ||
    output.shape.length !== 2 ||
    (classes !== CLASSES && typeof classes !== 'string')
  ) {
    throw new RunError(
      `${source}: its first output '${output.name}' is ${output.dtype} ` +
        `${formatShape(output.shape)}, but predict takes the argmax of float32 ` +
        `[batch, ${CLASSES}], one score per digit class.`,
    );
  }
  return { ...layout, output };
}
