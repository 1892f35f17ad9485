import { existsSync, statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { BACKEND_PACKAGES, loadBackend, type Backend } from '@rectifier/core';
import {
  loadCases,
  runConformance,
  type Case,
  type ConformanceReport,
  type Exclusions,
} from '@rectifier/conformance';
import { EXIT, RunError } from '../errors.js';
import { parseChoice, parseRegExp, pathOption } from '../options.js';
import { TRAIN_DEFAULTS } from '../train-config.js';
import { backendTable, totalsLine, type ConformanceTotals } from './conformance-table.js';

/** The export a backend package makes of its known gaps, which the command applies. */
export const EXCLUSIONS_EXPORT = 'conformanceExclusions';

const ALL = 'all';

const EXAMPLES = `
Examples:
  $ rectifier conformance                            the bundled suite on the CPU backend
  $ rectifier conformance --backend all --filter 'relu|elu'
  $ rectifier conformance --cases ./onnx/backend/test/data/node --json

--cases takes a folder of cases in the ONNX backend-test layout (a folder per case with
model.onnx and test_data_set_N/input_K.pb, output_K.pb), JSON case files, or one case folder.
Cases a backend's package lists in its ${EXCLUSIONS_EXPORT} are reported as excluded, with
the reason. An errored case (one that cannot be read, or whose import, compile or run threw)
counts as failed; the exit code is 1 when any case failed.`;

/** The options of `rectifier conformance` as commander hands them over. */
interface ConformanceCommandOptions {
  backend: string;
  cases?: string;
  filter?: RegExp;
  verbose?: boolean;
  json?: boolean;
}

/** What happened on one backend: its report, or why it did not run. */
export type BackendOutcome =
  | {
      readonly backend: string;
      readonly ran: true;
      /** The package whose exclusion list was applied, or null when it exports none. */
      readonly exclusionsFrom: string | null;
      readonly report: ConformanceReport;
    }
  | { readonly backend: string; readonly ran: false; readonly reason: string };

/** What `rectifier conformance --json` prints. */
export interface ConformanceRun {
  /** The --cases folder, or null for the bundled suite. */
  readonly cases: string | null;
  readonly filter: string | null;
  readonly backends: readonly BackendOutcome[];
  readonly totals: ConformanceTotals;
}

function readCases(folder: string | undefined): Case[] {
  if (folder === undefined) return loadCases();
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new RunError(
      `--cases ${folder} does not exist or is not a directory. Pass a folder of cases, or ` +
        'one case folder with model.onnx and test_data_set_N/.',
    );
  }
  // A case that cannot be read is among them, and is reported as errored when it runs.
  const cases = loadCases(folder);
  if (cases.length === 0) {
    throw new RunError(
      `--cases ${folder} holds no cases: no folder with a model.onnx and no JSON case file.`,
    );
  }
  return cases;
}

async function exclusionsOf(name: string): Promise<{ list: Exclusions; from: string | null }> {
  const packageName = BACKEND_PACKAGES[name];
  if (packageName === undefined) return { list: {}, from: null };
  const module = (await import(packageName)) as Record<string, unknown>;
  const list = module[EXCLUSIONS_EXPORT] as Exclusions | undefined;
  return list === undefined ? { list: {}, from: null } : { list, from: packageName };
}

async function runOn(
  name: string,
  cases: readonly Case[],
  filter: RegExp | undefined,
): Promise<BackendOutcome> {
  let backend: Backend;
  try {
    backend = await loadBackend(name);
  } catch (error) {
    // A backend that is not installed, or cannot start here, is reported and not run.
    if (!(error instanceof Error)) throw error;
    return { backend: name, ran: false, reason: error.message };
  }
  try {
    const exclusions = await exclusionsOf(name);
    process.stderr.write(`running the conformance cases on the ${name} backend\n`);
    const report = await runConformance(backend, { cases, exclusions: exclusions.list, filter });
    return { backend: name, ran: true, exclusionsFrom: exclusions.from, report };
  } finally {
    await backend.dispose();
  }
}

