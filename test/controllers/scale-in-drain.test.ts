import { describe, expect, it } from 'vitest';
import type { EventOf, FleetEvent } from '../../src/model/events/index.js';
import { instanceRemoval } from '../../src/model/instance-removal.js';
import { SCALE_IN_DRAIN } from '../../src/model/params/scale-in-drain.js';
import { oneAzEksCluster, runYamlChecked } from '../support/scenario-runner.js';

/**
 * Scale-in drains only where AWS drains (src/model/instance-removal.ts, docs/models.md, "Scale-in
 * and draining"): a plain ECS Auto Scaling group and a self-managed node group terminate the
 * chosen instance at once with its tasks; an ECS capacity provider with managed draining and an
 * EKS managed node group drain it first, the managed node group for at most 5 minutes. Cluster
 * Autoscaler's own scale-down still drains.
 */

const of = <T extends FleetEvent['type']>(records: readonly FleetEvent[], type: T): EventOf<T>[] => records.filter((r): r is EventOf<T> => r.type === type);

/** Three m5.xlarge container instances in one AZ, a 6-task service (two per instance); the group scales in to 2 at 2m. */
function ecs(capacityProvider: string): string {
  return `name: scale-in
seed: 3
duration: 6m
cluster:
  platform: ecs
  availabilityZones: [us-east-1a]
  autoScalingGroups:
    - { name: g, instanceType: m5.xlarge, desiredCapacity: 3, minSize: 1, maxSize: 3 }
${capacityProvider}
services:
  - serviceName: web
    desiredCount: 6
    taskDefinition:
      cpu: 1024
      memory: 2048
      containerDefinitions: [{ name: web, image: web:1, imageSize: 100MB }]
events:
  - { at: 2m, scale: { autoScalingGroup: g, desiredCapacity: 2 } }
`;
}

/** Two m5.xlarge nodes of node group g in one AZ and a 4-replica Deployment; the group scales in to 1 at 2m. */
function eks(group: string, workload = ''): string {
  return `name: scale-in
seed: 3
duration: 12m
${oneAzEksCluster(2).replace('desiredSize: 2 }', `desiredSize: 2, minSize: 1, maxSize: 2${group} }`)}
workloads:
  - kind: Deployment
    name: api
    replicas: 4
    containers: [{ name: app, image: "a:1", imageSize: 100MB, resources: { requests: { cpu: 500m, memory: 256Mi } } }]
${workload}
events:
  - { at: 2m, scale: { nodeGroup: g, desiredSize: 1 } }
`;
}

const AT = 120_000;

/** The scale-in's one termination, and the stops of the tasks that were on its instance. */
function scaleIn(records: readonly FleetEvent[]): { terminated: EventOf<'host.terminated'>; draining: EventOf<'host.draining'>[]; stops: EventOf<'task.stopped'>[] } {
  const terminated = of(records, 'host.terminated');
  expect(terminated).toHaveLength(1);
  const host = terminated[0]!.host;
  return { terminated: terminated[0]!, draining: of(records, 'host.draining').filter((d) => d.host === host), stops: of(records, 'task.stopped').filter((s) => s.host === host) };
}

describe('instanceRemoval: the rule per kind of group', () => {
  const params = { ecsManagedDrainingMaxMs: 1000, eksManagedNodeGroupDrainMs: 10 };
  it('terminates at once where nothing drains: plain ECS group, managedDraining DISABLED, self-managed node group', () => {
    expect(instanceRemoval({ platform: 'ecs', managedNodeGroup: false, managedDraining: null }, params)).toEqual({ kind: 'terminate' });
    expect(instanceRemoval({ platform: 'ecs', managedNodeGroup: false, managedDraining: false }, params)).toEqual({ kind: 'terminate' });
    expect(instanceRemoval({ platform: 'eks', managedNodeGroup: false, managedDraining: null }, params)).toEqual({ kind: 'terminate' });
  });
  it('drains, within its bound, an ECS capacity provider with managed draining and an EKS managed node group', () => {
    expect(instanceRemoval({ platform: 'ecs', managedNodeGroup: false, managedDraining: true }, params)).toEqual({ kind: 'drain', forceAfterMs: 1000 });
    expect(instanceRemoval({ platform: 'eks', managedNodeGroup: true, managedDraining: null }, params)).toEqual({ kind: 'drain', forceAfterMs: 10 });
  });
  it('bounds the drains as the ECS and EKS guides say: 48 hours, 5 minutes', () => {
    expect(SCALE_IN_DRAIN.ecsManagedDrainingMaxMs).toBe(48 * 3_600_000);
    expect(SCALE_IN_DRAIN.eksManagedNodeGroupDrainMs).toBe(300_000);
  });
});

