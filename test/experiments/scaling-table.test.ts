import { describe, expect, it } from 'vitest';
import { phaseSpread, renderScalingTable, runScalingTable, SCALING_DISAGREEMENTS, SCALING_PHASES, SCALING_TABLE_SEEDS, scalingVerdict, SEED_SCALING_RANGES, type ScalingCase, type ScalingPhase } from '../../src/experiments/scaling-table.js';

/** A case's phases, each the median over the table's seeds. */
type Medians = (phase: ScalingPhase) => number;

/**
 * Where fleetsim follows AWS instead of the seed, the range its median must fall in, as each
 * disagreement's `why` states it (seconds).
 */
const AWS_RANGES: Readonly<Record<string, (m: Medians) => readonly [number, number]>> = {
  // Three one-minute datapoints above target, each published after its minute: 3-4 minutes.
  'ECS Fargate/detection': () => [180, 240],
  // The detection above, then about 60 s for microVM, pull, health check and target registration.
  'ECS Fargate/total': (m) => [m('detection') + 30, m('detection') + 90],
  // The seed's own start-up table (cached image 10-15 s in all) puts microVM + ENI near 10 s.
  'ECS Fargate/provisioning': () => [5, 15],
  // New pods on one new node share its one pull: the median pod waits part of a 5-6 s pull.
  'EKS + Karpenter/imagePull': () => [1, 6],
};

describe("the seed's scaling speed table", () => {
  const table = runScalingTable('1');
  const median = (c: ScalingCase): Medians => (phase) => phaseSpread(table, c, phase)!.median;

  for (const c of ['ECS Fargate', 'EKS + Karpenter'] as const) {
    for (const { phase } of SCALING_PHASES) {
      const disagreement = SCALING_DISAGREEMENTS.find((d) => d.case === c && d.phase === phase);
      it(`${c}, ${phase}: ${disagreement === undefined ? 'inside the seed range' : 'follows AWS where the seed differs'}`, () => {
        const spread = phaseSpread(table, c, phase);
        expect(spread?.n).toBe(SCALING_TABLE_SEEDS);
        const v = spread!.median;
        const range = disagreement === undefined ? SEED_SCALING_RANGES[c][phase] : AWS_RANGES[`${c}/${phase}`]?.(median(c));
        expect(range, `no expected range for ${c}/${phase}`).toBeDefined();
        expect(v).toBeGreaterThanOrEqual(range![0]);
        expect(v).toBeLessThanOrEqual(range![1]);
      });
    }
  }

  it('every disagreement with the seed has the range it claims, and only those', () => {
    expect(SCALING_DISAGREEMENTS.map((d) => `${d.case}/${d.phase}`).sort()).toEqual(Object.keys(AWS_RANGES).sort());
  });

  it('ECS target tracking detects only after three one-minute datapoints above target, published after their minute', () => {
    const detection = median('ECS Fargate')('detection');
    expect(detection).toBeGreaterThanOrEqual(180);
    expect(detection).toBeLessThanOrEqual(300);
  });

  it('EKS with spare node capacity schedules the new pods in seconds', () => {
    expect(median('EKS, spare node capacity')('provisioning')).toBeLessThan(10);
    expect(median('EKS, spare node capacity')('total')).toBeLessThan(median('EKS + Karpenter')('total'));
  });

  it('gives the same verdict in every cell when regenerated from another base seed (no seed in common)', () => {
    const other = runScalingTable('2');
    expect(other.seeds.filter((s) => table.seeds.includes(s))).toEqual([]);
    for (const c of ['ECS Fargate', 'EKS + Karpenter'] as const) {
      for (const { phase } of SCALING_PHASES) expect(`${c}/${phase}: ${scalingVerdict(other, c, phase)}`).toBe(`${c}/${phase}: ${scalingVerdict(table, c, phase)}`);
    }
    expect(renderScalingTable(other, 'x')).not.toContain('OUT OF RANGE');
  });

  it("the control-plane timing notes quote the cells they are printed under, not figures of an older model", () => {
    const markdown = renderScalingTable(table, 'x');
    const spread = (c: ScalingCase, phase: ScalingPhase) => phaseSpread(table, c, phase)!;
    const r = (x: number) => Math.round(x);
    const ecs = spread('ECS Fargate', 'provisioning');
    expect(markdown).toContain(`ECS Fargate, provisioning: includes the ECS service scheduler acting 3 s after`);
    expect(markdown).toContain(`the median is ${r(ecs.median)} s, 10 s when the scheduler acted in the same instant, and the total's ${r(spread('ECS Fargate', 'total').median)} s (286 s before)`);
    const eks = spread('EKS + Karpenter', 'provisioning');
    const eksTotal = spread('EKS + Karpenter', 'total');
    expect(markdown).toContain(`the median is ${r(eks.median)} s (71 s before), the range ${r(eks.p5)}-${r(eks.p95)} s (64-83 s before) and the total's ${r(eksTotal.p5)}-${r(eksTotal.p95)} s (123-140 s before)`);
    // And the cell above says the same.
    expect(markdown).toContain(`**${r(eks.median)}s** (${r(eks.p5)}s-${r(eks.p95)}s)`);
  });

  it('one seed alone can leave a range its median keeps, and the table says how often', () => {
    const markdown = renderScalingTable(table, 'x');
    // The EKS image pull: the median is explained, single seeds fall on either side of 5 s.
    expect(markdown).toMatch(/\| 5-30s \| \*\*\d+s\*\* \(\d+s-\d+s\) \(differs: see below; \d+\/21 seeds outside\) \|/);
  });
});
