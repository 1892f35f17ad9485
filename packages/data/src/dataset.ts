/**
 * A set of grey-scale images with one label each. `images` is row-major with shape
 * [count, rows * columns]; every pixel lies in [0, 1].
 */
export interface Dataset {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  columns: number;
}
