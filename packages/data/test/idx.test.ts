import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  IDX_FILE_NAMES,
  loadIdxDirectory,
  loadIdxPair,
  parseIdx,
  type Dataset,
  type IdxPart,
} from '../src/index.js';
import { expectDataError } from './expect-data-error.js';
import {
  encodeIdx,
  makeFixture,
  withTempDir,
  writeIdx,
  writeIdxDirectory,
  type Fixture,
} from './idx-fixtures.js';

const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

function expectMatches(data: Dataset, fixture: Fixture): void {
  expect(data.count).toBe(fixture.count);
  expect(data.rows).toBe(fixture.rows);
  expect(data.columns).toBe(fixture.columns);
  expect(data.labels).toEqual(fixture.labels);
  expect(data.images).toEqual(Float32Array.from(fixture.pixels, (p) => p / 255));
}

describe('parseIdx', () => {
  it('reads the sizes and data of a rank-3 image file and a rank-1 label file', () => {
    const images = parseIdx(
      encodeIdx(
        [2, 3, 4],
        Array.from({ length: 24 }, (_, i) => i),
      ),
      'a',
    );
    expect(images.dims).toEqual([2, 3, 4]);
    expect(Array.from(images.data)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    const labels = parseIdx(encodeIdx([3], [7, 8, 9]), 'b');
    expect(labels.dims).toEqual([3]);
    expect(Array.from(labels.data)).toEqual([7, 8, 9]);
  });

  it('honours the byte offset of a view into a larger buffer', () => {
    const file = encodeIdx([2], [5, 6]);
    const padded = new Uint8Array(file.length + 3);
    padded.set(file, 3);
    expect(Array.from(parseIdx(padded.subarray(3), 'padded').data)).toEqual([5, 6]);
  });

  it('accepts zero-size dimensions', () => {
    const empty = parseIdx(encodeIdx([0, 28, 28], []), 'empty');
    expect(empty.dims).toEqual([0, 28, 28]);
    expect(empty.data.length).toBe(0);
  });

  it('rejects a file shorter than the magic number', () => {
    expectDataError(() => parseIdx(new Uint8Array([0, 0]), 'tiny'), 'tiny', /2 bytes long/);
  });

  it('rejects a header cut short after the magic number', () => {
    const cut = encodeIdx([2, 3, 4], new Uint8Array(24)).subarray(0, 10);
    expectDataError(() => parseIdx(cut, 'cut'), 'cut', /header is 16 bytes.*only 10.*truncated/);
  });

  it('rejects data cut short, saying how many bytes were expected and found', () => {
    const cut = encodeIdx([2, 3, 4], new Uint8Array(24)).subarray(0, 30);
    expectDataError(
      () => parseIdx(cut, 'short'),
      'short',
      /2x3x4 array, so 24 data bytes.*but 14 bytes do\. The file is truncated/,
    );
  });

  it('rejects trailing bytes after the data', () => {
    const long = new Uint8Array([...encodeIdx([2], [1, 2]), 0]);
    expectDataError(() => parseIdx(long, 'long'), 'long', /2 data bytes.*but 3.*trailing/);
  });

  it('rejects a wrong magic number, saying what was found and expected', () => {
    const bad = new Uint8Array([0x12, 0x34, 0x08, 0x01, 0, 0, 0, 0]);
    expectDataError(
      () => parseIdx(bad, 'bad'),
      'bad',
      /0x12340801.*0x00000803.*0x00000801.*may not be an IDX file.*gzip data/,
    );
  });

  it('recognises gzip data under a name without .gz', () => {
    const gz = gzipSync(encodeIdx([1], [1]));
    expectDataError(() => parseIdx(gz, 'zipped'), 'zipped', /0x1f8b.*It is gzip data/);
  });

  it('rejects a type code other than unsigned byte', () => {
    const floats = encodeIdx([1], [0, 0, 0, 0]).slice(0, 8);
    floats[2] = 0x0d;
    expectDataError(() => parseIdx(floats, 'floats'), 'floats', /0x0d \(float32\).*0x08/);
  });
});

describe('loadIdxDirectory', () => {
  const train = makeFixture(5, 3, 4);
  const test = makeFixture(2, 3, 4);

  it('round-trips raw IDX files', () => {
    withTempDir((dir) => {
      writeIdxDirectory(dir, train, test);
      const split = loadIdxDirectory(dir);
      expectMatches(split.train, train);
      expectMatches(split.test, test);
    });
  });

  it('round-trips gzipped IDX files with the .gz suffix', () => {
    withTempDir((dir) => {
      writeIdxDirectory(dir, train, test, true);
      const split = loadIdxDirectory(dir);
      expectMatches(split.train, train);
      expectMatches(split.test, test);
      expect(Math.max(...split.train.images)).toBeLessThanOrEqual(1);
    });
  });

  it('reports a missing file, listing all four names and both spellings', () => {
    withTempDir((dir) => {
      writeIdxDirectory(dir, train, test, true);
      const labels = join(dir, IDX_FILE_NAMES.testLabels);
      rmSync(`${labels}.gz`);
      const error = expectDataError(
        () => loadIdxDirectory(dir),
        labels,
        /neither .*t10k-labels-idx1-ubyte nor t10k-labels-idx1-ubyte\.gz exists/,
      );
      for (const name of Object.values(IDX_FILE_NAMES)) expect(error.message).toContain(name);
      expect(error.message).toMatch(/raw or gzipped with a \.gz suffix/);
    });
  });

  it('prefers the raw file when both spellings exist', () => {
    withTempDir((dir) => {
      writeIdxDirectory(dir, train, test);
      writeFileSync(join(dir, `${IDX_FILE_NAMES.trainImages}.gz`), 'not gzip');
      expectMatches(loadIdxDirectory(dir).train, train);
    });
  });

  it('reports a corrupt gzip file by name', () => {
    withTempDir((dir) => {
      writeIdxDirectory(dir, train, test, true);
      const file = join(dir, `${IDX_FILE_NAMES.trainLabels}.gz`);
      writeFileSync(file, new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]));
      expectDataError(() => loadIdxDirectory(dir), file, /not valid gzip data.*\.gz suffix/);
    });
  });

  it('reports a truncated gzipped file by its .gz name', () => {
    withTempDir((dir) => {
      writeIdxDirectory(dir, train, test, true);
      const file = join(dir, `${IDX_FILE_NAMES.testImages}.gz`);
      writeFileSync(file, gzipSync(encodeIdx([2, 3, 4], new Uint8Array(24)).subarray(0, 20)));
      expectDataError(() => loadIdxDirectory(dir), file, /truncated/);
    });
  });

  it('reports image and label files with different counts, naming both', () => {
    withTempDir((dir) => {
      writeIdxDirectory(dir, train, test);
      const labels = join(dir, IDX_FILE_NAMES.trainLabels);
      writeIdx(labels, [4], [1, 2, 3, 4]);
      const error = expectDataError(
        () => loadIdxDirectory(dir),
        labels,
        /holds 5 images but the label file .* holds 4 labels/,
      );
      expect(error.message).toContain(join(dir, IDX_FILE_NAMES.trainImages));
    });
  });

  it('reports images that are not rank 3 and labels that are not rank 1', () => {
    withTempDir((dir) => {
      writeIdxDirectory(dir, train, test);
      const images = join(dir, IDX_FILE_NAMES.trainImages);
      writeIdx(images, [5], train.labels);
      expectDataError(() => loadIdxDirectory(dir), images, /declares rank 1.*rank 3 is needed/);
      writeIdxDirectory(dir, train, test);
      const labels = join(dir, IDX_FILE_NAMES.testLabels);
      writeIdx(labels, [2, 1], test.labels);
      expectDataError(() => loadIdxDirectory(dir), labels, /declares rank 2.*rank 1 is needed/);
    });
  });

  it('names the wrong rank, not a wrong size, when a file has the other magic number', () => {
    withTempDir((dir) => {
      writeIdxDirectory(dir, train, test);
      const images = join(dir, IDX_FILE_NAMES.trainImages);
      const bytes = readFileSync(images);
      bytes[3] = 1; // the label magic 0x00000801, with the image sizes and pixels after it
      writeFileSync(images, bytes);
      expectDataError(
        () => loadIdxDirectory(dir),
        images,
        /declares rank 1 .*the rank of labels .*but rank 3 is needed here: images/,
      );
    });
  });

  it('refuses images of no pixels', () => {
    withTempDir((dir) => {
      writeIdxDirectory(dir, train, test);
      const images = join(dir, IDX_FILE_NAMES.trainImages);
      writeIdx(images, [train.count, 0, 0], []);
      expectDataError(() => loadIdxDirectory(dir), images, /images of 0x0 pixels/);
    });
  });

  it('reports a directory that does not exist', () => {
    withTempDir((dir) => {
      const gone = join(dir, 'nowhere');
      expectDataError(() => loadIdxDirectory(gone), gone, /does not exist/);
    });
  });

  it('loads Fashion-MNIST from Debian dataset-fashion-mnist when installed', (context) => {
    if (existsSync(FASHION_DIR)) {
      const { train: fashionTrain, test: fashionTest } = loadIdxDirectory(FASHION_DIR);
      expect([fashionTrain.count, fashionTrain.rows, fashionTrain.columns]).toEqual([
        60000, 28, 28,
      ]);
      expect(fashionTest.count).toBe(10000);
      expect(new Set(fashionTest.labels)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
      const counts = new Array<number>(10).fill(0);
      for (const label of fashionTrain.labels) counts[label]! += 1;
      expect(counts).toEqual(new Array<number>(10).fill(6000));
    } else {
      // Without the package the real-file check cannot run; say so, and check the error instead.
      context.annotate(
        `Real-file check skipped: ${FASHION_DIR} is absent ` +
          '(apt-get install dataset-fashion-mnist); checked the missing-directory error instead.',
      );
      expectDataError(() => loadIdxDirectory(FASHION_DIR), FASHION_DIR, /does not exist/);
    }
  });
});

