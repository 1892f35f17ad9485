import { microKernel, TILE_COLUMNS, TILE_ROWS } from './micro-kernel.js';
import { packA, packB } from './pack.js';
import { scratch } from './scratch.js';

// Block sizes. A block of packed A (ROW_BLOCK x depth) stays in L2 while the micro-kernel
// streams one panel of B (depth x TILE_COLUMNS) through L1; COLUMN_BLOCK bounds packed B.
const ROW_BLOCK = 64;
const COLUMN_BLOCK = 512;
const MAX_DEPTH_BLOCK = 256;

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
 * the same layout, so one micro-kernel serves all four.
 *
 * @example
 * const run = prepareGemm({ m: 2, n: 2, k: 3, transA: false, transB: false,
 *   lda: 3, ldb: 2, ldy: 2 });
 * run(a, 0, b, 0, y, 0, 1, false);
 */
export function prepareGemm(shape: GemmShape): GemmRun {
  const { m, n, k, transA, transB, lda, ldb, ldy } = shape;
  // Split k into equal blocks rather than full blocks and a short tail.
  const depthBlocks = Math.max(1, Math.ceil(k / MAX_DEPTH_BLOCK));
  const depthBlock = Math.ceil(k / depthBlocks);
  const rowBlock = Math.min(ROW_BLOCK, roundUp(m, TILE_ROWS));
  const columnBlock = Math.min(COLUMN_BLOCK, roundUp(n, TILE_COLUMNS));
  const sizeA = rowBlock * depthBlock;
  const sizeB = columnBlock * depthBlock;
  const work = scratch(sizeA + sizeB + TILE_ROWS * TILE_COLUMNS);
  const packedA = work.subarray(0, sizeA);
  const packedB = work.subarray(sizeA, sizeA + sizeB);
  const tile = work.subarray(sizeA + sizeB, sizeA + sizeB + TILE_ROWS * TILE_COLUMNS);

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
        packB(b, bOffset, ldb, transB, pc, depth, jc, columns, packedB);
        for (let ic = 0; ic < m; ic += rowBlock) {
          const rows = Math.min(rowBlock, m - ic);
          packA(a, aOffset, lda, transA, ic, rows, pc, depth, packedA);
          const target = yOffset + ic * ldy + jc;
          multiplyPacked(rows, columns, depth, packedA, packedB, tile, y, target, ldy, alpha, add);
        }
      }
    }
  };
}

/**
 * Multiplies a packed block of A (rows x depth) by a packed block of B (depth x columns) into
 * Y at `target`, tile by tile. Full tiles go straight to Y; tiles on the right and bottom edges
 * go through `tile` so that only their valid corner is written.
 */
function multiplyPacked(
  rows: number,
  columns: number,
  depth: number,
  packedA: Float32Array,
  packedB: Float32Array,
  tile: Float32Array,
  y: Float32Array,
  target: number,
  ldy: number,
  alpha: number,
  accumulate: boolean,
): void {
  for (let jr = 0; jr < columns; jr += TILE_COLUMNS) {
    const width = Math.min(TILE_COLUMNS, columns - jr);
    const startB = jr * depth;
    for (let ir = 0; ir < rows; ir += TILE_ROWS) {
      const height = Math.min(TILE_ROWS, rows - ir);
      const startA = ir * depth;
      const start = target + ir * ldy + jr;
      if (height === TILE_ROWS && width === TILE_COLUMNS) {
        microKernel(depth, packedA, startA, packedB, startB, y, start, ldy, alpha, accumulate);
      } else {
        microKernel(depth, packedA, startA, packedB, startB, tile, 0, TILE_COLUMNS, alpha, false);
        storeEdge(tile, y, start, ldy, height, width, accumulate);
      }
    }
  }
}

/** Writes the valid corner of an edge tile into Y. */
function storeEdge(
  tile: Float32Array,
  y: Float32Array,
  start: number,
  ldy: number,
  height: number,
  width: number,
  accumulate: boolean,
): void {
  for (let r = 0; r < height; r++) {
    const row = start + r * ldy;
    const source = r * TILE_COLUMNS;
    for (let c = 0; c < width; c++) {
      const value = tile[source + c] as number;
      y[row + c] = accumulate ? (y[row + c] as number) + value : value;
    }
  }
}