function totalsOf(outcomes: readonly BackendOutcome[]): ConformanceTotals {
  let [passed, failed, errored, excluded, backendsNotRun] = [0, 0, 0, 0, 0];
  for (const outcome of outcomes) {
    if (!outcome.ran) {
      backendsNotRun++;
      continue;
    }
    const { counts } = outcome.report;
    passed += counts.passed;
    failed += counts.failed;
    errored += counts.errored;
    excluded += counts.excluded;
  }
  return { passed, failed, errored, excluded, backendsNotRun };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function describeOutcome(outcome: BackendOutcome, source: string, verbose: boolean): string {
  if (!outcome.ran) return `${outcome.backend} backend: not run. ${outcome.reason}`;
  const { report } = outcome;
  const exclusions = outcome.exclusionsFrom
    ? `the exclusions of ${outcome.exclusionsFrom}`
    : `no exclusions (its package exports no ${EXCLUSIONS_EXPORT})`;
  const header =
    `${report.backend} backend (${report.precision}): ${plural(report.counts.total, 'case')} of ` +
    `${source}, ${exclusions}`;
  return `${header}\n${backendTable(report, verbose)}`;
}

/** Runs the cases on each backend asked for and returns what happened. */
export async function runConformanceCommand(
  options: ConformanceCommandOptions,
): Promise<ConformanceRun> {
  const cases = readCases(options.cases);
  const { filter } = options;
  if (filter && !cases.some((testCase) => filter.test(testCase.name))) {
    throw new RunError(
      `No case matches --filter ${filter.source}; the ${cases.length} cases are named like ` +
        `${cases[0]?.name}.`,
    );
  }
  const names = options.backend === ALL ? Object.keys(BACKEND_PACKAGES) : [options.backend];
  const outcomes: BackendOutcome[] = [];
  for (const name of names) outcomes.push(await runOn(name, cases, filter));

  for (const outcome of outcomes) {
    const unknown = outcome.ran ? outcome.report.unknownExclusions : [];
    if (options.cases === undefined && !filter && unknown.length > 0) {
      process.stderr.write(
        `${outcome.backend}: exclusions that name no case, to remove: ${unknown.join(', ')}\n`,
      );
    }
  }
  return {
    cases: options.cases ?? null,
    filter: filter?.source ?? null,
    backends: outcomes,
    totals: totalsOf(outcomes),
  };
}

/** Adds `rectifier conformance` to the program. */
export function registerConformanceCommand(program: Command): void {
  program
    .command('conformance')
    .description('run the conformance cases on a backend and report each case')
    .addOption(
      new Option('--backend <name>', `the backend to check, or ${ALL} for every one installed`)
        .choices([...Object.keys(BACKEND_PACKAGES), ALL])
        .argParser(parseChoice([...Object.keys(BACKEND_PACKAGES), ALL]))
        .default(TRAIN_DEFAULTS.backend),
    )
    .addOption(
      pathOption('--cases <dir>', 'a folder of cases to run instead of the bundled suite', 'cases'),
    )
    .option('--filter <regex>', 'run only the cases whose name matches', parseRegExp)
    .option('--verbose', 'list the cases that passed too')
    .option('--json', 'print every result as JSON')
    .addHelpText('after', EXAMPLES)
    .action(async (options: ConformanceCommandOptions) => {
      const run = await runConformanceCommand(options);
      const source =
        (options.cases === undefined ? 'the bundled suite' : options.cases) +
        (options.filter ? ` matching ${options.filter.source}` : '');
      if (options.json) {
        process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
      } else {
        const sections = run.backends.map((outcome) =>
          describeOutcome(outcome, source, options.verbose ?? false),
        );
        process.stdout.write(`${sections.join('\n\n')}\n\n${totalsLine(run.totals)}\n`);
      }
      const ranAny = run.backends.some((outcome) => outcome.ran);
      const { failed, errored } = run.totals;
      process.exitCode = failed + errored > 0 || !ranAny ? EXIT.failure : EXIT.ok;
    });
}
