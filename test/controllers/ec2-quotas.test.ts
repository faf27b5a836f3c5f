import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import { describeEvent } from '../../src/report/describe/index.js';
import { runYamlChecked } from '../support/scenario-runner.js';
import { formatHumanSummary } from '../../src/report/human-summary.js';
import { SummaryBuilder } from '../../src/report/summary.js';
import { runSimulation } from '../../src/run.js';
import { formatDiagnostic } from '../../src/scenario/diagnostics.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

/**
 * EC2's launch quotas (docs/models.md, "Service quotas"): the RunInstances resource bucket
 * (instances), the RunInstances and CreateFleet request buckets (calls), the vCPU quotas per
 * instance family class, and how Auto Scaling and Karpenter retry when EC2 refuses.
 */

const of = <T extends FleetEvent['type']>(records: readonly FleetEvent[], type: T): Extract<FleetEvent, { type: T }>[] =>
  records.filter((r): r is Extract<FleetEvent, { type: T }> => r.type === type);

function ecs(quotas: string, events: string, group = '{ name: g, instanceType: m5.xlarge, desiredCapacity: 1, maxSize: 20 }'): string {
  return `name: ec2-quotas
seed: 7
duration: 10m
quotas:
  ec2: ${quotas}
cluster:
  platform: ecs
  autoScalingGroups:
    - ${group}
services:
  - serviceName: web
    desiredCount: 1
    taskDefinition:
      cpu: 1024
      memory: 2048
      containerDefinitions: [{ name: web, image: web:1, imageSize: 100MB }]
events:
${events}
`;
}

describe('the RunInstances resource bucket (instances launched)', () => {
  it('launches a burst, refuses the rest with RequestLimitExceeded and Auto Scaling retries every 30 s as tokens refill', () => {
    const { records } = runYamlChecked(ecs('{ instanceLaunchBurst: 4, instanceLaunchesPerSecond: 0.1 }', '  - { at: 2m, scale: { autoScalingGroup: g, desiredCapacity: 11 } }'));
    const launched = of(records, 'host.launched').filter((h) => h.time > 0);
    // 10 to launch: 4 at once, then 3 a retry (30 s at 0.1 a second), the last three at 3m.
    expect(launched.map((h) => h.time / 1000)).toEqual([120, 120, 120, 120, 150, 150, 150, 180, 180, 180]);
    const refused = of(records, 'host.launch-failed');
    expect(refused.map((f) => [f.time / 1000, f.reason.code])).toEqual([120, 150].map((t) => [t, 'REQUEST_LIMIT_EXCEEDED']));
    expect(refused[0]!.reason).toMatchObject({ action: 'RunInstances', bucket: 'resource', burst: 4, perSecond: 0.1 });
    const short = of(records, 'asg.capacity-unfulfilled');
    expect(short.length).toBeGreaterThan(0);
    expect(describeEvent(short[0]!)).toContain('RequestLimitExceeded: Request limit exceeded. Account has been throttled on ec2:RunInstances because it exceeded its resource rate limit (instances launched: bucket 4, 0.1 a second)');
    expect(of(records, 'asg.capacity-fulfilled').map((e) => e.time / 1000)).toEqual([180]);
  });

  it('does not throttle the instances a run starts with', () => {
    const { records } = runYamlChecked(ecs('{ instanceLaunchBurst: 1, instanceLaunchesPerSecond: 0.001 }', '  - { at: 9m, scale: { autoScalingGroup: g, desiredCapacity: 5 } }', '{ name: g, instanceType: m5.xlarge, desiredCapacity: 4, maxSize: 20 }'));
    expect(of(records, 'host.launched').filter((h) => h.time === 0)).toHaveLength(4);
    // The bucket is still full at 9m: one instance, then nothing for 1,000 s.
    expect(of(records, 'host.launched').filter((h) => h.time > 0)).toHaveLength(1);
  });
});

