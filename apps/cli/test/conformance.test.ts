import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTER_HELP } from '@rectifier/backend-webgpu';
import { BUNDLED_CASES, type ConformanceReport } from '@rectifier/conformance';
import { BACKEND_PACKAGES } from '@rectifier/core';
import { decodeTensor, encodeTensor } from '@rectifier/onnx';
import { lines, runCli } from './run-cli.js';

/** One case of the bundled suite in the ONNX backend-test layout, used in place. */
const RELU_CASE = join(BUNDLED_CASES, 'onnx-node', 'test_relu');

interface BackendJson {
  backend: string;
  ran: boolean;
  reason?: string;
  report?: ConformanceReport;
}

/**
 * What a backend that did not run may say to do: install its package, or, for the webgpu
 * backend on a machine without a WebGPU adapter, what the backend's own help says to install.
 */
function notRunHelp(backend: string): string[] {
  const install = `npm install ${BACKEND_PACKAGES[backend]}`;
  return backend === 'webgpu' ? [install, ADAPTER_HELP] : [install];
}

/** Whether a package resolves from the CLI, as the backend registry's import would. */
function installed(packageName: string): boolean {
  try {
    createRequire(import.meta.url).resolve(packageName);
    return true;
  } catch {
    return false;
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rectifier-conformance-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A folder holding a copy of the ReLU case, as `<folder>/test_relu`. */
function caseFolder(name: string): { folder: string; expected: string } {
  const folder = join(dir, name);
  cpSync(RELU_CASE, join(folder, 'test_relu'), { recursive: true });
  return { folder, expected: join(folder, 'test_relu', 'test_data_set_0', 'output_0.pb') };
}

describe('rectifier conformance', () => {
  it('passes the bundled suite on the CPU backend, exit code 0', async () => {
    const result = await runCli(['conformance', '--backend', 'cpu']);
    expect(result.code, result.stdout).toBe(0);
    expect(lines(result.stdout).at(-1)).toMatch(/^\d+ passed, 0 failed/);
    expect(result.stdout).toContain('(--verbose lists them)');
  });

  it('runs a folder of one case, and a case folder given itself', async () => {
    const { folder } = caseFolder('one-case');
    const [inFolder, itself] = await Promise.all([
      runCli(['conformance', '--cases', folder, '--verbose']),
      runCli(['conformance', '--cases', RELU_CASE]),
    ]);
    expect(inFolder.code, inFolder.stderr).toBe(0);
    expect(inFolder.stdout).toMatch(/│ test_relu\s+│ passed │ 60 values match/);
    expect(lines(inFolder.stdout).at(-1)).toBe('1 passed, 0 failed');
    expect(itself.code, itself.stderr).toBe(0);
    expect(lines(itself.stdout).at(-1)).toBe('1 passed, 0 failed');
  });

  it('shows the first element that differs from a tampered expected output, exit code 1', async () => {
    const { folder, expected } = caseFolder('tampered');
    const tensor = decodeTensor(readFileSync(expected), expected);
    const values = Float32Array.from(tensor.values as Float32Array);
    const index = 7;
    values[index] = values[index]! + 1;
    writeFileSync(expected, encodeTensor({ name: tensor.name, shape: tensor.shape, values }));

    const result = await runCli(['conformance', '--cases', folder]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(`│ test_relu\\s+│ failed │ .*\\[${index}\\] is [-0-9.e]+, expected [-0-9.e]+`),
    );
    expect(lines(result.stdout).at(-1)).toBe('0 passed, 1 failed');
  });

  it('reports an unreadable case folder as errored and runs the others, exit code 1', async () => {
    const { folder } = caseFolder('one-broken');
    const broken = join(folder, 'test_broken');
    cpSync(RELU_CASE, broken, { recursive: true });
    rmSync(join(broken, 'test_data_set_0', 'output_0.pb'));
    const why = `INVALID_DATA: ${join(broken, 'test_data_set_0')}: a data set needs output_0.pb.`;

    const [table, json, itself] = await Promise.all([
      runCli(['conformance', '--cases', folder, '--verbose']),
      runCli(['conformance', '--cases', folder, '--json']),
      runCli(['conformance', '--cases', broken]),
    ]);
    expect(table.code, table.stderr).toBe(1);
    expect(table.stdout).toMatch(/│ test_relu\s+│ passed\s+│ 60 values match/);
    expect(table.stdout).toContain(`│ test_broken │ errored │ ${why} │`);
    expect(lines(table.stdout).at(-1)).toBe('1 passed, 1 failed');
    // The totals count as each backend's counts do: an errored case is not also in `failed`.
    const run = JSON.parse(json.stdout) as {
      backends: BackendJson[];
      totals: Record<string, number>;
    };
    expect(run.backends[0]?.report?.counts).toMatchObject({ passed: 1, failed: 0, errored: 1 });
    expect(run.totals).toMatchObject({ passed: 1, failed: 0, errored: 1 });
    expect(itself.code).toBe(1);
    expect(itself.stdout).toContain(`│ test_broken │ errored │ ${why} │`);
    expect(lines(itself.stdout).at(-1)).toBe('0 passed, 1 failed');
  });

  it('refuses a --cases folder that does not exist or holds no case, exit code 1', async () => {
    const empty = join(dir, 'no-cases');
    mkdirSync(empty);
    const missing = join(dir, 'no-such-folder');
    const [none, absent] = await Promise.all([
      runCli(['conformance', '--cases', empty]),
      runCli(['conformance', '--cases', missing]),
    ]);
    expect(none.code).toBe(1);
    expect(lines(none.stderr)).toEqual([
      `rectifier: error: --cases ${empty} holds no cases: no folder with a model.onnx and no ` +
        'JSON case file.',
    ]);
    expect(absent.code).toBe(1);
    expect(lines(absent.stderr)).toEqual([
      expect.stringMatching(/^rectifier: error: --cases .*no-such-folder does not exist/),
    ]);
  });

  it('tries every published backend with all, reporting those that cannot start', async () => {
    const result = await runCli([
      'conformance',
      '--backend',
      'all',
      '--filter',
      'test_relu$',
      '--json',
    ]);
    const run = JSON.parse(result.stdout) as {
      backends: BackendJson[];
      totals: { passed: number; failed: number; errored: number; backendsNotRun: number };
    };
    expect(run.backends.map((outcome) => outcome.backend)).toEqual(Object.keys(BACKEND_PACKAGES));
    expect(run.backends[0]).toMatchObject({ backend: 'cpu', ran: true });
    expect(run.backends[0]?.report?.counts).toMatchObject({ passed: 1, failed: 0, errored: 0 });
    for (const outcome of run.backends.filter((backend) => !backend.ran)) {
      const help = notRunHelp(outcome.backend);
      expect(
        help.some((text) => outcome.reason?.includes(text)),
        outcome.reason,
      ).toBe(true);
    }
    const ran = run.backends.filter((outcome) => outcome.ran);
    expect(run.totals.backendsNotRun).toBe(run.backends.length - ran.length);
    expect(run.totals.passed).toBe(ran.reduce((sum, o) => sum + o.report!.counts.passed, 0));
    expect(result.code).toBe(run.totals.failed + run.totals.errored > 0 ? 1 : 0);
  });

  // Which backend packages are installed depends on the checkout; the test needs one that is not.
  const missing = Object.keys(BACKEND_PACKAGES).find((name) => !installed(BACKEND_PACKAGES[name]!));
  it.runIf(missing !== undefined)(
    `exits 1 when the only backend asked for is not installed (${missing ?? 'none missing'})`,
    async () => {
      const result = await runCli(['conformance', '--backend', missing!]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`${missing} backend: not run.`);
      expect(lines(result.stdout).at(-1)).toBe('0 passed, 0 failed, 1 backend not run');
    },
  );

  it('rejects a --filter that is no regular expression in one line, exit code 2', async () => {
    const result = await runCli(['conformance', '--filter', '(']);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(
        /^rectifier: error: option '--filter <regex>' argument '\(' is invalid/,
      ),
    ]);
  });
});
