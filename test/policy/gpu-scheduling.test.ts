import { describe, expect, it } from 'vitest';
import { getInstanceType, INSTANCE_TYPES } from '../../src/model/catalog/instance-types.js';
import { assignGpuIds, devicePluginAllocatable, ecsRegisteredDevices, NO_DEVICES, type DeviceCounts } from '../../src/model/devices.js';
import { checkInvariants } from '../../src/model/invariants.js';
import { DEFAULT_EXPIRE_AFTER_MS, KARPENTER_LABELS as L, type NodePoolSpec } from '../../src/model/karpenter-spec.js';
import { CPU_SHARES_PER_VCPU } from '../../src/model/resources.js';
import { firstFit } from '../../src/policy/first-fit.js';
import { solveProvisioning, type PendingPod } from '../../src/policy/karpenter/solver.js';
import { findConsolidation } from '../../src/policy/karpenter/consolidation.js';
import { deviceShortfall, requestFits, SHORT_OF_GPU, SHORT_OF_NEURON, SHORT_OF_NEURONCORE } from '../../src/policy/resource-fit.js';
import { describePlacementFailure } from '../../src/report/describe/placement.js';
import { EcsCluster } from '../support/ecs-placement-fixtures.js';
import { KubeCluster } from '../support/kube-fixtures.js';

const gpus = (n: number): DeviceCounts => ({ nvidiaGpu: n, neuron: 0, neuronCore: 0, podEni: 0 });
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const vcpu = (n: number): number => Math.round(n * CPU_SHARES_PER_VCPU);

function pool(name: string, requirements: NodePoolSpec['requirements'], extra: Partial<NodePoolSpec> = {}): NodePoolSpec {
  return {
    name,
    requirements,
    disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfterMs: 0, expireAfterMs: DEFAULT_EXPIRE_AFTER_MS, budgets: [] },
    ...extra,
  };
}

describe('the device plugins and the ECS agent: what a host offers', () => {
  it('a node advertises the NVIDIA plugin GPUs and the Neuron plugin devices and cores of its type', () => {
    expect(devicePluginAllocatable(getInstanceType('g5.12xlarge')!)).toEqual({ nvidiaGpu: 4, neuron: 0, neuronCore: 0, podEni: 0 });
    expect(devicePluginAllocatable(getInstanceType('inf2.xlarge')!)).toEqual({ nvidiaGpu: 0, neuron: 1, neuronCore: 2, podEni: 0 });
    expect(devicePluginAllocatable(getInstanceType('inf1.6xlarge')!)).toEqual({ nvidiaGpu: 0, neuron: 4, neuronCore: 16, podEni: 0 });
    expect(devicePluginAllocatable(getInstanceType('m5.large')!)).toBe(NO_DEVICES);
  });

  it('an ECS container instance registers its NVIDIA GPUs only (the GPU-optimized AMI), none for other makers', () => {
    expect(ecsRegisteredDevices(getInstanceType('p3.8xlarge')!).nvidiaGpu).toBe(4);
    expect(ecsRegisteredDevices(getInstanceType('inf2.xlarge')!)).toBe(NO_DEVICES);
    const amd = INSTANCE_TYPES.find((t) => t.gpu?.manufacturer === 'amd')!;
    expect(amd.gpus).toBeGreaterThan(0);
    expect(ecsRegisteredDevices(amd)).toBe(NO_DEVICES);
    expect(devicePluginAllocatable(amd).nvidiaGpu).toBe(0);
  });
});

describe('deviceShortfall: each extended resource counted on its own', () => {
  it.each([
    // free gpus, neuron, cores; request -> bits
    [1, 0, 0, gpus(1), 0],
    [0, 0, 0, gpus(1), SHORT_OF_GPU],
    [3, 0, 0, gpus(4), SHORT_OF_GPU],
    [0, 1, 2, { nvidiaGpu: 0, neuron: 1, neuronCore: 0, podEni: 0 }, 0],
    [0, 1, 2, { nvidiaGpu: 0, neuron: 2, neuronCore: 3, podEni: 0 }, SHORT_OF_NEURON | SHORT_OF_NEURONCORE],
    [0, 0, 0, NO_DEVICES, 0],
  ] as const)('free (%d, %d, %d), asks %o -> %d', (g, n, c, request, expected) => {
    expect(deviceShortfall(g, n, c, request)).toBe(expected);
  });
});

