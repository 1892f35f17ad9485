import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeProblems, loadCases, runConformance, type JsonCase } from '../src/index.js';
import { RELU_CASE, writeOnnxCase } from './helpers/cases.js';
import { TinyBackend } from './helpers/tiny-backend.js';

const GEMM_CASE: JsonCase = {
  name: 'gemm/one',
  op: 'Gemm',
  inputs: [
    { name: 'A', shape: [1, 1], values: [2] },
    { name: 'B', shape: [1, 1], values: [3] },
  ],
  outputs: [{ name: 'Y', shape: [1, 1], values: [6] }],
};

describe('runConformance', () => {
  it('passes a case whose outputs and gradients match, NaN for NaN and -0 for 0', async () => {
    const report = await runConformance(new TinyBackend(), { cases: [RELU_CASE] });
    expect(report.results).toEqual([{ name: 'relu/basic', status: 'passed', values: 12 }]);
    expect(report.counts).toMatchObject({ total: 1, passed: 1 });
    expect(report.backend).toBe('tiny');
  });

  it('reports the first element that differs, with both values and the tolerance', async () => {
    const off = new TinyBackend('float32', (value, index) => (index === 3 ? value + 1e-3 : value));
    const report = await runConformance(off, { cases: [RELU_CASE] });
    const [result] = report.results;
    expect(result?.status).toBe('failed');
    if (result?.status !== 'failed') return;
    expect(result.mismatch).toMatchObject({
      tensor: 'output Y',
      problem: 'value',
      index: 3,
      expected: 2,
      tolerance: { rtol: 0, atol: 0 },
    });
    expect(result.mismatch.actual).toBeCloseTo(2.001, 6);
    expect(describeProblems(report)[0]).toMatch(
      /relu\/basic: output Y\[3\] is 2\.00\d+, expected 2/,
    );
  });

  it('widens the tolerance for a float16 backend', async () => {
    const off = new TinyBackend('float16', (value, index) => (index === 3 ? value + 1e-3 : value));
    const report = await runConformance(off, { cases: [RELU_CASE] });
    expect(report.results[0]?.status).toBe('passed');
    expect(report.precision).toBe('float16');
  });

  it('reports a case the backend cannot run as errored, with the typed error', async () => {
    const report = await runConformance(new TinyBackend(), { cases: [GEMM_CASE] });
    expect(report.results[0]).toMatchObject({
      status: 'errored',
      error: { code: 'UNSUPPORTED_OP', message: expect.stringMatching(/tiny backend.*Gemm/) },
    });
  });

  it('reports excluded cases with their reason, and exclusions that name no case', async () => {
    const report = await runConformance(new TinyBackend(), {
      cases: [RELU_CASE, GEMM_CASE],
      exclusions: { 'gemm/one': 'No Gemm kernel yet.', 'gone/case': 'Removed long ago.' },
    });
    expect(report.results[1]).toEqual({
      name: 'gemm/one',
      status: 'excluded',
      reason: 'No Gemm kernel yet.',
    });
    expect(report.counts).toMatchObject({ passed: 1, excluded: 1, errored: 0 });
    expect(report.unknownExclusions).toEqual(['gone/case']);
  });

  it('refuses an exclusion without a reason', async () => {
    await expect(
      runConformance(new TinyBackend(), { cases: [GEMM_CASE], exclusions: { 'gemm/one': ' ' } }),
    ).rejects.toThrow(/needs one line saying why/);
  });

  it('runs only the cases the filter matches', async () => {
    const report = await runConformance(new TinyBackend(), {
      cases: [RELU_CASE, GEMM_CASE],
      filter: /^relu\//,
    });
    expect(report.results.map((result) => result.name)).toEqual(['relu/basic']);
  });

  it('checks a case in the ONNX layout with gradients of inputs and initialisers', async () => {
    const folder = writeOnnxCase();
    const [testCase] = loadCases(folder);
    expect(testCase?.name).toBe('relu_bias');
    const report = await runConformance(new TinyBackend(), { cases: folder });
    expect(report.results).toEqual([{ name: 'relu_bias', status: 'passed', values: 12 }]);
  });

  it('names the parameter whose expected gradient differs', async () => {
    const report = await runConformance(new TinyBackend(), {
      cases: writeOnnxCase({ wrongParameterGradient: true }),
    });
    expect(report.results[0]).toMatchObject({
      status: 'failed',
      mismatch: { tensor: 'gradient of parameter b', index: 3, actual: 0, expected: 1 },
    });
  });

  it('refuses output gradients with no expected gradient to check', async () => {
    const root = writeOnnxCase();
    const data = join(root, 'relu_bias', 'test_data_set_0');
    rmSync(join(data, 'input_grad_0.pb'));
    rmSync(join(data, 'param_grad_0.pb'));
    const report = await runConformance(new TinyBackend(), { cases: root });
    expect(report.results[0]).toMatchObject({ status: 'errored' });
    expect(describeProblems(report).join()).toMatch(/no input_grad_K\.pb or param_grad_J\.pb/);
  });
});
