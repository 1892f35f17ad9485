import { ArgumentError, createRandom } from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import {
  DataError,
  selectSamples,
  shuffledIndices,
  splitDataset,
  takeFirst,
  type Dataset,
} from '../src/index.js';

// Each sample's pixels and label encode its index, so a split can be traced back exactly.
function tagged(count: number): Dataset {
  const images = new Float32Array(count * 4);
  for (let i = 0; i < count; i++) images.fill(i / count, i * 4, i * 4 + 4);
  const labels = new Uint8Array(count).map((_, i) => i % 256);
  return { images, labels, count, rows: 2, columns: 2 };
}

const indexOf = (data: Dataset, k: number): number => Math.round(data.images[k * 4]! * 1000);

describe('createRandom', () => {
  it('repeats its sequence for a seed, differs across seeds, and stays in [0, 1)', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('gives the sequence of the reference mulberry32, so splits stay the same', () => {
    const random = createRandom(0);
    const first = [random(), random(), random()];
    expect(first.map((x) => Math.floor(x * 2 ** 32))).toEqual([1144304738, 1416247, 958946056]);
  });

  it('rejects a seed that is not an integer', () => {
    expect(() => createRandom(0.5)).toThrow(ArgumentError);
    expect(() => createRandom(Number.NaN)).toThrow(/integer/);
  });
});

describe('splitDataset', () => {
  it('puts count - testCount samples in train and the rest in test, with none in both', () => {
    const data = tagged(1000);
    const { train, test } = splitDataset(data, { testCount: 250, seed: 3 });
    expect(train.count).toBe(750);
    expect(test.count).toBe(250);
    expect(train.images.length).toBe(750 * 4);
    expect(test.labels.length).toBe(250);
    const trainIds = Array.from({ length: 750 }, (_, k) => indexOf(train, k));
    const testIds = Array.from({ length: 250 }, (_, k) => indexOf(test, k));
    const all = new Set([...trainIds, ...testIds]);
    expect(all.size).toBe(1000);
    expect(trainIds.some((id) => new Set(testIds).has(id))).toBe(false);
    // The split follows shuffledIndices, which is what lets callers do their own bookkeeping.
    const order = Array.from(shuffledIndices(1000, 3));
    expect(trainIds).toEqual(order.slice(0, 750));
    expect(testIds).toEqual(order.slice(750));
    expect(train.labels[0]).toBe(order[0]! % 256);
  });

  it('is deterministic for a seed and differs for another seed', () => {
    const data = tagged(500);
    const a = splitDataset(data, { testCount: 100, seed: 1 });
    const b = splitDataset(data, { testCount: 100, seed: 1 });
    const c = splitDataset(data, { testCount: 100, seed: 2 });
    expect(b.train.images).toEqual(a.train.images);
    expect(b.test.labels).toEqual(a.test.labels);
    expect(c.train.images).not.toEqual(a.train.images);
  });

  it('shuffles rather than keeping the input order', () => {
    const order = shuffledIndices(100, 0);
    expect(Array.from(order)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('copies, so changing a part leaves the original alone', () => {
    const data = tagged(10);
    const { train } = splitDataset(data, { testCount: 0, seed: 0 });
    train.images.fill(9);
    expect(data.images[0]).toBe(0);
  });

  it('accepts a test part of 0 or of everything and rejects counts outside that', () => {
    const data = tagged(10);
    expect(splitDataset(data, { testCount: 0, seed: 0 }).test.count).toBe(0);
    expect(splitDataset(data, { testCount: 10, seed: 0 }).train.count).toBe(0);
    expect(() => splitDataset(data, { testCount: 11, seed: 0 })).toThrow(/testCount/);
    expect(() => splitDataset(data, { testCount: -1, seed: 0 })).toThrow(ArgumentError);
    expect(() => splitDataset(data, { testCount: 1.5, seed: 0 })).toThrow(ArgumentError);
  });

  it('rejects a dataset whose arrays disagree with its count', () => {
    const data = { ...tagged(10), count: 11 };
    expect(() => splitDataset(data, { testCount: 1, seed: 0 })).toThrow(DataError);
    expect(() => takeFirst(data, 1)).toThrow(/needs 11 labels/);
  });
});

describe('takeFirst and selectSamples', () => {
  it('takeFirst copies the first n samples in order', () => {
    const data = tagged(20);
    const first = takeFirst(data, 5);
    expect(first.count).toBe(5);
    expect(first.rows).toBe(2);
    expect(first.images).toEqual(data.images.subarray(0, 20));
    expect(first.labels).toEqual(data.labels.subarray(0, 5));
    expect(takeFirst(data, 0).images.length).toBe(0);
    expect(() => takeFirst(data, 21)).toThrow(/n must be an integer from 0 to 20/);
  });

  it('selectSamples gathers the given indices and rejects one out of range', () => {
    const data = tagged(20);
    const picked = selectSamples(data, [3, 3, 19]);
    expect(Array.from(picked.labels)).toEqual([3, 3, 19]);
    expect(indexOf(picked, 2)).toBe(19 * 50);
    expect(() => selectSamples(data, [20])).toThrow(/index 20 at position 0/);
  });
});
