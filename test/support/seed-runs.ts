import { seedsForBound } from '../../src/experiments/risk/probability-verdict.js';
import { produceRunSummary } from '../../src/experiments/run-outputs.js';
import type { SimulationSpec } from '../../src/model/simulation-spec.js';
import { heldInRun } from '../../src/report/summary.js';

/**
 * Shipped scenarios over seeds (docs/risk.md, "How many seeds a test runs"): every scenario runs
 * seeds 1..EXTRA_SEEDS besides its own (test/scenario-seeds.test.ts); one that states a probability
 * runs as many as its bounds need to be decided (test/scenario-probabilities.test.ts).
 */

/**
 * Seeds every scenario without a stated probability runs besides its own: 5 x 54 scenarios take
 * about 15 s on one core. Over seeds 1..100 (measured when these rules were set, README "Risk
 * over seeds") no such scenario broke an expectation in any seed, so these five are a regression
 * net within CI's time, not the proof; the proof is `fleetsim run <file> --seeds 100`.
 */
export const EXTRA_SEEDS = 5;

/**
 * The seeds a scenario is checked over: 1..N with N the largest of seedsForBound over its stated
 * probabilities (the seeds that decide a bound at the rate it plans for: the middle of the range
 * it allows), at least EXTRA_SEEDS.
 */
export function seedsToCheck(spec: SimulationSpec): string[] {
  const n = Math.max(EXTRA_SEEDS, ...spec.expectations.filter((e) => e.probability !== undefined).map((e) => seedsForBound(e.probability!)));
  return Array.from({ length: n }, (_, i) => String(i + 1));
}

/** Per expectation (in the spec's order), the seeds in which it held, of `seeds`: each run exactly as `fleetsim run --seed` would. */
export function heldOverSeeds(spec: SimulationSpec, seeds: readonly string[]): { readonly held: number[]; readonly brokenIn: string[][] } {
  const held = spec.expectations.map(() => 0);
  const brokenIn: string[][] = spec.expectations.map(() => []);
  for (const seed of seeds) {
    const { summary } = produceRunSummary(spec, { seed });
    summary.expectations.forEach((e, i) => {
      if (heldInRun(e)) held[i]!++;
      else brokenIn[i]!.push(seed);
    });
  }
  return { held, brokenIn };
}
