import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { loadDefaultSplit, takeFirst } from '@rectifier/data';
import { deserializeNetwork } from '@rectifier/nn';
import { EMPTY_IMAGE_FILE, EMPTY_LABEL_FILE, writeMnistDirectory } from './idx-files.js';
import { BIN, lines, runCli, type CliResult } from './run-cli.js';

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

  it('refuses --metrics and --save naming one file however spelled, exit 2', async () => {
    const saved = join(dir, 'same-net.json');
    writeFileSync(saved, 'the network of an earlier run');
    const link = join(dir, 'same-link.json');
    symlinkSync(saved, link);
    const spellings = [
      // Spelled out by hand: join() would take the `..` away.
      [saved, `${dir}/../${basename(dir)}/same-net.json`],
      [link, saved],
    ];
    for (const [save, metrics] of spellings) {
      const result = await runCli([
        'train',
        '--limit',
        '100',
        '--epochs',
        '1',
        '--save',
        save!,
        '--metrics',
        metrics!,
      ]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toBe('');
      expect(lines(result.stderr)).toEqual([
        expect.stringMatching(/^rectifier: error: --metrics and --save both name the same file/),
      ]);
    }
    expect(readFileSync(saved, 'utf8')).toBe('the network of an earlier run');
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

  it('refuses IDX files that hold no digits before training, naming them, exit 1', async () => {
    const split = loadDefaultSplit(0);
    const emptied = (part: 'train' | 't10k'): [string, string] => {
      const data = mkdtempSync(join(dir, `empty-${part}-`));
      writeMnistDirectory(data, takeFirst(split.train, 100), takeFirst(split.test, 50));
      const files: [string, string] = [
        join(data, `${part}-images-idx3-ubyte`),
        join(data, `${part}-labels-idx1-ubyte`),
      ];
      writeFileSync(files[0], EMPTY_IMAGE_FILE);
      writeFileSync(files[1], EMPTY_LABEL_FILE);
      return files;
    };
    for (const part of ['train', 't10k'] as const) {
      const [images, labels] = emptied(part);
      const result = await runCli(['train', '--data', join(images, '..'), '--quiet']);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toBe('');
      expect(lines(result.stderr)).toEqual([
        `rectifier: error: The IDX files ${images} and ${labels} hold no digits (their ` +
          'headers declare 0 items), but rectifier train needs training digits to learn from ' +
          'and test digits to score. Use files that hold samples, such as those of a full ' +
          'MNIST download.',
      ]);
    }
  });

  it('says what to install when a backend cannot start, exit code 1', async () => {
    // A Vulkan driver list that names no driver leaves Dawn without an adapter.
    const result = await runCli(['train', '--backend', 'webgpu', '--quiet'], {
      VK_ICD_FILENAMES: '/nonexistent/icd.json',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^rectifier: error: .*apt-get install libvulkan1 chromium/m);
  });
});

describe('rectifier train stopped early', () => {
  // Without a turn of the event loop per batch, the signal's handler would run only after the
  // last epoch: the test would time out, and the child is killed then.
  it(
    'stops on Ctrl-C within the epoch, says so, writes nothing and exits 130',
    { timeout: 30_000 },
    async () => {
      const out = mkdtempSync(join(dir, 'interrupted-'));
      const metricsFile = join(out, 'metrics.json');
      const args = ['train', '--quiet', '--limit', '500', '--epochs', '1000'];
      const child = spawn(process.execPath, [BIN, ...args, '--metrics', metricsFile], {
        env: { ...process.env, RECTIFIER_DEBUG: '' },
      });
      onTestFinished(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
      let stderr = '';
      let sent = false;
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // Once an epoch has finished, the training loop is running: interrupt it, once (a
        // second Ctrl-C ends the process outright).
        if (!sent && /^epoch 1\//m.test(stderr)) sent = child.kill('SIGINT');
      });
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
        child.on('close', (exitCode, exitSignal) => done([exitCode, exitSignal])),
      );
      expect([code, signal], stderr).toEqual([130, null]);
      expect(lines(stderr).slice(-2)).toEqual([
        'rectifier: Ctrl-C: stopping after the batch in progress; a second Ctrl-C ends the process',
        expect.stringMatching(
          /^rectifier: interrupted after [1-9]\d* of 1000 epochs; nothing was written$/,
        ),
      ]);
      expect(existsSync(metricsFile)).toBe(false);
      expect(readdirSync(out)).toEqual([]);
    },
  );

  it(
    'stops quietly with exit code 141 when stdout is closed, writing no file',
    { timeout: 30_000 },
    async () => {
      const out = mkdtempSync(join(dir, 'closed-stdout-'));
      const files = ['--save', join(out, 'hs.json'), '--metrics', join(out, 'run.json')];
      const args = ['train', '--quiet', '--limit', '500', '--epochs', '1000', ...files];
      const child = spawn(process.execPath, [BIN, ...args], {
        env: { ...process.env, RECTIFIER_DEBUG: '' },
      });
      onTestFinished(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
      let stdout = '';
      let stderr = '';
      // As `| head -1` does: read the first line, then close the pipe.
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('\n')) child.stdout.destroy();
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
        child.on('close', (exitCode, exitSignal) => done([exitCode, exitSignal])),
      );
      expect([code, signal], stderr).toEqual([141, null]);
      expect(stderr).not.toContain('error');
      expect(readdirSync(out)).toEqual([]);
    },
  );

  it('stops when the loss becomes NaN, names the epoch and --lr, exit 1, nothing written', async () => {
    const metricsFile = join(dir, 'diverged.json');
    const args = ['--optimizer', 'sgd', '--lr', '1e30', '--limit', '500', '--epochs', '3'];
    const result = await runCli(['train', ...args, '--quiet', '--metrics', metricsFile]);
    expect(result.code).toBe(1);
    expect(lines(result.stderr).at(-1)).toBe(
      'rectifier: error: training diverged at epoch 1 (loss NaN); lower --lr (now 1e+30)',
    );
    expect(existsSync(metricsFile)).toBe(false);
  });

  it('warns once when the loss is finite but worse than guessing', async () => {
    const args = ['--lr', '100', '--limit', '500', '--epochs', '2', '--quiet', '--json'];
    const result = await runCli(['train', ...args]);
    expect(result.code, result.stderr).toBe(0);
    const warnings = lines(result.stderr).filter((line) => line.includes('warning'));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^rectifier: warning: the loss of epoch 1, .* is more than twice that of guessing \(2\.30\); .*lower --lr \(now 100\)\.$/,
      ),
    ]);
  });
});

