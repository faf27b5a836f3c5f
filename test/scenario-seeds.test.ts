import { describe, expect, it } from 'vitest';
import { EXAMPLE_SCENARIOS, loadSpec, scenarioFiles } from './support/scenario-runner.js';
import { EXTRA_SEEDS, heldOverSeeds } from './support/seed-runs.js';

/**
 * Every shipped scenario passes for every seed it claims (issue 19): an expectation without a
 * stated probability is a claim about the mechanism and must hold in any seed, not only the
 * scenario's own (test/scenarios.test.ts runs that one). Scenarios that state a probability are
 * checked over the seeds their bounds need in scenario-probabilities.test.ts.
 */
const files = [...scenarioFiles(), ...EXAMPLE_SCENARIOS].filter((file) => loadSpec(file).expectations.every((e) => e.probability === undefined));

describe.each(files)('%s', (file) => {
  it(`holds every expectation in seeds 1..${EXTRA_SEEDS} too`, () => {
    const spec = loadSpec(file);
    const seeds = Array.from({ length: EXTRA_SEEDS }, (_, i) => String(i + 1));
    const { brokenIn } = heldOverSeeds(spec, seeds);
    const broken = spec.expectations.flatMap((e, i) => (brokenIn[i]!.length === 0 ? [] : [`${e.label}: broken with --seed ${brokenIn[i]!.join(', ')}`]));
    expect(broken).toEqual([]);
  });
});
