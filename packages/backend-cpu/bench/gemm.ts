// GEMM micro-benchmark: the blocked, register-tiled product of this package against a plain
// triple loop, on the shapes that training a 784-64-32-16-10 MLP at batch 64 runs, with dense
// operands and with an A that is half zeros (as after a ReLU), on one thread and on two.
// Run from packages/backend-cpu with `npm run bench`. It prints one line per shape.
import { prepareGemm, ThreadPool } from '@rectifier/backend-cpu';

interface Case {
  readonly label: string;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transA: boolean;
  readonly transB: boolean;
  /** Whether A is half zeros, in runs, as ReLU outputs and digit borders are. */
  readonly sparse?: boolean;
}

const CASES: readonly Case[] = [
  { label: 'forward X W1', m: 64, n: 64, k: 784, transA: false, transB: false },
  {
    label: 'forward X W1, sparse X',
    m: 64,
    n: 64,
    k: 784,
    transA: false,
    transB: false,
    sparse: true,
  },
  { label: 'backward dW1 = X^T dY', m: 784, n: 64, k: 64, transA: true, transB: false },
  { label: 'backward dX = dY W1^T', m: 64, n: 784, k: 64, transA: false, transB: true },
  { label: 'forward X W2', m: 64, n: 32, k: 64, transA: false, transB: false },
  { label: 'square 256', m: 256, n: 256, k: 256, transA: false, transB: false },
];

const MIN_MILLISECONDS = 200;
const ROUNDS = 3;

function naive(c: Case, a: Float32Array, b: Float32Array, y: Float32Array): void {
  const { m, n, k, transA, transB } = c;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const left = transA ? a[p * m + i] : a[i * k + p];
        const right = transB ? b[j * k + p] : b[p * n + j];
        sum += (left as number) * (right as number);
      }
      y[i * n + j] = sum;
    }
  }
}

/**
 * GFLOP/s of `body` over repeated calls after a warm-up, the best of a few rounds. It divides
 * by the process's CPU time rather than the wall clock, so that other processes sharing the
 * machine do not count against it; with `wall`, by the wall clock, which is what a second
 * thread can shorten (its CPU time counts too).
 */
function measure(flops: number, body: () => void, wall = false): number {
  for (let i = 0; i < 3; i++) body();
  let best = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let runs = 0;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    do {
      body();
      runs++;
    } while (performance.now() - start < MIN_MILLISECONDS);
    const cpu = process.cpuUsage(cpuStart);
    const microseconds = wall ? (performance.now() - start) * 1e3 : cpu.user + cpu.system;
    best = Math.max(best, (flops * runs) / (microseconds * 1e3));
  }
  return best;
}

function random(size: number, sparse = false): Float32Array {
  return Float32Array.from({ length: size }, (_, index) =>
    sparse && index % 16 < 8 ? 0 : Math.random() * 2 - 1,
  );
}

const pool = new ThreadPool(2);
pool.start();
while (pool.onlineWorkers < 1) await new Promise((resolve) => setTimeout(resolve, 5));

for (const c of CASES) {
  const a = random(c.m * c.k, c.sparse);
  const b = random(c.k * c.n);
  const expected = new Float32Array(c.m * c.n);
  const actual = new Float32Array(c.m * c.n);
  const shared = new Float32Array(new SharedArrayBuffer(4 * c.m * c.n));
  const shape = { ...c, lda: c.transA ? c.m : c.k, ldb: c.transB ? c.k : c.n, ldy: c.n };
  const run = prepareGemm(shape);
  // Products below the pool's threshold run on one thread even with the pool.
  const threaded = prepareGemm(shape, pool);
  const flops = 2 * c.m * c.n * c.k;

  const naiveRate = measure(flops, () => naive(c, a, b, expected));
  const blockedRate = measure(flops, () => run(a, 0, b, 0, actual, 0, 1, false));
  const wallRate = measure(flops, () => run(a, 0, b, 0, actual, 0, 1, false), true);
  const threadedRate = measure(flops, () => threaded(a, 0, b, 0, shared, 0, 1, false), true);
  let error = 0;
  for (let i = 0; i < actual.length; i++) {
    error = Math.max(error, Math.abs((actual[i] as number) - (expected[i] as number)));
  }

  // The operands as stored: [k x m]^T is A transposed.
  const left = c.transA ? `[${c.k}x${c.m}]^T` : `[${c.m}x${c.k}]`;
  const right = c.transB ? `[${c.n}x${c.k}]^T` : `[${c.k}x${c.n}]`;
  const operands = `${left} x ${right}`;
  process.stdout.write(
    `${c.label.padEnd(24)} ${operands.padEnd(26)} naive ${naiveRate.toFixed(2)} GFLOP/s, ` +
      `blocked ${blockedRate.toFixed(2)} GFLOP/s (${(blockedRate / naiveRate).toFixed(1)}x), ` +
      `wall clock ${wallRate.toFixed(2)} on 1 thread, ${threadedRate.toFixed(2)} on 2, ` +
      `max |diff| ${error.toExponential(1)}\n`,
  );
}

await pool.dispose();