describe('loadIdxPair', () => {
  const train = makeFixture(5, 3, 4);
  const test = makeFixture(2, 3, 4);

  it('reads the t10k files of a directory that holds only those two', () => {
    withTempDir((dir) => {
      writeIdxDirectory(dir, train, test, true);
      rmSync(join(dir, `${IDX_FILE_NAMES.trainImages}.gz`));
      rmSync(join(dir, `${IDX_FILE_NAMES.trainLabels}.gz`));
      expectMatches(loadIdxPair(dir, 't10k'), test);
    });
  });

  it('reads the train files, as loadIdxDirectory does', () => {
    withTempDir((dir) => {
      writeIdxDirectory(dir, train, test);
      expectMatches(loadIdxPair(dir, 'train'), train);
    });
  });

  it('names only the two files it needs when one is missing', () => {
    withTempDir((dir) => {
      writeIdxDirectory(dir, train, test);
      const labels = join(dir, IDX_FILE_NAMES.testLabels);
      rmSync(labels);
      const error = expectDataError(() => loadIdxPair(dir, 't10k'), labels, /neither/);
      expect(error.message).toContain(
        `hold ${IDX_FILE_NAMES.testImages} and ${IDX_FILE_NAMES.testLabels}, each`,
      );
      expect(error.message).not.toContain(IDX_FILE_NAMES.trainImages);
    });
  });

  it('reports a directory that does not exist, and an unknown part', () => {
    withTempDir((dir) => {
      const gone = join(dir, 'nowhere');
      expectDataError(() => loadIdxPair(gone, 't10k'), gone, /does not exist/);
      expect(() => loadIdxPair(dir, 'test' as IdxPart)).toThrow(/use 'train' or 't10k'/);
    });
  });
});
