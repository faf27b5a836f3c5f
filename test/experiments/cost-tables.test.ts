import { describe, expect, it } from 'vitest';
import { comparedFigures, delta, fargateWebApiCompute, renderCostTables, runCostTables } from '../../src/experiments/cost-tables.js';

/**
 * The seed's cost tables (§4, §9), reproduced by simulation: every total within 10 % of the
 * seed's, except the one the seed's figure cannot be reached for (at-scale EKS "RI + Spot"),
 * which must be reported as such with fleetsim's own figure.
 */
describe("the seed's cost tables", () => {
  const tables = runCostTables('1');
  const figures = comparedFigures(tables);
  const NOT_REPRODUCIBLE = 'At scale: EKS EC2 (RI + Spot) total';

  it.each(figures.filter((f) => f.label !== NOT_REPRODUCIBLE).map((f) => [f.label, f] as const))('%s is within 10 % of the seed', (_label, f) => {
    expect(Math.abs(delta(f.fleetsim, f.seed))).toBeLessThanOrEqual(0.1);
  });

  it("reports the at-scale EKS 'RI + Spot' cell as not reproducible, with fleetsim's figure", () => {
    const f = figures.find((x) => x.label === NOT_REPRODUCIBLE)!;
    expect(delta(f.fleetsim, f.seed)).toBeGreaterThan(0.1);
    const md = renderCostTables(tables, 'npx fleetsim cost-tables');
    expect(md).toContain('reported as not reproducible');
  });

  it("shows the correct figure where the seed's arithmetic is off", () => {
    expect(fargateWebApiCompute()).toBeCloseTo(360.4, 1);
    expect(tables.webApi[0]!.fleetsim.monthly.compute).toBeCloseTo(360.4, 0);
    expect(tables.fargateExample.hourly).toBeCloseTo(0.024685, 6);
    expect(tables.fargateExample.monthly).toBeCloseTo(18.02, 2);
    const md = renderCostTables(tables, 'npx fleetsim cost-tables');
    expect(md).toContain('$360.4, not $351');
  });

  it("finds by simulation that the seed's 2 x c5.xlarge runs only 6 of the 10 tasks, and the fleets that run all 10", () => {
    const ecs = tables.webApi[1]!;
    expect(ecs.fleetsim.running).toBe(6);
    expect(ecs.rightSized!.map((r) => `${r.case.groups![0]!.count} x ${r.case.groups![0]!.instanceType}`)).toEqual(['4 x c5.xlarge', '3 x m5.xlarge']);
    for (const r of ecs.rightSized!) expect(r.running).toBe(10);
    expect(tables.webApi[2]!.fleetsim.running).toBe(6);
  });

  it('are the same for every seed, as the tables say (so a cell needs no median over seeds)', () => {
    const md = renderCostTables(tables, 'x');
    expect(md).toContain('Every figure is the same for every seed');
    for (const seed of ['2', 'abc']) expect(renderCostTables(runCostTables(seed), 'x')).toBe(md);
  });

  it('covers every figure of the seed: the example, four Web API columns and three at scale', () => {
    expect(figures).toHaveLength(9);
  });
});
