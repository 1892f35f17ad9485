import type { OpMapping } from './types.js';

/** SoftmaxCrossEntropyLoss (opset 12): scores [N, C] against int64 labels [N]. */
export function lossMappings(): [string, OpMapping][] {
  const loss: OpMapping = {
    sinceOpset: 12,
    import: (context) => {
      const attributes = context.attributes(['reduction']);
      if (context.node.inputs[2]) context.unsupported("the 'weights' input is not supported.");
      context.emit('SoftmaxCrossEntropyLoss', context.inputs(), attributes);
    },
  };
  return [['SoftmaxCrossEntropyLoss', loss]];
}