describe('the RunInstances request bucket (calls)', () => {
  it('throttles a second scaling activity when the call tokens ran out, however few instances it asks for', () => {
    const { records } = runYamlChecked(
      ecs('{ runInstancesRequestBurst: 1, runInstancesRequestsPerSecond: 0.02 }', '  - { at: 2m, scale: { autoScalingGroup: g, desiredCapacity: 3 } }\n  - { at: 2m1s, scale: { autoScalingGroup: g, desiredCapacity: 4 } }'),
    );
    const launched = of(records, 'host.launched').filter((h) => h.time > 0);
    // The first activity's one call launches 2; the second's is throttled; its retry 30 s later
    // finds no token either (0.6 of one), the next (at 3m01s) does.
    expect(launched.map((h) => h.time / 1000)).toEqual([120, 120, 181]);
    const refused = of(records, 'host.launch-failed');
    expect(refused[0]!.reason).toMatchObject({ code: 'REQUEST_LIMIT_EXCEEDED', action: 'RunInstances', bucket: 'request', burst: 1 });
    expect(refused.map((f) => f.time / 1000)).toEqual([121, 151]);
  });
});

describe('the On-Demand vCPU quota of an instance family class', () => {
  it('is not enforced unless set', () => {
    const { records } = runYamlChecked(ecs('{}', '  - { at: 2m, scale: { autoScalingGroup: g, desiredCapacity: 12 } }'));
    expect(of(records, 'host.launched').filter((h) => h.time > 0)).toHaveLength(11);
  });

  it('refuses launches past it with VcpuLimitExceeded, counting the instances already running, until one terminates', () => {
    // 4 vCPUs an m5.xlarge; 16 allowed: the one running and 3 more.
    const { records } = runYamlChecked(
      ecs('{ vcpu: { standard: 16 } }', '  - { at: 2m, scale: { autoScalingGroup: g, desiredCapacity: 6 } }\n  - { at: 4m, scale: { autoScalingGroup: g, desiredCapacity: 2 } }\n  - { at: 6m, scale: { autoScalingGroup: g, desiredCapacity: 4 } }'),
    );
    const launched = of(records, 'host.launched');
    expect(launched.filter((h) => h.time > 0 && h.time < 240_000)).toHaveLength(3);
    const refused = of(records, 'host.launch-failed');
    expect(refused[0]!.reason).toEqual({ code: 'VCPU_LIMIT_EXCEEDED', vcpuClass: 'standard', capacityType: 'on-demand', limit: 16 });
    const short = of(records, 'asg.capacity-unfulfilled')[0]!;
    expect(describeEvent(short)).toContain('VcpuLimitExceeded: You have requested more vCPU capacity than your current vCPU limit of 16 allows for the instance bucket that the specified instance type belongs to (Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances)');
    // After the scale-in to 2 the terminated instances' vCPUs are free again: the scale-out to 4 launches.
    expect(launched.filter((h) => h.time >= 360_000)).toHaveLength(2);
  });

  it('leaves other classes and Spot alone', () => {
    const { records } = runYamlChecked(ecs('{ vcpu: { g: 0 }, spotVcpu: { standard: 0 } }', '  - { at: 2m, scale: { autoScalingGroup: g, desiredCapacity: 5 } }'));
    expect(of(records, 'host.launched').filter((h) => h.time > 0)).toHaveLength(4);
    expect(of(records, 'host.launch-failed')).toEqual([]);
  });
});

function karpenter(quotas: string, replicas: number): string {
  return `name: ec2-quotas-karpenter
seed: 3
duration: 15m
quotas:
  ec2: ${quotas}
cluster:
  platform: eks
  coreDns: false
  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/19 }
      - { az: us-east-1b, cidr: 10.0.32.0/19 }
  karpenter:
    nodePools:
      - name: default
        requirements:
          - { key: karpenter.sh/capacity-type, operator: In, values: [on-demand] }
          - { key: node.kubernetes.io/instance-type, operator: In, values: [m5.large, c5.large] }
workloads:
  - kind: Deployment
    name: api
    replicas: 0
    containers:
      - { name: api, image: api:1, imageSize: 100MB, resources: { requests: { cpu: "1", memory: 2Gi } } }
events:
  - { at: 1m, scale: { workload: api, replicas: ${replicas} } }
`;
}

