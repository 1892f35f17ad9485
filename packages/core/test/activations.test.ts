import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS,
  AttributeError,
  UnknownNameError,
  findActivation,
  getActivation,
  resolveAttributes,
  type ActivationAttributes,
  type ActivationSpec,
} from '../src/index.js';

// The activation spec against mathematics worked out here, independently of its rules:
// closed forms, the conventions at kinks and edges, and finite differences of the forward rule.

/**
 * The spec's rules for a name or alias: its defaults, then what the alias implies, then the
 * given attributes.
 */
function rules(name: string, given: Record<string, number | string> = {}) {
  const { spec, attributes: implied } = findActivation(name);
  const attributes = resolveAttributes(spec.op, spec.attributes, {
    ...implied,
    ...given,
  }) as ActivationAttributes;
  return {
    f: (x: number) => spec.forward(x, attributes),
    df: (x: number) => spec.derivative(x, attributes),
  };
}

/**
 * erf by its Maclaurin series. Cancellation costs digits as |x| grows: about 1e-13 at |x| = 2,
 * 1e-8 at |x| = 4.3 (x = 6 / √2, the grid's reach), both far inside the tolerance used here.
 */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 120; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
const Phi = (x: number) => 0.5 * (1 + erfSeries(x / Math.SQRT2));
const phi = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
const sech = (x: number) => 1 / Math.cosh(x);
const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const GELU_U = (x: number) => Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3);

