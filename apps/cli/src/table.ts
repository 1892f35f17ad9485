import Table from 'cli-table3';
import type { EpochRecord } from '@rectifier/nn';
import { formatPercent } from './format.js';

// Rows are printed as epochs finish, so each line is its own borderless table with the same
// fixed column widths; together they read as one table.
const NO_BORDER = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};

/** The widest text one gradient norm takes in the table: `1.2e-3`. */
const NORM_WIDTH = 6;

/** A number in exponent form, two significant digits and no plus sign: `2.2e10`, `8.8e-3`. */
export function formatExponent(value: number): string {
  return value.toExponential(1).replace('e+', 'e');
}

/**
 * `value` in exponent form for `width` columns: two significant digits, or one where two are
 * too wide (`5.6e-19` becomes `6e-19`). Wider than `width` only where even one digit is.
 */
export function fitExponent(value: number, width: number): string {
  const text = formatExponent(value);
  return text.length <= width ? text : value.toExponential(0).replace('e+', 'e');
}

/**
 * `value` with `decimals` decimals, or fewer where that is too wide for `width` columns, or
 * in exponent form where even the whole number is: the table never cuts a number.
 */
export function fitNumber(value: number, width: number, decimals: number): string {
  if (!Number.isFinite(value)) return String(value);
  for (let places = decimals; places >= 0; places--) {
    const text = value.toFixed(places);
    // toFixed itself turns to exponent form from 1e21 on, with a plus sign.
    if (text.length <= width && !text.includes('e')) return text;
  }
  return fitExponent(value, width);
}

/**
 * A gradient norm in two significant digits where they fit NORM_WIDTH: from 1e6 on and below
 * 0.01 in exponent form, with one digit below 1e-9 (`6e-19`).
 */
export function formatNorm(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  if (value < 0.01) return fitExponent(value, NORM_WIDTH);
  return value >= 100 ? fitNumber(value, NORM_WIDTH, 0) : value.toPrecision(2);
}

function joined(values: readonly string[]): string {
  return values.length === 0 ? '-' : values.join('/');
}

/**
 * The per-epoch table on stdout: epoch, loss, accuracies, sparsity and dead units per
 * rectified layer, gradient norm per Dense layer (first to last, joined by `/`), time.
 */
export class EpochTable {
  private readonly widths: number[];
  private readonly headers = [
    'epoch',
    'loss',
    'train acc',
    'test acc',
    'sparsity %',
    'dead',
    'grad norm',
    's',
    'samples/s',
  ];

  /** `rectifiedUnits` are the sizes of the rectified layers, `denseLayers` the Dense count. */
  constructor(epochs: number, rectifiedUnits: readonly number[], denseLayers: number) {
    const listWidth = (widths: readonly number[]) =>
      widths.reduce((sum, width) => sum + width, 0) + Math.max(0, widths.length - 1);
    const cells = [
      String(epochs).length,
      7,
      6,
      6,
      listWidth(rectifiedUnits.map(() => 3)),
      listWidth(rectifiedUnits.map((units) => String(units).length)),
      listWidth(Array.from({ length: denseLayers }, () => NORM_WIDTH)),
      5,
      6,
    ];
    this.widths = cells.map((width, index) => Math.max(width, this.headers[index]!.length));
  }

  /** The header line and a rule under it. */
  header(): string {
    const rule = this.widths.map((width) => '-'.repeat(width));
    return `${this.line(this.headers)}\n${this.line(rule)}`;
  }

  /** One epoch's line. */
  row(record: EpochRecord): string {
    const sparsity = Object.values(record.sparsity).map((value) => (value * 100).toFixed(0));
    const dead = Object.values(record.deadUnits).map(String);
    const norms = Object.values(record.gradientNorms).map(formatNorm);
    const [, lossWidth = 0, , , , , , secondsWidth = 0, rateWidth = 0] = this.widths;
    return this.line([
      String(record.epoch),
      fitNumber(record.loss, lossWidth, 4),
      formatPercent(record.trainAccuracy),
      formatPercent(record.testAccuracy),
      joined(sparsity),
      joined(dead),
      joined(norms),
      fitNumber(record.seconds, secondsWidth, 1),
      fitNumber(record.samplesPerSecond, rateWidth, 0),
    ]);
  }

  // A cell wider than its column widens it, for this line alone: the table never cuts a number.
  private line(cells: readonly string[]): string {
    const widths = this.widths.map((width, index) => Math.max(width, cells[index]?.length ?? 0));
    const table = new Table({
      chars: NO_BORDER,
      colWidths: widths,
      colAligns: widths.map(() => 'right' as const),
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    });
    table.push([...cells]);
    return table.toString();
  }
}
