import { Argument, InvalidArgumentError, Option } from 'commander';
import { ACTIVATIONS, BACKEND_PACKAGES, findActivation } from '@rectifier/core';
import { EXPORT_OPSETS } from '@rectifier/onnx';
import { UsageError } from './errors.js';

// Parsers of option values, for commander's argParser. Each throws InvalidArgumentError with
// a sentence saying what is allowed; commander puts the option and the value in front of it.

// Plain decimal digits, without a sign, spaces or leading zeros: `20`, not `020`, ` 20` or `2e1`.
const DIGITS = /^(0|[1-9][0-9]*)$/;

// A decimal number: `0.003`, `.5`, `3e-3`; not hexadecimal, not `Infinity`, no spaces.
const DECIMAL = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)(e[+-]?[0-9]+)?$/i;

/** The largest seed: the generators take 32-bit seeds. */
export const MAX_SEED = 2 ** 32 - 1;

/** Upper bounds of counts, far above any useful run, so that a typo fails at once. */
export const MAX_EPOCHS = 100_000;
export const MAX_BATCH_SIZE = 1_000_000;
/** The most units of a hidden layer. */
export const MAX_UNITS = 100_000;
/** The most samples --limit can ask for: IDX files count them in 32 bits. */
export const MAX_LIMIT = 2 ** 32 - 1;

/** What a whole-number option takes: `what` reads "a number of epochs", `example` is typical. */
interface IntegerRule {
  readonly what: string;
  readonly min: number;
  readonly max: number;
  readonly example: number;
}

function integer(value: string, { what, min, max, example }: IntegerRule): number {
  const range = `from ${min} to ${max}`;
  if (!DIGITS.test(value)) {
    throw new InvalidArgumentError(
      `Use ${what} ${range}, in plain digits (no sign, spaces, exponent or leading zeros), ` +
        `such as ${example}.`,
    );
  }
  // Digits beyond the safe integers still compare correctly against the bounds.
  const parsed = Number(value);
  if (parsed < min || parsed > max) {
    throw new InvalidArgumentError(
      `Use ${what} ${range}; ${value} is too ${parsed < min ? 'small' : 'large'}.`,
    );
  }
  return parsed;
}

/** A number in decimal notation, such as 0.1 or 3e-3; NaN for anything else. */
export function decimal(value: string): number {
  return DECIMAL.test(value) ? Number(value) : Number.NaN;
}

/** --epochs: a whole number from 1 to MAX_EPOCHS. */
export function parseEpochs(value: string): number {
  return integer(value, { what: 'a number of epochs', min: 1, max: MAX_EPOCHS, example: 20 });
}

/** --batch-size: a whole number from 1 to MAX_BATCH_SIZE. */
export function parseBatchSize(value: string): number {
  return integer(value, { what: 'a batch size', min: 1, max: MAX_BATCH_SIZE, example: 64 });
}

/** --limit: a count of samples, from 1 to MAX_LIMIT; the data bounds it further. */
export function parseLimit(value: string): number {
  return integer(value, { what: 'a count of samples', min: 1, max: MAX_LIMIT, example: 2000 });
}

/** A seed: a whole number from 0 to 2^32 - 1. */
export function parseSeed(value: string): number {
  return integer(value, { what: 'a seed', min: 0, max: MAX_SEED, example: 0 });
}

/** An ONNX opset that export can write: a whole number in EXPORT_OPSETS (7 to 22). */
export function parseOpset(value: string): number {
  const { min, max } = EXPORT_OPSETS;
  return integer(value, { what: 'an ONNX opset', min, max, example: 17 });
}

/** A regular expression, such as `relu|elu`, to choose cases by name. */
export function parseRegExp(value: string): RegExp {
  try {
    return new RegExp(value);
  } catch (error) {
    throw new InvalidArgumentError(
      `Use a regular expression, such as 'relu|elu' (${(error as Error).message}).`,
    );
  }
}

