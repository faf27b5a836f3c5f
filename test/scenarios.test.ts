import { describe, expect, it } from 'vitest';
import { loadSpec, runChecked, scenarioFiles } from './support/scenario-runner.js';

/**
 * Every scenario file is an executable test: it must load, run with the invariants holding, and
 * pass its own `expect` blocks.
 */
describe.each(scenarioFiles())('%s', (file) => {
  it('passes its expect blocks with the invariants holding', () => {
    const spec = loadSpec(file);
    expect(spec.expectations.length, 'a scenario without expectations proves nothing').toBeGreaterThan(0);
    const run = runChecked(spec, { everyEvent: spec.durationMs <= 2 * 3600_000 });
    expect(run.violations).toEqual([]);
    const failed = run.records.filter((r) => r.type === 'expectation.checked' && r.expectation?.passed === false).map((r) => r.detail);
    expect(failed).toEqual([]);
    expect(run.result.expectationsPassed).toBe(spec.expectations.length);
  });
});
