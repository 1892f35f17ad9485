import type { GraphBuilder } from '../graph-builder.js';
import type { ValueInfo } from '../graph.js';
import type { GradientContext, GradientRule, OpDef } from '../op.js';
import { likeFirstInput } from './helpers.js';

// Standard ONNX math ops of one float32 input. Their meaning at the edges follows IEEE 754
// and C's <math.h>, as ONNX's reference implementation (NumPy) does: NaN in gives NaN out.

function unary(name: string, doc: string, gradient?: GradientRule): OpDef {
  return {
    name,
    domain: '',
    doc,
    inputs: [{ name: 'X' }],
    outputs: ['Y'],
    attributes: {},
    inferShapes: likeFirstInput(name),
    ...(gradient ? { gradient } : {}),
  };
}

/** dY, X and Y of a one-input node, for the gradient rules below. */
function parts(context: GradientContext): { builder: GraphBuilder; dY: ValueInfo; x: ValueInfo } {
  return {
    builder: context.builder,
    dY: context.gradOutputs[0] as ValueInfo,
    x: context.inputs[0] as ValueInfo,
  };
}

/** |X|. */
export const abs = unary('Abs', 'Y = |X|; |-0| = 0 and |NaN| = NaN.', (context) => {
  // d|x|/dx = sign(x): 0 at 0, as in PyTorch, and NaN at NaN.
  const { builder, dY, x } = parts(context);
  return [builder.op('Mul', [dY, builder.op('Sign', [x])])];
});

/** The sign of X, -1, 0 or 1; its derivative is 0 wherever it exists, so it has no rule. */
export const sign = unary('Sign', 'Y = -1 where X < 0, 1 where X > 0, X itself at ±0 and NaN.');

/** e^X. */
export const exp = unary(
  'Exp',
  'Y = e^X; Exp(-Infinity) = 0, and it overflows to Infinity.',
  (context) => {
    const { builder, dY } = parts(context);
    return [builder.op('Mul', [dY, context.outputs[0] as ValueInfo])];
  },
);

/** The natural logarithm. */
export const log = unary(
  'Log',
  'Y = ln(X); Log(0) = -Infinity and Log(X < 0) = NaN.',
  (context) => {
    const { builder, dY, x } = parts(context);
    return [builder.op('Div', [dY, x])];
  },
);

/** The square root. */
export const sqrt = unary('Sqrt', 'Y = √X; Sqrt(-0) = -0 and Sqrt(X < 0) = NaN.', (context) => {
  // d√x/dx = 1 / (2√x), from the output: Infinity at 0.
  const { builder, dY } = parts(context);
  const twice = builder.op('Mul', [context.outputs[0] as ValueInfo, builder.constant(2)]);
  return [builder.op('Div', [dY, twice])];
});

const TWO_OVER_ROOT_PI = 2 / Math.sqrt(Math.PI);

/** The error function. */
export const erf = unary(
  'Erf',
  'Y = erf(X) = 2/√π ∫₀ˣ e^(-t²) dt; Erf(±Infinity) = ±1.',
  (context) => {
    // d erf(x)/dx = 2/√π e^(-x²).
    const { builder, dY, x } = parts(context);
    const bell = builder.op('Exp', [builder.op('Neg', [builder.op('Mul', [x, x])])]);
    const slope = builder.op('Mul', [bell, builder.constant(TWO_OVER_ROOT_PI)]);
    return [builder.op('Mul', [dY, slope])];
  },
);