/** Hidden layer sizes, `64,32,16`: one or more whole numbers from 1 to MAX_UNITS. */
export function parseHiddenSizes(value: string): number[] {
  // Each size is plain digits, as every whole number is: no spaces, even around the commas.
  const sizes = value.split(',').map((part) => (DIGITS.test(part) ? Number(part) : Number.NaN));
  if (sizes.some((size) => !(size >= 1 && size <= MAX_UNITS))) {
    throw new InvalidArgumentError(
      `Use layer sizes separated by commas, each a whole number from 1 to ${MAX_UNITS} in ` +
        'plain digits (no spaces), such as 64,32,16.',
    );
  }
  return sizes;
}

/** A learning rate: a number above 0. */
export function parseLearningRate(value: string): number {
  const rate = decimal(value);
  if (!Number.isFinite(rate) || rate <= 0) {
    throw new InvalidArgumentError(
      'Use a learning rate above 0, in decimal notation, such as 0.001 or 3e-3.',
    );
  }
  return rate;
}

/** SGD momentum: a number from 0 up to, but not including, 1. */
export function parseMomentum(value: string): number {
  const momentum = decimal(value);
  if (!Number.isFinite(momentum) || momentum < 0 || momentum >= 1) {
    throw new InvalidArgumentError(
      'Use a momentum from 0 up to, but not including, 1, such as 0.9.',
    );
  }
  return momentum;
}

/**
 * Collects `--activation-param name=value`, repeatable, into one record. Values stay text
 * here; they are checked against the activation's parameters once the activation is known.
 */
export function collectActivationParameter(
  value: string,
  previous: Record<string, string> = {},
): Record<string, string> {
  const match = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*=\s*(\S.*?)\s*$/.exec(value);
  if (!match) {
    throw new InvalidArgumentError('Use name=value, such as alpha=0.1.');
  }
  const [, name, text] = match as unknown as [string, string, string];
  if (Object.hasOwn(previous, name)) {
    throw new InvalidArgumentError(
      `${name} is already given as ${name}=${previous[name]}; give each parameter once.`,
    );
  }
  return { ...previous, [name]: text };
}

/** An activation of the spec, by name, op or alias (`leaky-relu`, `LeakyRelu`, `gelu-tanh`). */
export function parseActivation(value: string): string {
  try {
    findActivation(value);
  } catch {
    const names = ACTIVATIONS.map((spec) => spec.name).join(', ');
    throw new InvalidArgumentError(
      `Use one of ${names}, or an alias such as gelu-tanh; \`rectifier activations\` lists them.`,
    );
  }
  return value;
}

/**
 * A parser that takes one of `choices` in any case (`SGD`, `Adam`), as --activation does, and
 * returns it as listed. Set with `.choices()` first, so that help lists them.
 */
export function parseChoice(choices: readonly string[]): (value: string) => string {
  return (value) => {
    const chosen = choices.find((choice) => choice.toLowerCase() === value.toLowerCase());
    if (chosen === undefined) {
      throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
    }
    return chosen;
  };
}

// An empty path names nothing, and the errors that would follow (`--metrics  is a directory`)
// would not say why. Commander passes a UsageError on as it is (unlike InvalidArgumentError,
// which it prefixes with "argument '' is invalid"), so the message reads as ours alone.
function requirePath(label: string, example: string): (value: string) => string {
  return (value) => {
    if (value === '') {
      throw new UsageError(`${label} needs a path, such as ${example}, not an empty string.`);
    }
    return value;
  };
}

/** `--backend <name>` of the commands that compute: one of the published backends. */
export function backendOption(defaultBackend: string): Option {
  const names = Object.keys(BACKEND_PACKAGES);
  return new Option('--backend <name>', 'the backend to compute on')
    .choices(names)
    .argParser(parseChoice(names))
    .default(defaultBackend);
}

/** An option whose value is a path, such as `--metrics <file>`; an empty one is refused. */
export function pathOption(flags: string, description: string, example: string): Option {
  const option = new Option(flags, description);
  return option.argParser(requirePath(`option '${option.flags}'`, example));
}

/** An argument that is a path, such as `<model>`; an empty one is refused. */
export function pathArgument(name: string, description: string, example: string): Argument {
  return new Argument(name, description).argParser(requirePath(`argument ${name}`, example));
}
