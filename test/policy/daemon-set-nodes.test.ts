import { describe, expect, it } from 'vitest';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import type { DaemonSpec } from '../../src/model/daemon-set.js';
import type { NodePoolSpec } from '../../src/model/karpenter-spec.js';
import { DEFAULT_CNI_SETTINGS } from '../../src/model/network/cni-settings.js';
import { ecsHostProfile, eksDaemonSetRequests, eksHostProfile, karpenterHostProfile } from '../../src/model/params/host-profiles.js';
import type { PodSchedulingSpec } from '../../src/model/pod-scheduling-spec.js';
import { CPU_SHARES_PER_MILLICORE } from '../../src/model/resources.js';
import type { AutoScalingGroupSpec } from '../../src/model/simulation-spec.js';
import { daemonPlacement, runsOn } from '../../src/policy/kube/daemon-set-nodes.js';

const m5 = getInstanceType('m5.large')!;
const m6g = getInstanceType('m6g.large')!;

/** A DaemonSet pod of `millicores` and `mib` with the given scheduling (default: every node). */
function daemonSet(name: string, millicores: number, mib: number, scheduling: Partial<PodSchedulingSpec> = {}, hostNetwork = false): DaemonSpec {
  return { name, cpu: millicores * CPU_SHARES_PER_MILLICORE, memoryMiB: mib, ownAddress: !hostNetwork, podScheduling: { labels: { app: name }, ...scheduling } };
}

function group(name: string, extra: Partial<AutoScalingGroupSpec> = {}): AutoScalingGroupSpec {
  return { name, instanceType: m5, desiredCapacity: 1, minSize: 1, maxSize: 1, availabilityZones: ['us-east-1a'], ...extra };
}

