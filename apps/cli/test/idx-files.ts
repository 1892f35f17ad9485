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
