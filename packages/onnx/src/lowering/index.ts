import { ACTIVATION_GRAD_LOWERINGS } from './activation-grads.js';
import { celu } from './celu.js';
import { EXPONENTIAL_GRAD_LOWERINGS } from './exponential-grads.js';
import { gelu } from './gelu.js';
import { hardSwish } from './hard-swish.js';
import { LOSS_LOWERINGS } from './losses.js';
import { mish } from './mish.js';
import { OPTIMIZER_LOWERINGS } from './optimizers.js';
import { PIECEWISE_GRAD_LOWERINGS } from './piecewise-grads.js';
import { PRELU_GRAD_LOWERINGS } from './prelu-grad.js';
import { relu6 } from './relu6.js';
import { silu } from './silu.js';
import { SMOOTH_GRAD_LOWERINGS } from './smooth-grads.js';
import type { Lowering } from './types.js';

export type { Lowering } from './types.js';

/**
 * How each op that ONNX lacks, at all or before some opset, is written as standard ops. A
 * composite missing here cannot be exported, and exportModel says so.
 */
export const LOWERINGS: ReadonlyMap<string, Lowering> = new Map(
  Object.entries({
    Relu6: relu6,
    Silu: silu,
    Gelu: gelu,
    Mish: mish,
    HardSwish: hardSwish,
    Celu: celu,
    ...ACTIVATION_GRAD_LOWERINGS,
    ...EXPONENTIAL_GRAD_LOWERINGS,
    ...SMOOTH_GRAD_LOWERINGS,
    ...PIECEWISE_GRAD_LOWERINGS,
    ...PRELU_GRAD_LOWERINGS,
    ...LOSS_LOWERINGS,
    ...OPTIMIZER_LOWERINGS,
  }),
);