/** Closed forms of f and f', written from the textbook definitions, and where they hold. */
interface ClosedForm {
  readonly name: string;
  readonly attributes?: Record<string, number | string>;
  readonly f: (x: number) => number;
  readonly df: (x: number) => number;
  /** Relative tolerance against the spec (with an absolute floor of the same size). */
  readonly tolerance?: number;
}
// From Klambauer et al. (2017), 1.6732632423543772848... and 1.0507009873554804934..., written
// out here to the 17 digits a double holds rather than imported from the spec.
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const CLOSED_FORMS: readonly ClosedForm[] = [
  { name: 'relu', f: (x) => (x > 0 ? x : 0), df: (x) => (x > 0 ? 1 : 0) },
  { name: 'leaky-relu', f: (x) => (x > 0 ? x : x / 100), df: (x) => (x > 0 ? 1 : 0.01) },
  {
    name: 'leaky-relu',
    attributes: { alpha: 2 },
    f: (x) => (x > 0 ? x : 2 * x),
    df: (x) => (x > 0 ? 1 : 2),
  },
  { name: 'prelu', f: (x) => (x > 0 ? x : x / 4), df: (x) => (x > 0 ? 1 : 0.25) },
  {
    name: 'elu',
    f: (x) => (x > 0 ? x : Math.exp(x) - 1),
    df: (x) => (x > 0 ? 1 : Math.exp(x)),
  },
  {
    name: 'elu',
    attributes: { alpha: 0.5 },
    f: (x) => (x > 0 ? x : 0.5 * (Math.exp(x) - 1)),
    df: (x) => (x > 0 ? 1 : 0.5 * Math.exp(x)),
  },
  {
    name: 'selu',
    f: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * (Math.exp(x) - 1)),
    df: (x) => SELU_SCALE * (x > 0 ? 1 : SELU_ALPHA * Math.exp(x)),
  },
  {
    name: 'celu',
    attributes: { alpha: 2 },
    f: (x) => Math.max(0, x) + Math.min(0, 2 * (Math.exp(x / 2) - 1)),
    df: (x) => (x > 0 ? 1 : Math.exp(x / 2)),
  },
  // The spec's erfc has a fractional error below 1.2e-7.
  { name: 'gelu', f: (x) => x * Phi(x), df: (x) => Phi(x) + x * phi(x), tolerance: 2e-7 },
  {
    name: 'gelu',
    attributes: { approximate: 'tanh' },
    f: (x) => 0.5 * x * (1 + Math.tanh(GELU_U(x))),
    df: (x) =>
      0.5 * (1 + Math.tanh(GELU_U(x))) +
      0.5 * x * sech(GELU_U(x)) ** 2 * Math.sqrt(2 / Math.PI) * (1 + 3 * 0.044715 * x * x),
  },
  {
    name: 'silu',
    f: (x) => x / (1 + Math.exp(-x)),
    df: (x) => (1 + Math.exp(-x) + x * Math.exp(-x)) / (1 + Math.exp(-x)) ** 2,
  },
  {
    name: 'mish',
    f: (x) => x * Math.tanh(Math.log(1 + Math.exp(x))),
    // d/dx x tanh(log(1 + e^x)) = e^x w / d^2, w = 4(x + 1) + 4e^2x + e^3x + e^x (4x + 6),
    // d = 2e^x + e^2x + 2.
    df: (x) => {
      const e = Math.exp(x);
      const w = 4 * (x + 1) + 4 * e * e + e ** 3 + e * (4 * x + 6);
      return (e * w) / (2 * e + e * e + 2) ** 2;
    },
  },
  { name: 'softplus', f: (x) => Math.log(1 + Math.exp(x)), df: logistic },
  { name: 'softsign', f: (x) => x / (1 + Math.abs(x)), df: (x) => 1 / (1 + Math.abs(x)) ** 2 },
  {
    name: 'relu6',
    f: (x) => Math.min(Math.max(0, x), 6),
    df: (x) => (x > 0 && x < 6 ? 1 : 0),
  },
  {
    name: 'hard-sigmoid',
    f: (x) => Math.max(0, Math.min(1, x / 6 + 1 / 2)),
    df: (x) => (x > -3 && x < 3 ? 1 / 6 : 0),
  },
  {
    name: 'hard-sigmoid',
    attributes: { alpha: 0.2, beta: 0.5 },
    f: (x) => Math.max(0, Math.min(1, x / 5 + 1 / 2)),
    df: (x) => (x > -2.5 && x < 2.5 ? 0.2 : 0),
  },
  {
    name: 'hard-swish',
    f: (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6,
    df: (x) => (x < -3 ? 0 : x > 3 ? 1 : x / 3 + 1 / 2),
  },
  { name: 'thresholded-relu', f: (x) => (x > 1 ? x : 0), df: (x) => (x > 1 ? 1 : 0) },
  {
    name: 'thresholded-relu',
    attributes: { alpha: -0.5 },
    f: (x) => (x > -0.5 ? x : 0),
    df: (x) => (x > -0.5 ? 1 : 0),
  },
  { name: 'sigmoid', f: logistic, df: (x) => Math.exp(-x) / (1 + Math.exp(-x)) ** 2 },
  {
    name: 'tanh',
    f: (x) => (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1),
    df: (x) => sech(x) ** 2,
  },
  { name: 'linear', f: (x) => x, df: () => 1 },
  // A one-element slice: softmax is 1 and its Jacobian 0.
  { name: 'softmax', f: () => 1, df: () => 0 },
];

/** -6 to 6 in steps of 0.0625, plus points an irrational step apart; none is a kink. */
const GRID = [
  ...Array.from({ length: 193 }, (_, i) => -6 + i / 16),
  ...Array.from({ length: 60 }, (_, i) => -5.9 + i * 0.1 * Math.SQRT2),
];

function close(actual: number, expected: number, tolerance: number): boolean {
  if (Object.is(actual, expected)) return true;
  return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
}

function label(form: { name: string; attributes?: object }): string {
  return form.attributes ? `${form.name} ${JSON.stringify(form.attributes)}` : form.name;
}

describe('activation rules against closed forms', () => {
  it.each(CLOSED_FORMS.map((form) => [label(form), form] as const))('%s', (_, form) => {
    const { f, df } = rules(form.name, form.attributes);
    const tolerance = form.tolerance ?? 1e-12;
    const failures = GRID.flatMap((x) => [
      ...(close(f(x), form.f(x), tolerance) ? [] : [`f(${x}) = ${f(x)}, not ${form.f(x)}`]),
      ...(close(df(x), form.df(x), tolerance) ? [] : [`f'(${x}) = ${df(x)}, not ${form.df(x)}`]),
    ]);
    expect(failures).toEqual([]);
  });

  it('has a closed form here for every activation of the spec', () => {
    const covered = new Set(CLOSED_FORMS.map((form) => form.name));
    expect(ACTIVATIONS.map((spec) => spec.name).filter((name) => !covered.has(name))).toEqual([]);
  });
});

