import { microKernel, TILE_COLUMNS, TILE_ROWS } from './micro-kernel.js';

/**
 * Multiplies packed strips of A (rows x depth, from `packedA[startA]`, their step lists from
 * `steps[stepsStart]`; see packA) by packed panels of B (depth x columns, from
 * `packedB[startB]`) into Y at `target`, tile by tile. Full tiles go
 * straight to Y; tiles on the right and bottom edges go through `tile` (TILE_ROWS x
 * TILE_COLUMNS values) so that only their valid corner is written. Which tiles are edges
 * depends only on where the block ends, so any split of Y along tile boundaries computes
 * every element the same way.
 */
export function multiplyPacked(
  rows: number,
  columns: number,
  depth: number,
  packedA: Float32Array,
  startA: number,
  steps: Int32Array,
  stepsStart: number,
  packedB: Float32Array,
  startB: number,
  tile: Float32Array,
  y: Float32Array,
  target: number,
  ldy: number,
  alpha: number,
  accumulate: boolean,
): void {
  const tileRows = TILE_ROWS;
  const tileColumns = TILE_COLUMNS;
  for (let jr = 0; jr < columns; jr += tileColumns) {
    const width = Math.min(tileColumns, columns - jr);
    const panel = startB + jr * depth;
    let list = stepsStart;
    for (let ir = 0; ir < rows; ir += tileRows, list += depth + 1) {
      const height = Math.min(tileRows, rows - ir);
      const strip = startA + ir * depth;
      const start = target + ir * ldy + jr;
      if (height === tileRows && width === tileColumns) {
        microKernel(packedA, strip, steps, list, packedB, panel, y, start, ldy, alpha, accumulate);
      } else {
        microKernel(
          packedA,
          strip,
          steps,
          list,
          packedB,
          panel,
          tile,
          0,
          tileColumns,
          alpha,
          false,
        );
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
