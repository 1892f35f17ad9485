import {
  activationOfOp,
  gradients,
  GraphBuilder,
  listOps,
  sizeOf,
  type Attributes,
  type ValueInfo,
  vjp,
} from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { backend, randomSource } from './helpers/harness.js';

// A finite-difference check of every op that has a gradient rule: core's autodiff builds the
// backward graph, the CPU backend runs it, and central differences of the float32 forward,
// taken in float64, must agree. The ops come from listOps(), so a new op with a gradient fails
// here until it has a recipe.

const STEP = 1e-2;
const ABSOLUTE = 1e-3;
const RELATIVE = 1e-2;
// Kinks of the piecewise activations at their default attributes (ReLU and friends at 0,
// ThresholdedReLU at 1, the hard ones at ±3, ReLU6 at 6): no sample lies within 0.05 of one.
const KINKS = [-3, 0, 1, 3, 6];
const MARGIN = 0.05;

type Param = (name: string, shape: number[], low?: number, high?: number) => ValueInfo;

/** Builds one application of an op on parameters made with `param`; returns its output. */
interface Recipe {
  readonly label: string;
  build(builder: GraphBuilder, param: Param): ValueInfo;
}

function recipe(label: string, build: Recipe['build']): Recipe {
  return { label, build };
}

function binaryRecipes(op: string, low = -2, high = 2): Recipe[] {
  const shapes: [number[], number[]][] = [
    [
      [2, 3],
      [2, 3],
    ],
    [[2, 3], [3]],
    [
      [2, 1],
      [1, 3],
    ],
    [[], [2, 3]],
  ];
  return shapes.map(([shapeA, shapeB]) =>
    recipe(`${JSON.stringify(shapeA)} with ${JSON.stringify(shapeB)}`, (builder, param) =>
      builder.op(op, [param('a', shapeA), param('b', shapeB, low, high)]),
    ),
  );
}

function gemmRecipes(): Recipe[] {
  const recipes: Recipe[] = [];
  const [m, n, k] = [3, 4, 5];
  for (const transA of [0, 1]) {
    for (const transB of [0, 1]) {
      const shapes: (number[] | undefined)[] = [undefined, [n], [m, 1], [], [m, n]];
      for (const shapeC of shapes) {
        const label = `transA=${transA} transB=${transB} C ${JSON.stringify(shapeC ?? 'none')}`;
        recipes.push(
          recipe(label, (builder, param) =>
            builder.op(
              'Gemm',
              [
                param('a', transA ? [k, m] : [m, k]),
                param('b', transB ? [n, k] : [k, n]),
                shapeC ? param('c', shapeC) : undefined,
              ],
              { alpha: 0.7, beta: shapeC ? 1.3 : 1, transA, transB },
            ),
          ),
        );
      }
    }
  }
  return recipes;
}

function lossRecipes(): Recipe[] {
  const labels = BigInt64Array.from([3n, 0n, 4n, 1n]);
  const crossEntropy = (reduction: string) =>
    recipe(`reduction '${reduction}'`, (builder, param) =>
      builder.op(
        'SoftmaxCrossEntropyLoss',
        [param('scores', [4, 5], -3, 3), builder.constant(labels, [4], 'labels')],
        { reduction },
      ),
    );
  return ['mean', 'sum', 'none'].map(crossEntropy);
}

/** One application of a one-input op on values in [low, high). */
function unaryRecipe(op: string, low: number, high: number): Recipe[] {
  return [
    recipe(`[2, 5] in [${low}, ${high})`, (b, param) => b.op(op, [param('x', [2, 5], low, high)])),
  ];
}

/** Three inputs of a variadic op, broadcast. */
function variadicRecipes(op: string): Recipe[] {
  return [
    recipe('[2, 3] [3] [2, 1]', (builder, param) =>
      builder.op(op, [param('a', [2, 3]), param('b', [3]), param('c', [2, 1])]),
    ),
    recipe('one input', (builder, param) => builder.op(op, [param('a', [4])])),
  ];
}

