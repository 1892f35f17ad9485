import { GraphBuilder, type Attributes, type Tensor } from '@rectifier/core';
import { describe, it } from 'vitest';
import { backend, expectClose, randomValues } from './helpers/harness.js';

const SIZE = 6;
const STEPS = 5;
const f = Math.fround;
const initial = randomValues([SIZE], 41);
const gradients = Array.from({ length: STEPS }, (_, step) => randomValues([SIZE], 50 + step));

/**
 * Runs `steps` optimiser updates as a training program does: the parameter and the optimiser
 * state are initialisers, the gradient is fed each step, and updates write the results back.
 */
async function train(
  op: 'SGDUpdate' | 'AdamUpdate',
  attributes: Attributes,
): Promise<Float32Array[]> {
  const builder = new GraphBuilder(op);
  const x = builder.parameter('x', [SIZE], initial.slice());
  const grad = builder.input('grad', [SIZE]);
  const state =
    op === 'SGDUpdate'
      ? [builder.constant(new Float32Array(SIZE), [SIZE], 'velocity')]
      : [
          builder.constant(new Float32Array(SIZE), [SIZE], 'mean'),
          builder.constant(new Float32Array(SIZE), [SIZE], 'variance'),
        ];
  const step = op === 'AdamUpdate' ? [builder.input('step', [])] : [];
  const [xNew, ...stateNew] = builder.opOutputs(op, [x, grad, ...state, ...step], attributes);
  builder.update(x, xNew!);
  state.forEach((value, index) => builder.update(value, stateNew[index]!));
  const program = await backend.compile(builder.build());

  const trajectory: Float32Array[] = [];
  for (let t = 0; t < STEPS; t++) {
    const feeds: Record<string, Tensor> = { grad: backend.tensor(gradients[t] as Float32Array) };
    if (op === 'AdamUpdate') feeds.step = backend.tensor([t + 1], []);
    await program.run(feeds);
    trajectory.push((await program.readParameter('x')) as Float32Array);
  }
  return trajectory;
}

/** torch.optim.SGD's step (dampening 0), one float32 tensor operation at a time. */
function torchSgd(learningRate: number, momentum: number, weightDecay: number, nesterov: boolean) {
  const param = initial.slice();
  let buffer: Float32Array | undefined;
  const trajectory: Float32Array[] = [];
  for (const grad of gradients) {
    // d_p = grad.add(param, alpha=weight_decay)
    let step: Float32Array = grad.map((g, i) =>
      weightDecay === 0 ? g : f(g + weightDecay * param[i]!),
    );
    if (momentum !== 0) {
      // The first buffer is a clone of d_p; later ones are buf.mul_(momentum).add_(d_p).
      const previous = buffer;
      buffer = previous ? step.map((d, i) => f(f(previous[i]! * momentum) + d)) : step.slice();
      const current = buffer;
      step = nesterov ? step.map((d, i) => f(d + momentum * current[i]!)) : current;
    }
    // param.add_(d_p, alpha=-lr)
    for (let i = 0; i < SIZE; i++) param[i] = f(param[i]! - learningRate * step[i]!);
    trajectory.push(param.slice());
  }
  return trajectory;
}

/** torch.optim.Adam's step (amsgrad off), one float32 tensor operation at a time. */
function torchAdam(options: {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
}) {
  const { learningRate, beta1, beta2, epsilon, weightDecay } = options;
  const param = initial.slice();
  const expAvg = new Float32Array(SIZE);
  const expAvgSq = new Float32Array(SIZE);
  const trajectory: Float32Array[] = [];
  gradients.forEach((gradient, index) => {
    const step = index + 1;
    const grad = gradient.map((g, i) => (weightDecay === 0 ? g : f(g + weightDecay * param[i]!)));
    for (let i = 0; i < SIZE; i++) {
      // exp_avg.lerp_(grad, 1 - beta1); exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2)
      expAvg[i] = f(expAvg[i]! + (1 - beta1) * f(grad[i]! - expAvg[i]!));
      expAvgSq[i] = f(f(expAvgSq[i]! * beta2) + (1 - beta2) * f(grad[i]! * grad[i]!));
    }
    const biasCorrection1 = 1 - beta1 ** step;
    const biasCorrection2 = 1 - beta2 ** step;
    const stepSize = learningRate / biasCorrection1;
    for (let i = 0; i < SIZE; i++) {
      // denom = (exp_avg_sq.sqrt() / sqrt(bias_correction2)).add_(eps)
      const denominator = f(f(f(Math.sqrt(expAvgSq[i]!)) / Math.sqrt(biasCorrection2)) + epsilon);
      // param.addcdiv_(exp_avg, denom, value=-step_size)
      param[i] = f(param[i]! - stepSize * f(expAvg[i]! / denominator));
    }
    trajectory.push(param.slice());
  });
  return trajectory;
}

function expectTrajectories(actual: Float32Array[], expected: Float32Array[]): void {
  actual.forEach((values, step) => expectClose(values, expected[step]!, 1e-5, 1e-7));
}

describe('SGDUpdate against torch.optim.SGD', () => {
  const cases = [
    { learningRate: 0.1, momentum: 0, weightDecay: 0, nesterov: 0 },
    { learningRate: 0.1, momentum: 0.9, weightDecay: 0, nesterov: 0 },
    { learningRate: 0.05, momentum: 0.9, weightDecay: 0, nesterov: 1 },
    { learningRate: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: 0 },
    { learningRate: 0.05, momentum: 0.8, weightDecay: 0.1, nesterov: 1 },
    { learningRate: 0.1, momentum: 0, weightDecay: 0.1, nesterov: 0 },
  ];
  for (const options of cases) {
    it(`matches five steps with ${JSON.stringify(options)}`, async () => {
      const { learningRate, momentum, weightDecay, nesterov } = options;
      expectTrajectories(
        await train('SGDUpdate', options),
        torchSgd(learningRate, momentum, weightDecay, nesterov === 1),
      );
    });
  }
});

describe('AdamUpdate against torch.optim.Adam', () => {
  const cases = [
    { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 },
    { learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.1 },
    { learningRate: 0.1, beta1: 0.5, beta2: 0.9, epsilon: 1e-3, weightDecay: 0 },
  ];
  for (const options of cases) {
    it(`matches five steps with ${JSON.stringify(options)}`, async () => {
      expectTrajectories(await train('AdamUpdate', options), torchAdam(options));
    });
  }
});
