import type { Backend, Program, Tensor } from '@rectifier/core';
import { isOnnxCase, isUnreadableCase, type Case } from './case.js';
import { jsonForwardProblem } from './json-trial.js';
import { onnxForwardProblems } from './onnx-trial.js';
import type { ForwardProblem } from './trial.js';

/** Options of `checkByFiniteDifferences`. */
export interface FiniteDifferenceOptions {
  /** The step, relative to max(1, |x|); 1e-3 by default. */
  readonly step?: number;
  /** Allowed relative difference from the expected gradient; 1e-2. */
  readonly rtol?: number;
  /** Allowed absolute difference, in units of the largest upstream gradient; 1e-3. */
  readonly atol?: number;
  /** Elements checked per tensor, spread evenly over it; 128. */
  readonly maxElements?: number;
}

/** An expected gradient element that central differences contradict. */
export interface FiniteDifferenceFailure {
  readonly tensor: string;
  readonly index: number;
  readonly x: number;
  readonly expected: number;
  readonly numeric: number;
}

/** How many elements were checked, how many could not be, and the contradictions. */
export interface FiniteDifferenceReport {
  readonly name: string;
  readonly checked: number;
  /**
   * Elements at a non-finite input or gradient, where the function is not smooth, or whose
   * effect an output that is already NaN or infinite hides.
   */
  readonly skipped: number;
  readonly failures: readonly FiniteDifferenceFailure[];
}

const FLOAT32_EPSILON = 2 ** -23;

/** The outputs that have an upstream gradient, from one run. */
type Outputs = readonly Float32Array[];

/** L(a) - L(b) for L = sum over outputs of sum(Y * dY), with its float32 rounding noise. */
interface Change {
  readonly delta: number;
  readonly noise: number;
  /** False where an element that changed is not finite on either side. */
  readonly finite: boolean;
}

function spread(size: number, count: number): number[] {
  if (size <= count) return Array.from({ length: size }, (_, index) => index);
  return Array.from({ length: count }, (_, i) => Math.round((i * (size - 1)) / (count - 1)));
}

class Evaluator {
  private readonly base: Record<string, Tensor>;

  constructor(
    private readonly backend: Backend,
    private readonly program: Program,
    private readonly problem: ForwardProblem,
  ) {
    this.base = Object.fromEntries(
      problem.feeds.map((feed) => [feed.name, backend.tensor(feed.values, feed.shape, feed.dtype)]),
    );
  }

  /** The outputs with one feed's values replaced. */
  async evaluate(feed?: string, values?: Float32Array): Promise<Outputs> {
    const feeds = { ...this.base };
    if (feed && values) feeds[feed] = this.backend.tensor(values, this.base[feed]?.shape);
    const results = await this.program.run(feeds);
    const outputs: Float32Array[] = [];
    for (const { output } of this.problem.upstream) {
      outputs.push((await results[output]?.data()) as Float32Array);
    }
    return outputs;
  }

  /**
   * L(a) - L(b), summed over the elements that changed only: the others cancel exactly, NaN
   * and infinities among them included, and add no rounding.
   */
  change(a: Outputs, b: Outputs): Change {
    let delta = 0;
    let noise = 0;
    let finite = true;
    this.problem.upstream.forEach(({ values: upstream }, k) => {
      const after = a[k] as Float32Array;
      const before = b[k] as Float32Array;
      for (let i = 0; i < after.length; i++) {
        const [y, z] = [after[i] as number, before[i] as number];
        if (Object.is(y, z) || y === z) continue;
        if (!Number.isFinite(y) || !Number.isFinite(z)) finite = false;
        const weight = upstream[i] as number;
        delta += weight * (y - z);
        noise += Math.abs(weight) * (Math.abs(y) + Math.abs(z)) * FLOAT32_EPSILON;
      }
    });
    return { delta, noise, finite };
  }
}

/** Central and one-sided differences at one element, or undefined where none can be taken. */
interface Slopes {
  readonly central: number;
  readonly forward: number;
  readonly backward: number;
  /** The rounding error of the central difference. */
  readonly noise: number;
}

