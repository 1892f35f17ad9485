import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBundledMnist, loadDefaultSplit, shuffledIndices, type Dataset } from '../src/index.js';

const digitsDir = join(
  dirname(createRequire(import.meta.url).resolve('mnist/package.json')),
  'src',
  'digits',
);
const readDigits = (digit: number): number[] =>
  (JSON.parse(readFileSync(join(digitsDir, `${digit}.json`), 'utf8')) as { data: number[] }).data;

const sameBytes = (x: ArrayBufferView, y: ArrayBufferView): boolean =>
  Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(
    Buffer.from(y.buffer, y.byteOffset, y.byteLength),
  );

let mnist: Dataset;
beforeAll(() => {
  mnist = loadBundledMnist();
});

describe('loadBundledMnist', () => {
  it('loads 10,000 digits of 28x28 pixels with matching array sizes', () => {
    expect(mnist.count).toBe(10_000);
    expect(mnist.rows).toBe(28);
    expect(mnist.columns).toBe(28);
    expect(mnist.images.length).toBe(10_000 * 784);
    expect(mnist.labels.length).toBe(10_000);
  });

  it('keeps the class order and the per-class counts and pixels of the JSON files', () => {
    let offset = 0;
    for (let digit = 0; digit < 10; digit++) {
      const data = readDigits(digit);
      const n = data.length / 784;
      const labels = mnist.labels.subarray(offset, offset + n);
      expect(labels.every((label) => label === digit)).toBe(true);
      // The last pixel of the class block must match too, so no sample was dropped or shifted.
      const images = mnist.images.subarray(offset * 784, (offset + n) * 784);
      expect(images[0]).toBe(Math.fround(data[0]!));
      expect(images[images.length - 1]).toBe(Math.fround(data[data.length - 1]!));
      expect(Array.from(images.subarray(0, 784))).toEqual(data.slice(0, 784).map(Math.fround));
      offset += n;
    }
    expect(offset).toBe(10_000);
  });

  it('has every pixel in [0, 1], and not all pixels equal', () => {
    let min = Infinity;
    let max = -Infinity;
    for (const value of mnist.images) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
  });
});

describe('loadDefaultSplit', () => {
  it('gives 8,000 train and 2,000 test digits that partition the bundled set', () => {
    const { train, test } = loadDefaultSplit();
    expect(train.count).toBe(8000);
    expect(test.count).toBe(2000);
    expect(train.images.length).toBe(8000 * 784);
    expect(test.images.length).toBe(2000 * 784);

    // Index bookkeeping: every sample of either part is the original at its shuffled index.
    const order = shuffledIndices(10_000, 0);
    const seen = new Uint8Array(10_000);
    order.forEach((original, position) => {
      seen[original]! += 1;
      const part = position < 8000 ? train : test;
      const at = position < 8000 ? position : position - 8000;
      expect(part.labels[at]).toBe(mnist.labels[original]);
      if (position % 97 === 0) {
        expect(part.images.subarray(at * 784, (at + 1) * 784)).toEqual(
          mnist.images.subarray(original * 784, (original + 1) * 784),
        );
      }
    });
    expect(seen.every((times) => times === 1)).toBe(true);
  });

  it('is the same for the same seed and different for another', () => {
    const a = loadDefaultSplit(7);
    const b = loadDefaultSplit(7);
    const c = loadDefaultSplit(8);
    // Byte comparison, because deep equality over millions of floats takes seconds.
    expect(sameBytes(b.train.images, a.train.images)).toBe(true);
    expect(sameBytes(b.test.images, a.test.images)).toBe(true);
    expect(sameBytes(b.train.labels, a.train.labels)).toBe(true);
    expect(sameBytes(c.train.images, a.train.images)).toBe(false);
    expect(sameBytes(c.train.labels, a.train.labels)).toBe(false);
  });

  it('holds every class in both parts', () => {
    const { train, test } = loadDefaultSplit();
    expect(new Set(train.labels).size).toBe(10);
    expect(new Set(test.labels).size).toBe(10);
  });
});
