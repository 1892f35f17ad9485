import { InvalidArgumentError } from 'commander';
import { ACTIVATIONS, findActivation } from '@rectifier/core';

// Parsers of option values, for commander's argParser. Each throws InvalidArgumentError with
// a sentence saying what is allowed; commander puts the option and the value in front of it.

const INTEGER = /^[0-9]+$/;

/** The largest seed: the generators take 32-bit seeds. */
export const MAX_SEED = 2 ** 32 - 1;

function integer(value: string, min: number, max: number, what: string): number {
  const trimmed = value.trim();
  const parsed = INTEGER.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new InvalidArgumentError(`Use ${what}: a whole number ${range}.`);
  }
  return parsed;
}

function finite(value: string): number {
  const trimmed = value.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/** A count such as epochs or a batch size: a whole number of at least 1. */
export function parsePositiveInteger(value: string): number {
  return integer(value, 1, Number.MAX_SAFE_INTEGER, 'a count');
}

/** A seed: a whole number from 0 to 2^32 - 1. */
export function parseSeed(value: string): number {
  return integer(value, 0, MAX_SEED, 'a seed');
}

/** Hidden layer sizes, `64,32,16`: one or more whole numbers of at least 1. */
export function parseHiddenSizes(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  const sizes = parts.map((part) => (INTEGER.test(part) ? Number(part) : Number.NaN));
  if (sizes.some((size) => !Number.isSafeInteger(size) || size < 1)) {
    throw new InvalidArgumentError(
      'Use layer sizes separated by commas, each a whole number of at least 1, such as 64,32,16.',
    );
  }
  return sizes;
}

/** A learning rate: a number above 0. */
export function parseLearningRate(value: string): number {
  const rate = finite(value);
  if (!Number.isFinite(rate) || rate <= 0) {
    throw new InvalidArgumentError('Use a learning rate above 0, such as 0.001.');
  }
  return rate;
}

/** SGD momentum: a number from 0 up to, but not including, 1. */
export function parseMomentum(value: string): number {
  const momentum = finite(value);
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
