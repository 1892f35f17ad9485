import { Command, InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import {
  collectActivationParameter,
  MAX_EPOCHS,
  parseBatchSize,
  parseChoice,
  parseEpochs,
  parseHiddenSizes,
  parseLearningRate,
  parseLimit,
  parseSeed,
  pathArgument,
  pathOption,
} from '../src/options.js';
import { describeActivation, resolveTrainConfig, type TrainOptions } from '../src/train-config.js';

describe('whole-number options', () => {
  it('take plain decimal digits', () => {
    expect(parseEpochs('1')).toBe(1);
    expect(parseEpochs(String(MAX_EPOCHS))).toBe(MAX_EPOCHS);
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed('4294967295')).toBe(2 ** 32 - 1);
    expect(parseBatchSize('8001')).toBe(8001);
  });

  it.each(['01', ' 1', '1 ', '+1', '-1', '1e3', '1.0', '0x10', '', '1_000'])(
    'refuse %j, saying to write plain digits',
    (value) => {
      expect(() => parseEpochs(value)).toThrow(InvalidArgumentError);
      expect(() => parseEpochs(value)).toThrow(/from 1 to 100000, in plain digits .*such as 20/);
    },
  );

  it('give the bound for values out of range, however many digits', () => {
    expect(() => parseEpochs('0')).toThrow(
      'Use a number of epochs from 1 to 100000; 0 is too small.',
    );
    expect(() => parseEpochs('99999999999999999999')).toThrow(
      'from 1 to 100000; 99999999999999999999 is too large.',
    );
    expect(() => parseBatchSize('1000001')).toThrow('a batch size from 1 to 1000000');
    expect(() => parseLimit('99999999999999999999')).toThrow('from 1 to 4294967295');
    expect(() => parseSeed('4294967296')).toThrow('a seed from 0 to 4294967295');
  });

  it('take hidden sizes with spaces around the commas, each in plain digits', () => {
    expect(parseHiddenSizes('64, 32 ,16')).toEqual([64, 32, 16]);
    for (const value of ['64,032', '64,,32', '64,1e2', '0', '100001']) {
      expect(() => parseHiddenSizes(value), value).toThrow(/from 1 to 100000 in plain digits/);
    }
  });

  it('take a learning rate in decimal notation only', () => {
    expect(parseLearningRate('0.003')).toBe(0.003);
    expect(parseLearningRate('3e-3')).toBe(0.003);
    expect(parseLearningRate('.5')).toBe(0.5);
    for (const value of ['0x10', 'Infinity', ' 0.1', '', '0', '-1']) {
      expect(() => parseLearningRate(value), value).toThrow(/learning rate above 0/);
    }
  });
});

describe('choices', () => {
  it('are taken in any case and returned as listed', () => {
    const parse = parseChoice(['sgd', 'adam']);
    expect(parse('SGD')).toBe('sgd');
    expect(parse('Adam')).toBe('adam');
    expect(() => parse('rmsprop')).toThrow('Allowed choices are sgd, adam.');
  });
});

describe('--activation-param', () => {
  it('collects parameters and refuses one given twice', () => {
    const first = collectActivationParameter('alpha=0.1');
    expect(collectActivationParameter(' beta = 2 ', first)).toEqual({ alpha: '0.1', beta: '2' });
    // A name that an object inherits is not already given.
    expect(collectActivationParameter('constructor=1')).toEqual({ constructor: '1' });
    expect(() => collectActivationParameter('alpha=0.2', first)).toThrow(
      'alpha is already given as alpha=0.1; give each parameter once.',
    );
  });
});

describe('path options and arguments', () => {
  function parse(args: string[]): Record<string, unknown> {
    const command = new Command('test')
      .exitOverride()
      .configureOutput({ writeErr: () => undefined })
      .addOption(pathOption('--metrics <file>', 'metrics', 'run.json'))
      .addArgument(pathArgument('[model]', 'a model', 'model.onnx'))
      .action(() => undefined);
    command.parse(args, { from: 'user' });
    return { ...command.opts(), model: command.processedArgs[0] };
  }

  it('pass a path through', () => {
    expect(parse(['m.onnx', '--metrics', 'run.json'])).toEqual({
      metrics: 'run.json',
      model: 'm.onnx',
    });
  });

  it('refuse an empty path with a usage error that names the option', () => {
    expect(() => parse(['--metrics', ''])).toThrow(
      new UsageError(
        "option '--metrics <file>' needs a path, such as run.json, not an empty string.",
      ),
    );
    expect(() => parse([''])).toThrow(
      'argument [model] needs a path, such as model.onnx, not an empty string.',
    );
  });
});

describe('resolveTrainConfig', () => {
  const defaults: TrainOptions = {
    backend: 'cpu',
    epochs: 1,
    batchSize: 64,
    hidden: [8],
    activation: 'relu',
    optimizer: 'adam',
    seed: 0,
  };

  it('keeps what an alias implies, and a parameter that agrees with it', () => {
    const config = resolveTrainConfig({
      ...defaults,
      activation: 'gelu-tanh',
      activationParam: { approximate: 'tanh' },
    });
    expect(config.activationAttributes).toEqual({ approximate: 'tanh' });
  });

  it('refuses a parameter that contradicts the alias', () => {
    expect(() =>
      resolveTrainConfig({
        ...defaults,
        activation: 'gelu-tanh',
        activationParam: { approximate: 'none' },
      }),
    ).toThrow(
      new UsageError(
        '--activation gelu-tanh means approximate=tanh, but --activation-param approximate=none ' +
          'says otherwise. Use --activation gelu --activation-param approximate=none, or drop ' +
          'the --activation-param.',
      ),
    );
  });

  it('describes the activation with its resolved attributes', () => {
    const leaky = resolveTrainConfig({ ...defaults, activation: 'leaky-relu' });
    expect(describeActivation(leaky.activation, leaky.activationAttributes)).toBe(
      'leaky-relu alpha=0.01',
    );
    const gelu = resolveTrainConfig({ ...defaults, activation: 'gelu-tanh' });
    expect(describeActivation(gelu.activation, gelu.activationAttributes)).toBe(
      'gelu approximate=tanh',
    );
    expect(describeActivation('relu', {})).toBe('relu');
  });
});
