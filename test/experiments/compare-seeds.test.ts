import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCompare, type VariantResult } from '../../src/experiments/compare.js';
import { compareCsvRows, compareTable } from '../../src/experiments/compare-report.js';
import { combineVariantRuns, formatSpread } from '../../src/experiments/compare-seeds.js';
import { readWorkload, VARIANTS } from '../../src/experiments/compare-variants.js';
import type { CostSummary } from '../../src/report/cost.js';

const ROOT = resolve(__dirname, '..', '..');
const FILE = 'scenarios/seed/web-api.yaml';

function cost(total: number, compute: number): CostSummary {
  const byCategory = { compute, controlPlane: 0, loadBalancer: 10, dataTransfer: total - compute - 10 };
  return { currency: 'USD', totalUsd: total / 1000, byCategory, monthly: { totalUsd: total, byCategory, hoursPerMonth: 730, windowS: 900, method: 'm' } };
}

/** A made-up run of one variant: the figures that differ by seed are given, the rest fixed. */
function run(scaleOutS: number | null, errors: number, nodesEnd: number, monthly: number, notes: string[] = []): VariantResult {
  return {
    variant: VARIANTS.find((v) => v.id === 'ecs-ec2')!,
    startup: { firstP50: scaleOutS === null ? null : scaleOutS / 10, firstP90: 9, coldP50: 20, coldP90: 30, cachedP50: null, cachedP90: null, tasks: 12 },
    stepAtS: 600,
    scaleOutS,
    errorsDuringStep: errors,
    errorRateDuringStep: errors / 100,
    nodesEnd,
    nodesPeak: nodesEnd + 2,
    tasksPerNode: 12 / nodesEnd,
    utilization: 40,
    ipsPeak: 30,
    cost: cost(monthly, monthly - 100),
    pendingAtEnd: 0,
    notes,
  };
}

describe('combineVariantRuns', () => {
  const runs = [run(300, 10, 3, 500, ['a']), run(100, 30, 4, 400, ['a', 'b']), run(200, 20, 3, 450), run(null, 50, 5, 600), run(250, 40, 3, 420)];
  const c = combineVariantRuns(runs);

  it('takes the median of each figure on its own, over the seeds that have it', () => {
    expect(c.scaleOutS).toBe(225); // 100, 200, 250, 300: one seed never scaled out
    expect(c.spread.scaleOutS!.n).toBe(4);
    expect(c.errorsDuringStep).toBe(30);
    expect(c.nodesEnd).toBe(3);
    expect(c.nodesPeak).toBe(5);
    expect(c.tasksPerNode).toBe(4); // 12 tasks on the median run's 3 nodes
    expect(c.startup.firstP50).toBe(22.5);
    expect(c.startup.cachedP50).toBeNull();
    expect(c.spread.cachedP50).toBeNull();
    expect(c.cost.monthly.totalUsd).toBe(450);
    expect(c.cost.monthly.byCategory.compute).toBe(350);
    expect(c.cost.monthly.method).toBe('m');
    expect(c.notes).toEqual(['a', 'b']);
  });

  it('gives each figure its p5-p95 over the seeds, the median between them', () => {
    const s = c.spread.errorsDuringStep!;
    expect(s.n).toBe(5);
    expect(s.p5).toBeCloseTo(12, 6);
    expect(s.p95).toBeCloseTo(48, 6);
    for (const spread of Object.values(c.spread)) if (spread !== null) expect(spread.p5 <= spread.median && spread.median <= spread.p95).toBe(true);
  });

  it('leaves one run as it is', () => {
    const one = combineVariantRuns([runs[0]!]);
    const { spread, ...figures } = one;
    expect(figures).toEqual(runs[0]);
    expect(spread.scaleOutS).toEqual({ n: 1, p5: 300, median: 300, p95: 300 });
    expect(() => combineVariantRuns([])).toThrow(RangeError);
  });

  it('prints a range only where the seeds differ', () => {
    expect(formatSpread(c.spread.errorsDuringStep, String)).toBe(' [12-48]');
    expect(formatSpread(c.spread.ipsPeak, String)).toBe('');
    expect(formatSpread(null, String)).toBe('');
    expect(formatSpread({ n: 1, p5: 1, median: 1, p95: 2 }, String)).toBe('');
  });
});

describe('runCompare over seeds', () => {
  const read = readWorkload(FILE, readFileSync(join(ROOT, FILE), 'utf8'));
  if (!read.ok) throw new Error('web-api.yaml does not load');
  const w = read.workload;
  const over = runCompare(w, { variants: ['ecs-fargate'], seedCount: 3 });

  it('runs <seed>-1 .. <seed>-N and reports the median of the runs at those seeds', () => {
    expect(over.seed).toBe('9');
    expect(over.seeds).toEqual(['9-1', '9-2', '9-3']);
    const singles = over.seeds.map((seed) => runCompare(w, { variants: ['ecs-fargate'], seed }).variants[0]!);
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[1]!;
    const v = over.variants[0]!;
    expect(v.scaleOutS).toBe(median(singles.map((s) => s.scaleOutS!)));
    expect(v.startup.firstP50).toBe(median(singles.map((s) => s.startup.firstP50!)));
    expect(v.errorsDuringStep).toBe(median(singles.map((s) => s.errorsDuringStep!)));
    expect(v.spread!.scaleOutS!.n).toBe(3);
  });

  it('without seedCount, runs the seed itself once, with no spread', () => {
    const once = runCompare(w, { variants: ['ecs-fargate'] });
    expect(once.seeds).toEqual(['9']);
    expect(once.variants[0]!.spread).toBeUndefined();
  });

  it('puts the spread in the table and the CSV', () => {
    const t = compareTable(over);
    expect(t.rows.find((r) => r[0] === 'traffic step to first new task serving')![1]).toMatch(/^[\d.]+s( \[[\d.]+-[\d.]+\])?$/);
    const csv = compareCsvRows(over);
    const row = csv.rows[0]!;
    const at = (name: string): unknown => row[csv.header.indexOf(name)];
    expect(at('seeds')).toBe(3);
    expect(Number(at('scale_out_s_p5'))).toBeLessThanOrEqual(Number(at('scale_out_s')));
    expect(Number(at('scale_out_s_p95'))).toBeGreaterThanOrEqual(Number(at('scale_out_s')));
    expect(csv.header.length).toBe(row.length);
  });
});

describe('fleetsim compare --seed-count', () => {
  it('runs each variant over the seeds and says so', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fleetsim-compare-seeds-'));
    let stdout = '';
    let stderr = '';
    const code = await main(['compare', FILE, '--out', out, '--variants', 'ecs-fargate', '--seed-count', '2', '--seed', '4'], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: ROOT, isTTY: false });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('the median of 2 seeds (4-1 .. 4-2)');
    expect(readFileSync(join(out, 'compare.md'), 'utf8')).toContain('Regenerate with `npx fleetsim compare scenarios/seed/web-api.yaml --seed 4 --seed-count 2`');
    const [header, first] = readFileSync(join(out, 'compare.csv'), 'utf8').split('\n');
    expect(first!.split(',')[header!.split(',').indexOf('seeds')]).toBe('2');
  });

  it('refuses a seed count out of range with exit 2', async () => {
    let stderr = '';
    const code = await main(['compare', FILE, '--seed-count', '0'], { stdout: () => undefined, stderr: (s) => (stderr += s), cwd: ROOT, isTTY: false });
    expect(code).toBe(2);
    expect(stderr).toMatch(/seed-count/);
  });
});
