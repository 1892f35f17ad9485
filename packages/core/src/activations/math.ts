/**
 * Scalar helpers for the activation rules, written so that they neither overflow nor lose
 * precision at large magnitudes.
 */

/** The logistic sigmoid 1 / (1 + e^-x), stable for any x. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const exp = Math.exp(x);
  return exp / (1 + exp);
}

/** log(1 + e^x): x itself for large x, e^x for very negative x, never Infinity for finite x. */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * The complementary error function, with fractional error below 1.2e-7 everywhere
 * (Chebyshev fit of Numerical Recipes, 2nd ed., section 6.2), so it keeps its relative
 * precision in the far tail where 1 - erf(x) would lose it.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const result = t * Math.exp(poly);
  return x >= 0 ? result : 2 - result;
}

/** The error function. */
export function erf(x: number): number {
  return 1 - erfc(x);
}

/** The standard normal cumulative distribution Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** The standard normal density φ(x). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}