describe('derivative rules against central differences of the forward rules', () => {
  // Kinks of the piecewise activations (for the attributes used here); points within 1e-3 of
  // one are left out, because a difference quotient across a kink means nothing.
  const KINKS = [0, 6, 3, -3, 2.5, -2.5, 1, -0.5];
  const points = GRID.filter((x) => KINKS.every((kink) => Math.abs(x - kink) > 1e-3));
  const h = 1e-5;

  it.each(
    CLOSED_FORMS.filter((form) => form.name !== 'softmax').map((form) => [label(form), form]),
  )('%s', (_, form) => {
    const { f, df } = rules(form.name, (form as ClosedForm).attributes);
    const failures = points.flatMap((x) => {
      const difference = (f(x + h) - f(x - h)) / (2 * h);
      return close(df(x), difference, 1e-6)
        ? []
        : [`f'(${x}) = ${df(x)}, difference ${difference}`];
    });
    expect(failures).toEqual([]);
  });
});

/** Every activation with its defaults, and the attribute variants the closed forms use. */
const VARIANTS: readonly { name: string; attributes?: Record<string, number | string> }[] = [
  ...ACTIVATIONS.map((spec) => ({ name: spec.name })),
  ...CLOSED_FORMS.filter((form) => form.attributes),
];

describe('activation conventions', () => {
  it.each(VARIANTS.map((variant) => [label(variant), variant] as const))(
    '%s gives NaN for NaN, forward and derivative',
    (_, variant) => {
      const { f, df } = rules(variant.name, variant.attributes);
      expect(f(NaN)).toBe(NaN);
      // The identity's gradient passes the upstream gradient through, whatever x holds.
      expect(df(NaN)).toBe(variant.name === 'linear' ? 1 : NaN);
    },
  );

  it.each(VARIANTS.map((variant) => [label(variant), variant] as const))(
    '%s gives no NaN for any other input, however large',
    (_, variant) => {
      const { f, df } = rules(variant.name, variant.attributes);
      const edges = [0, -0, 5e-324, -5e-324, 1e-300, 1e154, 1e155, 1e300, Number.MAX_VALUE];
      const inputs = [...edges, ...edges.map((x) => -x), Infinity, -Infinity];
      const failures = inputs.flatMap((x) => [
        ...(Number.isNaN(f(x)) ? [`f(${x}) is NaN`] : []),
        ...(Number.isNaN(df(x)) ? [`f'(${x}) is NaN`] : []),
      ]);
      expect(failures).toEqual([]);
    },
  );

  it("ReLU: f(0) = 0, f(-0) = +0, f(-Infinity) = 0 and f'(0) = 0", () => {
    const { f, df } = rules('relu');
    expect(df(0)).toBe(0);
    expect(f(0)).toBe(0);
    expect(f(-0)).toBe(0);
    expect(f(-Infinity)).toBe(0);
    expect(f(Infinity)).toBe(Infinity);
  });

  it("ReLU6: f'(0) = 0 and f'(6) = 0, f(Infinity) = 6", () => {
    const { f, df } = rules('relu6');
    expect(df(0)).toBe(0);
    expect(df(6)).toBe(0);
    expect(df(3)).toBe(1);
    expect(f(Infinity)).toBe(6);
    expect(f(-Infinity)).toBe(0);
  });

  it('LeakyReLU is right for any slope, also above 1 and below 0', () => {
    const steep = rules('leaky-relu', { alpha: 2 });
    expect(steep.f(-1)).toBe(-2);
    expect(steep.f(1)).toBe(1);
    const negative = rules('leaky-relu', { alpha: -0.5 });
    expect(negative.f(-1)).toBe(0.5);
    expect(negative.df(-1)).toBe(-0.5);
    expect(negative.df(1)).toBe(1);
    expect(rules('leaky-relu').df(0)).toBe(0.01);
  });

  it('Softplus, ELU and Tanh neither overflow nor give NaN at large inputs', () => {
    expect(rules('softplus').f(100)).toBe(100);
    expect(rules('softplus').f(-100)).toBeGreaterThan(0);
    expect(rules('softplus').f(1000)).toBe(1000);
    expect(rules('elu').df(100)).toBe(1);
    expect(rules('elu').df(1000)).toBe(1);
    expect(rules('tanh').f(1000)).toBe(1);
    expect(rules('tanh').f(-1000)).toBe(-1);
    expect(rules('tanh').df(1000)).toBe(0);
  });

  it('GELU(-1) is -0.15865525 exactly and -0.15880801 in the tanh form', () => {
    expect(Math.abs(rules('gelu').f(-1) - -0.15865525)).toBeLessThan(1e-7);
    expect(Math.abs(rules('gelu-tanh').f(-1) - -0.15880801)).toBeLessThan(1e-7);
    expect(Math.abs(rules('gelu', { approximate: 'tanh' }).f(-1) - -0.15880801)).toBeLessThan(1e-7);
    // The tanh form's derivative once x * x overflows: its second term is 0, not 0 * Infinity.
    expect([rules('gelu-tanh').df(1e300), rules('gelu-tanh').df(-1e300)]).toEqual([1, 0]);
    for (const approximate of ['none', 'tanh']) {
      const { f, df } = rules('gelu', { approximate });
      expect([f(-Infinity), df(-Infinity), f(Infinity), df(Infinity)]).toEqual([0, 0, Infinity, 1]);
    }
  });

  it('HardSigmoid defaults to slope 1/6, as PyTorch does', () => {
    const spec = getActivation('hard-sigmoid');
    expect(resolveAttributes(spec.op, spec.attributes)).toEqual({ alpha: 1 / 6, beta: 0.5 });
    const { f, df } = rules('hard-sigmoid');
    expect([f(0), f(3), f(-3), f(Infinity), f(-Infinity)]).toEqual([0.5, 1, 0, 1, 0]);
    expect([df(0), df(3), df(-3)]).toEqual([1 / 6, 0, 0]);
  });

  it("HardSwish: f'(-3) = -0.5 and f'(3) = 1.5 (PyTorch's formula), f = 0 below -3", () => {
    const { f, df } = rules('hard-swish');
    expect(df(-3)).toBe(-0.5);
    expect(df(3)).toBe(1.5);
    expect(df(-3.0001)).toBe(0);
    expect(df(3.0001)).toBe(1);
    expect([f(-3), f(-Infinity), f(3), f(Infinity)]).toEqual([0, 0, 3, Infinity]);
  });

  it('SELU uses the constants of Klambauer et al. at full precision', () => {
    const spec = getActivation('selu');
    const defaults = resolveAttributes(spec.op, spec.attributes);
    expect(defaults).toEqual({ alpha: SELU_ALPHA, gamma: SELU_SCALE });
    // The float32 roundings ONNX writes are the same numbers once stored as float32.
    expect(Math.fround(SELU_ALPHA)).toBe(1.67326319217681884765625);
    expect(Math.fround(SELU_SCALE)).toBe(1.05070102214813232421875);
    const { f, df } = rules('selu');
    expect(f(1)).toBe(SELU_SCALE);
    expect(f(-Infinity)).toBe(-SELU_SCALE * SELU_ALPHA);
    expect(df(0)).toBe(SELU_SCALE * SELU_ALPHA);
  });

  it('CELU, Mish and SiLU have their limits at +-Infinity', () => {
    const celu = rules('celu', { alpha: 2 });
    expect([celu.f(-Infinity), celu.df(-Infinity), celu.f(Infinity), celu.df(Infinity)]).toEqual([
      -2,
      0,
      Infinity,
      1,
    ]);
    expect(rules('celu').df(0)).toBe(1);
    for (const name of ['mish', 'silu']) {
      const { f, df } = rules(name);
      expect([f(-Infinity), df(-Infinity), f(Infinity), df(Infinity)]).toEqual([0, 0, Infinity, 1]);
    }
  });

  it('ThresholdedReLU is 0 at its threshold, and Softsign and Sigmoid have their limits', () => {
    const thresholded = rules('thresholded-relu');
    expect([thresholded.f(1), thresholded.df(1), thresholded.f(1.5)]).toEqual([0, 0, 1.5]);
    const softsign = rules('softsign');
    expect([softsign.f(Infinity), softsign.f(-Infinity), softsign.df(Infinity)]).toEqual([
      1, -1, 0,
    ]);
    const sigmoid = rules('sigmoid');
    expect([sigmoid.f(-1000), sigmoid.f(1000), sigmoid.df(1000)]).toEqual([0, 1, 0]);
  });
});

