import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import { SummaryBuilder } from '../../src/report/summary.js';
import { runYamlChecked, yamlErrors } from '../support/scenario-runner.js';

/**
 * EC2 capacity errors (docs/models.md, "EC2 capacity errors"): the insufficientCapacity event,
 * Auto Scaling's retries in other instance types (mixed instances policy) and other AZs, EKS node
 * groups with several types, and a random rate from its own seeded stream.
 */

const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

function ecs(group: string, events: string, seed = 7): string {
  return `name: ice
seed: ${seed}
duration: 30m
cluster:
  platform: ecs
  autoScalingGroups:
    - ${group}
services:
  - serviceName: web
    desiredCount: 3
    taskDefinition:
      cpu: 2048
      memory: 4096
      containerDefinitions: [{ name: web, image: web:1, imageSize: 100MB }]
events:
${events}
`;
}

const SINGLE = '{ name: g, instanceType: m5.xlarge, desiredCapacity: 3, maxSize: 12 }';
const MIXED = `name: g
      desiredCapacity: 3
      maxSize: 12
      mixedInstancesPolicy:
        launchTemplate: { overrides: [{ instanceType: m5.xlarge }, { instanceType: m5a.xlarge }, { instanceType: m6i.xlarge }] }
        instancesDistribution: { onDemandAllocationStrategy: prioritized }`;
const SCALE_OUT = '  - { at: 2m, scale: { autoScalingGroup: g, desiredCapacity: 6 } }';

const of = <T extends FleetEvent['type']>(records: readonly FleetEvent[], type: T): Extract<FleetEvent, { type: T }>[] =>
  records.filter((r): r is Extract<FleetEvent, { type: T }> => r.type === type);
const after = <R extends { time: number }>(records: readonly R[], t: number): R[] => records.filter((r) => r.time >= t);

describe('a mixed instances group short of its first type', () => {
  it('launches its next type in the same AZ, keeping the AZs balanced', () => {
    const { records } = runYamlChecked(ecs(MIXED, `  - { at: 1m, insufficientCapacity: { instanceTypes: [m5.xlarge] } }\n${SCALE_OUT}`));
    const launched = after(of(records, 'host.launched'), 120_000);
    expect(launched.map((h) => [h.instanceType, h.az])).toEqual(AZS.map((az) => ['m5a.xlarge', az]));
    const refused = after(of(records, 'host.launch-failed'), 120_000);
    expect(refused.map((f) => [f.instanceType, f.az, f.reason.code])).toEqual(AZS.map((az) => ['m5.xlarge', az, 'INSUFFICIENT_INSTANCE_CAPACITY']));
    expect(of(records, 'asg.capacity-unfulfilled')).toEqual([]);
  });

  it('takes the third type where the second is short too, and the first type where it is not', () => {
    const { records } = runYamlChecked(ecs(MIXED, `  - { at: 1m, insufficientCapacity: { instanceTypes: [m5.xlarge, m5a.xlarge], azs: [us-east-1a] } }\n${SCALE_OUT}`));
    const launched = after(of(records, 'host.launched'), 120_000);
    expect(launched.map((h) => [h.instanceType, h.az])).toEqual([
      ['m6i.xlarge', 'us-east-1a'],
      ['m5.xlarge', 'us-east-1b'],
      ['m5.xlarge', 'us-east-1c'],
    ]);
  });

  it('launches Spot and On-Demand as its distribution says, and a Spot shortage moves Spot to the next type', () => {
    const group = `${MIXED.replace('{ onDemandAllocationStrategy: prioritized }', '{ onDemandAllocationStrategy: prioritized, onDemandBaseCapacity: 3, onDemandPercentageAboveBaseCapacity: 0, spotAllocationStrategy: capacity-optimized-prioritized }')}`;
    const { records } = runYamlChecked(ecs(group, `  - { at: 1m, insufficientCapacity: { instanceTypes: [m5.xlarge], capacityType: spot } }\n${SCALE_OUT}`));
    const initial = of(records, 'host.launched').filter((h) => h.time === 0);
    expect(initial.map((h) => [h.instanceType, h.capacityType])).toEqual(AZS.map(() => ['m5.xlarge', 'on-demand']));
    const launched = after(of(records, 'host.launched'), 120_000);
    expect(launched.map((h) => [h.instanceType, h.capacityType])).toEqual(AZS.map(() => ['m5a.xlarge', 'spot']));
  });
});