describe('ECS scale-in', () => {
  it('a plain Auto Scaling group terminates the instance at once; its tasks stop with it and are replaced', () => {
    const { records, result } = runYamlChecked(ecs(''));
    const { terminated, draining, stops } = scaleIn(records);
    expect(draining).toEqual([]);
    expect(terminated.time).toBe(AT);
    expect(terminated.reason).toEqual({ code: 'ASG_SCALE_IN', group: 'g', drain: 'none' });
    expect(stops).toHaveLength(2);
    for (const s of stops) {
      expect(s.time).toBe(AT);
      expect(s.stopCode).toBe('TerminationNotice');
      expect(s.reason).toEqual({ code: 'HOST_TERMINATED', host: terminated.host });
    }
    // ECS replaces them on the two instances left (room for two more 1-vCPU tasks each).
    expect(result.state.services.get('web')!.tasks.size).toBe(6);
  });

  it('requests in flight on the terminated instance are lost (ELB 5XX); a drain loses none', () => {
    // 60 requests/s over 6 tasks, 2 s each: 10 a second per task, 20 in flight on each.
    const traffic = (yaml: string): string =>
      yaml
        .replace('containerDefinitions: [{ name: web, image: web:1, imageSize: 100MB }]', 'containerDefinitions: [{ name: web, image: web:1, imageSize: 100MB, requestDuration: 2s }]')
        .replace('events:', '    loadBalancer: { deregistrationDelaySeconds: 5 }\n    load: { rps: 60, cpuPerRequest: 1ms, latency: 20ms }\nevents:')
        // Once the targets are in service (the default health checks take 150 s).
        .replace('at: 2m,', 'at: 4m,');
    const plain = runYamlChecked(traffic(ecs('')));
    const lost = of(plain.records, 'task.in-flight-lost');
    const { terminated } = scaleIn(plain.records);
    expect(lost.map((l) => [l.time, l.host, l.lost])).toEqual([
      [240_000, terminated.host, 20],
      [240_000, terminated.host, 20],
    ]);
    expect(plain.result.state.services.get('web')!.traffic.dropped).toBe(40);
    const drained = runYamlChecked(traffic(ecs('  capacityProviders:\n    - { name: cp, autoScalingGroup: g }')));
    expect(of(drained.records, 'task.in-flight-lost')).toEqual([]);
  });

  it('a capacity provider with managed draining (the default) drains the instance first', () => {
    const { records } = runYamlChecked(ecs('  capacityProviders:\n    - { name: cp, autoScalingGroup: g }'));
    const { terminated, draining, stops } = scaleIn(records);
    expect(draining.map((d) => [d.time, d.reason])).toEqual([[AT, { code: 'ASG_SCALE_IN', group: 'g' }]]);
    expect(terminated.reason).toEqual({ code: 'ASG_SCALE_IN', group: 'g', drain: 'emptied' });
    expect(terminated.time).toBeGreaterThan(AT);
    expect(stops.map((s) => s.reason.code)).toEqual(['INSTANCE_DRAINING', 'INSTANCE_DRAINING']);
    // The drained tasks stopped gracefully (STOPPING first), unlike the ones killed with an instance.
    for (const s of stops) expect(s.time).toBeGreaterThan(AT);
  });

  it('a capacity provider with managedDraining DISABLED terminates at once, as a plain group', () => {
    const { records } = runYamlChecked(ecs('  capacityProviders:\n    - { name: cp, autoScalingGroup: g, managedDraining: DISABLED }'));
    const { terminated, draining, stops } = scaleIn(records);
    expect(draining).toEqual([]);
    expect([terminated.time, terminated.reason.code === 'ASG_SCALE_IN' && terminated.reason.drain]).toEqual([AT, 'none']);
    expect(stops.map((s) => [s.time, s.reason.code])).toEqual([
      [AT, 'HOST_TERMINATED'],
      [AT, 'HOST_TERMINATED'],
    ]);
  });
});

