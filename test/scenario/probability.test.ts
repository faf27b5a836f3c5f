import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../src/report/describe/index.js';
import { formatDiagnostic } from '../../src/scenario/diagnostics.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { cli, ROOT } from '../support/cli-runner.js';
import { runYamlChecked } from '../support/scenario-runner.js';

/** The quick start with extra expectations appended to its `expect:` list. */
function quickstartWith(...extra: string[]): string {
  return `${readFileSync(join(ROOT, 'scenarios/quickstart.yaml'), 'utf8')}${extra.map((e) => `  - ${e}\n`).join('')}`;
}

const errorsOf = (text: string): string[] => {
  const loaded = loadScenario('s.yaml', text);
  return loaded.ok ? [] : loaded.diagnostics.map(formatDiagnostic);
};

describe('`probability:` on an expectation', () => {
  it('compiles into the spec and says how often in the label', () => {
    const loaded = loadScenario('s.yaml', quickstartWith('{ service: web, running: 9, probability: { min: 0.7 } }', '{ service: web, stopped: { min: 1 }, probability: { min: 0.2, max: 0.45 } }', '{ service: web, rollbacks: 1, probability: { max: 0.02 } }'));
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const [a, b, c] = loaded.spec.expectations.slice(3);
    expect(a!.probability).toEqual({ min: 0.7 });
    expect(a!.label).toBe('at end: web running = 9, in at least 70 % of seeds');
    expect(b!.label).toBe('at end: web stopped >= 1, in 20-45 % of seeds');
    expect(c!.label).toBe('at end: web rollbacks = 1, in at most 2 % of seeds');
    expect(loaded.spec.expectations[0]!.probability).toBeUndefined();
  });

  it('refuses bounds no number of seeds could confirm, and fractions outside 0..1, at the field', () => {
    expect(errorsOf(quickstartWith('{ service: web, running: 9, probability: { min: 1 } }'))).toEqual([
      expect.stringMatching(/^s\.yaml:\d+:\d+: error: min must be below 1: an expectation that holds in every seed needs no probability \(at expect\[3\]\.probability\.min\)$/),
    ]);
    expect(errorsOf(quickstartWith('{ service: web, running: 9, probability: { max: 0 } }'))[0]).toMatch(/max must be above 0.*\(at expect\[3\]\.probability\.max\)$/);
    expect(errorsOf(quickstartWith('{ service: web, running: 9, probability: { min: 0.5, max: 0.5 } }'))[0]).toMatch(/min 0\.5 must be below max 0\.5 \(at expect\[3\]\.probability\)$/);
    expect(errorsOf(quickstartWith('{ service: web, running: 9, probability: { min: 70 } }'))[0]).toMatch(/error: must be at most 1, got 70 \(at expect\[3\]\.probability\.min\)$/);
    expect(errorsOf(quickstartWith('{ service: web, running: 9, probability: {} }'))[0]).toMatch(/\(at expect\[3\]\.probability\)$/);
    expect(errorsOf(quickstartWith('{ service: web, running: 9, probability: { mni: 0.5 } }'))[0]).toMatch(/unknown key 'mni' \(did you mean 'min'\?\)/);
  });

  it('one run records whether it held but judges nothing: neither passed nor failed', () => {
    const run = runYamlChecked(quickstartWith('{ service: web, running: 9, probability: { min: 0.7 } }', '{ service: web, running: 10, probability: { min: 0.7 } }'));
    expect(run.result.expectationsPassed).toBe(3);
    expect(run.result.expectationsFailed).toBe(0);
    expect(run.result.expectationsNotJudged).toBe(2);
    const checked = run.records.filter((r) => r.type === 'expectation.checked').slice(3);
    expect(checked.map((r) => describeEvent(r))).toEqual([
      'NOT JUDGED (held in this run) at end: web running = 9, in at least 70 % of seeds: running = 9',
      'NOT JUDGED (did not hold in this run) at end: web running = 10, in at least 70 % of seeds: running = 9 (want = 10)',
    ]);
  });

  it('fleetsim run: summary.json says passed null and whether it held; the exit code counts only judged expectations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-probability-'));
    const file = join(dir, 'p.yaml');
    writeFileSync(file, quickstartWith('{ service: web, running: 10, probability: { min: 0.7 } }'));
    const r = await cli('run', file, '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('expectations: 3 passed, 0 failed, 1 not judged (a stated probability is judged over seeds: fleetsim run --seeds 200)\n');
    expect(r.stdout).toContain('  NOT JUDGED (did not hold in this run)  at end: web running = 10, in at least 70 % of seeds  (running = 9 (want = 10))\n');
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'));
    expect(summary.passed).toBe(true);
    expect(summary.expectations[3]).toEqual({ index: 4, label: 'at end: web running = 10, in at least 70 % of seeds', passed: null, observed: 'running = 9 (want = 10)', probability: { min: 0.7 }, held: false });
    // A judged one still fails the run.
    writeFileSync(file, quickstartWith('{ service: web, running: 10, probability: { min: 0.7 } }', '{ service: web, running: 10 }'));
    expect((await cli('run', file, '--out', join(dir, 'out'), '-q')).code).toBe(1);
  });
});
