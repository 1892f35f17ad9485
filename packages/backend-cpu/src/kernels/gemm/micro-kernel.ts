/** Rows of the register tile: the height of one packed strip of A. */
export const TILE_ROWS = 4;

/** Columns of the register tile: the width of one packed panel of B. */
export const TILE_COLUMNS = 8;

// The tile is laid out by hand, four multiply-adds to a line, so prettier leaves it alone.
/**
 * Computes one 4 x 8 tile of Y from a packed strip of A and a packed panel of B:
 * Y = alpha * (A B) when `accumulate` is false, Y += alpha * (A B) when it is true. The strip
 * lists the k steps it stores: `steps[stepIndex]` of them, the k of each following it. Step q
 * holds A's 4 values of that k at packedA[aIndex + 4 q]; B's 8 values of that k are at
 * packedB[bIndex + 8 k]. A strip leaves out the steps where its 4 values are all zero when B
 * is finite, which changes no bit of the sums (see packA). The 32 sums live in locals, so
 * each step is 13 loads and 32 multiply-adds.
 */
// prettier-ignore
export function microKernel(
  packedA: Float32Array,
  aIndex: number,
  steps: Int32Array,
  stepIndex: number,
  packedB: Float32Array,
  bIndex: number,
  y: Float32Array,
  yIndex: number,
  ldy: number,
  alpha: number,
  accumulate: boolean,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0, c16 = 0, c17 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c24 = 0, c25 = 0, c26 = 0, c27 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0, c34 = 0, c35 = 0, c36 = 0, c37 = 0;

  // Literals, not TILE_ROWS and TILE_COLUMNS: V8 reads a module constant from its context on
  // every pass, and the indices then lose their small-integer type; the loop runs ~30% slower.
  let ai = aIndex;
  const end = stepIndex + 1 + (steps[stepIndex] as number);
  for (let q = stepIndex + 1; q < end; q++) {
    const bi = bIndex + 8 * (steps[q] as number);
    const b0 = packedB[bi] as number;
    const b1 = packedB[bi + 1] as number;
    const b2 = packedB[bi + 2] as number;
    const b3 = packedB[bi + 3] as number;
    const b4 = packedB[bi + 4] as number;
    const b5 = packedB[bi + 5] as number;
    const b6 = packedB[bi + 6] as number;
    const b7 = packedB[bi + 7] as number;
    let a = packedA[ai] as number;
    c00 += a * b0; c01 += a * b1; c02 += a * b2; c03 += a * b3;
    c04 += a * b4; c05 += a * b5; c06 += a * b6; c07 += a * b7;
    a = packedA[ai + 1] as number;
    c10 += a * b0; c11 += a * b1; c12 += a * b2; c13 += a * b3;
    c14 += a * b4; c15 += a * b5; c16 += a * b6; c17 += a * b7;
    a = packedA[ai + 2] as number;
    c20 += a * b0; c21 += a * b1; c22 += a * b2; c23 += a * b3;
    c24 += a * b4; c25 += a * b5; c26 += a * b6; c27 += a * b7;
    a = packedA[ai + 3] as number;
    c30 += a * b0; c31 += a * b1; c32 += a * b2; c33 += a * b3;
    c34 += a * b4; c35 += a * b5; c36 += a * b6; c37 += a * b7;
    ai += 4;
  }

  let row = yIndex;
  if (accumulate) {
    storeAdd(y, row, alpha, c00, c01, c02, c03, c04, c05, c06, c07);
    storeAdd(y, (row += ldy), alpha, c10, c11, c12, c13, c14, c15, c16, c17);
    storeAdd(y, (row += ldy), alpha, c20, c21, c22, c23, c24, c25, c26, c27);
    storeAdd(y, (row += ldy), alpha, c30, c31, c32, c33, c34, c35, c36, c37);
  } else {
    store(y, row, alpha, c00, c01, c02, c03, c04, c05, c06, c07);
    store(y, (row += ldy), alpha, c10, c11, c12, c13, c14, c15, c16, c17);
    store(y, (row += ldy), alpha, c20, c21, c22, c23, c24, c25, c26, c27);
    store(y, (row += ldy), alpha, c30, c31, c32, c33, c34, c35, c36, c37);
  }
}

// Small enough for V8 to inline. Overwriting never reads Y, so a NaN left in a reused buffer
// cannot leak into the result.
// prettier-ignore
function store(
  y: Float32Array,
  i: number,
  alpha: number,
  v0: number, v1: number, v2: number, v3: number,
  v4: number, v5: number, v6: number, v7: number,
): void {
  y[i] = alpha * v0;
  y[i + 1] = alpha * v1;
  y[i + 2] = alpha * v2;
  y[i + 3] = alpha * v3;
  y[i + 4] = alpha * v4;
  y[i + 5] = alpha * v5;
  y[i + 6] = alpha * v6;
  y[i + 7] = alpha * v7;
}

// prettier-ignore
function storeAdd(
  y: Float32Array,
  i: number,
  alpha: number,
  v0: number, v1: number, v2: number, v3: number,
  v4: number, v5: number, v6: number, v7: number,
): void {
  y[i] = (y[i] as number) + alpha * v0;
  y[i + 1] = (y[i + 1] as number) + alpha * v1;
  y[i + 2] = (y[i + 2] as number) + alpha * v2;
  y[i + 3] = (y[i + 3] as number) + alpha * v3;
  y[i + 4] = (y[i + 4] as number) + alpha * v4;
  y[i + 5] = (y[i + 5] as number) + alpha * v5;
  y[i + 6] = (y[i + 6] as number) + alpha * v6;
  y[i + 7] = (y[i + 7] as number) + alpha * v7;
}