describe('ECS: GPU resourceRequirements', () => {
  it('the agent pins whole GPUs, the lowest free ids, and frees them when the task stops', () => {
    expect(assignGpuIds(0b0101, 4, 2)).toEqual([1, 3]);
    expect(assignGpuIds(0b0111, 4, 2)).toBeNull();
    const c = new EcsCluster();
    const host = c.host({ type: 'p3.8xlarge' });
    expect(host.devices.nvidiaGpu).toBe(4);
    c.service('train', { gpus: 2, cpuUnits: 1024, memoryMiB: 4096 });
    c.service('infer', { gpus: 1, cpuUnits: 1024, memoryMiB: 4096 });
    const [a, b] = c.run('train', host, 2);
    expect([a!.gpuIds, b!.gpuIds]).toEqual([[0, 1], [2, 3]]);
    expect(requestFits(c.request('infer'), host)).toBe(false);
    c.stop(a!);
    expect(host.allocatedDevices.nvidiaGpu).toBe(2);
    const [d] = c.run('infer', host);
    expect(d!.gpuIds).toEqual([0]);
    expect(checkInvariants(c.state)).toEqual([]);
  });

  it('a task needing more GPUs than any instance has free fails with RESOURCE:GPU, worded as the service event', () => {
    const c = new EcsCluster();
    c.host({ type: 'm5.xlarge' });
    const gpuHost = c.host({ type: 'g5.xlarge' });
    c.service('infer', { gpus: 1, cpuUnits: 1024, memoryMiB: 2048 });
    expect(firstFit.place(c.request('infer'), c.state)).toMatchObject({ ok: true, host: gpuHost });
    c.run('infer', gpuHost);
    const result = firstFit.place(c.request('infer'), c.state);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(describePlacementFailure('infer', result.failure)).toMatch(/^\(service infer\) was unable to place a task because no container instance met all of its requirements\. The closest matching \(container-instance i-00000[12]\) encountered error "RESOURCE:GPU"\./);
  });

  it('a task without GPUs still runs on a GPU instance (ECS does not reserve them)', () => {
    const c = new EcsCluster();
    const host = c.host({ type: 'g5.xlarge' });
    c.service('web');
    expect(firstFit.place(c.request('web'), c.state)).toMatchObject({ ok: true, host });
  });
});

