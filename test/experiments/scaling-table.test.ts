import { describe, expect, it } from 'vitest';
import { phaseValue, runScalingTable, SCALING_DISAGREEMENTS, SCALING_PHASES, SEED_SCALING_RANGES } from '../../src/experiments/scaling-table.js';

describe("the seed's scaling speed table", () => {
  const table = runScalingTable('1');
  const row = (c: string) => table.rows.find((r) => r.case === c)!.scaleOut;

  for (const c of ['ECS Fargate', 'EKS + Karpenter'] as const) {
    for (const { phase } of SCALING_PHASES) {
      const disagreement = SCALING_DISAGREEMENTS.find((d) => d.case === c && d.phase === phase);
      it(`${c}, ${phase}: ${disagreement === undefined ? 'inside the seed range' : 'follows AWS where the seed differs'}`, () => {
        const v = phaseValue(row(c), phase);
        expect(v).not.toBeNull();
        const [lo, hi] = SEED_SCALING_RANGES[c][phase];
        if (disagreement === undefined) {
          expect(v!).toBeGreaterThanOrEqual(lo);
          expect(v!).toBeLessThanOrEqual(hi);
        }
      });
    }
  }

  it('ECS target tracking detects only after three one-minute datapoints above target, published after their minute', () => {
    const detection = phaseValue(row('ECS Fargate'), 'detection')!;
    expect(detection).toBeGreaterThanOrEqual(180);
    expect(detection).toBeLessThanOrEqual(300);
  });

  it('EKS with spare node capacity schedules the new pods in seconds', () => {
    expect(phaseValue(row('EKS, spare node capacity'), 'provisioning')!).toBeLessThan(10);
    expect(phaseValue(row('EKS, spare node capacity'), 'total')!).toBeLessThan(phaseValue(row('EKS + Karpenter'), 'total')!);
  });
});
