import { ArgumentError, createNormal } from '@rectifier/core';

/**
 * Weight initialisation schemes. `he` is PyTorch's kaiming_normal_ for ReLU (normal with
 * std sqrt(2 / fanIn)); `glorot` is Keras's glorot_uniform (uniform in
 * ±sqrt(6 / (fanIn + fanOut))).
 */
export type Initializer = 'he' | 'glorot';

/** The initialisers, for validation and help texts. */
export const INITIALIZERS: readonly Initializer[] = ['he', 'glorot'];

/** Fills a [fanIn, fanOut] weight matrix with a seeded initialisation. */
export function initializeWeights(
  scheme: Initializer,
  fanIn: number,
  fanOut: number,
  random: () => number,
): Float32Array {
  const values = new Float32Array(fanIn * fanOut);
  if (scheme === 'he') {
    const normal = createNormal(random);
    const std = Math.sqrt(2 / fanIn);
    for (let i = 0; i < values.length; i++) values[i] = normal() * std;
  } else if (scheme === 'glorot') {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    for (let i = 0; i < values.length; i++) values[i] = (2 * random() - 1) * limit;
  } else {
    throw new ArgumentError(
      `Unknown initialiser '${String(scheme)}'; use one of ${INITIALIZERS.join(', ')}.`,
    );
  }
  return values;
}
