import { ArgumentError } from './errors.js';

/**
 * A seeded pseudo-random generator (mulberry32): the same seed gives the same sequence on
 * every platform, which is what makes training runs repeatable.
 *
 * @example
 * const random = createRandom(42);
 * random(); // a float in [0, 1)
 */
export function createRandom(seed: number): () => number {
  if (!Number.isSafeInteger(seed)) {
    throw new ArgumentError(`createRandom: the seed must be an integer, got ${seed}.`);
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples from a uniform generator, by the Box-Muller transform. */
export function createNormal(random: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

/** Shuffles an array in place with a seeded generator (Fisher-Yates). */
export function shuffleInPlace<T extends { length: number; [index: number]: unknown }>(
  items: T,
  random: () => number,
): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const item = items[i];
    items[i] = items[j];
    items[j] = item;
  }
  return items;
}
