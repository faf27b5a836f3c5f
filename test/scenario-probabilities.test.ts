import { describe, expect, it } from 'vitest';
import { judgeProbability } from '../src/experiments/risk/probability-verdict.js';
import { formatInterval } from '../src/experiments/risk/risk-format.js';
import { wilsonInterval } from '../src/experiments/risk/wilson-interval.js';
import { EXAMPLE_SCENARIOS, loadSpec, scenarioFiles } from './support/scenario-runner.js';
import { heldOverSeeds, seedsToCheck } from './support/seed-runs.js';

/**
 * The rates the shipped scenarios state (`probability:` on an expectation: how often a war story
 * or failure mode happens, how rarely its mitigation fails) hold over seeds: each scenario runs
 * seeds 1..N, N picked from its bounds (seedsToCheck: enough for the 95 % Wilson interval to
 * decide at the rate the bound plans for), and every stated bound must be PASSED by the interval,
 * while every expectation without one holds in every seed.
 */
const files = [...scenarioFiles(), ...EXAMPLE_SCENARIOS].filter((file) => loadSpec(file).expectations.some((e) => e.probability !== undefined));

describe('scenarios that state a probability', () => {
  it('include the Spot war story and its on-demand twin', () => {
    expect(files).toEqual(expect.arrayContaining(['scenarios/war-stories/fargate-spot-termination-during-deploy.yaml', 'scenarios/war-stories/fargate-spot-termination-during-deploy-on-demand.yaml']));
  });
});

describe.each(files)('%s', (file) => {
  const spec = loadSpec(file);
  const seeds = seedsToCheck(spec);
  it(`meets every stated rate over seeds 1..${seeds.length}, and holds the rest in every seed`, () => {
    const { held, brokenIn } = heldOverSeeds(spec, seeds);
    const outcomes = spec.expectations.map((e, i) => {
      if (e.probability === undefined) return `${e.label}: ${brokenIn[i]!.length === 0 ? 'held in every seed' : `broken with --seed ${brokenIn[i]!.join(', ')}`}`;
      const verdict = judgeProbability(held[i]!, seeds.length, e.probability);
      return `${e.label}: ${verdict === 'passed' ? 'passed' : `${verdict} at ${held[i]}/${seeds.length} (${formatInterval(wilsonInterval(held[i]!, seeds.length))})`}`;
    });
    expect(outcomes).toEqual(spec.expectations.map((e) => `${e.label}: ${e.probability === undefined ? 'held in every seed' : 'passed'}`));
  });
});