describe('which nodes a DaemonSet runs on', () => {
  it.each([
    ['every node without a selector', {}, {}, true],
    ['a node group whose labels match its nodeSelector', { nodeSelector: { team: 'a' } }, { labels: { team: 'a' } }, true],
    ['not a node group whose labels do not', { nodeSelector: { team: 'a' } }, { labels: { team: 'b' } }, false],
    ['a node group by its eks.amazonaws.com/nodegroup label', { nodeSelector: { 'eks.amazonaws.com/nodegroup': 'ng' } }, {}, true],
    ['not a tainted node group it does not tolerate', {}, { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' as const }] }, false],
    ['a tainted node group it tolerates', { tolerations: [{ key: 'dedicated', operator: 'Exists' as const }] }, { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' as const }] }, true],
    ['a node group with a PreferNoSchedule taint (a preference, not a filter)', {}, { taints: [{ key: 'dedicated', effect: 'PreferNoSchedule' as const }] }, true],
    ['a node group tainted unschedulable (a default DaemonSet toleration)', {}, { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const }] }, true],
    ['not a node group tainted network-unavailable without hostNetwork', {}, { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' as const }] }, false],
    [
      'the nodes of the architecture its required node affinity names',
      { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In' as const, values: ['amd64'] }] }] } } } },
      {},
      true,
    ],
  ])('%s', (_, scheduling, node, runs) => {
    expect(runsOn(daemonSet('d', 100, 64, scheduling), m5, { group: 'ng', ...node })).toBe(runs);
  });

  it('tolerates network-unavailable with hostNetwork, and matches Karpenter nodes by their NodePool', () => {
    expect(runsOn(daemonSet('d', 100, 64, {}, true), m5, { group: 'ng', taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] })).toBe(true);
    const onPool = daemonSet('d', 100, 64, { nodeSelector: { 'karpenter.sh/nodepool': 'batch' } });
    expect(runsOn(onPool, m5, { group: 'batch', nodePool: true })).toBe(true);
    expect(runsOn(onPool, m5, { group: 'batch' })).toBe(false);
    expect(runsOn(daemonSet('arm', 100, 64, { nodeSelector: { 'kubernetes.io/arch': 'arm64' } }), m6g, { group: 'ng' })).toBe(true);
  });

  it('sums what the DaemonSets on a node take, each once, and ECS daemons run everywhere', () => {
    const place = daemonPlacement([daemonSet('logs', 300, 512), daemonSet('gpu-agent', 50, 50, { nodeSelector: { gpu: 'true' } }), daemonSet('node-exporter', 100, 100, {}, true)]);
    expect(place(m5, { group: 'ng' })).toEqual({ cpu: 400 * CPU_SHARES_PER_MILLICORE, memoryMiB: 612, count: 2, ownAddresses: 1 });
    expect(place(m5, { group: 'gpus', labels: { gpu: 'true' } })).toEqual({ cpu: 450 * CPU_SHARES_PER_MILLICORE, memoryMiB: 662, count: 3, ownAddresses: 2 });
    expect(daemonPlacement([{ name: 'ecs', cpu: 256_000, memoryMiB: 256, ownAddress: false, podScheduling: null }])(m5, { group: '' })).toEqual({ cpu: 256_000, memoryMiB: 256, count: 1, ownAddresses: 0 });
  });
});

describe('the node models with user daemons', () => {
  const place = daemonPlacement([daemonSet('logs', 300, 512, { nodeSelector: { logs: 'on' } })]);

  it('EKS: allocatable less the DaemonSet pod, max pods less one, on the groups it selects only', () => {
    const plain = eksHostProfile(DEFAULT_CNI_SETTINGS);
    const withDs = eksHostProfile(DEFAULT_CNI_SETTINGS, place);
    const selected = group('ng', { labels: { logs: 'on' } });
    expect(withDs.registered(m5, selected).cpu).toBe(plain.registered(m5, selected).cpu - 300 * CPU_SHARES_PER_MILLICORE);
    expect(withDs.registered(m5, selected).memoryMiB).toBe(plain.registered(m5, selected).memoryMiB - 512);
    expect(withDs.maxTasks(m5, selected)).toBe(plain.maxTasks(m5, selected) - 1);
    const other = group('other');
    expect(withDs.registered(m5, other)).toEqual(plain.registered(m5, other));
    expect(withDs.maxTasks(m5, other)).toBe(plain.maxTasks(m5, other));
    // Cluster Autoscaler counts the same DaemonSets in the group's utilization.
    expect(eksDaemonSetRequests(selected, place).cpu - eksDaemonSetRequests(other, place).cpu).toBe(300 * CPU_SHARES_PER_MILLICORE);
  });

  it('Karpenter: the NodePool its nodes belong to decides, as for a node group', () => {
    const pool: NodePoolSpec = { name: 'logged', requirements: [], disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfterMs: 0, expireAfterMs: null, budgets: [] } };
    const everywhere = daemonPlacement([daemonSet('logs', 300, 512, { nodeSelector: { 'karpenter.sh/nodepool': 'logged' } })]);
    const plain = karpenterHostProfile(DEFAULT_CNI_SETTINGS);
    const withDs = karpenterHostProfile(DEFAULT_CNI_SETTINGS, everywhere);
    expect(withDs.registered(m5, pool).cpu).toBe(plain.registered(m5, pool).cpu - 300 * CPU_SHARES_PER_MILLICORE);
    expect(withDs.maxTasks(m5, pool)).toBe(plain.maxTasks(m5, pool) - 1);
  });

  it('ECS: registered resources less the DAEMON task, and one task ENI fewer for an awsvpc one', () => {
    const plain = ecsHostProfile(0, false);
    const bridge = ecsHostProfile(0, false, daemonPlacement([{ name: 'd', cpu: 256_000, memoryMiB: 256, ownAddress: false, podScheduling: null }]));
    const awsvpc = ecsHostProfile(0, false, daemonPlacement([{ name: 'd', cpu: 256_000, memoryMiB: 256, ownAddress: true, podScheduling: null }]));
    expect(bridge.registered(m5).cpu).toBe(plain.registered(m5).cpu - 256_000);
    expect(bridge.registered(m5).memoryMiB).toBe(plain.registered(m5).memoryMiB - 256);
    expect(bridge.taskEniLimit(m5)).toBe(plain.taskEniLimit(m5));
    expect(awsvpc.taskEniLimit(m5)).toBe(plain.taskEniLimit(m5) - 1);
  });
});
