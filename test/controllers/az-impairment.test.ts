import { describe, expect, it } from 'vitest';
import { launchRefused, type AzImpairment } from '../../src/model/az-impairment.js';
import type { FleetEvent } from '../../src/model/events/index.js';
import { SummaryBuilder } from '../../src/report/summary.js';
import { runYamlChecked, yamlErrors } from '../support/scenario-runner.js';

/**
 * AZ impairment (docs/models.md, "AZ impairment"): launches steered away from an impaired AZ by
 * Auto Scaling, Karpenter and Fargate; AZRebalance and ECS Availability Zone rebalancing after
 * it recovers; partial impairment.
 */

const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

function ecsEc2(events: string, options: { desired?: number; tasks?: number; duration?: string; seed?: number; capacityProvider?: boolean } = {}): string {
  return `name: az
seed: ${options.seed ?? 7}
duration: ${options.duration ?? '40m'}
cluster:
  platform: ecs
  autoScalingGroups:
    - { name: g, instanceType: m5.xlarge, desiredCapacity: ${options.desired ?? 6}, maxSize: 12 }
${options.capacityProvider === true ? '  capacityProviders: [{ name: cp, autoScalingGroup: g }]' : ''}
services:
  - serviceName: web
    desiredCount: ${options.tasks ?? 12}
    taskDefinition:
      cpu: 2048
      memory: 4096
      containerDefinitions: [{ name: web, image: web:1, imageSize: 100MB }]
events:
${events}
`;
}

function fargate(events: string, tasks = 12): string {
  return `name: az
seed: 7
duration: 40m
cluster:
  platform: ecs
  vpc:
    subnets:
      - { id: a, az: us-east-1a, cidr: 10.0.0.0/22 }
      - { id: b, az: us-east-1b, cidr: 10.0.4.0/22 }
      - { id: c, az: us-east-1c, cidr: 10.0.8.0/22 }
services:
  - serviceName: api
    launchType: FARGATE
    desiredCount: ${tasks}
    taskDefinition:
      cpu: 256
      memory: 512
      containerDefinitions: [{ name: api, image: api:1, imageSize: 50MB }]
    networkConfiguration:
      awsvpcConfiguration: { subnets: [a, b, c] }
events:
${events}
`;
}

const of = <T extends FleetEvent['type']>(records: readonly FleetEvent[], type: T): Extract<FleetEvent, { type: T }>[] =>
  records.filter((r): r is Extract<FleetEvent, { type: T }> => r.type === type);

describe('launchRefused', () => {
  const impaired = (launchFailureRate: number): Map<string, AzImpairment> =>
    new Map([['us-east-1b', { az: 'us-east-1b', untilMs: null, instanceFraction: 1, launchFailureRate }]]);
  const never = (): number => {
    throw new Error('no draw expected');
  };

  it('refuses every launch in a fully impaired AZ without drawing, and none elsewhere', () => {
    expect(launchRefused(impaired(1), 'us-east-1b', never)).toBe(true);
    expect(launchRefused(impaired(1), 'us-east-1a', never)).toBe(false);
    expect(launchRefused(new Map(), 'us-east-1b', never)).toBe(false);
    expect(launchRefused(impaired(0), 'us-east-1b', never)).toBe(false);
  });

  it('refuses a launch in a partly impaired AZ when the draw is below the failure rate', () => {
    expect(launchRefused(impaired(0.3), 'us-east-1b', () => 0.29)).toBe(true);
    expect(launchRefused(impaired(0.3), 'us-east-1b', () => 0.3)).toBe(false);
  });
});

