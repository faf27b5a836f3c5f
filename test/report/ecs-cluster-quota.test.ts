import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import { ECS_CONTAINER_INSTANCES_PER_CLUSTER } from '../../src/model/params/ecs-container-instance.js';
import { formatHumanSummary } from '../../src/report/human-summary.js';
import { SummaryBuilder } from '../../src/report/summary.js';

/** `n` instances launched at `atMs`, one a millisecond apart, ids from `from`. */
function launches(n: number, atMs: number, from = 0): FleetEvent[] {
  return Array.from({ length: n }, (_, i) => ({ type: 'host.launched', time: atMs + i, host: `i-${from + i}`, group: 'fleet', nodePool: null, instanceType: 'm5.large', capacityType: 'on-demand', az: 'us-east-1a', subnet: null, ip: null }) as FleetEvent);
}

function terminations(n: number, atMs: number): FleetEvent[] {
  return Array.from({ length: n }, (_, i) => ({ type: 'host.terminated', time: atMs + i, host: `i-${i}`, az: 'us-east-1a', reason: { code: 'ASG_SCALE_IN', group: 'fleet' } }) as FleetEvent);
}

function summarize(platform: 'ecs' | 'eks', events: readonly FleetEvent[]) {
  const builder = new SummaryBuilder(undefined, platform);
  for (const e of events) builder.listener(e);
  return builder.build({ scenario: 's', seed: '1', durationMs: 3_600_000, events: events.length });
}

describe('ECS container instances per cluster (5,000) in the summary', () => {
  it('warns when an ECS cluster ran more EC2 instances than ECS registers, with the peak and when', () => {
    const s = summarize('ecs', [...launches(ECS_CONTAINER_INSTANCES_PER_CLUSTER, 60_000), ...launches(7, 120_000, ECS_CONTAINER_INSTANCES_PER_CLUSTER)]);
    expect(s.ecsContainerInstancesPeak).toEqual({
      peakInstances: 5_007,
      atS: 120.006,
      notice: 'peak 5,007 EC2 instances in the ECS cluster: ECS registers at most 5,000 container instances per cluster, so the rest would not take tasks (not enforced here: split the fleet over clusters)',
    });
    expect(formatHumanSummary(s, null)).toContain('warning: peak 5,007 EC2 instances in the ECS cluster');
  });

  it('counts the instances running at once, not every instance launched', () => {
    // 4,000, then 2,000 stop and 3,000 more start: 5,000 at most, never above.
    const s = summarize('ecs', [...launches(4_000, 0), ...terminations(2_000, 60_000), ...launches(3_000, 120_000, 4_000)]);
    expect(s.ecsContainerInstancesPeak).toBeUndefined();
  });

  it('says nothing at the quota, or for an EKS cluster (nodes are not container instances)', () => {
    expect(summarize('ecs', launches(ECS_CONTAINER_INSTANCES_PER_CLUSTER, 0)).ecsContainerInstancesPeak).toBeUndefined();
    expect(summarize('eks', launches(6_000, 0)).ecsContainerInstancesPeak).toBeUndefined();
  });
});
