import Table from 'cli-table3';
import type { CaseResult, ConformanceReport } from '@rectifier/conformance';

/**
 * Cases of all backends together, counted as each backend's `report.counts` are: `failed`
 * differed from the expected values, `errored` threw; both are failures.
 */
export interface ConformanceTotals {
  readonly passed: number;
  readonly failed: number;
  /** Cases that could not be read, or whose import, compile or run threw. */
  readonly errored: number;
  readonly excluded: number;
  /** Backends that were asked for but did not load, so ran nothing. */
  readonly backendsNotRun: number;
}

/** What the detail column says of a case: the first differing element, the error, the reason. */
export function resultDetail(result: CaseResult): string {
  switch (result.status) {
    case 'passed':
      return `${result.values} values match`;
    case 'failed':
      return result.mismatch.message;
    case 'excluded':
      return result.reason;
    case 'errored':
      return `${result.error.code ?? result.error.name}: ${result.error.message}`;
  }
}

/** The counts of one backend: `169 passed, 1 failed (1 errored), 2 excluded`. */
export function backendCounts(report: ConformanceReport): string {
  const { passed, failed, errored, excluded } = report.counts;
  return (
    `${passed} passed, ${failed + errored} failed` +
    (errored > 0 ? ` (${errored} errored)` : '') +
    (excluded > 0 ? `, ${excluded} excluded` : '')
  );
}

/**
 * One backend's results for people: a table of every case that did not pass, in full, and
 * the passes as a count, or listed too when `verbose`.
 */
export function backendTable(report: ConformanceReport, verbose: boolean): string {
  const shown = report.results.filter((result) => verbose || result.status !== 'passed');
  const lines: string[] = [];
  if (shown.length > 0) {
    const table = new Table({
      head: ['case', 'status', 'detail'],
      style: { head: [], border: [], compact: true },
    });
    for (const result of shown) table.push([result.name, result.status, resultDetail(result)]);
    lines.push(table.toString());
  }
  if (!verbose && report.counts.passed > 0) {
    lines.push(`${report.counts.passed} passed (--verbose lists them)`);
  }
  lines.push(`${report.backend}: ${backendCounts(report)}`);
  return lines.join('\n');
}

/**
 * The last line: `412 passed, 0 failed`, counting errored cases as failed, then `, K excluded`
 * and backends not run, if any.
 */
export function totalsLine(totals: ConformanceTotals): string {
  const notRun = totals.backendsNotRun;
  return (
    `${totals.passed} passed, ${totals.failed + totals.errored} failed` +
    (totals.excluded > 0 ? `, ${totals.excluded} excluded` : '') +
    (notRun > 0 ? `, ${notRun} backend${notRun === 1 ? '' : 's'} not run` : '')
  );
}