describe('EKS scale-in', () => {
  it('a managed node group drains the node, and the pods move before it goes', () => {
    const { records } = runYamlChecked(eks(''));
    const { terminated, draining, stops } = scaleIn(records);
    expect(draining.map((d) => d.time)).toEqual([AT]);
    expect(terminated.reason).toEqual({ code: 'ASG_SCALE_IN', group: 'g', drain: 'emptied' });
    expect(terminated.time).toBeLessThan(AT + SCALE_IN_DRAIN.eksManagedNodeGroupDrainMs);
    expect(stops.length).toBeGreaterThan(0);
    for (const s of stops) expect(s.reason.code).toBe('EVICTED_NODE_DRAINING');
  });

  it('a managed node group whose drain a PodDisruptionBudget blocks is terminated after 5 minutes, with its pods', () => {
    const { records } = runYamlChecked(eks('', '    podDisruptionBudget: { minAvailable: 4 }'));
    const { terminated, draining, stops } = scaleIn(records);
    expect(draining.map((d) => d.time)).toEqual([AT]);
    expect(terminated.time).toBe(AT + 300_000);
    expect(terminated.reason).toEqual({ code: 'ASG_SCALE_IN', group: 'g', drain: 'forced' });
    expect(stops.length).toBeGreaterThan(0);
    for (const s of stops) expect([s.time, s.reason]).toEqual([AT + 300_000, { code: 'DELETED_BY_POD_GC', host: terminated.host }]);
  });

  it('a self-managed node group terminates the node at once; its pods are deleted with it', () => {
    const { records } = runYamlChecked(eks(', managed: false', '    podDisruptionBudget: { minAvailable: 4 }'));
    const { terminated, draining, stops } = scaleIn(records);
    expect(draining).toEqual([]);
    expect(terminated.time).toBe(AT);
    expect(terminated.reason).toEqual({ code: 'ASG_SCALE_IN', group: 'g', drain: 'none' });
    expect(stops.length).toBeGreaterThan(0);
    for (const s of stops) expect([s.time, s.reason.code]).toEqual([AT, 'DELETED_BY_POD_GC']);
  });

  it("Cluster Autoscaler's scale-down still drains a self-managed node group's node, budgets respected", () => {
    const yaml = eks(', managed: false', '    podDisruptionBudget: { maxUnavailable: 1 }')
      .replace('replicas: 4', 'replicas: 1')
      .replace('managed: false }', 'managed: false }\n  clusterAutoscaler: { scaleDownUnneededTime: 1m }')
      .replace(/events:\n.*\n$/, '');
    const { records } = runYamlChecked(yaml);
    const scaledDown = of(records, 'cluster-autoscaler.scaled-down');
    expect(scaledDown).toHaveLength(1);
    const { terminated, draining, stops } = scaleIn(records);
    expect(draining.map((d) => d.reason.code)).toEqual(['CLUSTER_AUTOSCALER_SCALE_DOWN']);
    expect(terminated.reason).toEqual({ code: 'CLUSTER_AUTOSCALER_SCALE_DOWN', group: 'g' });
    for (const s of stops) expect(s.reason.code).toBe('EVICTED_NODE_DRAINING');
  });
});
