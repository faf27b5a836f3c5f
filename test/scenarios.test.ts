import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { EXAMPLE_SCENARIOS, loadSpec, ROOT, runChecked, scenarioFiles } from './support/scenario-runner.js';
import { describeEvent } from '../src/report/describe/index.js';

/**
 * Every scenario file (and every example scenario that imports definitions) is an executable
 * test: it must load, run with the invariants holding, and pass its own `expect` blocks.
 */
describe.each([...scenarioFiles(), ...EXAMPLE_SCENARIOS])('%s', (file) => {
  it('passes its expect blocks with the invariants holding', () => {
    const spec = loadSpec(file);
    expect(spec.expectations.length, 'a scenario without expectations proves nothing').toBeGreaterThan(0);
    const run = runChecked(spec, { everyEvent: spec.durationMs <= 2 * 3600_000 });
    expect(run.violations).toEqual([]);
    // An expectation with a stated probability is judged over seeds (scenario-seeds.test.ts), not here.
    const failed = run.records.filter((r) => r.type === 'expectation.checked' && r.expectation?.passed === false && r.expectation.probability === undefined).map((r) => describeEvent(r));
    expect(failed).toEqual([]);
    const stated = spec.expectations.filter((e) => e.probability !== undefined).length;
    expect(run.result.expectationsPassed).toBe(spec.expectations.length - stated);
    expect(run.result.expectationsNotJudged).toBe(stated);
  });
});

/**
 * The README's failure-mode table is the index users read: every failure-mode and war-story
 * scenario must be listed there by file name.
 */
describe('README failure-mode table', () => {
  it('names every scenario in scenarios/failure-modes/ and scenarios/war-stories/', () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Failure modes and war stories from the seed'), readme.indexOf('## Other scenarios and tables'));
    const files = scenarioFiles().filter((f) => f.includes('failure-modes/') || f.includes('war-stories/'));
    expect(files.length).toBeGreaterThan(30);
    const missing = files.map((f) => basename(f)).filter((name) => !section.includes(name));
    expect(missing).toEqual([]);
  });
});
