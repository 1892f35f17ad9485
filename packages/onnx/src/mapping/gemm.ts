import { sameShape } from '@rectifier/core';
import type { ImportContext } from '../import/context.js';
import type { OpMapping } from './types.js';

function importGemm(context: ImportContext): void {
  const attributes = context.attributes(['alpha', 'beta', 'transA', 'transB', 'broadcast']);
  const broadcast = attributes.broadcast;
  delete attributes.broadcast;
  const outputs = context.emit('Gemm', context.inputs(), attributes);

  // Before opset 7, C broadcasts only with broadcast = 1; otherwise it must be Y's own shape.
  const c = context.input(2);
  const y = outputs[0];
  if (context.opset < 7 && broadcast !== 1 && c && y && !sameShape(c.shape, y.shape)) {
    context.fail(
      `C '${c.name}' has shape [${c.shape.join(', ')}] but broadcast is 0, so it must be ` +
        `[${y.shape.join(', ')}].`,
    );
  }
}

/** Gemm (all opsets; `broadcast` of opset 6 and before is checked and dropped) and MatMul. */
export function gemmMappings(): [string, OpMapping][] {
  return [
    ['Gemm', { import: importGemm }],
    [
      'MatMul',
      {
        import: (context) => {
          context.attributes([]);
          context.emit('MatMul', context.inputs());
        },
      },
    ],
  ];
}
