import type { TaskContext } from '../../threads/jobs.js';
import type { ThreadPool } from '../../threads/pool.js';
import type { GemmRun, GemmShape } from './blocked-gemm.js';
import { TILE_COLUMNS, TILE_ROWS } from './micro-kernel.js';
import { multiplyPacked } from './multiply-packed.js';
import { packA, packB } from './pack.js';

/** The task kind of a parallel product, as workers look it up. */
export const GEMM_TASK = 0;

/** Tasks per thread: enough that a thread the machine runs late costs at most a small share. */
const TASKS_PER_THREAD = 4;

// Positions of a parallel product's integer parameters in the job. The packed operands fill
// the pool's shared scratch from its start, A first: strip by strip, depth block after depth
// block, then B panel by panel. Y_START counts float32 values from the start of Y's buffer.
const PACKED = 0;
const STEPS = 1;
const Y_BUFFER = 2;
const Y_START = 3;
const ROWS = 4;
const COLUMNS = 5;
const DEPTH = 6;
const DEPTH_BLOCK = 7;
const LDY = 8;
const ACCUMULATE = 9;
const SPLIT_ROWS = 10;
const GROUP = 11;
// The float parameter: alpha.
const ALPHA = 0;

function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

/**
 * Prepares a product that the pool's threads share. The calling thread packs all of op(A)
 * and op(B) into the pool's shared scratch, one depth block after another, exactly as the
 * serial product packs them; then every thread claims groups of tile rows (or tile columns)
 * of Y and multiplies them over every depth block in order. Each element of Y is thus
 * computed by one thread, with the serial product's blocks and summation order, so the result
 * does not depend on how many threads there are. `serial` runs products whose Y is not shared.
 */
export function prepareParallelGemm(
  shape: GemmShape,
  depthBlock: number,
  pool: ThreadPool,
  serial: GemmRun,
): GemmRun {
  const { m, n, k, transA, transB, lda, ldb, ldy } = shape;
  const paddedRows = roundUp(m, TILE_ROWS);
  const paddedColumns = roundUp(n, TILE_COLUMNS);
  const sizeA = paddedRows * k;
  const strips = paddedRows / TILE_ROWS;
  // Each depth block lists each strip's steps: a count and up to depth k values.
  const stepsSize = strips * (k + Math.ceil(k / depthBlock));
  pool.sharedFloats(sizeA + paddedColumns * k);
  pool.sharedInts(stepsSize);

  const panels = paddedColumns / TILE_COLUMNS;
  const splitRows = strips >= panels;
  const units = splitRows ? strips : panels;
  const group = Math.ceil(units / Math.min(units, pool.threads * TASKS_PER_THREAD));
  const tasks = Math.ceil(units / group);

  return (a, aOffset, b, bOffset, y, yOffset, alpha, accumulate) => {
    if (k === 0 || !(y.buffer instanceof SharedArrayBuffer)) {
      serial(a, aOffset, b, bOffset, y, yOffset, alpha, accumulate);
      return;
    }

    // TODO: workers could pack their own strips if feeds and parameters lived in shared memory;
    // packing here alone is about a tenth of a product's time.
    const packed = pool.sharedFloats(sizeA + paddedColumns * k);
    const steps = pool.sharedInts(stepsSize);
    for (let pc = 0, block = 0; pc < k; pc += depthBlock, block++) {
      const depth = Math.min(depthBlock, k - pc);
      const startB = sizeA + paddedColumns * pc;
      const finite = packB(b, bOffset, ldb, transB, pc, depth, 0, n, packed, startB);
      const stepsStart = strips * (pc + block);
      packA(
        a,
        aOffset,
        lda,
        transA,
        0,
        m,
        pc,
        depth,
        packed,
        paddedRows * pc,
        steps,
        stepsStart,
        finite,
      );
    }

    const ints = pool.ints;
    ints[PACKED] = pool.register(packed.buffer as SharedArrayBuffer);
    ints[STEPS] = pool.register(steps.buffer as SharedArrayBuffer);
    ints[Y_BUFFER] = pool.register(y.buffer);
    ints[Y_START] = y.byteOffset / 4 + yOffset;
    ints[ROWS] = m;
    ints[COLUMNS] = n;
    ints[DEPTH] = k;
    ints[DEPTH_BLOCK] = depthBlock;
    ints[LDY] = ldy;
    ints[ACCUMULATE] = accumulate ? 1 : 0;
    ints[SPLIT_ROWS] = splitRows ? 1 : 0;
    ints[GROUP] = group;
    pool.floats[ALPHA] = alpha;
    pool.run(GEMM_TASK, runGemmTask, tasks);
  };
}

/**
 * One task of a parallel product: a group of tile rows (or tile columns) of Y, over every
 * depth block in order, from operands that are already packed.
 */
export function runGemmTask(context: TaskContext, task: number): void {
  const ints = context.ints;
  const packed = context.floatBuffer(ints[PACKED] as number);
  const steps = context.intBuffer(ints[STEPS] as number);
  const y = context.floatBuffer(ints[Y_BUFFER] as number);
  const m = ints[ROWS] as number;
  const n = ints[COLUMNS] as number;
  const k = ints[DEPTH] as number;
  const depthBlock = ints[DEPTH_BLOCK] as number;
  const ldy = ints[LDY] as number;
  const accumulate = ints[ACCUMULATE] === 1;
  const group = ints[GROUP] as number;
  const alpha = context.floats[ALPHA] as number;
  const tile = context.scratch(TILE_ROWS * TILE_COLUMNS);

  let rowStart = 0;
  let columnStart = 0;
  let rowEnd = m;
  let columnEnd = n;
  if (ints[SPLIT_ROWS] === 1) {
    rowStart = task * group * TILE_ROWS;
    rowEnd = Math.min(m, rowStart + group * TILE_ROWS);
  } else {
    columnStart = task * group * TILE_COLUMNS;
    columnEnd = Math.min(n, columnStart + group * TILE_COLUMNS);
  }

  const paddedRows = roundUp(m, TILE_ROWS);
  const paddedColumns = roundUp(n, TILE_COLUMNS);
  const strips = paddedRows / TILE_ROWS;
  const target = (ints[Y_START] as number) + rowStart * ldy + columnStart;
  for (let pc = 0, block = 0; pc < k; pc += depthBlock, block++) {
    const depth = Math.min(depthBlock, k - pc);
    multiplyPacked(
      rowEnd - rowStart,
      columnEnd - columnStart,
      depth,
      packed,
      paddedRows * pc + rowStart * depth,
      steps,
      strips * (pc + block) + (rowStart / TILE_ROWS) * (depth + 1),
      packed,
      paddedRows * k + paddedColumns * pc + columnStart * depth,
      tile,
      y,
      target,
      ldy,
      alpha,
      accumulate || pc > 0,
    );
  }
}