/** Moves element `index` of `feed` by h either way and takes the differences of L. */
async function slopesAt(
  evaluator: Evaluator,
  center: Outputs,
  feed: string,
  base: Float32Array,
  index: number,
  step: number,
): Promise<Slopes | undefined> {
  // The step is taken on float32 values, so divide by the distance they actually moved.
  const x = base[index] as number;
  const moved = base.slice();
  const h = step * Math.max(1, Math.abs(x));
  moved[index] = x + h;
  const up = moved[index] as number;
  const above = await evaluator.evaluate(feed, moved);
  moved[index] = x - h;
  const down = moved[index] as number;
  const below = await evaluator.evaluate(feed, moved);

  const rise = evaluator.change(above, center);
  const fall = evaluator.change(center, below);
  if (!rise.finite || !fall.finite || up === x || down === x) return undefined;
  const span = evaluator.change(above, below);
  return {
    central: span.delta / (up - down),
    forward: rise.delta / (up - x),
    backward: fall.delta / (x - down),
    noise: span.noise / (up - down),
  };
}

/**
 * Whether the one-sided slopes disagree, which means a kink or a jump inside the step: there is
 * no derivative to compare with, whatever convention the case states there.
 */
function isKink(slopes: Slopes, scale: number): boolean {
  const steeper = Math.max(Math.abs(slopes.forward), Math.abs(slopes.backward));
  const bend = Math.abs(slopes.forward - slopes.backward);
  return bend > 0.05 * steeper + 2e-3 * scale + 8 * slopes.noise;
}

interface Tally {
  checked: number;
  skipped: number;
  readonly failures: FiniteDifferenceFailure[];
}

async function checkProblem(
  backend: Backend,
  problem: ForwardProblem,
  options: Required<FiniteDifferenceOptions>,
  tally: Tally,
): Promise<void> {
  const program = await backend.compile(problem.graph);
  try {
    const evaluator = new Evaluator(backend, program, problem);
    const center = await evaluator.evaluate();
    const saturated = center.some((output) => output.some((value) => !Number.isFinite(value)));
    const scale = Math.max(
      1e-30,
      ...problem.upstream.map(({ values }) => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0)),
    );
    for (const { feed, tensor, expected } of problem.gradients) {
      const base = problem.feeds.find((item) => item.name === feed)?.values as Float32Array;
      // A change behind an output that is already NaN or infinite cannot be seen. Where the
      // outputs are shaped like the tensor, element i is taken to feed output element i (and
      // its row); otherwise any non-finite output may hide it.
      const elementwise = problem.upstream.every(({ values }) => values.length === base.length);
      const hidden = (index: number) =>
        elementwise ? center.some((output) => !Number.isFinite(output[index]!)) : saturated;

      for (const index of spread(base.length, options.maxElements)) {
        const x = base[index] as number;
        const want = expected[index] as number;
        const skip = !Number.isFinite(x) || !Number.isFinite(want) || hidden(index);
        const slopes = skip
          ? undefined
          : await slopesAt(evaluator, center, feed, base, index, options.step);
        if (!slopes || isKink(slopes, scale)) {
          tally.skipped++;
          continue;
        }

        tally.checked++;
        const { central, noise } = slopes;
        const allowed =
          options.rtol * Math.max(Math.abs(want), Math.abs(central)) +
          options.atol * scale +
          4 * noise;
        if (!(Math.abs(central - want) <= allowed)) {
          tally.failures.push({ tensor, index, x, expected: want, numeric: central });
        }
      }
    }
  } finally {
    program.dispose();
  }
}

/**
 * Checks a case's expected gradients against central differences of a backend's forward
 * pass: for each checked element, (L(x + h) - L(x - h)) / 2h with L = sum(Y * dY) over the
 * outputs. Elements at NaN or infinities, and elements where the one-sided slopes disagree
 * (a kink, where the case states a convention), are counted as skipped. A case without a
 * backward part checks nothing; one that could not be read throws why.
 *
 * @example
 * const report = await checkByFiniteDifferences(createBackend(), reluCase);
 * report.failures; // []
 */
export async function checkByFiniteDifferences(
  backend: Backend,
  testCase: Case,
  options: FiniteDifferenceOptions = {},
): Promise<FiniteDifferenceReport> {
  const resolved = { step: 1e-3, rtol: 1e-2, atol: 1e-3, maxElements: 128, ...options };
  if (isUnreadableCase(testCase)) throw testCase.error;
  const problems = isOnnxCase(testCase)
    ? onnxForwardProblems(testCase)
    : testCase.backward
      ? [jsonForwardProblem(testCase)]
      : [];
  const tally: Tally = { checked: 0, skipped: 0, failures: [] };
  for (const problem of problems) await checkProblem(backend, problem, resolved, tally);
  return { name: testCase.name, ...tally };
}
