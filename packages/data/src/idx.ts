import { DataError } from './errors.js';

/** An array read from an IDX file: its sizes, outermost first, and its bytes in row-major order. */
export interface IdxArray {
  dims: number[];
  /** A view into the bytes passed to `parseIdx`, not a copy. */
  data: Uint8Array;
}

/** The IDX type code of unsigned bytes, the only element type MNIST-style files use. */
export const IDX_UBYTE = 0x08;

const TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

/** What an IDX file of each rank that MNIST uses holds, for the message about a wrong rank. */
const RANK_NAMES: Readonly<Record<number, string>> = {
  1: 'labels (count; magic 0x00000801)',
  3: 'images (count, rows, columns; magic 0x00000803)',
};

/**
 * Parses an IDX file of unsigned bytes (two zero bytes, type code 0x08, the rank, one
 * big-endian uint32 size per dimension, then the data); `file` only names it in errors. With
 * `rank`, a file of another rank is refused before its sizes are read, since a label file read
 * as images (or the other way round) would otherwise look truncated or too long.
 */
export function parseIdx(bytes: Uint8Array, file: string, rank?: number): IdxArray {
  if (bytes.length < 4) {
    throw new DataError(
      `The IDX file ${file} is ${bytes.length} bytes long, shorter than the 4-byte magic ` +
        `number every IDX file starts with. The file is truncated or empty; download it again.`,
      { file },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const type = bytes[2]!;
  const declaredRank = bytes[3]!;
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    // A gzip stream starts with 1f 8b; naming that case saves a puzzling hex dump.
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
    throw new DataError(
      `The file ${file} starts with the magic number ${hex(magic)}, but an IDX file starts ` +
        `with 0x0000 followed by a type byte and a rank byte (0x00000803 for images, ` +
        `0x00000801 for labels). ` +
        (gzip
          ? 'It is gzip data: gunzip it, or give it a .gz suffix so it is decompressed.'
          : 'It may not be an IDX file, or it may be gzip data under a name without .gz.'),
      { file },
    );
  }
  if (type !== IDX_UBYTE) {
    const name = TYPE_NAMES[type] ?? 'unknown';
    throw new DataError(
      `The IDX file ${file} has type code ${hex(type, 2)} (${name}) in its magic number ` +
        `${hex(magic)}; only type code 0x08 (unsigned byte) is supported, as MNIST-style ` +
        `image and label files use. Convert the file to unsigned bytes.`,
      { file },
    );
  }
  if (rank !== undefined && declaredRank !== rank) {
    const held = RANK_NAMES[declaredRank] ?? `a rank-${declaredRank} array`;
    throw new DataError(
      `The IDX file ${file} declares rank ${declaredRank} in its magic number ${hex(magic)}, ` +
        `the rank of ${held}, but rank ${rank} is needed here: ` +
        `${RANK_NAMES[rank] ?? `a rank-${rank} array`}. Check that the file is the right one ` +
        'of its pair.',
      { file },
    );
  }
  const headerBytes = 4 + 4 * declaredRank;
  if (bytes.length < headerBytes) {
    throw new DataError(
      `The IDX file ${file} declares rank ${declaredRank}, so its header is ${headerBytes} bytes, ` +
        `but the file is only ${bytes.length} bytes: the file is truncated. Download it again.`,
      { file },
    );
  }
  const dims: number[] = [];
  for (let d = 0; d < declaredRank; d++) dims.push(view.getUint32(4 + 4 * d));
  const expected = dims.reduce((product, size) => product * size, 1);
  const found = bytes.length - headerBytes;
  if (found !== expected) {
    const shape = dims.join('x') || 'scalar';
    throw new DataError(
      `The IDX file ${file} has a header declaring a ${shape} array, so ${expected} data ` +
        `bytes should follow the ${headerBytes}-byte header, but ${found} bytes do. ` +
        (found < expected
          ? 'The file is truncated; download it again.'
          : 'The file has trailing bytes; it is damaged or not an IDX file. Download it again.'),
      { file },
    );
  }
  // A plain Uint8Array view, even when `bytes` is a Node Buffer.
  return { dims, data: new Uint8Array(bytes.buffer, bytes.byteOffset + headerBytes, found) };
}

function hex(value: number, digits = 8): string {
  return `0x${value.toString(16).padStart(digits, '0')}`;
}