/** Recipes for the ops that are not elementwise activations. */
const RECIPES: Readonly<Record<string, readonly Recipe[]>> = {
  Abs: unaryRecipe('Abs', -2, 2),
  Exp: unaryRecipe('Exp', -2, 2),
  // Log and Sqrt away from their pole at 0.
  Log: unaryRecipe('Log', 0.5, 3),
  Sqrt: unaryRecipe('Sqrt', 0.5, 3),
  Erf: unaryRecipe('Erf', -2, 2),
  Pow: [
    recipe('[2, 3] to the [3]', (builder, param) =>
      builder.op('Pow', [param('x', [2, 3], 0.5, 2), param('y', [3], -2, 2)]),
    ),
    recipe('[] to the [2, 2]', (builder, param) =>
      builder.op('Pow', [param('x', [], 0.5, 2), param('y', [2, 2], -2, 2)]),
    ),
  ],
  Sum: variadicRecipes('Sum'),
  Mean: variadicRecipes('Mean'),
  Transpose: [
    recipe('[2, 3, 4] by [2, 0, 1]', (builder, param) =>
      builder.op('Transpose', [param('x', [2, 3, 4])], { perm: [2, 0, 1] }),
    ),
    recipe('[2, 3] reversed', (builder, param) => builder.op('Transpose', [param('x', [2, 3])])),
  ],
  Flatten: [0, 2, -1].map((axis) =>
    recipe(`[2, 3, 4] at axis ${axis}`, (builder, param) =>
      builder.op('Flatten', [param('x', [2, 3, 4])], { axis }),
    ),
  ),
  Add: binaryRecipes('Add'),
  Sub: binaryRecipes('Sub'),
  Mul: binaryRecipes('Mul'),
  // Divisors in [0.5, 1.5], away from the pole at 0.
  Div: binaryRecipes('Div', 0.5, 1.5),
  Neg: [recipe('[2, 3]', (builder, param) => builder.op('Neg', [param('x', [2, 3])]))],
  Gemm: gemmRecipes(),
  MatMul: [
    recipe('[3, 4] x [4, 2]', (builder, param) =>
      builder.op('MatMul', [param('a', [3, 4]), param('b', [4, 2])]),
    ),
  ],
  PRelu: [
    recipe('one slope per channel', (builder, param) =>
      builder.op('PRelu', [param('x', [2, 3]), param('slope', [3], 0.1, 0.5)]),
    ),
    recipe('one slope', (builder, param) =>
      builder.op('PRelu', [param('x', [2, 3]), param('slope', [1], 0.1, 0.5)]),
    ),
  ],
  Softmax: [-1, 0].map((axis) =>
    recipe(`axis ${axis}`, (builder, param) =>
      builder.op('Softmax', [param('x', [3, 4], -2, 2)], { axis }),
    ),
  ),
  SoftmaxCrossEntropyLoss: lossRecipes(),
  // The bounds sit on kinks that samples avoid.
  Clip: [
    recipe('both bounds', (builder, param) =>
      builder.op('Clip', [param('x', [2, 5], -2, 5), builder.constant(0), builder.constant(3)]),
    ),
    recipe('min only', (builder, param) =>
      builder.op('Clip', [param('x', [2, 5], -2, 2), builder.constant(0)]),
    ),
    recipe('max only', (builder, param) =>
      builder.op('Clip', [param('x', [2, 5], 1, 5), undefined, builder.constant(3)]),
    ),
  ],
  Reshape: [
    recipe('[2, 3] to [3, 2]', (builder, param) =>
      builder.op('Reshape', [param('x', [2, 3])], { shape: [3, 2] }),
    ),
    recipe('[2, 3] to [-1]', (builder, param) =>
      builder.op('Reshape', [param('x', [2, 3])], { shape: [-1] }),
    ),
  ],
  LogSoftmax: [-1, 0].map((axis) =>
    recipe(`axis ${axis}`, (builder, param) =>
      builder.op('LogSoftmax', [param('x', [3, 4], -2, 2)], { axis }),
    ),
  ),
  MeanSquaredError: [
    recipe('[2, 3]', (builder, param) =>
      builder.op('MeanSquaredError', [
        param('predictions', [2, 3]),
        builder.constant(Float32Array.from([0.5, -1, 2, 0, 1, -0.5]), [2, 3], 'targets'),
      ]),
    ),
  ],
};

