import { clipTo, inputOf, outputOf } from './helpers.js';
import type { Lowering } from './types.js';

/** ReLU6 is Clip(x, 0, 6); ONNX has no Relu6 op. */
export const relu6: Lowering = {
  lower: (context) => clipTo(context, inputOf(context, 0), 0, 6, outputOf(context)),
};
