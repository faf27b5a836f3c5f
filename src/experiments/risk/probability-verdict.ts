import type { ProbabilityBound } from '../../model/simulation-spec.js';
import { wilsonInterval, Z_95, type Interval } from './wilson-interval.js';

/**
 * Judging a stated probability (`probability: {min, max}` on an expectation) from the seeds that
 * were run: the expectation held in `held` of `seeds` runs, and the Wilson interval of that rate
 * (wilson-interval.ts) either lies on the right side of the bound (passed), on the wrong side
 * (failed), or still straddles it (not judged: more seeds are needed to tell). A single seed
 * never decides anything but the most trivial bounds, and is reported as not judged.
 */
export type ProbabilityVerdict = 'passed' | 'failed' | 'not judged';

/**
 * The verdict for `held` of `seeds` against `bound`: passed when the whole interval satisfies
 * every side of the bound (`min <= low`, `high <= max`), failed when the whole interval is beyond
 * one side (`high < min` or `low > max`), otherwise not judged.
 */
export function judgeProbability(held: number, seeds: number, bound: ProbabilityBound, z = Z_95): ProbabilityVerdict {
  return verdictOf(wilsonInterval(held, seeds, z), bound);
}

/** The verdict of an interval against a bound (judgeProbability's rule). */
export function verdictOf(interval: Interval, bound: ProbabilityBound): ProbabilityVerdict {
  if ((bound.min !== undefined && interval.high < bound.min) || (bound.max !== undefined && interval.low > bound.max)) return 'failed';
  const minOk = bound.min === undefined || interval.low >= bound.min;
  const maxOk = bound.max === undefined || interval.high <= bound.max;
  return minOk && maxOk ? 'passed' : 'not judged';
}

/** Whether a rate satisfies the bound (the verdict a run at that exact rate should reach). */
export function satisfies(rate: number, bound: ProbabilityBound): boolean {
  return (bound.min === undefined || rate >= bound.min) && (bound.max === undefined || rate <= bound.max);
}

/** Most seeds seedsToDecide looks at before it gives up. */
export const MAX_SEEDS_TO_DECIDE = 1_000_000;

/**
 * The fewest seeds at which a run whose true rate is `rate` would be judged against `bound`,
 * assuming it holds in `round(rate x n)` of `n` seeds: the smallest n whose verdict is
 * decided (passed when `rate` satisfies the bound, failed when it does not). Null when no n up
 * to MAX_SEEDS_TO_DECIDE decides, e.g. a rate exactly on the bound. Used to say how many seeds
 * an undecided verdict needs, and by the tests to choose how many seeds to run
 * (plannedRate).
 */
export function seedsToDecide(bound: ProbabilityBound, rate: number, z = Z_95): number | null {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`seedsToDecide: rate must be in [0, 1], got ${rate}`);
  const want: ProbabilityVerdict = satisfies(rate, bound) ? 'passed' : 'failed';
  // The verdict is not monotonic in n (rate x n is rounded), so every n is tried in turn.
  for (let n = 1; n <= MAX_SEEDS_TO_DECIDE; n++) {
    if (judgeProbability(Math.round(rate * n), n, bound, z) === want) return n;
  }
  return null;
}

/**
 * The rate a test plans for when it checks a stated bound: the middle of the range the bound
 * allows ([min, max], with 0 and 1 where a side is not given). `min: 0.6` plans for 0.8,
 * `max: 0.02` for 0.01. A bound is therefore stated with room: the measured rate should lie at
 * least as far inside the range as its middle (docs/risk.md, "How many seeds a test runs").
 */
export function plannedRate(bound: ProbabilityBound): number {
  return ((bound.min ?? 0) + (bound.max ?? 1)) / 2;
}

/** The seeds a test runs to check a stated bound: seedsToDecide at the planned rate. */
export function seedsForBound(bound: ProbabilityBound, z = Z_95): number {
  const n = seedsToDecide(bound, plannedRate(bound), z);
  if (n === null) throw new RangeError(`seedsForBound: no number of seeds decides ${JSON.stringify(bound)}`);
  return n;
}
