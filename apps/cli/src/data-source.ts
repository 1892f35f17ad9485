import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DEFAULT_TEST_COUNT,
  IDX_FILE_NAMES,
  loadDefaultSplit,
  loadIdxDirectory,
  loadIdxPair,
  takeFirst,
  type Dataset,
} from '@rectifier/data';
import { RunError, UsageError } from './errors.js';

/** The classes of MNIST and Fashion-MNIST, and so the network's outputs. */
export const CLASSES = 10;

/** Where the samples came from, as the metrics file records it. */
export type DataSource =
  | { readonly kind: 'bundled-mnist'; readonly testCount: number; readonly splitSeed: number }
  | { readonly kind: 'idx'; readonly directory: string };

/** The samples of a run. */
export interface TrainingData {
  readonly source: DataSource;
  readonly train: Dataset;
  readonly test: Dataset;
  /** The training samples the data holds, before --limit. */
  readonly availableTrainCount: number;
}

/**
 * Loads the bundled digits split by `seed`, or the IDX files of `directory`, and keeps the
 * first `limit` training samples when a limit is given.
 */
export function loadTrainingData(
  directory: string | undefined,
  seed: number,
  limit: number | undefined,
): TrainingData {
  const split = directory === undefined ? loadDefaultSplit(seed) : loadIdxDirectory(directory);
  const source: DataSource =
    directory === undefined
      ? { kind: 'bundled-mnist', testCount: DEFAULT_TEST_COUNT, splitSeed: seed }
      : { kind: 'idx', directory: resolve(directory) };
  if (directory !== undefined) {
    checkNotEmpty(
      directory,
      [
        { dataset: split.train, files: [IDX_FILE_NAMES.trainImages, IDX_FILE_NAMES.trainLabels] },
        { dataset: split.test, files: [IDX_FILE_NAMES.testImages, IDX_FILE_NAMES.testLabels] },
      ],
      'rectifier train needs training digits to learn from and test digits to score',
    );
  }
  checkLabels(split.train, directory, 'rectifier train classifies');
  checkLabels(split.test, directory, 'rectifier train classifies');

  const available = split.train.count;
  if (limit !== undefined && limit > available) {
    throw new UsageError(
      `option '--limit <count>' argument '${limit}' is invalid. The data has ` +
        `${available} training samples; use a count from 1 to ${available}.`,
    );
  }
  const train = limit === undefined ? split.train : takeFirst(split.train, limit);
  return { source, train, test: split.test, availableTrainCount: available };
}

/**
 * The test samples alone, for predict: the bundled digits' test split by `seed`, or only the
 * t10k files of `directory`, so that a directory of test files will do.
 */
export function loadTestData(
  directory: string | undefined,
  seed: number,
): { source: DataSource; test: Dataset } {
  if (directory === undefined) {
    return {
      source: { kind: 'bundled-mnist', testCount: DEFAULT_TEST_COUNT, splitSeed: seed },
      test: loadDefaultSplit(seed).test,
    };
  }
  const test = loadIdxPair(directory, 't10k');
  checkNotEmpty(
    directory,
    [{ dataset: test, files: [IDX_FILE_NAMES.testImages, IDX_FILE_NAMES.testLabels] }],
    'predict needs test digits to score',
  );
  checkLabels(test, directory, 'predict scores');
  return { source: { kind: 'idx', directory: resolve(directory) }, test };
}

/** A short description for progress messages: `the bundled MNIST digits (8000 / 2000)`. */
export function describeData(data: TrainingData): string {
  const counts = `${data.train.count} train / ${data.test.count} test`;
  return data.source.kind === 'bundled-mnist'
    ? `the bundled MNIST digits (${counts}, split with seed ${data.source.splitSeed})`
    : `the IDX files in ${data.source.directory} (${counts})`;
}

/** The file of `name` that loading read: the raw one when it exists, else the gzipped one. */
function idxFile(directory: string, name: string): string {
  const raw = join(directory, name);
  return existsSync(raw) ? raw : `${raw}.gz`;
}

// IDX headers may declare 0 items; such files load, but a run on them would fail deep in the
// Trainer or report an accuracy of NaN. `need` says what the command needs the digits for.
function checkNotEmpty(
  directory: string,
  parts: readonly { dataset: Dataset; files: readonly string[] }[],
  need: string,
): void {
  const empty = parts.filter((part) => part.dataset.count === 0);
  if (empty.length === 0) return;
  const files = empty.flatMap((part) => part.files.map((name) => idxFile(directory, name)));
  const listed = `${files.slice(0, -1).join(', ')} and ${files.at(-1)}`;
  throw new RunError(
    `The IDX files ${listed} hold no digits (their headers declare 0 items), but ${need}. ` +
      'Use files that hold samples, such as those of a full MNIST download.',
  );
}

// The network has one output per class; a label outside them would fail deep in the loss, or
// never match a prediction. `user` says who needs them: `rectifier train classifies`.
function checkLabels(dataset: Dataset, directory: string | undefined, user: string): void {
  for (const label of dataset.labels) {
    if (label >= CLASSES) {
      throw new RunError(
        `The labels of ${directory ?? 'the bundled digits'} include ${label}, but ` +
          `${user} ${CLASSES} classes, labelled 0 to ${CLASSES - 1}. ` +
          'Use MNIST-style data with ten classes.',
      );
    }
  }
}
