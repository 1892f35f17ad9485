import { TILE_COLUMNS, TILE_ROWS } from './micro-kernel.js';

// Each operand arrives as its values, the index of its first element, its row stride as stored
// and whether the stored matrix is the transpose of the one the product uses. They are plain
// arguments rather than an object so that a run allocates nothing. The tile sizes are copied
// into locals first: V8 reads an imported constant from the module on every pass of a loop.

/**
 * Packs rows [rowStart, rowStart + rows) and depths [depthStart, depthStart + depth) of op(A)
 * into strips of TILE_ROWS rows, the last padded with zeros, for the micro-kernel to read in
 * order. Strip s stores 4 values per k step from `packed[start + 4 depth s]` on, and lists its
 * steps from `steps[stepsStart + (depth + 1) s]` on: their count, then the k of each.
 *
 * With `skipZeros`, a strip leaves out the k steps where its 4 values are all zero. That is
 * exact when B is finite: each left-out product is +0 or -0, and adding a signed zero changes
 * no sum, since a sum that starts at +0 can never become -0. Activations after a ReLU and
 * images with blank borders skip half their steps or more.
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
  start: number,
  steps: Int32Array,
  stepsStart: number,
  skipZeros: boolean,
): void {
  const stripRows = TILE_ROWS;
  // Along a strip, from one row to the next and from one k to the next, as stored.
  const rowStep = transposed ? 1 : stride;
  const depthStep = transposed ? stride : 1;
  for (let strip = 0, list = stepsStart; strip < rows; strip += stripRows, list += depth + 1) {
    const height = Math.min(stripRows, rows - strip);
    let source = transposed
      ? offset + depthStart * stride + rowStart + strip
      : offset + (rowStart + strip) * stride + depthStart;
    let target = start + strip * depth;
    let kept = 0;
    for (let p = 0; p < depth; p++, source += depthStep) {
      // Rows past the end of A read as zeros.
      const v0 = data[source] as number;
      const v1 = height > 1 ? (data[source + rowStep] as number) : 0;
      const v2 = height > 2 ? (data[source + 2 * rowStep] as number) : 0;
      const v3 = height > 3 ? (data[source + 3 * rowStep] as number) : 0;
      if (skipZeros && v0 === 0 && v1 === 0 && v2 === 0 && v3 === 0) continue;
      packed[target] = v0;
      packed[target + 1] = v1;
      packed[target + 2] = v2;
      packed[target + 3] = v3;
      target += 4;
      steps[list + 1 + kept] = p;
      kept++;
    }
    steps[list] = kept;
  }
}

/**
 * Packs depths [depthStart, depthStart + depth) and columns [columnStart, columnStart + columns)
 * of op(B) into panels of TILE_COLUMNS columns from `packed[start]` on, each panel stored
 * depth-major (TILE_COLUMNS values per k), the last panel padded with zeros. Returns whether
 * every value is finite, which lets packA leave out zero steps of A.
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
  start: number,
): boolean {
  const panelColumns = TILE_COLUMNS;
  // v - v is 0 for a finite v and NaN otherwise; one NaN makes the whole check NaN.
  let check = 0;
  for (let panel = 0; panel < columns; panel += panelColumns) {
    const width = Math.min(panelColumns, columns - panel);
    const base = start + panel * depth;
    if (!transposed && width === 8) {
      // op(B)[k, j] = B[k, j]: copy 8 values of each stored row.
      let source = offset + depthStart * stride + columnStart + panel;
      for (let p = 0, target = base; p < depth; p++, target += 8, source += stride) {
        const v0 = data[source] as number;
        const v1 = data[source + 1] as number;
        const v2 = data[source + 2] as number;
        const v3 = data[source + 3] as number;
        const v4 = data[source + 4] as number;
        const v5 = data[source + 5] as number;
        const v6 = data[source + 6] as number;
        const v7 = data[source + 7] as number;
        packed[target] = v0;
        packed[target + 1] = v1;
        packed[target + 2] = v2;
        packed[target + 3] = v3;
        packed[target + 4] = v4;
        packed[target + 5] = v5;
        packed[target + 6] = v6;
        packed[target + 7] = v7;
        check += v0 - v0 + (v1 - v1) + (v2 - v2) + (v3 - v3);
        check += v4 - v4 + (v5 - v5) + (v6 - v6) + (v7 - v7);
      }
    } else if (!transposed) {
      // The last panel: copy a short run of each stored row and pad it with zeros.
      for (let p = 0; p < depth; p++) {
        const source = offset + (depthStart + p) * stride + columnStart + panel;
        const target = base + p * panelColumns;
        let c = 0;
        for (; c < width; c++) {
          const value = data[source + c] as number;
          packed[target + c] = value;
          check += value - value;
        }
        for (; c < panelColumns; c++) packed[target + c] = 0;
      }
    } else {
      // op(B)[k, j] = B[j, k]: each stored row is one column of the panel.
      for (let c = 0; c < panelColumns; c++) {
        let target = base + c;
        if (c >= width) {
          for (let p = 0; p < depth; p++, target += panelColumns) packed[target] = 0;
          continue;
        }
        let source = offset + (columnStart + panel + c) * stride + depthStart;
        for (let p = 0; p < depth; p++, target += panelColumns) {
          const value = data[source++] as number;
          packed[target] = value;
          check += value - value;
        }
      }
    }
  }
  return check === 0;
}
