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

/** A gradient norm in two significant digits, never wider than NORM_WIDTH for norms < 1e6. */
export function formatNorm(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  if (value < 0.01) return value.toExponential(1);
  return value >= 100 ? value.toFixed(0) : value.toPrecision(2);
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
    return this.line([
      String(record.epoch),
      record.loss.toFixed(4),
      formatPercent(record.trainAccuracy),
      formatPercent(record.testAccuracy),
      joined(sparsity),
      joined(dead),
      joined(norms),
      record.seconds.toFixed(1),
      record.samplesPerSecond.toFixed(0),
    ]);
  }

  private line(cells: readonly string[]): string {
    const table = new Table({
      chars: NO_BORDER,
      colWidths: this.widths,
      colAligns: this.widths.map(() => 'right' as const),
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    });
    table.push([...cells]);
    return table.toString();
  }
}
