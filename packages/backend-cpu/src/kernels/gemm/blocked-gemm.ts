import type { ThreadPool } from '../../threads/pool.js';
import { TILE_COLUMNS, TILE_ROWS } from './micro-kernel.js';
import { multiplyPacked } from './multiply-packed.js';
import { packA, packB } from './pack.js';
import { prepareParallelGemm } from './parallel-gemm.js';
import { scratch, stepScratch } from './scratch.js';

// Block sizes. A block of packed A (ROW_BLOCK x depth) stays in L2 while the micro-kernel
// streams one panel of B (depth x TILE_COLUMNS) through L1; COLUMN_BLOCK bounds packed B.
const ROW_BLOCK = 64;
const COLUMN_BLOCK = 512;
const MAX_DEPTH_BLOCK = 256;

/**
 * Products of at least this many multiply-adds are shared between threads when a pool is
 * given. Below it, waking the workers costs more than they save.
 */
export const PARALLEL_MULTIPLY_ADDS = 1 << 20;

/** The sizes and layout of one product Y[m, n] = op(A)[m, k] op(B)[k, n]. */
export interface GemmShape {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transA: boolean;
  readonly transB: boolean;
  /** Row strides of A, B and Y as stored. */
  readonly lda: number;
  readonly ldb: number;
  readonly ldy: number;
}

/**
 * Runs a prepared product on one set of operands: Y = alpha * op(A) op(B), or
 * Y += alpha * op(A) op(B) when `accumulate` is true. Offsets select a matrix inside a batch.
 */
export type GemmRun = (
  a: Float32Array,
  aOffset: number,
  b: Float32Array,
  bOffset: number,
  y: Float32Array,
  yOffset: number,
  alpha: number,
  accumulate: boolean,
) => void;

function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

/**
 * Prepares a cache-blocked matrix product for one shape: it chooses the blocks and takes its
 * packing buffers, so that running it allocates nothing. Every transposition is packed into
 * the same layout, so one micro-kernel serves all four. With a pool of more than one thread,
 * a large product whose Y lives in shared memory is split between the threads; the result is
 * the same, bit for bit, as on one thread.
 *
 * @example
 * const run = prepareGemm({ m: 2, n: 2, k: 3, transA: false, transB: false,
 *   lda: 3, ldb: 2, ldy: 2 });
 * run(a, 0, b, 0, y, 0, 1, false);
 */
export function prepareGemm(shape: GemmShape, pool?: ThreadPool): GemmRun {
  const { m, n, k } = shape;
  // Split k into equal blocks rather than full blocks and a short tail.
  const depthBlocks = Math.max(1, Math.ceil(k / MAX_DEPTH_BLOCK));
  const depthBlock = Math.ceil(k / depthBlocks);
  const serial = prepareSerialGemm(shape, depthBlock);
  if (!pool || pool.threads < 2 || m * n * k < PARALLEL_MULTIPLY_ADDS) return serial;
  return prepareParallelGemm(shape, depthBlock, pool, serial);
}

/** The product on the calling thread alone. */
function prepareSerialGemm(shape: GemmShape, depthBlock: number): GemmRun {
  const { m, n, k, transA, transB, lda, ldb, ldy } = shape;
  const rowBlock = Math.min(ROW_BLOCK, roundUp(m, TILE_ROWS));
  const columnBlock = Math.min(COLUMN_BLOCK, roundUp(n, TILE_COLUMNS));
  const sizeA = rowBlock * depthBlock;
  const sizeB = columnBlock * depthBlock;
  const work = scratch(sizeA + sizeB + TILE_ROWS * TILE_COLUMNS);
  const packedA = work.subarray(0, sizeA);
  const packedB = work.subarray(sizeA, sizeA + sizeB);
  const tile = work.subarray(sizeA + sizeB, sizeA + sizeB + TILE_ROWS * TILE_COLUMNS);
  const steps = stepScratch((rowBlock / TILE_ROWS) * (depthBlock + 1));

  return (a, aOffset, b, bOffset, y, yOffset, alpha, accumulate) => {
    if (k === 0) {
      if (accumulate) return;
      for (let i = 0; i < m; i++) y.fill(0, yOffset + i * ldy, yOffset + i * ldy + n);
      return;
    }

    for (let jc = 0; jc < n; jc += columnBlock) {
      const columns = Math.min(columnBlock, n - jc);
      for (let pc = 0; pc < k; pc += depthBlock) {
        const depth = Math.min(depthBlock, k - pc);
        const add = accumulate || pc > 0;
        const finite = packB(b, bOffset, ldb, transB, pc, depth, jc, columns, packedB, 0);
        for (let ic = 0; ic < m; ic += rowBlock) {
          const rows = Math.min(rowBlock, m - ic);
          packA(a, aOffset, lda, transA, ic, rows, pc, depth, packedA, 0, steps, 0, finite);
          const target = yOffset + ic * ldy + jc;
          multiplyPacked(
            rows,
            columns,
            depth,
            packedA,
            0,
            steps,
            0,
            packedB,
            0,
            tile,
            y,
            target,
            ldy,
            alpha,
            add,
          );
        }
      }
    }
  };
}
