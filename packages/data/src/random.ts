/**
 * Makes a seeded generator of floats in [0, 1) (mulberry32). The same seed always gives the
 * same sequence on every platform, which Math.random cannot promise; that is what makes
 * splits and shuffles reproducible. Integer seeds are taken modulo 2^32.
 */
export function createRandom(seed: number): () => number {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`createRandom: the seed must be an integer, got ${seed}.`);
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
