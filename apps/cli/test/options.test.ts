import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
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
import {
  describeActivation,
  describeOptimizer,
  resolveTrainConfig,
  type TrainOptions,
} from '../src/train-config.js';

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

  it('take hidden sizes in plain digits joined by commas, with no spaces', () => {
    expect(parseHiddenSizes('64,32,16')).toEqual([64, 32, 16]);
    const spaced = ['64 ,32', ' 64, 32 ', '64, 32', ' 64'];
    for (const value of [...spaced, '64,032', '64,,32', '64,1e2', '0', '100001']) {
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

describe('resolveTrainConfig with a softmax activation', () => {
  const softmax: TrainOptions = {
    backend: 'cpu',
    epochs: 1,
    batchSize: 64,
    hidden: [8],
    activation: 'softmax',
    optimizer: 'adam',
    seed: 0,
  };

  it('takes axis -1 or 1, the units', () => {
    expect(resolveTrainConfig(softmax).activationAttributes).toEqual({ axis: -1 });
    const one = resolveTrainConfig({ ...softmax, activationParam: { axis: '1' } });
    expect(one.activationAttributes).toEqual({ axis: 1 });
  });

  it.each(['0', '-2', '5'])('refuses axis=%s, naming the axes allowed', (axis) => {
    expect(() => resolveTrainConfig({ ...softmax, activationParam: { axis } })).toThrow(
      new UsageError(
        `--activation-param axis=${axis}: softmax in the network sees [batch, units], so its ` +
          'axis must be -1 or 1 (the units).',
      ),
    );
  });
});

describe('describeOptimizer', () => {
  it('shows the learning rate, and momentum where it is not the default', () => {
    expect(describeOptimizer({ name: 'adam', learningRate: 0.003 })).toBe('adam lr 0.003');
    expect(describeOptimizer({ name: 'sgd', learningRate: 0.05, momentum: 0.9 })).toBe(
      'sgd lr 0.05',
    );
    expect(describeOptimizer({ name: 'sgd', learningRate: 0.05, momentum: 0.5 })).toBe(
      'sgd lr 0.05 momentum 0.5',
    );
    expect(describeOptimizer({ name: 'sgd', learningRate: 0.1, momentum: 0 })).toBe(
      'sgd lr 0.1 momentum 0',
    );
  });
});

describe('resolveTrainConfig with --metrics and --save', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rectifier-same-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const base: TrainOptions = {
    backend: 'cpu',
    epochs: 1,
    batchSize: 64,
    hidden: [8],
    activation: 'relu',
    optimizer: 'adam',
    seed: 0,
  };
  const refused = (metrics: string, save: string) => () =>
    resolveTrainConfig({ ...base, metrics, save });

  it('refuses two spellings of one file, existing or not, before anything is written', () => {
    const sub = join(dir, 'sd');
    mkdirSync(sub);
    expect(refused('same.json', './same.json')).toThrow(UsageError);
    expect(refused(join(sub, 'a.json'), join(sub, '..', 'sd', 'a.json'))).toThrow(UsageError);
    expect(refused(join(sub, 'a.json'), join(sub, 'a.json'))).toThrow(
      new UsageError(
        `--metrics and --save both name ${join(sub, 'a.json')}; give each its own file.`,
      ),
    );

    writeFileSync(join(sub, 'net.json'), '{}');
    symlinkSync(join(sub, 'net.json'), join(dir, 'link.json'));
    expect(refused(join(dir, 'link.json'), join(sub, 'net.json'))).toThrow(
      /--metrics and --save both name the same file \(.*link\.json, .*net\.json\)/,
    );
    symlinkSync(sub, join(dir, 'linked-dir'));
    expect(refused(join(dir, 'linked-dir', 'new.json'), join(sub, 'new.json'))).toThrow(UsageError);
  });

  it('takes two different files', () => {
    const config = resolveTrainConfig({ ...base, metrics: 'run.json', save: 'net.json' });
    expect([config.metrics, config.save]).toEqual(['run.json', 'net.json']);
  });
});
