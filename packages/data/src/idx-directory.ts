import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ArgumentError } from '@rectifier/core';
import type { Dataset } from './dataset.js';
import { DataError } from './errors.js';
import { parseIdx, type IdxArray } from './idx.js';
import type { Split } from './split.js';

/** The four file names `loadIdxDirectory` reads, each also accepted with a `.gz` suffix. */
export const IDX_FILE_NAMES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

const ALL_NAMES = Object.values(IDX_FILE_NAMES).join(', ');

/** The two halves of an MNIST-layout directory: `train` and `t10k` (the test samples). */
export type IdxPart = 'train' | 't10k';

const PART_NAMES: Readonly<Record<IdxPart, readonly [images: string, labels: string]>> = {
  train: [IDX_FILE_NAMES.trainImages, IDX_FILE_NAMES.trainLabels],
  t10k: [IDX_FILE_NAMES.testImages, IDX_FILE_NAMES.testLabels],
};

function checkDirectory(dir: string, names: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new DataError(
      `The IDX directory ${dir} does not exist or is not a directory. Pass a directory ` +
        `holding ${names}, each raw or with a .gz suffix.`,
      { file: dir },
    );
  }
}

/**
 * Loads an MNIST-layout directory (MNIST, Fashion-MNIST, Debian's dataset-fashion-mnist) of
 * four IDX files, raw or gzipped, into train and test datasets with pixels scaled to [0, 1].
 */
export function loadIdxDirectory(dir: string): Split {
  checkDirectory(dir, ALL_NAMES);
  const train = loadPair(dir, ...PART_NAMES.train, ALL_NAMES);
  const test = loadPair(dir, ...PART_NAMES.t10k, ALL_NAMES);
  if (train.data.rows !== test.data.rows || train.data.columns !== test.data.columns) {
    throw new DataError(
      `The training images ${train.imageFile} are ${train.data.rows}x${train.data.columns} ` +
        `but the test images ${test.imageFile} are ${test.data.rows}x${test.data.columns}; ` +
        `both must come from the same dataset. Check that the directory is not mixed.`,
      { file: test.imageFile },
    );
  }
  return { train: train.data, test: test.data };
}

/**
 * Loads one half of an MNIST-layout directory, its images and labels, raw or gzipped, with
 * pixels scaled to [0, 1]: `'t10k'` reads only `t10k-images-idx3-ubyte` and
 * `t10k-labels-idx1-ubyte`, so a directory of test files alone will do.
 */
export function loadIdxPair(dir: string, part: IdxPart): Dataset {
  const names = PART_NAMES[part];
  if (names === undefined) {
    throw new ArgumentError(`loadIdxPair: unknown part '${String(part)}'; use 'train' or 't10k'.`);
  }
  const listed = names.join(' and ');
  checkDirectory(dir, listed);
  return loadPair(dir, ...names, listed).data;
}

// `expected` lists the files the caller needs, for the message about a missing one.
function loadPair(
  dir: string,
  imageName: string,
  labelName: string,
  expected: string,
): { data: Dataset; imageFile: string } {
  const images = readIdx(dir, imageName, expected, 3);
  const labels = readIdx(dir, labelName, expected, 1);
  const [count, rows, columns] = images.array.dims as [number, number, number];
  if (rows === 0 || columns === 0) {
    throw new DataError(
      `The image file ${images.file} declares images of ${rows}x${columns} pixels; an image ` +
        'needs at least one row and one column (MNIST digits are 28x28).',
      { file: images.file },
    );
  }
  const labelCount = labels.array.dims[0]!;
  if (labelCount !== count) {
    throw new DataError(
      `The image file ${images.file} holds ${count} images but the label file ` +
        `${labels.file} holds ${labelCount} labels; they must hold one label per image. ` +
        `Check that both files come from the same download.`,
      { file: labels.file },
    );
  }
  const pixels = images.array.data;
  const scaled = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) scaled[i] = pixels[i]! / 255;
  const data: Dataset = {
    images: scaled,
    // A copy, so the dataset does not keep the whole file buffer alive.
    labels: new Uint8Array(labels.array.data),
    count,
    rows,
    columns,
  };
  return { data, imageFile: images.file };
}

// The raw name wins when both spellings exist, since it needs no decompression.
function readIdx(
  dir: string,
  name: string,
  expected: string,
  rank: number,
): { array: IdxArray; file: string } {
  const raw = join(dir, name);
  const gz = `${raw}.gz`;
  const file = existsSync(raw) ? raw : existsSync(gz) ? gz : undefined;
  if (file === undefined) {
    throw new DataError(
      `Missing IDX file: neither ${raw} nor ${name}.gz exists. The directory ${dir} must ` +
        `hold ${expected}, each either raw or gzipped with a .gz suffix.`,
      { file: raw },
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new DataError(
      `The IDX file ${file} cannot be read: ${(cause as Error).message}. ` +
        `Check that it is a readable file.`,
      { file, cause },
    );
  }
  if (file === gz) {
    try {
      bytes = gunzipSync(bytes);
    } catch (cause) {
      throw new DataError(
        `The file ${file} is not valid gzip data (${(cause as Error).message}). ` +
          `Download it again, or, if it is not compressed, remove the .gz suffix.`,
        { file, cause },
      );
    }
  }
  return { array: parseIdx(bytes, file, rank), file };
}
