import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
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

/**
 * Loads an MNIST-layout directory (MNIST, Fashion-MNIST, Debian's dataset-fashion-mnist) of
 * four IDX files, raw or gzipped, into train and test datasets with pixels scaled to [0, 1].
 */
export function loadIdxDirectory(dir: string): Split {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new DataError(
      `The IDX directory ${dir} does not exist or is not a directory. Pass a directory ` +
        `holding ${ALL_NAMES}, each raw or with a .gz suffix.`,
      { file: dir },
    );
  }
  const train = loadPair(dir, IDX_FILE_NAMES.trainImages, IDX_FILE_NAMES.trainLabels);
  const test = loadPair(dir, IDX_FILE_NAMES.testImages, IDX_FILE_NAMES.testLabels);
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

function loadPair(
  dir: string,
  imageName: string,
  labelName: string,
): { data: Dataset; imageFile: string } {
  const images = readIdx(dir, imageName);
  const labels = readIdx(dir, labelName);
  if (images.array.dims.length !== 3) {
    throw new DataError(
      `The image file ${images.file} holds a rank-${images.array.dims.length} array, but ` +
        `images must be rank 3 (count, rows, columns; magic 0x00000803). ` +
        `Check that the file is an image file and not a label file.`,
      { file: images.file },
    );
  }
  if (labels.array.dims.length !== 1) {
    throw new DataError(
      `The label file ${labels.file} holds a rank-${labels.array.dims.length} array, but ` +
        `labels must be rank 1 (count; magic 0x00000801). ` +
        `Check that the file is a label file and not an image file.`,
      { file: labels.file },
    );
  }
  const [count, rows, columns] = images.array.dims as [number, number, number];
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
function readIdx(dir: string, name: string): { array: IdxArray; file: string } {
  const raw = join(dir, name);
  const gz = `${raw}.gz`;
  const file = existsSync(raw) ? raw : existsSync(gz) ? gz : undefined;
  if (file === undefined) {
    throw new DataError(
      `Missing IDX file: neither ${raw} nor ${name}.gz exists. The directory ${dir} must ` +
        `hold ${ALL_NAMES}, each either raw or gzipped with a .gz suffix.`,
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
  return { array: parseIdx(bytes, file), file };
}