/** Non-default attributes worth a second look, per activation op. */
const ACTIVATION_VARIANTS: Readonly<Record<string, readonly Attributes[]>> = {
  LeakyRelu: [{ alpha: 0.2 }],
  Elu: [{ alpha: 0.5 }],
  Celu: [{ alpha: 2 }],
  Gelu: [{ approximate: 'tanh' }],
};

/** The recipes of an op: its own, or one per attribute set for an elementwise activation. */
function recipesFor(op: string): readonly Recipe[] | undefined {
  if (RECIPES[op]) return RECIPES[op];
  if (activationOfOp(op)?.kind !== 'elementwise') return undefined;
  return [{}, ...(ACTIVATION_VARIANTS[op] ?? [])].map((attributes) =>
    recipe(`attributes ${JSON.stringify(attributes)}`, (builder, param) =>
      builder.op(op, [param('x', [2, 5], -4, 7)], attributes),
    ),
  );
}

/** Values in [low, high) from a seeded source, none within MARGIN of a kink. */
function sample(size: number, seed: number, low: number, high: number): Float32Array {
  const random = randomSource(seed);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    let value: number;
    do value = random(low, high);
    while (KINKS.some((kink) => Math.abs(value - kink) < MARGIN + STEP));
    values[i] = value;
  }
  return values;
}

/** mean((y - target)^2) in float64. */
function meanSquared(y: Float32Array, target: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += ((y[i] as number) - (target[i] as number)) ** 2;
  return sum / y.length;
}

/**
 * Compiles the recipe with its loss and gradients, then compares each analytic gradient with
 * central differences. The loss is the op's own output when that is a scalar; otherwise the
 * mean squared error of the output against a fixed random target, which the test recomputes
 * in float64 from the float32 output so that the differences lose little to rounding.
 */
async function checkGradients(build: Recipe['build']): Promise<void> {
  const builder = new GraphBuilder('gradient-check');
  const params: ValueInfo[] = [];
  const param: Param = (name, shape, low = -2, high = 2) => {
    const value = builder.parameter(
      name,
      shape,
      sample(sizeOf(shape), 101 + params.length, low, high),
    );
    params.push(value);
    return value;
  };
  const output = build(builder, param);
  const scalar = sizeOf(output.shape as number[]) === 1;
  const target = sample(sizeOf(output.shape as number[]), 7, -1, 1);
  const loss = scalar
    ? output
    : builder.op('MeanSquaredError', [output, builder.constant(target, output.shape as number[])]);
  builder.output(output, 'output');
  const grads = gradients(builder, loss, params);
  grads.forEach((grad, index) => builder.output(grad, `grad_${index}`));
  const program = await backend.compile(builder.build());

  const lossNow = async () => {
    const y = (await (await program.run({})).output?.data()) as Float32Array;
    return scalar ? (y[0] as number) : meanSquared(y, target);
  };
  const result = await program.run({});

  for (const [index, value] of params.entries()) {
    const analytic = (await result[`grad_${index}`]?.data()) as Float32Array;
    const base = (await program.readParameter(value.name)) as Float32Array;
    for (let i = 0; i < base.length; i++) {
      const moved = base.slice();
      moved[i] = (base[i] as number) + STEP;
      await program.writeParameter(value.name, moved);
      const above = await lossNow();
      moved[i] = (base[i] as number) - STEP;
      await program.writeParameter(value.name, moved);
      const below = await lossNow();
      await program.writeParameter(value.name, base);

      // The step is taken on float32 values, so divide by the step they actually moved.
      const numeric =
        (above - below) / (Math.fround(base[i]! + STEP) - Math.fround(base[i]! - STEP));
      const gradient = analytic[i] as number;
      const message = `d loss / d ${value.name}[${i}]: analytic ${gradient}, numeric ${numeric}`;
      expect(Math.abs(gradient - numeric), message).toBeLessThanOrEqual(
        ABSOLUTE + RELATIVE * Math.abs(numeric),
      );
    }
  }
}

