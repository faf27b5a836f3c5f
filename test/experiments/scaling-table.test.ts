import { describe, expect, it } from 'vitest';
import { phaseValue, runScalingTable, SCALING_DISAGREEMENTS, SCALING_PHASES, SEED_SCALING_RANGES } from '../../src/experiments/scaling-table.js';
import type { ScaleOutRow } from '../../src/report/scaling-timeline.js';

/**
 * Where fleetsim follows AWS instead of the seed, the range its value must fall in, as each
 * disagreement's `why` states it (seconds).
 */
const AWS_RANGES: Readonly<Record<string, (row: ScaleOutRow) => readonly [number, number]>> = {
  // Three one-minute datapoints above target, each published after its minute: 3-4 minutes.
  'ECS Fargate/detection': () => [180, 240],
  // The detection above, then about 60 s for microVM, pull, health check and target registration.
  'ECS Fargate/total': (r) => [r.detectionS! + 30, r.detectionS! + 90],
  // The seed's own start-up table (cached image 10-15 s in all) puts microVM + ENI near 10 s.
  'ECS Fargate/provisioning': () => [5, 15],
};

describe("the seed's scaling speed table", () => {
  const table = runScalingTable('1');
  const row = (c: string) => table.rows.find((r) => r.case === c)!.scaleOut;

  for (const c of ['ECS Fargate', 'EKS + Karpenter'] as const) {
    for (const { phase } of SCALING_PHASES) {
      const disagreement = SCALING_DISAGREEMENTS.find((d) => d.case === c && d.phase === phase);
      it(`${c}, ${phase}: ${disagreement === undefined ? 'inside the seed range' : 'follows AWS where the seed differs'}`, () => {
        const v = phaseValue(row(c), phase);
        expect(v).not.toBeNull();
        const range = disagreement === undefined ? SEED_SCALING_RANGES[c][phase] : AWS_RANGES[`${c}/${phase}`]?.(row(c));
        expect(range, `no expected range for ${c}/${phase}`).toBeDefined();
        expect(v!).toBeGreaterThanOrEqual(range![0]);
        expect(v!).toBeLessThanOrEqual(range![1]);
      });
    }
  }

  it('every disagreement with the seed has the range it claims, and only those', () => {
    expect(SCALING_DISAGREEMENTS.map((d) => `${d.case}/${d.phase}`).sort()).toEqual(Object.keys(AWS_RANGES).sort());
  });

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