describe('Auto Scaling in an AZ impairment', () => {
  it('launches in the AZ with the fewest instances, round-robin on ties', () => {
    const { records } = runYamlChecked(ecsEc2('  - { at: 1m, scale: { autoScalingGroup: g, desiredCapacity: 9 } }'));
    const launched = of(records, 'host.launched').map((h) => h.az);
    expect(launched).toEqual([...AZS, ...AZS, ...AZS]);
  });

  it('never launches in the impaired AZ: EC2 refuses with InsufficientInstanceCapacity and the group tries the others', () => {
    const { records, result } = runYamlChecked(ecsEc2('  - { at: 5m, azImpairment: { az: us-east-1b, duration: 20m } }'));
    const during = (t: number): boolean => t >= 300_000 && t < 1_500_000;
    const launches = of(records, 'host.launched').filter((h) => during(h.time));
    expect(launches.length).toBe(2);
    expect(launches.every((h) => h.az !== 'us-east-1b')).toBe(true);
    const refused = of(records, 'host.launch-failed').filter((f) => during(f.time));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((f) => f.az === 'us-east-1b' && f.reason.code === 'INSUFFICIENT_INSTANCE_CAPACITY')).toBe(true);
    expect(result.state.services.get('web')!.counts.RUNNING).toBe(12);
  });

  it('rebalances into the recovered AZ (AZRebalance): launch there, drain the fullest AZ (capacity provider, managed draining)', () => {
    const { records, result } = runYamlChecked(ecsEc2('  - { at: 5m, azImpairment: { az: us-east-1b, duration: 20m } }', { capacityProvider: true }));
    const after = of(records, 'host.launched').filter((h) => h.time >= 1_500_000);
    expect(after.map((h) => h.az)).toEqual(['us-east-1b', 'us-east-1b']);
    const drained = of(records, 'host.draining').filter((h) => h.time >= 1_500_000);
    expect(drained.map((d) => d.reason.code)).toEqual(['AZ_REBALANCE', 'AZ_REBALANCE']);
    expect(new Set(drained.map((d) => d.az))).toEqual(new Set(['us-east-1a', 'us-east-1c']));
    const live = result.state.hosts.filter((h) => h.status === 'ACTIVE');
    for (const az of AZS) expect(live.filter((h) => h.az === az).length).toBe(2);
  });

  it('a plain group rebalances without draining: the fullest AZs lose an instance each, with its tasks, at once', () => {
    const { records, result } = runYamlChecked(ecsEc2('  - { at: 5m, azImpairment: { az: us-east-1b, duration: 20m } }'));
    expect(of(records, 'host.draining').filter((h) => h.time >= 1_500_000)).toEqual([]);
    const terminated = of(records, 'host.terminated').filter((h) => h.time >= 1_500_000);
    expect(terminated.map((t) => [t.time, t.reason])).toEqual([
      [1_500_000, { code: 'AZ_REBALANCE', group: 'g', drain: 'none' }],
      [1_500_000, { code: 'AZ_REBALANCE', group: 'g', drain: 'none' }],
    ]);
    expect(new Set(terminated.map((t) => t.az))).toEqual(new Set(['us-east-1a', 'us-east-1c']));
    const killed = of(records, 'task.stopped').filter((s) => s.time === 1_500_000);
    expect(killed.map((s) => s.reason.code)).toEqual(['HOST_TERMINATED', 'HOST_TERMINATED', 'HOST_TERMINATED', 'HOST_TERMINATED']);
    // The service is whole again once the replacements in us-east-1b take the tasks.
    const live = result.state.hosts.filter((h) => h.status === 'ACTIVE');
    for (const az of AZS) expect(live.filter((h) => h.az === az).length).toBe(2);
    expect(result.state.services.get('web')!.counts.RUNNING).toBe(12);
  });

  it('launches before it removes: while the recovered AZ still refuses launches, AZRebalance removes nothing', () => {
    // us-east-1b recovers from the impairment at 25m, but EC2 is still short there until 45m.
    const { records, result } = runYamlChecked(
      ecsEc2('  - { at: 5m, azImpairment: { az: us-east-1b, duration: 20m } }\n  - { at: 5m, insufficientCapacity: { azs: [us-east-1b], duration: 40m } }'),
    );
    const atRecovery = (r: { time: number }): boolean => r.time === 1_500_000;
    expect(of(records, 'host.terminated').filter(atRecovery)).toEqual([]);
    expect(of(records, 'task.stopped').filter(atRecovery)).toEqual([]);
    // The group keeps its 6 instances and the service its 12 tasks, unbalanced (3 + 3 in a and c).
    const live = result.state.hosts.filter((h) => h.status === 'ACTIVE');
    expect(live.length).toBe(6);
    expect(live.filter((h) => h.az === 'us-east-1b').length).toBe(0);
    expect(result.state.services.get('web')!.counts.RUNNING).toBe(12);
  });

  it('fails only a fraction of the instances in a partial impairment', () => {
    const { records } = runYamlChecked(ecsEc2('  - { at: 5m, azImpairment: { az: us-east-1b, instances: 0.5, launchFailure: 0 } }', { desired: 12 }));
    const failed = of(records, 'host.failed');
    expect(failed.length).toBe(2);
    expect(failed.every((f) => f.az === 'us-east-1b')).toBe(true);
    // Launches there still succeed (launchFailure 0): the group replaces them in us-east-1b.
    expect(of(records, 'host.launch-failed')).toEqual([]);
  });
});