describe("Karpenter's launches", () => {
  it('are throttled like any other and retried with exponential back-off (5 ms doubling) until every NodeClaim launches', () => {
    const { records } = runYamlChecked(karpenter('{ instanceLaunchBurst: 3, instanceLaunchesPerSecond: 0.2 }', 12));
    const launched = of(records, 'karpenter.nodeclaim-launched');
    expect(launched).toHaveLength(12);
    const failed = of(records, 'karpenter.launch-failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((f) => f.reason.code === 'REQUEST_LIMIT_EXCEEDED')).toBe(true);
    // The retries' gaps double (ms, rounded to the engine's whole ms).
    const gaps = failed.slice(1, 6).map((f, i) => f.time - failed[i]!.time);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThanOrEqual(2 * gaps[i - 1]! - 1);
    // 3 at once, then one every 5 s: the last of 12 about 45 s after the first.
    const first = launched[0]!.time;
    expect((launched[11]!.time - first) / 1000).toBeGreaterThanOrEqual(45);
    expect((launched[11]!.time - first) / 1000).toBeLessThan(45 + 60);
  });

  it('groups NodeClaims of one offering into one CreateFleet call', () => {
    const { records } = runYamlChecked(karpenter('{ createFleetRequestBurst: 1, createFleetRequestsPerSecond: 0.001 }', 6));
    // One call launched every NodeClaim of the batch; none was throttled.
    expect(of(records, 'karpenter.nodeclaim-launched').length).toBeGreaterThan(1);
    expect(of(records, 'karpenter.launch-failed')).toEqual([]);
  });

  it('caches every offering of the class as unavailable on VcpuLimitExceeded, as for InsufficientInstanceCapacity', () => {
    // 2 vCPUs a node (m5.large, c5.large), a quota of 6: three nodes.
    const { records } = runYamlChecked(karpenter('{ vcpu: { standard: 6 } }', 8));
    expect(of(records, 'karpenter.nodeclaim-launched')).toHaveLength(3);
    const failed = of(records, 'karpenter.launch-failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((f) => f.reason.code === 'VCPU_LIMIT_EXCEEDED')).toBe(true);
    // Once per cached offering and TTL (3 minutes), not once a batch.
    expect(failed.length).toBeLessThanOrEqual(3 * 2 * 5);
  });
});

/** Runs scenario YAML with a SummaryBuilder that knows its EC2 quotas, as the outputs do. */
function summarize(yaml: string) {
  const loaded = loadScenario('s.yaml', yaml);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  const summary = new SummaryBuilder(loaded.spec.quotas?.ec2);
  const result = runSimulation(loaded.spec, { listeners: [summary.listener] });
  return summary.build({ scenario: 's', seed: '1', durationMs: result.durationMs, events: result.events });
}

describe('the summary', () => {
  it('lists each EC2 quota hit once, with when and how many launches it refused', () => {
    const s = summarize(ecs('{ instanceLaunchBurst: 4, instanceLaunchesPerSecond: 0.1 }', '  - { at: 2m, scale: { autoScalingGroup: g, desiredCapacity: 11 } }'));
    expect(s.ec2QuotasHit).toEqual([
      {
        error: 'RequestLimitExceeded',
        firstAtS: 120,
        lastAtS: 150,
        refusals: 2,
        detail: 'RequestLimitExceeded: Request limit exceeded. Account has been throttled on ec2:RunInstances because it exceeded its resource rate limit (instances launched: bucket 4, 0.1 a second).',
      },
    ]);
    expect(formatHumanSummary(s, null)).toContain('EC2 quotas hit:\n  2 launches refused 2m-2m30s: RequestLimitExceeded');
  });

  it('warns when an unenforced class peaked above 1,000 vCPUs, and not when the scenario sets its quota', () => {
    // 70 m5.4xlarge (16 vCPUs): 1,120 Standard On-Demand vCPUs at the peak.
    const big = (quotas: string) => ecs(quotas, '  - { at: 2m, scale: { autoScalingGroup: g, desiredCapacity: 70 } }', '{ name: g, instanceType: m5.4xlarge, desiredCapacity: 10, maxSize: 100 }');
    const s = summarize(big('{}'));
    expect(s.ec2VcpuPeaks).toEqual([
      {
        vcpuClass: 'standard',
        capacityType: 'on-demand',
        peakVcpus: 1120,
        atS: 120,
        notice: "peak 1,120 Standard On-Demand vCPUs; check your account's quota: VcpuLimitExceeded above it (not enforced: set quotas.ec2.vcpu.standard to enforce yours)",
      },
    ]);
    expect(formatHumanSummary(s, null)).toContain("warning: peak 1,120 Standard On-Demand vCPUs; check your account's quota");
    expect(summarize(big('{ vcpu: { standard: 5000 } }')).ec2VcpuPeaks).toBeUndefined();
    expect(summarize(ecs('{}', '  - { at: 2m, scale: { autoScalingGroup: g, desiredCapacity: 5 } }')).ec2VcpuPeaks).toBeUndefined();
  });
});
