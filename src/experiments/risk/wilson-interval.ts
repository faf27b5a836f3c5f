/**
 * The Wilson score interval for a binomial proportion: with `successes` out of `trials`, the
 * range of true rates that the observation does not reject at the given confidence. Unlike the
 * normal ("Wald") interval it stays inside [0, 1] and does not collapse to a point at 0 of n or
 * n of n, which is exactly where risk figures live ("0 of 200 seeds rolled back": the rate is
 * below 1.9 %, not 0). Wilson, E. B. (1927), "Probable inference, the law of succession, and
 * statistical inference", JASA 22(158); Brown, Cai and DasGupta (2001), "Interval Estimation
 * for a Binomial Proportion", Statistical Science 16(2), recommend it for small n.
 */

/** The two-sided normal quantile of 95 % confidence, Φ⁻¹(0.975). */
export const Z_95 = 1.959963984540054;

export interface Interval {
  readonly low: number;
  readonly high: number;
}

/**
 * The Wilson interval of `successes` of `trials` (0 <= successes <= trials, trials >= 1) at the
 * two-sided normal quantile `z` (default 95 %). At 0 successes `low` is exactly 0, at `trials`
 * successes `high` is exactly 1.
 */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval {
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`wilsonInterval: trials must be a whole number >= 1, got ${trials}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) throw new RangeError(`wilsonInterval: successes must be a whole number in 0..${trials}, got ${successes}`);
  const n = trials;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === trials ? 1 : Math.min(1, centre + half),
  };
}
