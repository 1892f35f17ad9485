import type { Dataset } from './dataset.js';
import { DataError } from './errors.js';
import { ArgumentError, createRandom, shuffleInPlace } from '@rectifier/core';

/** A dataset cut in two: one part to train on, one held out to test on. */
export interface Split {
  train: Dataset;
  test: Dataset;
}

/** How `splitDataset` cuts: how many samples the test part gets, and the shuffle's seed. */
export interface SplitOptions {
  testCount: number;
  seed: number;
}

/**
 * Returns 0 .. count-1 in the seeded order `splitDataset` uses, so callers can tell which
 * original sample ended up where.
 */
export function shuffledIndices(count: number, seed: number): Uint32Array {
  checkCount('shuffledIndices', 'count', count, Number.MAX_SAFE_INTEGER);
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return shuffleInPlace(order, createRandom(seed));
}

/**
 * Shuffles `data` with a seeded generator, then gives the first `count - testCount` samples
 * of that order to `train` and the remaining `testCount` to `test`; both are copies.
 */
export function splitDataset(data: Dataset, options: SplitOptions): Split {
  checkDataset(data);
  checkCount('splitDataset', 'testCount', options.testCount, data.count);
  const order = shuffledIndices(data.count, options.seed);
  const trainCount = data.count - options.testCount;
  return {
    train: selectSamples(data, order.subarray(0, trainCount)),
    test: selectSamples(data, order.subarray(trainCount)),
  };
}

/** Copies the first `n` samples of `data`, in order. */
export function takeFirst(data: Dataset, n: number): Dataset {
  checkDataset(data);
  checkCount('takeFirst', 'n', n, data.count);
  const size = data.rows * data.columns;
  return {
    images: data.images.slice(0, n * size),
    labels: data.labels.slice(0, n),
    count: n,
    rows: data.rows,
    columns: data.columns,
  };
}

/** Copies the samples at `indices` of `data`, in the order given. */
export function selectSamples(data: Dataset, indices: ArrayLike<number>): Dataset {
  checkDataset(data);
  const size = data.rows * data.columns;
  const images = new Float32Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= data.count) {
      throw new ArgumentError(
        `selectSamples: index ${i} at position ${k} is not a sample of a dataset of ` +
          `${data.count}; indices must be integers in 0..${data.count - 1}.`,
      );
    }
    images.set(data.images.subarray(i * size, (i + 1) * size), k * size);
    labels[k] = data.labels[i]!;
  }
  return { images, labels, count: indices.length, rows: data.rows, columns: data.columns };
}

function checkCount(fn: string, name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new ArgumentError(
      `${fn}: ${name} must be an integer from 0 to ${max}, got ${value}. ` +
        `Pass a count no larger than the number of samples.`,
    );
  }
}

// A hand-built Dataset whose arrays disagree with its count would otherwise be cut silently
// into samples that mix pixels of neighbouring images.
function checkDataset(data: Dataset): void {
  const size = data.rows * data.columns;
  if (data.labels.length !== data.count || data.images.length !== data.count * size) {
    throw new DataError(
      `The dataset is inconsistent: count is ${data.count} and each image is ` +
        `${data.rows}x${data.columns}, so it needs ${data.count} labels and ` +
        `${data.count * size} pixels, but it has ${data.labels.length} labels and ` +
        `${data.images.length} pixels. Build it with matching arrays.`,
    );
  }
}