describe('Fargate in an AZ impairment', () => {
  it('loses the tasks in the AZ and replaces them in the other AZs, then ECS rebalances them back', () => {
    const { records, result } = runYamlChecked(fargate('  - { at: 5m, azImpairment: { az: us-east-1b, duration: 20m } }'));
    const lost = of(records, 'task.stopped').filter((s) => s.reason.code === 'AZ_IMPAIRED');
    expect(lost.length).toBe(4);
    const events = of(records, 'service.event').map((e) => e.cause);
    const started = events.find((c) => c.code === 'SERVICE_REBALANCING_STARTED');
    // The replacements went to the other AZs: 6 + 0 + 6 when the AZ recovers.
    expect(started).toEqual({ code: 'SERVICE_REBALANCING_STARTED', tasksPerAz: [{ az: 'us-east-1a', tasks: 6 }, { az: 'us-east-1b', tasks: 0 }, { az: 'us-east-1c', tasks: 6 }] });
    const moved = of(records, 'task.stopped').filter((s) => s.reason.code === 'AZ_REBALANCING');
    expect(moved.length).toBe(4);
    expect(moved.every((s) => s.time >= 1_500_000)).toBe(true);
    // The last word on the move (the service then says it reached a steady state again).
    expect(events.filter((c) => c.code !== 'STEADY_STATE').at(-1)).toEqual({ code: 'SERVICE_REBALANCING_COMPLETED', tasksPerAz: AZS.map((az) => ({ az, tasks: 4 })) });
    expect(events.at(-1)).toEqual({ code: 'STEADY_STATE' });
    const running = [...result.state.services.get('api')!.tasks].filter((t) => t.status === 'RUNNING');
    for (const az of AZS) expect(running.filter((t) => t.ipSubnet!.az === az).length).toBe(4);
  });

  it('leaves a balanced service alone when an impairment ends without touching it', () => {
    const { records } = runYamlChecked(fargate('  - { at: 5m, azImpairment: { az: us-east-1b, duration: 1m, instances: 0.01 } }', 3));
    // 0.01 of one task rounds to none lost: nothing to rebalance.
    expect(of(records, 'service.event').some((e) => e.cause.code === 'SERVICE_REBALANCING_STARTED')).toBe(false);
  });
});

describe('the azImpairment event', () => {
  it('names an AZ of the cluster', () => {
    expect(yamlErrors(ecsEc2('  - { at: 5m, azImpairment: { az: us-west-2a } }')).join('\n')).toContain("'us-west-2a' is not one of the cluster's availability zones");
  });

  it('appears in the summary with its window', () => {
    const { records } = runYamlChecked(ecsEc2('  - { at: 5m, azImpairment: { az: us-east-1b, duration: 20m } }'));
    const builder = new SummaryBuilder();
    for (const r of records) builder.listener(r);
    const faults = builder.build({ scenario: 'az', seed: '7', durationMs: 2_400_000, events: records.length }).faults ?? [];
    expect(faults.map((f) => f.atS)).toEqual([300, 1500]);
    expect(faults[0]!.detail).toContain('Availability Zone us-east-1b impaired for 20m');
    expect(faults[1]!.detail).toContain('azImpairment over');
  });
});

describe('Karpenter in an AZ impairment', () => {
  const yaml = `name: az
seed: 7
duration: 30m
cluster:
  platform: eks
  coreDns: false
  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/19 }
      - { az: us-east-1b, cidr: 10.0.32.0/19 }
      - { az: us-east-1c, cidr: 10.0.64.0/19 }
  karpenter:
    nodePools:
      - name: default
        requirements:
          - { key: karpenter.sh/capacity-type, operator: In, values: [on-demand] }
          - { key: karpenter.k8s.aws/instance-family, operator: In, values: [m6g] }
          - { key: karpenter.k8s.aws/instance-size, operator: In, values: [xlarge] }
workloads:
  - kind: Deployment
    name: api
    replicas: 0
    containers:
      - { name: api, image: api:1, imageSize: 50MB, resources: { requests: { cpu: "1", memory: 2Gi } } }
events:
  - { at: 1m, azImpairment: { az: us-east-1a, duration: 10m } }
  - { at: 2m, scale: { workload: api, replicas: 9 } }
`;

  it('caches the refused offering and launches in the other zones (the ICE cache), balanced', () => {
    const { records, result } = runYamlChecked(yaml);
    const refused = of(records, 'karpenter.launch-failed');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((f) => f.az === 'us-east-1a' && f.reason.code === 'INSUFFICIENT_INSTANCE_CAPACITY')).toBe(true);
    // Every refusal came in the first solve; the retry skips the cached offering.
    expect(new Set(refused.map((f) => f.time)).size).toBe(1);
    const launched = of(records, 'karpenter.nodeclaim-launched');
    expect(launched.every((l) => l.az !== 'us-east-1a')).toBe(true);
    const inB = launched.filter((l) => l.az === 'us-east-1b').length;
    const inC = launched.filter((l) => l.az === 'us-east-1c').length;
    expect(inB + inC).toBeGreaterThanOrEqual(2);
    expect(Math.abs(inB - inC)).toBeLessThanOrEqual(1);
    expect(result.state.services.get('api')!.counts.RUNNING).toBe(9);
  });
});