describe('finite-difference gradients of every op with a gradient rule', () => {
  const ops = listOps().filter((op) => op.gradient);

  it('covers the ops of the op set', () => {
    expect(ops.map((op) => op.name)).toEqual(expect.arrayContaining(['Relu', 'Gemm', 'Softmax']));
  });

  for (const op of ops) {
    const recipes = recipesFor(op.name);
    if (!recipes) {
      it(`${op.name} has a recipe`, () => {
        throw new Error(
          `${op.name} has a gradient rule but no recipe in gradients.test.ts; add one.`,
        );
      });
      continue;
    }
    for (const { label, build } of recipes) {
      it(`${op.name}, ${label}`, () => checkGradients(build));
    }
  }
});

describe('vjp', () => {
  it('seeds the backward pass with the given output gradients', async () => {
    // y = exp(x) and z = x * x with upstream gradients dy and dz: dx = dy * exp(x) + dz * 2x.
    const builder = new GraphBuilder('vjp');
    const x = builder.input('x', [4]);
    const y = builder.op('Exp', [x]);
    const z = builder.op('Mul', [x, x]);
    const dy = builder.input('dy', [4]);
    const dz = builder.input('dz', [4]);
    const [dx] = vjp(builder, [y, z], [dy, dz], [x]);
    builder.output(dx as ValueInfo, 'dx');
    const program = await backend.compile(builder.build());

    const values = { x: [-1, 0, 0.5, 2], dy: [1, -2, 0.25, 3], dz: [0.5, 1, -1, 2] };
    const feeds = Object.fromEntries(
      Object.entries(values).map(([name, data]) => [name, backend.tensor(data, [4])]),
    );
    const result = (await (await program.run(feeds)).dx?.data()) as Float32Array;
    values.x.forEach((v, i) => {
      const expected = values.dy[i]! * Math.exp(v) + values.dz[i]! * 2 * v;
      expect(result[i]).toBeCloseTo(expected, 5);
    });
  });
});

describe('a value used twice', () => {
  it('sums the gradient contributions of both uses', async () => {
    // y = x * x + x, so dy/dx = 2x + 1, and x reaches y three times.
    const build: Recipe['build'] = (builder, param) => {
      const x = param('x', [2, 3]);
      return builder.op('Add', [builder.op('Mul', [x, x]), x]);
    };
    await checkGradients(build);

    const builder = new GraphBuilder('twice');
    const values = Float32Array.from([-1.5, -0.5, 0.25, 0.5, 1, 2]);
    const target = new Float32Array(6);
    const x = builder.parameter('x', [6], values);
    const y = builder.op('Add', [builder.op('Mul', [x, x]), x]);
    const loss = builder.op('MeanSquaredError', [y, builder.constant(target, [6])]);
    // No output is declared before gradients(): it must not need one.
    const [grad] = gradients(builder, loss, [x]);
    builder.output(grad as ValueInfo, 'grad');
    const program = await backend.compile(builder.build());

    const result = (await (await program.run({})).grad?.data()) as Float32Array;
    const expected = Array.from(values, (v) => ((2 * (v * v + v)) / 6) * (2 * v + 1));
    result.forEach((value, i) => expect(value).toBeCloseTo(expected[i] as number, 6));
  });
});
