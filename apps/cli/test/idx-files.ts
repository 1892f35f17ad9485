import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '@rectifier/data';

/** Encodes an unsigned-byte IDX file: magic 0x08 and rank, big-endian sizes, then the bytes. */
export function encodeIdx(dims: readonly number[], data: ArrayLike<number>): Uint8Array {
  const header = 4 + 4 * dims.length;
  const bytes = new Uint8Array(header + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x0800 | dims.length);
  dims.forEach((size, index) => view.setUint32(4 + 4 * index, size));
  bytes.set(Array.from(data), header);
  return bytes;
}

/** A dataset's pixels, in [0, 1], back as the bytes of an IDX image file. */
export function imageBytes(data: Dataset): Uint8Array {
  return Uint8Array.from(data.images, (pixel) => Math.round(pixel * 255));
}

/** Writes `train` and `test` into `dir` as the four MNIST-layout IDX files. */
export function writeMnistDirectory(dir: string, train: Dataset, test: Dataset): void {
  const write = (name: string, dims: number[], data: ArrayLike<number>) =>
    writeFileSync(join(dir, name), encodeIdx(dims, data));
  write('train-images-idx3-ubyte', [train.count, train.rows, train.columns], imageBytes(train));
  write('train-labels-idx1-ubyte', [train.count], train.labels);
  write('t10k-images-idx3-ubyte', [test.count, test.rows, test.columns], imageBytes(test));
  write('t10k-labels-idx1-ubyte', [test.count], test.labels);
}

/**
 * An IDX image file that declares 0 images of 28x28: magic 0x00000803, count 0, rows 28,
 * columns 28, written out byte by byte, and no pixels.
 */
export const EMPTY_IMAGE_FILE = Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28);

/** An IDX label file that declares 0 labels: magic 0x00000801, count 0, and no labels. */
export const EMPTY_LABEL_FILE = Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 0);
