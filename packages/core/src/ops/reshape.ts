import { AttributeError, ShapeError } from '../errors.js';
import type { ValueInfo } from '../graph.js';
import type { OpDef } from '../op.js';
import { formatShape, isConcrete, type Dim, type Shape } from '../shape.js';
import { required } from './helpers.js';

/** The product of the numeric dimensions and the list of symbolic ones. */
function factor(shape: Shape): { size: number; symbols: string[] } {
  let size = 1;
  const symbols: string[] = [];
  for (const dim of shape) {
    if (typeof dim === 'number') size *= dim;
    else symbols.push(dim);
  }
  return { size, symbols };
}

/** `left` less one occurrence of each of `right`, or undefined if `right` is not contained. */
function withoutSymbols(left: readonly string[], right: readonly string[]): string[] | undefined {
  const rest = [...left];
  for (const symbol of right) {
    const index = rest.indexOf(symbol);
    if (index < 0) return undefined;
    rest.splice(index, 1);
  }
  return rest;
}

/**
 * The output shape of Reshape with ONNX's rules: 0 copies the input's dimension at that index
 * (unless allowzero), one -1 takes what is left. With symbolic dimensions, -1 can stand for a
 * symbol only when the numbers account for everything else; a product such as batch * 4 has
 * no name, so such a reshape is refused rather than guessed.
 */
export function reshapedShape(input: ValueInfo, target: readonly number[], allowZero: boolean) {
  const fail = (why: string): never => {
    throw new ShapeError(
      `Reshape: cannot reshape '${input.name}' ${formatShape(input.shape)} to ` +
        `${formatShape(target)}: ${why}.`,
    );
  };
  if (target.filter((dim) => dim === -1).length > 1) fail('at most one dimension may be -1');

  const shape: (Dim | undefined)[] = target.map((dim, index) => {
    if (dim > 0 || (dim === 0 && allowZero)) return dim;
    if (dim === 0)
      return input.shape[index] ?? fail(`0 at index ${index} has no dimension to copy`);
    if (dim === -1) return undefined;
    return fail(`${dim} is not a dimension`);
  });

  const before = factor(input.shape);
  const after = factor(shape.filter((dim): dim is Dim => dim !== undefined));
  const left = withoutSymbols(before.symbols, after.symbols);
  if (!left) return fail('its symbolic dimensions differ');

  const inferred = shape.indexOf(undefined);
  if (inferred < 0) {
    if (left.length > 0 || before.size !== after.size) fail('the element counts differ');
    return shape as Dim[];
  }
  const ratio = after.size === 0 ? Number.NaN : before.size / after.size;
  if (left.length === 0 && Number.isInteger(ratio)) shape[inferred] = ratio;
  else if (left.length === 1 && ratio === 1) shape[inferred] = left[0];
  else fail('-1 would be a product that Rectifier shapes cannot name');
  return shape as Dim[];
}

/**
 * Reshape as ONNX defines it (opset 14, with allowzero). Rectifier holds the target shape as
 * the `shape` attribute, because shape inference sees shapes and not values; ONNX carries it as
 * a constant int64 input, and the ONNX importer and exporter translate between the two, as they
 * do for ReduceSum's axes.
 */
export const reshape: OpDef = {
  name: 'Reshape',
  domain: '',
  doc:
    'Y has the data of X in a new shape: 0 copies the dimension of X at that index (unless ' +
    'allowzero = 1), one -1 is inferred.',
  inputs: [{ name: 'data' }],
  outputs: ['reshaped'],
  attributes: {
    shape: { type: 'ints', doc: 'the target shape (ONNX: the int64 input "shape")' },
    allowzero: { type: 'int', default: 0, min: 0, max: 1, doc: '1: a 0 means a 0-sized dim' },
  },
  inferShapes(inputs, attributes) {
    const data = required('Reshape', inputs, 0);
    const target = attributes.shape as readonly number[] | undefined;
    if (!target) throw new AttributeError("Reshape: attribute 'shape' is required.");
    return [{ shape: reshapedShape(data, target, attributes.allowzero === 1), dtype: data.dtype }];
  },
  gradient(context) {
    const x = context.inputs[0] as ValueInfo;
    const gradOutput = context.gradOutputs[0] as ValueInfo;
    if (isConcrete(x.shape)) {
      return [context.builder.op('Reshape', [gradOutput], { shape: x.shape, allowzero: 1 })];
    }
    // Back to X's shape: numbers stay, a symbol is copied where dY has it at the same index,
    // and one other symbol may be inferred.
    let inferredUsed = false;
    const shape = x.shape.map((dim, index) => {
      if (typeof dim === 'number') return dim;
      if (gradOutput.shape[index] === dim) return 0;
      if (inferredUsed) {
        throw new ShapeError(
          `Reshape: no gradient back to ${formatShape(x.shape)}; it has too many symbols.`,
        );
      }
      inferredUsed = true;
      return -1;
    });
    return [context.builder.op('Reshape', [gradOutput], { shape })];
  },
};
