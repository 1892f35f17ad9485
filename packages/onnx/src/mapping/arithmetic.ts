import type { ImportContext } from '../import/context.js';
import type { OpMapping } from './types.js';

/**
 * Before opset 7, Add, Sub, Mul and Div broadcast only when `broadcast` = 1, aligning B with A
 * at `axis`. The NumPy rule of opset 7 gives the same result when B aligns with A's trailing
 * axes, which is what exporters wrote; other alignments are refused rather than misread.
 */
function importBinary(op: string) {
  return (context: ImportContext): void => {
    const [a, b] = context.inputs();
    context.attributes(['broadcast', 'axis'], ['consumed_inputs']);
    if (context.opset < 7 && context.has('axis') && a && b) {
      const trailing = a.shape.length - b.shape.length;
      if (context.number('axis', trailing) !== trailing) {
        context.unsupported(
          `legacy broadcasting with axis ${context.number('axis', 0)} aligns B elsewhere than ` +
            "A's trailing axes, which Rectifier's broadcasting cannot express.",
        );
      }
    }
    context.emit(op, [a, b]);
  };
}

/** Add, Sub, Mul, Div and Neg. */
export function arithmeticMappings(): [string, OpMapping][] {
  const binary = ['Add', 'Sub', 'Mul', 'Div'].map((op): [string, OpMapping] => [
    op,
    { import: importBinary(op) },
  ]);
  const neg: OpMapping = {
    import: (context) => {
      context.attributes([], ['consumed_inputs']);
      context.emit('Neg', context.inputs());
    },
  };
  return [...binary, ['Neg', neg]];
}