describe('a single-type group short of its type', () => {
  it('launches in its other AZs when one AZ is short', () => {
    const { records } = runYamlChecked(ecs(SINGLE, `  - { at: 1m, insufficientCapacity: { instanceTypes: [m5.xlarge], azs: [us-east-1a] } }\n${SCALE_OUT}`));
    const launched = after(of(records, 'host.launched'), 120_000);
    expect(launched.length).toBe(3);
    expect(launched.every((h) => h.az !== 'us-east-1a' && h.instanceType === 'm5.xlarge')).toBe(true);
  });

  it('launches nothing while every AZ is short, reports it, retries every 30 s and launches once the shortage ends', () => {
    const { records } = runYamlChecked(ecs(SINGLE, `  - { at: 1m, insufficientCapacity: { instanceTypes: [m5.xlarge], duration: 5m } }\n${SCALE_OUT}`));
    const launched = after(of(records, 'host.launched'), 120_000);
    expect(launched.length).toBe(3);
    // The shortage ends at 6m: the first retry at or after it launches all three.
    expect(launched.every((h) => h.time >= 360_000 && h.time < 390_000)).toBe(true);
    const attempts = new Set(after(of(records, 'host.launch-failed'), 120_000).map((f) => f.time));
    expect([...attempts]).toEqual([120_000, 150_000, 180_000, 210_000, 240_000, 270_000, 300_000, 330_000]);
    const short = of(records, 'asg.capacity-unfulfilled');
    expect(short.length).toBe(1);
    expect(short[0]!.reason).toEqual({ code: 'INSUFFICIENT_INSTANCE_CAPACITY', azs: AZS });
    expect(of(records, 'asg.capacity-fulfilled').length).toBe(1);
  });
});

describe('a random rate of capacity errors', () => {
  const rate = (seed: number) => runYamlChecked(ecs(SINGLE, `  - { at: 1m, insufficientCapacity: { launchFailure: 0.5 } }\n  - { at: 2m, scale: { autoScalingGroup: g, desiredCapacity: 12 } }`, seed)).records;

  it('fails about that fraction of launches, the same ones for the same seed', () => {
    const failed = (records: readonly FleetEvent[]) => of(records, 'host.launch-failed').map((f) => `${f.time}/${f.az}`);
    let attempts = 0;
    let refusals = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const records = rate(seed);
      refusals += of(records, 'host.launch-failed').length;
      attempts += of(records, 'host.launch-failed').length + after(of(records, 'host.launched'), 120_000).length;
    }
    expect(refusals / attempts).toBeGreaterThan(0.3);
    expect(refusals / attempts).toBeLessThan(0.7);
    expect(failed(rate(3))).toEqual(failed(rate(3)));
  });
});

describe('EKS node groups with several instance types', () => {
  const eks = (events: string) => `name: ice
seed: 7
duration: 20m
cluster:
  platform: eks
  coreDns: false
  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/19 }
      - { az: us-east-1b, cidr: 10.0.32.0/19 }
      - { az: us-east-1c, cidr: 10.0.64.0/19 }
  nodeGroups:
    - { name: ng, instanceTypes: [m6g.xlarge, m7g.xlarge], desiredSize: 3, maxSize: 6 }
workloads:
  - kind: Deployment
    name: api
    replicas: 1
    containers:
      - { name: api, image: api:1, imageSize: 50MB, resources: { requests: { cpu: "1", memory: 2Gi } } }
events:
${events}
`;

  it('try the next type in order (On-Demand is prioritized)', () => {
    const { records } = runYamlChecked(eks(`  - { at: 1m, insufficientCapacity: { instanceTypes: [m6g.xlarge] } }\n  - { at: 2m, scale: { nodeGroup: ng, desiredSize: 6 } }`));
    expect(of(records, 'host.launched').map((h) => h.instanceType)).toEqual(['m6g.xlarge', 'm6g.xlarge', 'm6g.xlarge', 'm7g.xlarge', 'm7g.xlarge', 'm7g.xlarge']);
  });

  it('reject instanceType and instanceTypes together', () => {
    const yaml = eks('  - { at: 1m, scale: { nodeGroup: ng, desiredSize: 4 } }').replace('instanceTypes: [m6g.xlarge, m7g.xlarge]', 'instanceType: m6g.xlarge, instanceTypes: [m7g.xlarge]');
    expect(yamlErrors(yaml).join('\n')).toContain('give instanceType or instanceTypes, not both');
  });
});

