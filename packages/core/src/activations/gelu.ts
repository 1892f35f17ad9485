import { normalCdf, normalPdf } from './math.js';
import type { ActivationSpec } from './types.js';

const TANH_SCALE = Math.sqrt(2 / Math.PI);
const TANH_CUBIC = 0.044715;

function exact(x: number): number {
  if (x === -Infinity) return 0;
  return x * normalCdf(x);
}

function tanhForm(x: number): number {
  if (x === -Infinity) return 0;
  const inner = TANH_SCALE * (x + TANH_CUBIC * x * x * x);
  return 0.5 * x * (1 + Math.tanh(inner));
}

function exactDerivative(x: number): number {
  if (x === -Infinity) return 0;
  if (x === Infinity) return 1;
  return normalCdf(x) + x * normalPdf(x);
}

function tanhDerivative(x: number): number {
  if (x === -Infinity) return 0;
  if (x === Infinity) return 1;
  const inner = TANH_SCALE * (x + TANH_CUBIC * x * x * x);
  const t = Math.tanh(inner);
  const sech2 = 1 - t * t;
  // Once tanh has saturated the second term is 0; computing it would give 0 * Infinity = NaN
  // when x * x overflows (|x| above about 1e154).
  if (sech2 === 0) return 0.5 * (1 + t);
  const innerDerivative = TANH_SCALE * (1 + 3 * TANH_CUBIC * x * x);
  return 0.5 * (1 + t) + 0.5 * x * sech2 * innerDerivative;
}

/** GELU: x * Φ(x), exact or in its tanh approximation. */
export const gelu: ActivationSpec = {
  name: 'gelu',
  title: 'GELU',
  op: 'Gelu',
  kind: 'elementwise',
  rectified: false,
  attributes: {
    approximate: {
      type: 'string',
      default: 'none',
      oneOf: ['none', 'tanh'],
      doc: "'none' for x * Φ(x), 'tanh' for the tanh approximation",
    },
  },
  formula:
    "f(x) = x * Φ(x) = 0.5 x (1 + erf(x / √2)); with approximate = 'tanh', " +
    '0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))',
  derivativeFormula: "f'(x) = Φ(x) + x φ(x) (exact form)",
  conventions: [
    'GELU(-1) = -0.15865525 exactly and -0.15880801 in the tanh form.',
    "f(-Infinity) = 0 and f'(-Infinity) = 0 (not NaN from -Infinity * 0); f(NaN) = NaN.",
    "The tanh form's derivative stays finite once tanh saturates (|x| above about 1e12, where " +
      'PyTorch gives NaN): it is 0 or 1 there.',
  ],
  onnx: {
    op: 'Gelu',
    sinceOpset: 20,
    lowering: 'Before opset 20: Mul, Add, Div and Erf (or Tanh for the tanh form).',
  },
  torch: "torch.nn.functional.gelu(x, approximate='none' | 'tanh')",
  forward: (x, { approximate }) => (approximate === 'tanh' ? tanhForm(x) : exact(x)),
  derivative: (x, { approximate }) =>
    approximate === 'tanh' ? tanhDerivative(x) : exactDerivative(x),
};
