import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Encodes an unsigned-byte IDX file with the given sizes and data. */
export function encodeIdx(dims: readonly number[], data: ArrayLike<number>): Uint8Array {
  const header = 4 + 4 * dims.length;
  const bytes = new Uint8Array(header + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x0800 | dims.length);
  dims.forEach((size, d) => view.setUint32(4 + 4 * d, size));
  bytes.set(Array.from(data), header);
  return bytes;
}

/** Writes an IDX file at `path`, gzipped when `gzip` is set (the caller picks the suffix). */
export function writeIdx(
  path: string,
  dims: readonly number[],
  data: ArrayLike<number>,
  gzip = false,
): void {
  const bytes = encodeIdx(dims, data);
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
}

/** A small MNIST-layout dataset: images of `rows` x `columns` whose pixels count up. */
export interface Fixture {
  count: number;
  rows: number;
  columns: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** Makes a fixture whose pixels and labels are easy to predict. */
export function makeFixture(count: number, rows: number, columns: number): Fixture {
  const pixels = new Uint8Array(count * rows * columns);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 256;
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = (i * 7) % 13;
  return { count, rows, columns, pixels, labels };
}

/** Writes the four MNIST-layout files for a train and a test fixture into `dir`. */
export function writeIdxDirectory(dir: string, train: Fixture, test: Fixture, gzip = false): void {
  const suffix = gzip ? '.gz' : '';
  const write = (name: string, f: Fixture, images: boolean): void =>
    images
      ? writeIdx(join(dir, name + suffix), [f.count, f.rows, f.columns], f.pixels, gzip)
      : writeIdx(join(dir, name + suffix), [f.count], f.labels, gzip);
  write('train-images-idx3-ubyte', train, true);
  write('train-labels-idx1-ubyte', train, false);
  write('t10k-images-idx3-ubyte', test, true);
  write('t10k-labels-idx1-ubyte', test, false);
}

/** Runs `body` with a fresh temporary directory that is removed afterwards. */
export function withTempDir<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'rectifier-data-'));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