describe('kube-scheduler: extended resources in NodeResourcesFit', () => {
  it('places a GPU pod only on a node with a free GPU and says "Insufficient nvidia.com/gpu" otherwise', () => {
    const c = new KubeCluster().node({ name: 'cpu1' }).node({ name: 'cpu2' }).node({ name: 'gpu', devices: gpus(1) }).workload('infer', { cpu: 1000, memoryMiB: 2048, devices: gpus(1) });
    const policy = c.policy();
    const first = c.schedule(policy, 'infer');
    expect(first.ok && c.nameOf(first.host)).toBe('gpu');
    expect(first.task!.gpuIds).toEqual([0]);
    const second = c.schedule(policy, 'infer');
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(describePlacementFailure('infer', second.failure)).toBe(
      '0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
    expect(checkInvariants(c.state)).toEqual([]);
  });

  it('counts Neuron devices and NeuronCores as separate resources', () => {
    const c = new KubeCluster()
      .node({ name: 'inf2', devices: { nvidiaGpu: 0, neuron: 1, neuronCore: 2, podEni: 0 } })
      .workload('cores', { devices: { nvidiaGpu: 0, neuron: 0, neuronCore: 2, podEni: 0 } })
      .workload('chip', { devices: { nvidiaGpu: 0, neuron: 1, neuronCore: 0, podEni: 0 } });
    const policy = c.policy();
    expect(c.schedule(policy, 'cores').ok).toBe(true);
    expect(c.schedule(policy, 'chip').ok).toBe(true);
    const third = c.schedule(policy, 'cores');
    expect(!third.ok && describePlacementFailure('cores', third.failure)).toMatch(/^0\/1 nodes are available: 1 Insufficient aws\.amazon\.com\/neuroncore\./);
  });
});

describe('Karpenter: GPU instance types only for pods that need them', () => {
  const gpuAndGeneral = pool('default', [
    { key: L.capacityType, operator: 'In', values: ['on-demand'] },
    { key: L.instanceFamily, operator: 'In', values: ['m6i', 'g5', 'p3'] },
  ]);
  const pod = (id: string, cpu: number, memoryMiB: number, devices?: DeviceCounts): PendingPod => ({ id, cpu: vcpu(cpu), memoryMiB, ...(devices === undefined ? {} : { devices }) });

  it('launches the cheapest GPU type that has the GPUs a pod asks for', () => {
    const plan = solveProvisioning({ pods: [pod('p', 2, 4096, gpus(1))], nodePools: [gpuAndGeneral], catalog: INSTANCE_TYPES, zones: ZONES });
    expect(plan.nodeClaims.map((c) => c.chosen)).toEqual(['g5.xlarge']);
    // Every option it offers CreateFleet has a GPU.
    expect(plan.nodeClaims[0]!.instanceTypeOptions.every((t) => getInstanceType(t)!.gpus >= 1)).toBe(true);
    const four = solveProvisioning({ pods: [pod('p', 2, 4096, gpus(4))], nodePools: [gpuAndGeneral], catalog: INSTANCE_TYPES, zones: ZONES });
    expect(four.nodeClaims.map((c) => c.chosen)).toEqual(['g5.12xlarge']);
  });

  it('packs GPU pods onto one node only as far as its GPUs go', () => {
    const onlyOneGpu = pool('one', [
      { key: L.instanceFamily, operator: 'In', values: ['g5'] },
      { key: L.instanceGpuCount, operator: 'In', values: ['1'] },
    ]);
    const plan = solveProvisioning({ pods: [pod('a', 1, 2048, gpus(1)), pod('b', 1, 2048, gpus(1))], nodePools: [onlyOneGpu], catalog: INSTANCE_TYPES, zones: ZONES });
    // Two pods of 1 vCPU would share a g5.2xlarge by CPU; each needs its own GPU.
    expect(plan.nodeClaims.map((c) => [c.chosen, c.pods.length])).toEqual([
      ['g5.xlarge', 1],
      ['g5.xlarge', 1],
    ]);
  });

  it('does not launch a GPU type for a pod without GPUs, though the NodePool allows one (the exotic filter)', () => {
    const plan = solveProvisioning({ pods: [pod('web', 1, 2048)], nodePools: [gpuAndGeneral], catalog: INSTANCE_TYPES, zones: ZONES });
    expect(plan.nodeClaims.map((c) => c.chosen)).toEqual(['m6i.large']);
    expect(plan.nodeClaims[0]!.instanceTypeOptions.some((t) => getInstanceType(t)!.gpus > 0)).toBe(false);
  });

  it('a GPU NodePool tainted nvidia.com/gpu takes only the pods that tolerate the taint', () => {
    const gpuPool = pool('gpu', [{ key: L.instanceFamily, operator: 'In', values: ['g5'] }], { weight: 10, taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }] });
    const general = pool('general', [{ key: L.instanceFamily, operator: 'In', values: ['m6i'] }]);
    const tolerant = { labels: {}, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' as const, effect: 'NoSchedule' as const }] };
    const plan = solveProvisioning({
      pods: [{ ...pod('infer', 2, 4096, gpus(1)), scheduling: tolerant }, { ...pod('web', 1, 2048), scheduling: { labels: {} } }],
      nodePools: [gpuPool, general],
      catalog: INSTANCE_TYPES,
      zones: ZONES,
    });
    expect(plan.nodeClaims.map((c) => [c.nodePool, c.chosen, c.pods])).toEqual([
      ['gpu', 'g5.xlarge', ['infer']],
      ['general', 'm6i.large', ['web']],
    ]);
    // Without the toleration, a GPU pod has nowhere to go: the general pool has no GPU type.
    const untolerated = solveProvisioning({ pods: [{ ...pod('infer', 2, 4096, gpus(1)), scheduling: { labels: {} } }], nodePools: [gpuPool, general], catalog: INSTANCE_TYPES, zones: ZONES });
    expect(untolerated.unschedulable.map((u) => u.error.code)).toEqual(['NODEPOOLS_INCOMPATIBLE']);
  });

  it('consolidation moves pods only where their GPUs and tolerations allow', () => {
    const gpuPool = pool('gpu', [{ key: L.instanceFamily, operator: 'In', values: ['g5'] }], { taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }] });
    const node = (id: string, type: string, pods: { id: string; devices?: DeviceCounts }[], taints = gpuPool.taints) => ({
      id,
      nodePool: 'gpu',
      instanceType: type,
      capacityType: 'on-demand' as const,
      zone: 'us-east-1a',
      pricePerHour: getInstanceType(type)!.onDemandHourlyUsd,
      createdAt: 0,
      initializedAt: 0,
      lastPodEventAt: 0,
      pods: pods.map((p) => ({ id: p.id, cpu: vcpu(1), memoryMiB: 1024, evictable: true, ...(p.devices === undefined ? {} : { devices: p.devices }), scheduling: { labels: {}, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' as const }] } })),
      ...(taints === undefined ? {} : { taints }),
    });
    // Two one-GPU nodes each running a GPU pod: by CPU either pod would fit beside the other, but
    // its GPU is taken, and no cheaper type holds both GPUs.
    const busy = findConsolidation({ nodes: [node('a', 'g5.xlarge', [{ id: 'pa', devices: gpus(1) }]), node('b', 'g5.xlarge', [{ id: 'pb', devices: gpus(1) }])], nodePools: [gpuPool], now: 3_600_000, catalog: INSTANCE_TYPES, zones: ZONES });
    expect(busy).toBeNull();
  });
});
