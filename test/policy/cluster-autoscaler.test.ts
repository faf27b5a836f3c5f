import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/engine/rng.js';
import type { NoScaleUpReason } from '../../src/model/events/cluster-autoscaler.js';
import { NO_DEVICES, nvidiaGpus } from '../../src/model/devices.js';
import { CPU_SHARES_PER_MILLICORE, CPU_SHARES_PER_VCPU } from '../../src/model/resources.js';
import {
  balanceIncrease,
  bestBy,
  estimateNodes,
  expand,
  planScaleUp,
  priorityOf,
  similarTemplates,
  templateMisfit,
  wasteScore,
  type ExpansionPlan,
  type NodeGroupState,
  type NodeGroupTemplate,
  type PendingPod,
} from '../../src/policy/cluster-autoscaler/scale-up.js';
import { nodeUtilization, peakUtilization, underutilized } from '../../src/policy/cluster-autoscaler/scale-down.js';

/** Cluster Autoscaler's scale-up decisions (src/policy/cluster-autoscaler/scale-up.ts), table-driven. */

const vcpu = (n: number): number => n * CPU_SHARES_PER_VCPU;
const m = (n: number): number => n * CPU_SHARES_PER_MILLICORE;

function template(name: string, over: Partial<NodeGroupTemplate> = {}): NodeGroupTemplate {
  return {
    name,
    instanceType: 'm5.xlarge',
    cpu: vcpu(4),
    memoryMiB: 16_000,
    pods: 58,
    devices: NO_DEVICES,
    labels: new Map([
      ['node.kubernetes.io/instance-type', 'm5.xlarge'],
      ['topology.kubernetes.io/zone', 'us-east-1a'],
      ['eks.amazonaws.com/nodegroup', name],
    ]),
    taints: [],
    pricePerHour: 0.192,
    ...over,
  };
}

function group(t: NodeGroupTemplate, size = 1, maxSize = 10): NodeGroupState {
  return { template: t, size, minSize: 0, maxSize, backedOffUntil: null };
}

function pods(n: number, cpu = m(500), memoryMiB = 1024, prefix = 'p'): PendingPod[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, cpu, memoryMiB, devices: NO_DEVICES, spec: { labels: {} } }));
}

function option(g: NodeGroupState, nodes: number, ps: readonly PendingPod[]): ExpansionPlan {
  return { group: g, nodes, pods: ps };
}

const NO_PRIORITIES: readonly { priority: number; patterns: string[] }[] = [];

