import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultSplit, takeFirst } from '@rectifier/data';
import { deserializeNetwork } from '@rectifier/nn';
import { writeMnistDirectory } from './idx-files.js';
import { lines, runCli, type CliResult } from './run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rectifier-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EPOCH_FIELDS = [
  'epoch',
  'loss',
  'trainAccuracy',
  'testAccuracy',
  'sparsity',
  'deadUnits',
  'gradientNorms',
  'seconds',
  'samplesPerSecond',
];

describe('rectifier train on the bundled digits', () => {
  let run: CliResult;
  let metricsFile: string;
  let saveFile: string;

  beforeAll(async () => {
    metricsFile = join(dir, 'metrics.json');
    saveFile = join(dir, 'network.json');
    const args = ['--limit', '2000', '--epochs', '2', '--json', '--quiet'];
    run = await runCli(['train', ...args, '--metrics', metricsFile, '--save', saveFile]);
  });

  it('reaches at least 85% test accuracy in two epochs on 2000 samples', () => {
    expect(run.code, run.stderr).toBe(0);
    const metrics = JSON.parse(run.stdout) as { final: { testAccuracy: number } };
    expect(metrics.final.testAccuracy).toBeGreaterThanOrEqual(0.85);
  });

  it('prints progress to stderr, one line per epoch without a terminal', () => {
    const epochLines = lines(run.stderr).filter((line) => line.startsWith('epoch '));
    expect(epochLines).toHaveLength(2);
    expect(epochLines[1]).toMatch(/^epoch 2\/2: loss [0-9.]+, train [0-9.]+%, test [0-9.]+%/);
  });

  it('writes the metrics file with the documented fields, as --json prints them', () => {
    const text = readFileSync(metricsFile, 'utf8');
    expect(text).toBe(run.stdout);
    const metrics = JSON.parse(text);
    expect(metrics.config).toMatchObject({
      backend: 'cpu',
      data: { kind: 'bundled-mnist', testCount: 2000, splitSeed: 0 },
      trainCount: 2000,
      testCount: 2000,
      limit: 2000,
      network: { sizes: [784, 64, 32, 16, 10], activation: 'relu' },
      optimizer: { name: 'adam' },
      epochs: 2,
      batchSize: 64,
      seed: 0,
    });
    expect(metrics.epochs).toHaveLength(2);
    for (const record of metrics.epochs) {
      expect(Object.keys(record)).toEqual(EPOCH_FIELDS);
      expect(Object.keys(record.sparsity)).toEqual(['relu0', 'relu1', 'relu2']);
      expect(Object.keys(record.gradientNorms)).toEqual(['dense0', 'dense1', 'dense2', 'dense3']);
    }
    expect(metrics.final.testAccuracy).toBe(metrics.epochs[1].testAccuracy);
  });

  it('saves a network that deserializeNetwork reads back, and leaves no temporary files', () => {
    const network = deserializeNetwork(readFileSync(saveFile, 'utf8'), saveFile);
    expect(network.inputSize).toBe(784);
    expect(network.denseLayers.map((layer) => layer.units)).toEqual([64, 32, 16, 10]);
    // Trained weights, not the initial ones: the output bias starts at zero.
    const bias = network.parameters.find((parameter) => parameter.name === 'dense3.bias');
    expect(bias?.values.some((value) => value !== 0)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['metrics.json', 'network.json']);
  });
});

describe('rectifier train output for people', () => {
  it('prints a header, one row per epoch and the final accuracy on stdout', async () => {
    const result = await runCli(['train', '--limit', '500', '--epochs', '2', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const [header, rule, first, second, summary, ...rest] = lines(result.stdout);
    expect(header?.split(/\s{2,}/).map((cell) => cell.trim())).toEqual([
      'epoch',
      'loss',
      'train acc',
      'test acc',
      'sparsity %',
      'dead',
      'grad norm',
      's',
      'samples/s',
    ]);
    expect(rule).toMatch(/^[- ]+$/);
    expect(first).toMatch(/^\s*1\s+[0-9.]+\s+[0-9.]+%\s+[0-9.]+%\s+\d+\/\d+\/\d+\s/);
    expect(second?.length).toBe(header?.length);
    expect(summary).toMatch(/^final test accuracy: [0-9.]+%$/);
    expect(rest).toEqual([]);
  });
});

describe('rectifier train with files it cannot use', () => {
  it('fails before training when the --metrics directory does not exist', async () => {
    const missing = join(dir, 'no-such-dir', 'metrics.json');
    const result = await runCli(['train', '--metrics', missing]);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(/^rectifier: error: --metrics .*no-such-dir.* does not exist/),
    ]);
  });

  it('fails before training when the --save directory is a file', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'not a directory');
    const result = await runCli(['train', '--save', join(file, 'network.json')]);
    rmSync(file);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^rectifier: error: --save .* is not a directory/);
  });

  it('trains on an IDX directory given with --data', async () => {
    const data = mkdtempSync(join(dir, 'idx-'));
    const split = loadDefaultSplit(0);
    writeMnistDirectory(data, takeFirst(split.train, 1000), takeFirst(split.test, 500));
    const result = await runCli(['train', '--data', data, '--epochs', '1', '--json', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const metrics = JSON.parse(result.stdout);
    expect(metrics.config).toMatchObject({ trainCount: 1000, testCount: 500 });
    expect(metrics.config.data).toEqual({ kind: 'idx', directory: data });
  });

  it('names a truncated IDX file in one line, exit code 1, without a stack trace', async () => {
    const data = mkdtempSync(join(dir, 'corrupt-'));
    const split = loadDefaultSplit(0);
    writeMnistDirectory(data, takeFirst(split.train, 100), takeFirst(split.test, 50));
    const broken = join(data, 't10k-images-idx3-ubyte');
    truncateSync(broken, 1000);

    const result = await runCli(['train', '--data', data, '--quiet']);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/^rectifier: error: /);
    expect(result.stderr).toContain(broken);
    expect(result.stderr).toContain('truncated');

    const debug = await runCli(['train', '--data', data, '--quiet'], { RECTIFIER_DEBUG: '1' });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('says how to install a backend that is not installed, exit code 1', async () => {
    const result = await runCli(['train', '--backend', 'onnx', '--quiet']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('npm install @rectifier/backend-onnx');
  });
});
