import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '@rectifier/core';
import { lines, runCli } from './run-cli.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('rectifier --help and --version', () => {
  it('prints the commands with --help and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: rectifier /);
    expect(result.stdout).toContain('train');
    expect(result.stdout).toContain('activations');
  });

  it('prints the options of train with train --help', async () => {
    const result = await runCli(['train', '--help']);
    expect(result.code).toBe(0);
    for (const option of ['--epochs', '--batch-size', '--hidden', '--activation', '--lr']) {
      expect(result.stdout).toContain(option);
    }
  });

  it('prints the version of package.json with --version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(manifest.version);
  });

  it('rejects an unknown command and an unknown option with exit code 2', async () => {
    const command = await runCli(['frobnicate']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("rectifier: error: unknown command 'frobnicate'");

    const option = await runCli(['train', '--epoch', '3']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("rectifier: error: unknown option '--epoch'");
  });
});

describe('rectifier activations', () => {
  it('lists every activation of the spec in a table', async () => {
    const result = await runCli(['activations']);
    expect(result.code).toBe(0);
    expect(ACTIVATIONS).toHaveLength(19);
    for (const spec of ACTIVATIONS) expect(result.stdout).toContain(` ${spec.name} `);
    expect(result.stdout).toContain('alpha=0.01');
  });

  it('lists them as JSON with --json', async () => {
    const result = await runCli(['activations', '--json']);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as {
      name: string;
      op: string;
      kind: string;
      parameters: { name: string; default?: unknown }[];
    }[];
    expect(listed.map((entry) => entry.name)).toEqual(ACTIVATIONS.map((spec) => spec.name));
    const leaky = listed.find((entry) => entry.name === 'leaky-relu');
    expect(leaky).toMatchObject({ op: 'LeakyRelu', kind: 'elementwise' });
    expect(leaky?.parameters).toEqual([expect.objectContaining({ name: 'alpha', default: 0.01 })]);
  });
});

describe('rectifier train with bad option values', () => {
  const cases: [string[], string][] = [
    [['--epochs', '0'], '--epochs'],
    [['--epochs', 'abc'], '--epochs'],
    [['--batch-size', '0'], '--batch-size'],
    [['--hidden', '64,,x'], '--hidden'],
    [['--lr', '-0.1'], '--lr'],
    [['--activation', 'nope'], '--activation'],
    [['--activation', 'relu', '--activation-param', 'alpha=0.1'], '--activation-param'],
    [['--optimizer', 'rmsprop'], '--optimizer'],
    [['--backend', 'tpu'], '--backend'],
    [['--momentum', '0.9'], '--momentum'],
    [['--seed', '1.5'], '--seed'],
    [['--limit', '8001'], '--limit'],
    [['--epochs', '1e9'], '--epochs'],
    [['--epochs', '01'], '--epochs'],
    [['--epochs', ' 1'], '--epochs'],
    [['--epochs', '99999999999999999999'], '--epochs'],
    [['--metrics', ''], "option '--metrics <file>' needs a path"],
    [['--save', ''], "option '--save <file>' needs a path"],
    [['--data', ''], "option '--data <dir>' needs a path"],
    [['--activation', 'gelu-tanh', '--activation-param', 'approximate=none'], 'approximate=tanh'],
    [
      ['--activation', 'elu', '--activation-param', 'alpha=1', '--activation-param', 'alpha=2'],
      'once',
    ],
  ];

  it.each(cases)('train %j names %s in one line and exits 2', async (args, option) => {
    const result = await runCli(['train', '--quiet', ...args]);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/^rectifier: error: /);
    expect(result.stderr).toContain(option);
    expect(result.stdout).toBe('');
  });

  it('says which values are allowed', async () => {
    const optimizer = await runCli(['train', '--optimizer', 'rmsprop']);
    expect(optimizer.stderr).toContain('sgd, adam');
    const limit = await runCli(['train', '--limit', '8001']);
    expect(limit.stderr).toContain('from 1 to 8000');
    const epochs = await runCli(['train', '--epochs', '99999999999999999999']);
    expect(epochs.stderr).toContain('Use a number of epochs from 1 to 100000;');
  });

  it('refuses empty paths of the other commands, exit code 2', async () => {
    for (const args of [
      ['predict', ''],
      ['predict', 'model.onnx', '--data', ''],
      ['export', '', 'model.onnx'],
      ['export', 'net.json', ''],
      ['conformance', '--cases', ''],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(lines(result.stderr)).toEqual([
        expect.stringMatching(
          /^rectifier: error: .* needs a path, such as .*, not an empty string\.$/,
        ),
      ]);
    }
  });
});