describe('rectifier train with a huge but finite loss', () => {
  it('shows it in the table in exponent form, not cut off', async () => {
    const args = ['--optimizer', 'adam', '--lr', '100', '--epochs', '1', '--limit', '500'];
    const result = await runCli(['train', ...args, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const [header, , row] = lines(result.stdout);
    expect(row).not.toContain('…');
    expect(row?.length).toBe(header?.length);
    // The loss is far above the 9999999 that seven columns hold as digits.
    expect(row?.trim().split(/\s+/)[1]).toMatch(/^[1-9]\.\de(?:[7-9]|[1-9]\d)$/);
  });
});

describe('rectifier train options a new user types', () => {
  it('shows the resolved activation attributes in the header', async () => {
    const alias = await runCli([
      'train',
      '--activation',
      'gelu-tanh',
      '--limit',
      '100',
      '--epochs',
      '1',
      '--quiet',
      '--json',
    ]);
    expect(alias.code, alias.stderr).toBe(0);
    expect(lines(alias.stderr)[0]).toMatch(
      /^training 784-64-32-16-10 \(gelu approximate=tanh, adam lr 0\.003\) on /,
    );
    const args = ['--activation', 'leaky-relu', '--activation-param', 'alpha=0.1'];
    const leaky = await runCli([
      'train',
      ...args,
      '--limit',
      '100',
      '--epochs',
      '1',
      '--quiet',
      '--json',
    ]);
    expect(leaky.code, leaky.stderr).toBe(0);
    expect(lines(leaky.stderr)[0]).toContain('(leaky-relu alpha=0.1, adam lr 0.003)');
    expect(JSON.parse(leaky.stdout).config.network.activationAttributes).toEqual({ alpha: 0.1 });
  });

  it('shows a momentum other than the default in the header', async () => {
    const args = ['--optimizer', 'sgd', '--momentum', '0.5', '--limit', '100', '--epochs', '1'];
    const result = await runCli(['train', ...args, '--quiet', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(lines(result.stderr)[0]).toContain('(relu, sgd lr 0.05 momentum 0.5)');
  });

  it('refuses a softmax axis other than the units, and a spaced --hidden, exit 2', async () => {
    const softmax = ['--activation', 'softmax', '--activation-param', 'axis=5'];
    const axis = await runCli(['train', ...softmax]);
    expect(axis.code, axis.stderr).toBe(2);
    expect(axis.stdout).toBe('');
    expect(lines(axis.stderr)).toEqual([
      'rectifier: error: --activation-param axis=5: softmax in the network sees ' +
        '[batch, units], so its axis must be -1 or 1 (the units).',
    ]);
    const hidden = await runCli(['train', '--hidden', '64 ,32']);
    expect(hidden.code, hidden.stderr).toBe(2);
    expect(hidden.stdout).toBe('');
    expect(lines(hidden.stderr)).toEqual([expect.stringContaining('plain digits (no spaces)')]);
  });

  it('takes the optimiser in any case', async () => {
    const args = ['--optimizer', 'SGD', '--limit', '100', '--epochs', '1', '--quiet', '--json'];
    const result = await runCli(['train', ...args]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).config.optimizer).toEqual({
      name: 'sgd',
      learningRate: 0.05,
      momentum: 0.9,
    });
  });

  it('takes a batch larger than the training set as the whole set, and says so once', async () => {
    const args = ['--batch-size', '501', '--limit', '500', '--epochs', '2', '--quiet', '--json'];
    const result = await runCli(['train', ...args]);
    expect(result.code, result.stderr).toBe(0);
    expect(lines(result.stderr).filter((line) => line.includes('--batch-size'))).toEqual([
      'note: --batch-size 501 is more than the 500 training samples, so each step takes the ' +
        'whole training set (500 samples).',
    ]);
    expect(JSON.parse(result.stdout).config.batchSize).toBe(501);
  });
});
