import { ShapeError, formatShape, sizeOf } from '@rectifier/core';

/**
 * How PReLU's slope broadcasts onto X (ONNX rules: trailing axes aligned), as runs of X
 * ("blocks") over which the slope is either one value or contiguous. A per-channel slope
 * [C, 1, 1] on NCHW input gives blocks of H * W with one slope each; a trailing slope [W]
 * gives blocks of W that walk the slope. `start` and `advance` step through the blocks in
 * order without allocating; `slopeOffset` is where the current block's slope begins.
 */
export class SlopeBlocks {
  /** How many blocks X has. */
  readonly count: number;
  /** Elements of X per block; block `b` starts at `b * blockSize`. */
  readonly blockSize: number;
  /** Whether the slope changes within a block (then with stride 1) or is one value. */
  readonly varies: boolean;
  /** Elements of the slope. */
  readonly slopeSize: number;
  /** Where the current block's slope values begin. */
  slopeOffset = 0;
  private readonly outerDims: number[];
  private readonly outerStrides: number[];
  private readonly counters: Int32Array;

  constructor(op: string, xShape: readonly number[], slopeShape: readonly number[]) {
    const mismatch = () =>
      new ShapeError(
        `${op}: slope ${formatShape(slopeShape)} does not broadcast onto X ` +
          `${formatShape(xShape)}; use one slope, [C, 1, 1] for NCHW, or a trailing shape.`,
      );
    const rank = xShape.length;
    const lead = slopeShape.length - rank;
    if (slopeShape.slice(0, Math.max(lead, 0)).some((dim) => dim !== 1)) throw mismatch();

    // Collapse neighbouring axes that broadcast alike; axes of size 1 play no part.
    const dims: number[] = [];
    const strides: number[] = [];
    let slopeStride = 1;
    for (let axis = rank - 1; axis >= 0; axis--) {
      const dim = xShape[axis] as number;
      const slopeDim = slopeShape[axis + lead] ?? 1;
      if (slopeDim !== 1 && slopeDim !== dim) throw mismatch();
      if (dim === 1) continue;
      const stride = slopeDim === 1 ? 0 : slopeStride;
      const last = dims.length - 1;
      if (last >= 0 && (strides[last] === 0) === (stride === 0)) {
        dims[last] = (dims[last] as number) * dim;
      } else {
        dims.push(dim);
        strides.push(stride);
      }
      slopeStride *= slopeDim;
    }
    if (dims.length === 0) {
      dims.push(1);
      strides.push(0);
    }

    // dims and strides run innermost first; the innermost group is the block.
    this.blockSize = dims[0] as number;
    this.varies = strides[0] !== 0;
    this.count = this.blockSize === 0 ? 0 : sizeOf(xShape) / this.blockSize;
    this.slopeSize = sizeOf(slopeShape);
    this.outerDims = dims.slice(1).reverse();
    this.outerStrides = strides.slice(1).reverse();
    this.counters = new Int32Array(this.outerDims.length);
  }

  /** Goes back to the first block. */
  start(): void {
    this.counters.fill(0);
    this.slopeOffset = 0;
  }

  /** Moves on to the next block, like an odometer over the outer axes. */
  advance(): void {
    for (let axis = this.outerDims.length - 1; axis >= 0; axis--) {
      const dim = this.outerDims[axis] as number;
      const stride = this.outerStrides[axis] as number;
      const counter = (this.counters[axis] as number) + 1;
      this.slopeOffset += stride;
      if (counter < dim) {
        this.counters[axis] = counter;
        return;
      }
      this.counters[axis] = 0;
      this.slopeOffset -= stride * dim;
    }
  }
}