describe('Cluster Autoscaler scale-up', () => {
  it('a pod fits a template node only with the labels, tolerations and room it asks for', () => {
    const t = template('gpu', { taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }] });
    const [pod] = pods(1);
    expect(templateMisfit(pod!, t)).toEqual({ code: 'TAINT_NOT_TOLERATED', group: 'gpu', taint: 'nvidia.com/gpu' });
    expect(templateMisfit({ ...pod!, spec: { labels: {}, nodeSelector: { team: 'x' } } }, template('a'))).toEqual({ code: 'NODE_SELECTOR_MISMATCH', group: 'a' });
    expect(templateMisfit({ ...pod!, cpu: vcpu(5), memoryMiB: 20_000 }, template('a'))).toEqual({ code: 'WOULD_NOT_FIT', group: 'a', insufficient: ['cpu', 'memory'] });
    expect(templateMisfit(pod!, template('a'))).toBeNull();
  });

  it('the binpacking estimate packs the largest pods first and stops at the room left', () => {
    // 3 pods of 3 vCPU and 3 of 1 vCPU on 4-vCPU nodes: 3 nodes, each 3 + 1.
    const big = pods(3, vcpu(3), 1024, 'big');
    const small = pods(3, vcpu(1), 1024, 'small');
    expect(estimateNodes([...small, ...big], template('a'), 10).nodes).toBe(3);
    // Room for 2 nodes: 4 pods (2 big, 2 small) are taken, 2 are left.
    const capped = estimateNodes([...small, ...big], template('a'), 2);
    expect(capped.nodes).toBe(2);
    expect(capped.pods.map((p) => p.id).sort()).toEqual(['big-0', 'big-1', 'small-0', 'small-1']);
  });

  it('random picks among every option with a draw from its stream (same seed, same pick)', () => {
    const gs = ['a', 'b', 'c'].map((n) => group(template(n)));
    const options = gs.map((g) => option(g, 1, pods(2)));
    const picks = (seed: string): string[] => {
      const rng = RandomStream.root(seed).fork('cluster-autoscaler');
      return Array.from({ length: 30 }, () => expand(options, ['random'], NO_PRIORITIES, rng).group.template.name);
    };
    expect(picks('1')).toEqual(picks('1'));
    expect(new Set(picks('1'))).toEqual(new Set(['a', 'b', 'c']));
    // One option left: no draw is made.
    const rng = RandomStream.root('1').fork('x');
    expect(expand([options[1]!], ['random'], NO_PRIORITIES, rng).group.template.name).toBe('b');
  });

  it('most-pods keeps the options that take the most pods', () => {
    const a = option(group(template('a')), 1, pods(3));
    const b = option(group(template('b')), 2, pods(5));
    const c = option(group(template('c')), 1, pods(5));
    expect(bestBy([a, b, c], 'most-pods', NO_PRIORITIES).map((o) => o.group.template.name)).toEqual(['b', 'c']);
  });

  it('least-waste keeps the option leaving the least idle CPU and memory', () => {
    // 3 pods of 1 vCPU / 2 GiB: on an m5.xlarge (4 vCPU, 16 GB) 25 % CPU and 62 % memory idle;
    // on a c5.xlarge (4 vCPU, 8 GB) 25 % and 25 %: c5 wastes less.
    const ps = pods(3, vcpu(1), 2048);
    const m5 = option(group(template('m5')), 1, ps);
    const c5 = option(group(template('c5', { instanceType: 'c5.xlarge', memoryMiB: 8192 })), 1, ps);
    expect(wasteScore(m5)).toBeCloseTo(0.25 + (16_000 - 6144) / 16_000, 6);
    expect(wasteScore(c5)).toBeCloseTo(0.25 + 0.25, 6);
    expect(bestBy([m5, c5], 'least-waste', NO_PRIORITIES).map((o) => o.group.template.name)).toEqual(['c5']);
  });

  it('price keeps the option with the lowest cost per pod', () => {
    const ps = pods(4);
    const cheap = option(group(template('cheap', { pricePerHour: 0.17 })), 1, ps);
    const dear = option(group(template('dear', { pricePerHour: 0.192 })), 1, ps);
    const twoCheap = option(group(template('two', { pricePerHour: 0.1 })), 2, ps);
    expect(bestBy([dear, cheap, twoCheap], 'price', NO_PRIORITIES).map((o) => o.group.template.name)).toEqual(['cheap']);
  });

  it('priority keeps the highest-priority groups by their name patterns; unmatched groups rank last', () => {
    const priorities = [
      { priority: 10, patterns: ['.*'] },
      { priority: 50, patterns: ['^spot-.*'] },
    ];
    expect(priorityOf('spot-a', priorities)).toBe(50);
    expect(priorityOf('on-demand', priorities)).toBe(10);
    expect(priorityOf('x', [{ priority: 5, patterns: ['^y'] }])).toBe(Number.NEGATIVE_INFINITY);
    const od = option(group(template('on-demand')), 1, pods(2));
    const spotA = option(group(template('spot-a')), 1, pods(2));
    const spotB = option(group(template('spot-b')), 1, pods(4));
    expect(bestBy([od, spotA, spotB], 'priority', priorities).map((o) => o.group.template.name)).toEqual(['spot-a', 'spot-b']);
    // A chain: priority first, most-pods breaks its tie without a draw.
    const rng = RandomStream.root('1').fork('cluster-autoscaler');
    expect(expand([od, spotA, spotB], ['priority', 'most-pods'], priorities, rng).group.template.name).toBe('spot-b');
  });

  it('similar node groups: same type, labels and taints but for the zone and node group name', () => {
    const a = template('general-a');
    const b = template('general-b', { labels: new Map([...a.labels, ['topology.kubernetes.io/zone', 'us-east-1b'], ['eks.amazonaws.com/nodegroup', 'general-b']]) });
    expect(similarTemplates(a, b)).toBe(true);
    expect(similarTemplates(a, template('x', { labels: new Map([...a.labels, ['team', 'payments']]) }))).toBe(false);
    expect(similarTemplates(a, template('c5', { instanceType: 'c5.xlarge' }))).toBe(false);
  });

  it('balancing gives each new node to the smallest similar group, within maxSize', () => {
    // b and c (1 each) first, c stops at its max of 2, then b catches up with a and they take turns.
    const gs = [group(template('a'), 3, 10), group(template('b'), 1, 10), group(template('c'), 1, 2)];
    expect(balanceIncrease(gs, 4)).toEqual([
      { group: 'a', nodes: 1 },
      { group: 'b', nodes: 2 },
      { group: 'c', nodes: 1 },
    ]);
    expect(balanceIncrease([group(template('a'), 5, 5)], 2)).toEqual([]);
  });

  it('plans a balanced scale-up and says why the other pods are not helped', () => {
    const a = template('general-a');
    const b = template('general-b', { labels: new Map([...a.labels, ['topology.kubernetes.io/zone', 'us-east-1b'], ['eks.amazonaws.com/nodegroup', 'general-b']]) });
    const full = template('full', { instanceType: 'r5.xlarge', memoryMiB: 31_000 });
    const groups = [group(a, 1, 5), group(b, 1, 5), group(full, 3, 3)];
    // 14 pods of 1 vCPU: four pods per 4-vCPU template node, so 4 nodes; the r5 group is full.
    const ps = pods(14, vcpu(1), 1024);
    const huge: PendingPod = { id: 'huge', cpu: vcpu(8), memoryMiB: 1024, devices: NO_DEVICES, spec: { labels: {} } };
    const notHelped = new Map<PendingPod, NoScaleUpReason[]>();
    const plan = planScaleUp([...ps, huge], groups, { expanders: ['least-waste'], priorities: [], balanceSimilarNodeGroups: true }, 0, RandomStream.root('1').fork('ca'), notHelped)!;
    expect(plan.chosen.nodes).toBe(4);
    expect(plan.balancedOver).toEqual(['general-a', 'general-b']);
    expect(plan.increases).toEqual([
      { group: 'general-a', nodes: 2 },
      { group: 'general-b', nodes: 2 },
    ]);
    expect([...notHelped.keys()].map((p) => p.id)).toEqual(['huge']);
    expect(notHelped.get(huge)!.map((r) => r.code)).toEqual(['WOULD_NOT_FIT', 'WOULD_NOT_FIT', 'WOULD_NOT_FIT']);
  });

  it('a group at its maxSize or backed off is no option', () => {
    const notHelped = new Map<PendingPod, NoScaleUpReason[]>();
    const ps = pods(1);
    const groups: NodeGroupState[] = [group(template('max'), 4, 4), { ...group(template('off')), backedOffUntil: 60_000 }];
    expect(planScaleUp(ps, groups, { expanders: ['random'], priorities: [], balanceSimilarNodeGroups: false }, 30_000, RandomStream.root('1').fork('ca'), notHelped)).toBeNull();
    expect(notHelped.get(ps[0]!)).toEqual([
      { code: 'MAX_SIZE_REACHED', group: 'max', maxSize: 4 },
      { code: 'BACKED_OFF', group: 'off', untilMs: 60_000 },
    ]);
  });
});

