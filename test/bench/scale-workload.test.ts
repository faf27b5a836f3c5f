import { describe, expect, it } from 'vitest';
import { scaleScenario } from '../../bench/workloads/scale-scenario.js';
import { checkInvariants } from '../../src/model/invariants.js';
import { runSimulation } from '../../src/run.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

/**
 * The end-to-end benchmark's workload, small: it must stay a valid scenario as the format
 * grows, and really scale (tasks start, stop and take subnet addresses) or the benchmark
 * measures nothing.
 */
describe('scale benchmark workload', () => {
  it('loads, scales each service up and down over the day, and keeps the cluster consistent', () => {
    const loaded = loadScenario('scale-200', scaleScenario(200));
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
    expect(loaded.spec.services).toHaveLength(2);
    let starts = 0;
    let stops = 0;
    let maxDesired = 0;
    let events = 0;
    const problems: string[] = [];
    const result = runSimulation(loaded.spec, {
      listeners: [
        (r) => {
          if (r.type === 'task.status-changed' && r.to === 'RUNNING') starts++;
          if (r.type === 'task.stopped') stops++;
          if (r.type === 'service.desired-count-changed') maxDesired = Math.max(maxDesired, r.to);
        },
      ],
      // Every 25th event: a full check after each would dominate the test's time.
      afterEachEvent: (state) => {
        if (++events % 25 === 0) problems.push(...checkInvariants(state));
      },
    });
    expect(problems).toEqual([]);
    expect(checkInvariants(result.state)).toEqual([]);
    expect(result.expectationsFailed).toBe(0);
    // Four diurnal cycles between about 25 and 330 tasks per service.
    expect(maxDesired).toBeGreaterThan(250);
    expect(starts).toBeGreaterThan(2 * 4 * 250);
    expect(stops).toBeGreaterThan(2 * 3 * 250);
  });
});