describe('the insufficientCapacity event', () => {
  it('names known instance types and AZs of the cluster', () => {
    const errors = yamlErrors(ecs(SINGLE, '  - { at: 1m, insufficientCapacity: { instanceTypes: [m5.xlargee], azs: [us-west-2a] } }')).join('\n');
    expect(errors).toContain("unknown instance type 'm5.xlargee'");
    expect(errors).toContain("'us-west-2a' is not one of the cluster's availability zones");
  });

  it('appears in the summary with its window, and running instances keep running', () => {
    const { records } = runYamlChecked(ecs(SINGLE, '  - { at: 1m, insufficientCapacity: { instanceTypes: [m5.xlarge], azs: [us-east-1b], duration: 10m } }'));
    const builder = new SummaryBuilder();
    for (const r of records) builder.listener(r);
    const faults = builder.build({ scenario: 'ice', seed: '7', durationMs: 1_800_000, events: records.length }).faults ?? [];
    expect(faults.map((f) => f.atS)).toEqual([60, 660]);
    expect(faults[0]!.detail).toContain('EC2 has no m5.xlarge capacity in us-east-1b for 10m');
    expect(faults[1]!.detail).toContain('insufficientCapacity over');
    expect(of(records, 'host.failed')).toEqual([]);
  });
});

describe('Fargate short of capacity (insufficientCapacity with launchType FARGATE)', () => {
  function fargate(strategy: string, events: string): string {
    return `name: fargate-ice
seed: 5
duration: 30m
cluster:
  platform: ecs
  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/22 }
      - { az: us-east-1b, cidr: 10.0.4.0/22 }
services:
  - serviceName: worker
    desiredCount: 4
    capacityProviderStrategy: ${strategy}
    taskDefinition:
      cpu: 512
      memory: 1024
      containerDefinitions: [{ name: worker, image: worker:1, imageSize: 100MB }]
events:
${events}
`;
  }
  const running = (records: readonly FleetEvent[], at: number): number => {
    const status = new Map<string, string>();
    for (const r of records) if (r.time <= at && r.type === 'task.status-changed') status.set(r.task, r.to);
    return [...status.values()].filter((s) => s === 'RUNNING').length;
  };

  it('launches in the AZ that has capacity when one is short', () => {
    const { records } = runYamlChecked(fargate('[{ capacityProvider: FARGATE, weight: 1 }]', '  - { at: 0s, insufficientCapacity: { launchType: FARGATE, azs: [us-east-1a] } }'));
    expect(of(records, 'task.eni-attached').map((r) => r.az)).toEqual(['us-east-1b', 'us-east-1b', 'us-east-1b', 'us-east-1b']);
    expect(running(records, 1_800_000)).toBe(4);
  });

  it('keeps Spot tasks waiting while Spot is short everywhere, says why once, launches none on On-Demand, and starts them when it ends', () => {
    const { records } = runYamlChecked(fargate('[{ capacityProvider: FARGATE_SPOT, weight: 1 }]', '  - { at: 0s, insufficientCapacity: { launchType: FARGATE, capacityType: spot, duration: 10m } }'));
    expect(running(records, 9 * 60_000)).toBe(0);
    const said = records.filter((r) => r.type === 'service.event' && r.cause.code === 'FARGATE_CAPACITY_UNAVAILABLE');
    expect(said).toHaveLength(1);
    expect(running(records, 15 * 60_000)).toBe(4);
    // On-Demand Fargate was never short: a FARGATE service in the same window is not held back.
    const onDemand = runYamlChecked(fargate('[{ capacityProvider: FARGATE, weight: 1 }]', '  - { at: 0s, insufficientCapacity: { launchType: FARGATE, capacityType: spot, duration: 10m } }'));
    expect(running(onDemand.records, 5 * 60_000)).toBe(4);
  });

  it('rejects instance types, and Fargate Spot on EKS', () => {
    const errors = yamlErrors(fargate('[{ capacityProvider: FARGATE, weight: 1 }]', '  - { at: 1m, insufficientCapacity: { launchType: FARGATE, instanceTypes: [m5.large] } }')).join('\n');
    expect(errors).toContain('instanceTypes are EC2 instance types: leave them out with launchType FARGATE');
    const eks = `name: eks-fargate-ice
duration: 10m
cluster:
  platform: eks
  fargateProfiles: [{ name: fp, selectors: [{ namespace: default }] }]
workloads:
  - { kind: Deployment, name: api, replicas: 1, containers: [{ name: api, image: api:1, imageSize: 50MB, resources: { requests: { cpu: 250m, memory: 512Mi } } }] }
events:
  - { at: 1m, insufficientCapacity: { launchType: FARGATE, capacityType: spot } }
`;
    expect(yamlErrors(eks).join('\n')).toContain('EKS pods on Fargate run On-Demand');
  });
});

