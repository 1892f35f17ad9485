import { ArgumentError } from '@rectifier/core';

/** Labelled samples: `count` rows of `images` (row-major features) with one label each. */
export interface Samples {
  readonly images: Float32Array;
  readonly labels: ArrayLike<number>;
  readonly count: number;
}

/** The number of features per sample, or an ArgumentError when the sizes do not divide. */
export function featuresOf(samples: Samples, expected: number): number {
  if (samples.count < 1 || samples.labels.length !== samples.count) {
    throw new ArgumentError(
      `Samples need count >= 1 and one label per sample; got count ${samples.count} and ` +
        `${samples.labels.length} labels.`,
    );
  }
  const features = samples.images.length / samples.count;
  if (features !== expected) {
    throw new ArgumentError(
      `Each sample has ${features} features, but the network takes ${expected} inputs.`,
    );
  }
  return features;
}

/** Copies the samples at `indices` into batch buffers, labels as int64. */
export function gatherBatch(
  samples: Samples,
  features: number,
  indices: ArrayLike<number>,
  start: number,
  size: number,
  images: Float32Array,
  labels: BigInt64Array,
): void {
  for (let row = 0; row < size; row++) {
    const index = indices[start + row] as number;
    images.set(samples.images.subarray(index * features, (index + 1) * features), row * features);
    labels[row] = BigInt(samples.labels[index] as number);
  }
}

/** One-hot rows for MSE targets, written into `targets`. */
export function oneHot(
  labels: BigInt64Array,
  size: number,
  classes: number,
  targets: Float32Array,
): void {
  targets.fill(0, 0, size * classes);
  for (let row = 0; row < size; row++) targets[row * classes + Number(labels[row])] = 1;
}
