import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/engine/rng.js';
import { SpotNotices, type SpotCapacity } from '../../src/controllers/infra/spot-notice.js';
import type { EventOf, FleetEvent } from '../../src/model/events/index.js';
import { SPOT_INTERRUPTION_NOTICE_MS } from '../../src/model/params/spot-interruption.js';
import { spotDrainer, spotResponse } from '../../src/model/spot-interruption-response.js';
import { oneAzEksCluster, runYamlChecked, yamlErrors } from '../support/scenario-runner.js';

/**
 * Spot interruptions of Auto Scaling group and node group instances (docs/models.md, "Spot
 * interruptions"): EC2's two-minute notice, drained only where something drains (ECS with
 * ECS_ENABLE_SPOT_INSTANCE_DRAINING, EKS managed node groups, the AWS Node Termination Handler),
 * then the instance is terminated with whatever still runs there, and the group replaces it.
 */

const of = <T extends FleetEvent['type']>(records: readonly FleetEvent[], type: T): EventOf<T>[] => records.filter((r): r is EventOf<T> => r.type === type);

const AT = 120_000;
const GONE = AT + SPOT_INTERRUPTION_NOTICE_MS;

/** Three all-Spot m5.xlarge container instances in one AZ, a 6-task service (two per instance); one notice at 2m. */
function ecs(group = ''): string {
  return `name: spot
seed: 3
duration: 8m
cluster:
  platform: ecs
  availabilityZones: [us-east-1a]
  autoScalingGroups:
    - name: g
      desiredCapacity: 3
      maxSize: 4
      mixedInstancesPolicy:
        launchTemplate: { overrides: [{ instanceType: m5.xlarge }] }
        instancesDistribution: { onDemandPercentageAboveBaseCapacity: 0 }${group}
services:
  - serviceName: web
    desiredCount: 6
    taskDefinition:
      cpu: 1024
      memory: 2048
      containerDefinitions: [{ name: web, image: web:1, imageSize: 100MB }]
events:
  - { at: 2m, spotInterruption: { count: 1 } }
`;
}

/** Two Spot m5.xlarge nodes of node group g in one AZ and a 4-replica Deployment; one notice at 2m. */
function eks(group: string, workload = ''): string {
  return `name: spot
seed: 3
duration: 8m
${oneAzEksCluster(2).replace('desiredSize: 2 }', `desiredSize: 2, maxSize: 3, capacityType: SPOT${group} }`)}
workloads:
  - kind: Deployment
    name: api
    replicas: 4
    containers: [{ name: app, image: "a:1", imageSize: 100MB, resources: { requests: { cpu: 500m, memory: 256Mi } } }]
${workload}
events:
  - { at: 2m, spotInterruption: { count: 1 } }
`;
}

/** The one notice, the instance's termination, its drain (if any), and the stops of what ran on it. */
function interruption(records: readonly FleetEvent[]) {
  const notices = of(records, 'host.spot-interruption-notice');
  expect(notices).toHaveLength(1);
  const notice = notices[0]!;
  const host = notice.host;
  const terminated = of(records, 'host.terminated').filter((t) => t.host === host);
  expect(terminated).toHaveLength(1);
  return {
    notice,
    terminated: terminated[0]!,
    draining: of(records, 'host.draining').filter((d) => d.host === host),
    stops: of(records, 'task.stopped').filter((s) => s.host === host),
    launched: of(records, 'host.launched').filter((l) => l.time > 0),
  };
}

describe('spotDrainer: who drains a group instance on the notice', () => {
  const facts = { platform: 'ecs', managedNodeGroup: false, spotInstanceDraining: false, nodeTerminationHandler: false } as const;
  it('ECS drains only with ECS_ENABLE_SPOT_INSTANCE_DRAINING (off by default)', () => {
    expect(spotDrainer(facts)).toBeNull();
    expect(spotDrainer({ ...facts, spotInstanceDraining: true })).toBe('ecs-agent');
  });
  it('EKS drains a managed node group; a self-managed one only with the Node Termination Handler', () => {
    expect(spotDrainer({ ...facts, platform: 'eks', managedNodeGroup: true })).toBe('eks-managed-node-group');
    expect(spotDrainer({ ...facts, platform: 'eks' })).toBeNull();
    expect(spotDrainer({ ...facts, platform: 'eks', nodeTerminationHandler: true })).toBe('node-termination-handler');
  });
  it('an EKS managed node group (Capacity Rebalancing on) replaces at the notice; every other group after the interruption', () => {
    expect(spotResponse({ ...facts, platform: 'eks', managedNodeGroup: true })).toEqual({ drainer: 'eks-managed-node-group', replaceAtNotice: true });
    expect(spotResponse({ ...facts, platform: 'eks', nodeTerminationHandler: true })).toEqual({ drainer: 'node-termination-handler', replaceAtNotice: false });
    expect(spotResponse({ ...facts, spotInstanceDraining: true })).toEqual({ drainer: 'ecs-agent', replaceAtNotice: false });
  });
  it('gives two minutes (EC2 User Guide, "Spot Instance interruption notices")', () => {
    expect(SPOT_INTERRUPTION_NOTICE_MS).toBe(120_000);
  });
});