describe('Cluster Autoscaler scale-up with GPUs and Neuron devices', () => {
  /** A g5.xlarge template: 4 vCPU, 1 NVIDIA GPU. */
  const g5 = (name: string): NodeGroupTemplate => template(name, { instanceType: 'g5.xlarge', devices: nvidiaGpus(1), pricePerHour: 1.006 });
  const gpuPods = (n: number, gpus = 1): PendingPod[] => pods(n, vcpu(1), 1024, 'gpu').map((p) => ({ ...p, devices: nvidiaGpus(gpus) }));

  it('a GPU pod fits a template node only with the GPUs it asks for, and the reason names the resource', () => {
    const [pod] = gpuPods(1);
    expect(templateMisfit(pod!, template('cpu'))).toEqual({ code: 'WOULD_NOT_FIT', group: 'cpu', insufficient: ['nvidia.com/gpu'] });
    expect(templateMisfit(pod!, g5('gpu'))).toBeNull();
    expect(templateMisfit({ ...pod!, devices: nvidiaGpus(2) }, g5('gpu'))).toEqual({ code: 'WOULD_NOT_FIT', group: 'gpu', insufficient: ['nvidia.com/gpu'] });
    const neuron: PendingPod = { ...pod!, cpu: vcpu(5), devices: { ...NO_DEVICES, neuron: 1, neuronCore: 2 } };
    expect(templateMisfit(neuron, g5('gpu'))).toEqual({ code: 'WOULD_NOT_FIT', group: 'gpu', insufficient: ['cpu', 'aws.amazon.com/neuron', 'aws.amazon.com/neuroncore'] });
    expect(templateMisfit(neuron, template('inf', { cpu: vcpu(8), devices: { ...NO_DEVICES, neuron: 1, neuronCore: 2 } }))).toBeNull();
  });

  it('the binpacking estimate puts one 1-GPU pod on each g5.xlarge template node', () => {
    // Four 1-vCPU pods would share one 4-vCPU node by CPU; one GPU per node makes it four.
    expect(estimateNodes(gpuPods(4), g5('gpu'), 10)).toEqual({ nodes: 4, pods: gpuPods(4) });
    // Room for 2 nodes: 2 pods taken.
    expect(estimateNodes(gpuPods(4), g5('gpu'), 2).pods).toHaveLength(2);
    // Pods without devices still share a node, next to the GPU pod.
    expect(estimateNodes([...gpuPods(1), ...pods(3, vcpu(1), 1024)], g5('gpu'), 10).nodes).toBe(1);
  });

  it('plans a scale-up of the GPU group, not of the CPU-only one', () => {
    const notHelped = new Map<PendingPod, NoScaleUpReason[]>();
    const ps = gpuPods(2);
    const plan = planScaleUp(ps, [group(template('cpu')), group(g5('gpu'), 0)], { expanders: ['random'], priorities: [], balanceSimilarNodeGroups: false }, 0, RandomStream.root('1').fork('ca'), notHelped)!;
    expect(plan.options.map((o) => [o.group.template.name, o.nodes, o.pods.length])).toEqual([['gpu', 2, 2]]);
    expect(plan.increases).toEqual([{ group: 'gpu', nodes: 2 }]);
    expect(notHelped.size).toBe(0);
    // Only the CPU-only group: no plan, and the pods are told the GPU is short.
    expect(planScaleUp(ps, [group(template('cpu'))], { expanders: ['random'], priorities: [], balanceSimilarNodeGroups: false }, 0, RandomStream.root('1').fork('ca'), notHelped)).toBeNull();
    expect(notHelped.get(ps[0]!)).toEqual([{ code: 'WOULD_NOT_FIT', group: 'cpu', insufficient: ['nvidia.com/gpu'] }]);
  });
});

describe('Cluster Autoscaler utilization', () => {
  it('counts DaemonSets and compares the larger of CPU and memory with the threshold', () => {
    const ds = { cpu: m(125), memoryMiB: 0 };
    // 1.8 of 3.875 allocatable vCPU requested (plus 125m of DaemonSets): 48 %; memory 10 %.
    const u = nodeUtilization({ cpu: m(3875), memoryMiB: 15_000, allocatedCpu: m(1800), allocatedMemoryMiB: 1500 }, ds);
    expect(u.cpu).toBeCloseTo(1925 / 4000, 6);
    expect(u.memory).toBeCloseTo(0.1, 6);
    expect(underutilized(u, 0.5)).toBe(true);
    expect(underutilized(u, 0.48)).toBe(false);
    expect(peakUtilization({ cpu: m(3875), memoryMiB: 15_000, allocatedCpu: m(1800), allocatedMemoryMiB: 1500 }, ds)).toBeCloseTo(u.cpu, 12);
    // Memory alone above the threshold keeps the node.
    expect(underutilized(nodeUtilization({ cpu: m(3875), memoryMiB: 15_000, allocatedCpu: 0, allocatedMemoryMiB: 8000 }, ds), 0.5)).toBe(false);
  });
});
