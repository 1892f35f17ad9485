import { TILE_COLUMNS, TILE_ROWS } from './micro-kernel.js';

// Each operand arrives as its values, the index of its first element, its row stride as stored
// and whether the stored matrix is the transpose of the one the product uses. They are plain
// arguments rather than an object so that a run allocates nothing.

/**
 * Packs rows [rowStart, rowStart + rows) and depths [depthStart, depthStart + depth) of op(A)
 * into strips of TILE_ROWS rows, each stored depth-major (TILE_ROWS values per k), the last
 * strip padded with zeros. The micro-kernel then reads A strictly in order.
 */
export function packA(
  data: Float32Array,
  offset: number,
  stride: number,
  transposed: boolean,
  rowStart: number,
  rows: number,
  depthStart: number,
  depth: number,
  packed: Float32Array,
): void {
  for (let strip = 0; strip < rows; strip += TILE_ROWS) {
    const height = Math.min(TILE_ROWS, rows - strip);
    const base = strip * depth;
    if (transposed && height === TILE_ROWS) {
      // op(A)[i, k] = A[k, i]: each stored row holds the strip's TILE_ROWS (4) values for one k.
      let source = offset + depthStart * stride + rowStart + strip;
      for (let p = 0, target = base; p < depth; p++, target += TILE_ROWS, source += stride) {
        packed[target] = data[source] as number;
        packed[target + 1] = data[source + 1] as number;
        packed[target + 2] = data[source + 2] as number;
        packed[target + 3] = data[source + 3] as number;
      }
      continue;
    }
    for (let r = 0; r < TILE_ROWS; r++) {
      let target = base + r;
      if (r >= height) {
        for (let p = 0; p < depth; p++, target += TILE_ROWS) packed[target] = 0;
      } else if (transposed) {
        let source = offset + depthStart * stride + rowStart + strip + r;
        for (let p = 0; p < depth; p++, target += TILE_ROWS, source += stride) {
          packed[target] = data[source] as number;
        }
      } else {
        let source = offset + (rowStart + strip + r) * stride + depthStart;
        for (let p = 0; p < depth; p++, target += TILE_ROWS, source++) {
          packed[target] = data[source] as number;
        }
      }
    }
  }
}

/**
 * Packs depths [depthStart, depthStart + depth) and columns [columnStart, columnStart + columns)
 * of op(B) into panels of TILE_COLUMNS columns, each stored depth-major (TILE_COLUMNS values per
 * k), the last panel padded with zeros.
 */
export function packB(
  data: Float32Array,
  offset: number,
  stride: number,
  transposed: boolean,
  depthStart: number,
  depth: number,
  columnStart: number,
  columns: number,
  packed: Float32Array,
): void {
  for (let panel = 0; panel < columns; panel += TILE_COLUMNS) {
    const width = Math.min(TILE_COLUMNS, columns - panel);
    const base = panel * depth;
    if (!transposed) {
      // op(B)[k, j] = B[k, j]: copy a short run of each stored row.
      for (let p = 0; p < depth; p++) {
        const source = offset + (depthStart + p) * stride + columnStart + panel;
        const target = base + p * TILE_COLUMNS;
        let c = 0;
        for (; c < width; c++) packed[target + c] = data[source + c] as number;
        for (; c < TILE_COLUMNS; c++) packed[target + c] = 0;
      }
    } else {
      // op(B)[k, j] = B[j, k]: each stored row is one column of the panel.
      for (let c = 0; c < TILE_COLUMNS; c++) {
        let target = base + c;
        if (c >= width) {
          for (let p = 0; p < depth; p++, target += TILE_COLUMNS) packed[target] = 0;
          continue;
        }
        let source = offset + (columnStart + panel + c) * stride + depthStart;
        for (let p = 0; p < depth; p++, target += TILE_COLUMNS) {
          packed[target] = data[source++] as number;
        }
      }
    }
  }
}