describe('SpotNotices: one victim rule over every holder of Spot capacity', () => {
  /** A holder of named units that records the notices it gets. */
  const holder = (units: string[]): SpotCapacity<string> & { noticed: string[] } => {
    const noticed: string[] = [];
    return { noticed, spotCandidates: () => units.filter((u) => !noticed.includes(u)), spotNotice: (u) => void noticed.push(u) };
  };
  it('draws count (at most all) or a rounded fraction uniformly over all holders, each victim to its own holder', () => {
    const tasks = holder(['t1', 't2']);
    const instances = holder(['i1', 'i2', 'i3', 'i4']);
    const notices = new SpotNotices([tasks, instances], RandomStream.root(7).fork('spot'));
    notices.interrupt(2);
    expect(tasks.noticed.length + instances.noticed.length).toBe(2);
    notices.interrupt({ fraction: 0.5 });
    expect(tasks.noticed.length + instances.noticed.length).toBe(4);
    notices.interrupt(10);
    expect([...tasks.noticed].sort()).toEqual(['t1', 't2']);
    expect([...instances.noticed].sort()).toEqual(['i1', 'i2', 'i3', 'i4']);
  });
  it('draws as rng.sample does over the candidates in holder order (so runs from before keep their victims)', () => {
    const a = holder(['a', 'b', 'c']);
    const b = holder(['d', 'e']);
    new SpotNotices([a, b], RandomStream.root(11).fork('spot')).interrupt(3);
    const expected = RandomStream.root(11).fork('spot').sample(['a', 'b', 'c', 'd', 'e'], 3);
    expect([...a.noticed, ...b.noticed].sort()).toEqual([...expected].sort());
  });
});

describe('ECS: Spot instances of an Auto Scaling group', () => {
  it('without Spot Instance draining nothing moves for two minutes; the tasks stop with the instance (SpotInterruption) and the group replaces it', () => {
    const { records, result } = runYamlChecked(ecs());
    const { notice, terminated, draining, stops, launched } = interruption(records);
    expect([notice.time, notice.group, notice.drainer, notice.interruptAt]).toEqual([AT, 'g', null, GONE]);
    expect(draining).toEqual([]);
    expect([terminated.time, terminated.reason]).toEqual([GONE, { code: 'SPOT_RECLAIMED' }]);
    expect(stops.map((s) => [s.time, s.stopCode, s.reason])).toEqual([
      [GONE, 'SpotInterruption', { code: 'HOST_TERMINATED', host: notice.host }],
      [GONE, 'SpotInterruption', { code: 'HOST_TERMINATED', host: notice.host }],
    ]);
    // Auto Scaling replaces the instance once it is gone (not at the notice), as Spot again.
    expect(launched.map((l) => [l.time, l.capacityType])).toEqual([[GONE, 'spot']]);
    expect(result.state.services.get('web')!.counts.RUNNING).toBe(6);
  });

  it('with spotInstanceDraining ECS sets the instance DRAINING at the notice; its tasks move before EC2 takes it, empty', () => {
    const { records, result } = runYamlChecked(ecs('\n      spotInstanceDraining: true'));
    const { notice, terminated, draining, stops, launched } = interruption(records);
    expect(notice.drainer).toBe('ecs-agent');
    expect(draining.map((d) => [d.time, d.reason])).toEqual([[AT, { code: 'SPOT_INTERRUPTION_NOTICE', group: 'g', drainer: 'ecs-agent' }]]);
    expect(stops).toHaveLength(2);
    for (const s of stops) {
      expect(s.reason.code).toBe('INSTANCE_DRAINING');
      expect(s.time).toBeLessThan(GONE);
    }
    // Emptied, it still waits for EC2: the group does not terminate a noticed instance itself, nor replace it early.
    expect([terminated.time, terminated.reason]).toEqual([GONE, { code: 'SPOT_RECLAIMED' }]);
    expect(launched.map((l) => l.time)).toEqual([GONE]);
    expect(result.state.services.get('web')!.counts.RUNNING).toBe(6);
  });

  it('requests in flight on the interrupted instance are lost without draining, none with a drain that fits the two minutes', () => {
    const traffic = (yaml: string, healthChecks = ', healthCheckIntervalSeconds: 10, healthyThresholdCount: 2'): string =>
      yaml
        .replace('containerDefinitions: [{ name: web, image: web:1, imageSize: 100MB }]', 'containerDefinitions: [{ name: web, image: web:1, imageSize: 100MB, requestDuration: 2s }]')
        .replace('events:', `    loadBalancer: { deregistrationDelaySeconds: 5${healthChecks} }\n    load: { rps: 60, cpuPerRequest: 1ms, latency: 20ms }\nevents:`)
        .replace('at: 2m,', 'at: 4m,');
    const plain = runYamlChecked(traffic(ecs()));
    expect(of(plain.records, 'task.in-flight-lost').map((l) => [l.time, l.lost])).toEqual([
      [360_000, 20],
      [360_000, 20],
    ]);
    const drained = runYamlChecked(traffic(ecs('\n      spotInstanceDraining: true')));
    expect(of(drained.records, 'task.in-flight-lost')).toEqual([]);
    expect(drained.result.state.services.get('web')!.traffic.dropped).toBe(0);
    // With the default health checks (5 x 30 s) the replacements are not healthy within the two
    // minutes, so ECS (minimumHealthyPercent 100) has not stopped the old tasks when EC2 takes the instance.
    const slow = runYamlChecked(traffic(ecs('\n      spotInstanceDraining: true'), ''));
    expect(of(slow.records, 'task.in-flight-lost').map((l) => [l.time, l.lost])).toEqual([
      [360_000, 20],
      [360_000, 20],
    ]);
  });

  it('never reaches On-Demand instances', () => {
    const onDemand = runYamlChecked(ecs().replace('onDemandPercentageAboveBaseCapacity: 0', 'onDemandPercentageAboveBaseCapacity: 100'));
    expect(of(onDemand.records, 'host.spot-interruption-notice')).toEqual([]);
    expect(of(onDemand.records, 'host.terminated')).toEqual([]);
  });
});