describe('finding activations', () => {
  it('finds names, ops and aliases, with the attributes an alias implies', () => {
    expect(findActivation('gelu-tanh')).toEqual({
      spec: getActivation('gelu'),
      attributes: { approximate: 'tanh' },
    });
    expect(findActivation('swish')).toEqual({ spec: getActivation('silu'), attributes: {} });
    expect(findActivation('LeakyRelu').spec.name).toBe('leaky-relu');
    expect(findActivation('leaky_relu').spec.name).toBe('leaky-relu');
    expect(findActivation('HardSwish').spec.name).toBe('hard-swish');
    expect(findActivation('identity').spec.op).toBe('Identity');
  });

  it('throws UnknownNameError listing the known names for an unknown one', () => {
    let error: unknown;
    try {
      findActivation('relu7');
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(UnknownNameError);
    expect((error as UnknownNameError).code).toBe('UNKNOWN_ACTIVATION');
    const message = (error as Error).message;
    expect(message).toContain("'relu7'");
    for (const spec of ACTIVATIONS) expect(message).toContain(spec.name);
    expect(message).toContain('gelu-tanh');
    expect(message).toContain('swish');
    expect(() => getActivation('relu7')).toThrow(UnknownNameError);
  });
});

describe('activation attributes', () => {
  const resolve = (name: string, given: Record<string, number | string>) => {
    const spec: ActivationSpec = getActivation(name);
    return () => resolveAttributes(spec.op, spec.attributes, given);
  };

  it('reject values out of range, naming the range', () => {
    expect(resolve('celu', { alpha: 0 })).toThrow(AttributeError);
    expect(resolve('celu', { alpha: 0 })).toThrow('(0, Infinity)');
    expect(resolve('celu', { alpha: -1 })).toThrow(AttributeError);
    expect(resolve('elu', { alpha: Infinity })).toThrow(/finite/);
    expect(resolve('celu', { alpha: Infinity })).toThrow(/finite/);
    expect(resolve('leaky-relu', { alpha: Infinity })).toThrow(AttributeError);
    expect(resolve('leaky-relu', { alpha: '0.1' })).toThrow(/the string '0\.1'/);
    expect(resolve('leaky-relu', { alpha: NaN })).toThrow(AttributeError);
    expect(resolve('gelu', { approximate: 'fast' })).toThrow(/none, tanh/);
    expect(resolve('relu', { alpha: 1 })).toThrow(/takes none/);
  });

  it('accept the values the spec allows', () => {
    expect(resolve('celu', { alpha: 1e-3 })()).toEqual({ alpha: 1e-3 });
    expect(resolve('elu', { alpha: 0 })()).toEqual({ alpha: 0 });
    // As PyTorch, ELU takes any finite alpha, negative ones too.
    expect(resolve('elu', { alpha: -0.5 })()).toEqual({ alpha: -0.5 });
    expect(resolve('leaky-relu', { alpha: -3 })()).toEqual({ alpha: -3 });
  });
});