describe('EKS: Spot nodes of node groups', () => {
  it('a managed node group: EKS cordons and drains the node and launches its replacement at the notice; the pods move, then EC2 takes it', () => {
    const { records } = runYamlChecked(eks(''));
    const { notice, terminated, draining, stops, launched } = interruption(records);
    expect(launched.map((l) => [l.time, l.capacityType])).toEqual([[AT, 'spot']]);
    expect(notice.drainer).toBe('eks-managed-node-group');
    expect(draining.map((d) => d.time)).toEqual([AT]);
    expect(stops.length).toBeGreaterThan(0);
    for (const s of stops) expect([s.reason.code, s.time < GONE]).toEqual(['EVICTED_NODE_DRAINING', true]);
    expect([terminated.time, terminated.reason.code]).toEqual([GONE, 'SPOT_RECLAIMED']);
  });

  it('the drain is bounded by the two minutes: pods a PodDisruptionBudget holds go with the node', () => {
    const { records } = runYamlChecked(eks('', '    podDisruptionBudget: { minAvailable: 4 }'));
    const { terminated, draining, stops } = interruption(records);
    expect(draining.map((d) => d.time)).toEqual([AT]);
    expect(terminated.time).toBe(GONE);
    expect(stops.length).toBeGreaterThan(0);
    for (const s of stops) expect([s.time, s.stopCode, s.reason]).toEqual([GONE, 'SpotInterruption', { code: 'NODE_RECLAIMED', host: terminated.host }]);
  });

  it('a self-managed node group: nothing drains; the pods stop with the node (SpotInterruption), which is replaced then', () => {
    const { records } = runYamlChecked(eks(', managed: false'));
    const { notice, draining, stops, launched } = interruption(records);
    expect(launched.map((l) => l.time)).toEqual([GONE]);
    expect(notice.drainer).toBeNull();
    expect(draining).toEqual([]);
    expect(stops.length).toBeGreaterThan(0);
    for (const s of stops) expect([s.time, s.stopCode, s.reason.code]).toEqual([GONE, 'SpotInterruption', 'NODE_RECLAIMED']);
  });

  it('a self-managed node group with the AWS Node Termination Handler drains as a managed one does', () => {
    const { records } = runYamlChecked(eks(', managed: false, nodeTerminationHandler: true'));
    const { notice, draining, stops } = interruption(records);
    expect(notice.drainer).toBe('node-termination-handler');
    expect(draining.map((d) => [d.time, d.reason])).toEqual([[AT, { code: 'SPOT_INTERRUPTION_NOTICE', group: 'g', drainer: 'node-termination-handler' }]]);
    for (const s of stops) expect(s.reason.code).toBe('EVICTED_NODE_DRAINING');
  });
});

describe('scenario errors', () => {
  it('EKS needs spot nodes to interrupt: Karpenter or a SPOT node group', () => {
    expect(yamlErrors(eks('').replace(', capacityType: SPOT', ''))).toEqual([
      expect.stringContaining('error: on EKS, spot interruptions hit spot nodes: add cluster.karpenter, or a node group with capacityType SPOT'),
    ]);
    expect(yamlErrors(eks(''))).toEqual([]);
  });
  it('the Node Termination Handler is for self-managed node groups', () => {
    expect(yamlErrors(eks(', nodeTerminationHandler: true'))).toEqual([expect.stringContaining('nodeTerminationHandler is for self-managed node groups (managed: false)')]);
  });
});
