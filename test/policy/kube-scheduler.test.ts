import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/engine/rng.js';
import type { Host, Taint } from '../../src/model/host.js';
import { DEFAULT_PROFILE, type PodSchedulingSpec, type SchedulerProfileSpec, type Toleration } from '../../src/model/pod-scheduling-spec.js';
import { basicKubeScheduler, leastAllocatedScore } from '../../src/policy/kube/basic-scheduler.js';
import { SchedulerConfigError } from '../../src/policy/kube/args.js';
import { fitError } from '../../src/model/reasons/scheduling.js';
import { SCALE_IN } from '../../src/model/reasons/stop.js';
import { numFeasibleNodesToFind, type AnyPlugin } from '../../src/policy/kube/framework.js';
import type { PlacementResult } from '../../src/policy/placement-policy.js';
import { describeFilterReason, describePlacementFailure } from '../../src/report/describe/placement.js';
import { KubeSchedulerPolicy } from '../../src/policy/kube/kube-scheduler-policy.js';
import { compileProfile, IN_TREE_REGISTRY, type PluginFactory } from '../../src/policy/kube/registry.js';
import { imageLocalityPriority } from '../../src/policy/kube/plugins/image-locality.js';
import { KubeCluster, m, profileWith } from '../support/kube-fixtures.js';

// ---------------------------------------------------------------------------------------------
// Helpers

/** Names of the nodes that pass every filter, sorted. */
function feasibleNames(c: KubeCluster, policy: KubeSchedulerPolicy, workload: string): string[] {
  return policy
    .explain(c.request(workload), c.state)
    .nodes.map((h) => c.nameOf(h))
    .sort();
}

/** The reasons a named node fails with, in kube-scheduler's words. */
function reasonsFor(c: KubeCluster, policy: KubeSchedulerPolicy, workload: string, node: string): readonly string[] {
  return (policy.explain(c.request(workload), c.state).reasons.get(c.host(node)) ?? []).map(describeFilterReason);
}

/** A placement result with its failure in kube-scheduler's words (`reason`), as a pod event shows it. */
function said(r: PlacementResult, workload = 'p'): { ok: true } | { ok: false; reason: string } {
  return r.ok ? { ...r } : { ok: false, reason: describePlacementFailure(workload, r.failure) };
}

/** A plugin's normalized scores by node name. */
function pluginScores(c: KubeCluster, policy: KubeSchedulerPolicy, workload: string, plugin: string): Record<string, number> {
  const e = policy.explain(c.request(workload), c.state);
  const scores = e.scores.get(plugin)!;
  return Object.fromEntries(e.nodes.map((h, i) => [c.nameOf(h), scores[i]!]));
}

const FILTERS_ONLY = profileWith(['NodeUnschedulable', 'TaintToleration', 'NodeAffinity', 'NodeResourcesFit', 'PodTopologySpread', 'InterPodAffinity']);

// ---------------------------------------------------------------------------------------------

describe('DEFAULT_PROFILE', () => {
  it('has the default plugins and weights of kube-scheduler (config/v1 default_plugins.go)', () => {
    const weights = Object.fromEntries(DEFAULT_PROFILE.plugins.map((p) => [p.name, p.weight ?? 0]));
    expect(weights).toEqual({
      NodeUnschedulable: 0,
      TaintToleration: 3,
      NodeAffinity: 2,
      NodeResourcesFit: 1,
      NodeVolumeLimits: 0,
      VolumeBinding: 0,
      VolumeZone: 0,
      PodTopologySpread: 2,
      InterPodAffinity: 2,
      DefaultPreemption: 0,
      NodeResourcesBalancedAllocation: 1,
      ImageLocality: 1,
    });
    const compiled = compileProfile(DEFAULT_PROFILE);
    expect(compiled.filters.map((p) => p.name)).toEqual([
      'NodeUnschedulable',
      'TaintToleration',
      'NodeAffinity',
      'NodeResourcesFit',
      'NodeVolumeLimits',
      'VolumeBinding',
      'VolumeZone',
      'PodTopologySpread',
      'InterPodAffinity',
    ]);
    expect(compiled.postFilters.map((p) => p.name)).toEqual(['DefaultPreemption']);
    expect(compiled.scorers.map((s) => `${s.plugin.name}:${s.weight}`)).toEqual([
      'TaintToleration:3',
      'NodeAffinity:2',
      'NodeResourcesFit:1',
      'PodTopologySpread:2',
      // InterPodAffinity scores preferred pod (anti-)affinity, with the default weight 2.
      'InterPodAffinity:2',
      'NodeResourcesBalancedAllocation:1',
      'ImageLocality:1',
    ]);
    expect(compiled.percentageOfNodesToScore).toBe(0);
  });
});

describe('NodeResourcesFit filter', () => {
  const cases: { name: string; node: { cpu: number; memoryMiB: number; maxPods: number }; used: number; pod: { cpu: number; memoryMiB: number }; reasons: string[] }[] = [
    { name: 'fits', node: { cpu: 1000, memoryMiB: 1024, maxPods: 10 }, used: 0, pod: { cpu: 1000, memoryMiB: 1024 }, reasons: [] },
    { name: 'cpu short by 1m', node: { cpu: 999, memoryMiB: 1024, maxPods: 10 }, used: 0, pod: { cpu: 1000, memoryMiB: 512 }, reasons: ['Insufficient cpu'] },
    { name: 'memory short', node: { cpu: 2000, memoryMiB: 1000, maxPods: 10 }, used: 0, pod: { cpu: 100, memoryMiB: 1024 }, reasons: ['Insufficient memory'] },
    { name: 'max pods reached', node: { cpu: 4000, memoryMiB: 4096, maxPods: 2 }, used: 2, pod: { cpu: 100, memoryMiB: 100 }, reasons: ['Too many pods'] },
    {
      name: 'everything at once',
      node: { cpu: 250, memoryMiB: 250, maxPods: 2 },
      used: 2,
      pod: { cpu: 200, memoryMiB: 200 },
      reasons: ['Too many pods', 'Insufficient cpu', 'Insufficient memory'],
    },
  ];
  it.each(cases)('$name', ({ node, used, pod, reasons }) => {
    const c = new KubeCluster()
      .node({ name: 'n', ...node })
      .workload('filler', { cpu: 50, memoryMiB: 50 })
      .workload('p', pod)
      .pod('filler', 'n', used);
    const policy = c.policy(profileWith(['NodeResourcesFit']));
    expect(reasonsFor(c, policy, 'p', 'n')).toEqual(reasons);
  });
});

describe('NodeResourcesFit scoring strategies', () => {
  /** Node: 4000m / 16384 MiB with 1000m / 4096 MiB requested; the pod asks 100m / 128 MiB. */
  const score = (args: unknown): number => {
    const c = new KubeCluster().node({ name: 'n' }).workload('used', { cpu: 1000, memoryMiB: 4096 }).workload('p').pod('used', 'n');
    const policy = c.policy(profileWith(['NodeResourcesFit'], { pluginConfig: args === undefined ? [] : [{ name: 'NodeResourcesFit', args }] }));
    return pluginScores(c, policy, 'p', 'NodeResourcesFit')['n']!;
  };
  // requested after placing: cpu 1100/4000 (27.5 %), memory 4224/16384 (25.78 %).
  it.each([
    { strategy: 'LeastAllocated (default)', args: undefined, expected: 73 }, // (72 + 74) / 2
    { strategy: 'LeastAllocated, cpu weight 3', args: { scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 3 }, { name: 'memory', weight: 1 }] } }, expected: 72 }, // (72*3 + 74) / 4 = 72.5
    { strategy: 'MostAllocated', args: { scoringStrategy: { type: 'MostAllocated' } }, expected: 26 }, // (27 + 25) / 2
    {
      strategy: 'RequestedToCapacityRatio, bin packing shape {0,0},{100,10}',
      args: { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] } } },
      expected: 26, // round((27 + 25) / 2)
    },
    {
      strategy: 'RequestedToCapacityRatio, spreading shape {0,10},{100,0}',
      args: { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }] } } },
      expected: 74, // round((73 + 75) / 2): 100 - 27 = 73, 100 - 25 = 75
    },
  ])('$strategy scores $expected', ({ args, expected }) => {
    expect(score(args)).toBe(expected);
  });

  it('RequestedToCapacityRatio reproduces the Resource Bin Packing docs example (cpu and memory parts, weights 3 and 1)', () => {
    // Docs: pod requests cpu 2, memory 256MB; node 1 uses cpu 1 of 8, memory 256MB of 1GB;
    // node 2 uses cpu 6 of 8, memory 512MB of 1GB; shape {0,0},{100,10}.
    const c = new KubeCluster()
      .node({ name: 'node1', cpu: 8000, memoryMiB: 1024 })
      .node({ name: 'node2', cpu: 8000, memoryMiB: 1024 })
      .workload('u1', { cpu: 1000, memoryMiB: 256 })
      .workload('u2', { cpu: 6000, memoryMiB: 512 })
      .workload('p', { cpu: 2000, memoryMiB: 256 })
      .pod('u1', 'node1')
      .pod('u2', 'node2');
    const args = {
      scoringStrategy: {
        type: 'RequestedToCapacityRatio',
        resources: [{ name: 'cpu', weight: 3 }, { name: 'memory', weight: 1 }],
        requestedToCapacityRatio: { shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] },
      },
    };
    const policy = c.policy(profileWith(['NodeResourcesFit'], { pluginConfig: [{ name: 'NodeResourcesFit', args }] }));
    // node1: cpu 3/8 -> 37, memory 512/1024 -> 50: round((37*3 + 50) / 4) = 40.
    // node2: cpu 8/8 -> 100, memory 768/1024 -> 75: round((100*3 + 75) / 4) = 94.
    expect(pluginScores(c, policy, 'p', 'NodeResourcesFit')).toEqual({ node1: 40, node2: 94 });
    expect(c.nameOf((policy.place(c.request('p'), c.state) as { host: Host }).host)).toBe('node2');
  });

  it('LeastAllocated spreads and MostAllocated packs', () => {
    const build = () =>
      new KubeCluster().node({ name: 'half-full' }).node({ name: 'empty' }).workload('big', { cpu: 2000, memoryMiB: 8192 }).workload('p').pod('big', 'half-full');
    const least = build();
    const most = build();
    const mostProfile = profileWith(['NodeResourcesFit'], { pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }] });
    const lp = least.policy(profileWith(['NodeResourcesFit']));
    const mp = most.policy(mostProfile);
    for (let i = 0; i < 5; i++) {
      expect(least.nameOf((least.schedule(lp, 'p') as { host: Host }).host)).toBe('empty');
      expect(most.nameOf((most.schedule(mp, 'p') as { host: Host }).host)).toBe('half-full');
    }
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  it.each([
    // Node 4000m / 10000 MiB. fractions after the pod: |cpu - mem| / 2 = std.
    { used: { cpu: 2000, memoryMiB: 4000 }, pod: { cpu: 1000, memoryMiB: 1000 }, expected: 87 }, // 0.75 vs 0.5: std 0.125
    { used: { cpu: 1000, memoryMiB: 2500 }, pod: { cpu: 1000, memoryMiB: 2500 }, expected: 100 }, // 0.5 vs 0.5
    { used: { cpu: 3900, memoryMiB: 0 }, pod: { cpu: 100, memoryMiB: 100 }, expected: 50 }, // 1.0 vs 0.01: std 0.495
  ])('used $used + pod $pod scores $expected', ({ used, pod, expected }) => {
    const c = new KubeCluster()
      .node({ name: 'n', cpu: 4000, memoryMiB: 10000 })
      .workload('used', used)
      .workload('p', pod)
      .pod('used', 'n');
    const policy = c.policy(profileWith(['NodeResourcesFit', 'NodeResourcesBalancedAllocation']));
    expect(pluginScores(c, policy, 'p', 'NodeResourcesBalancedAllocation')['n']).toBe(expected);
  });
});

describe('NodeUnschedulable', () => {
  it('rejects cordoned nodes unless the pod tolerates node.kubernetes.io/unschedulable', () => {
    const c = new KubeCluster().node({ name: 'cordoned', status: 'DRAINING' }).node({ name: 'ok' }).workload('p');
    c.workload('ds', { spec: { labels: { app: 'ds' }, tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } });
    const policy = c.policy(FILTERS_ONLY);
    expect(reasonsFor(c, policy, 'p', 'cordoned')).toEqual(['node(s) were unschedulable']);
    expect(feasibleNames(c, policy, 'ds')).toEqual(['cordoned', 'ok']);
  });
});

describe('TaintToleration', () => {
  // Docs "Taints and Tolerations": `kubectl taint nodes node1 key1=value1:NoSchedule`.
  const key1: Taint = { key: 'key1', value: 'value1', effect: 'NoSchedule' };
  const cases: { name: string; taints: Taint[]; tolerations?: Toleration[]; reason?: string }[] = [
    { name: 'untolerated NoSchedule', taints: [key1], reason: 'node(s) had untolerated taint {key1: value1}' },
    { name: 'Equal with the same value', taints: [key1], tolerations: [{ key: 'key1', operator: 'Equal', value: 'value1', effect: 'NoSchedule' }] },
    { name: 'Exists on the key', taints: [key1], tolerations: [{ key: 'key1', operator: 'Exists', effect: 'NoSchedule' }] },
    { name: 'Equal with another value', taints: [key1], tolerations: [{ key: 'key1', operator: 'Equal', value: 'other', effect: 'NoSchedule' }], reason: 'node(s) had untolerated taint {key1: value1}' },
    { name: 'empty effect matches every effect', taints: [key1], tolerations: [{ key: 'key1', operator: 'Equal', value: 'value1' }] },
    { name: 'empty key with Exists tolerates everything', taints: [key1, { key: 'k2', effect: 'NoExecute' }], tolerations: [{ operator: 'Exists' }] },
    { name: 'wrong effect', taints: [key1], tolerations: [{ key: 'key1', operator: 'Exists', effect: 'NoExecute' }], reason: 'node(s) had untolerated taint {key1: value1}' },
    {
      // Docs: three taints, two tolerated: the pod cannot schedule onto the node.
      name: 'docs multi-taint example',
      taints: [key1, { key: 'key1', value: 'value1', effect: 'NoExecute' }, { key: 'key2', value: 'value2', effect: 'NoSchedule' }],
      tolerations: [
        { key: 'key1', operator: 'Equal', value: 'value1', effect: 'NoSchedule' },
        { key: 'key1', operator: 'Equal', value: 'value1', effect: 'NoExecute' },
      ],
      reason: 'node(s) had untolerated taint {key2: value2}',
    },
    { name: 'PreferNoSchedule never filters', taints: [{ key: 'soft', value: 'x', effect: 'PreferNoSchedule' }] },
  ];
  it.each(cases)('$name', ({ taints, tolerations, reason }) => {
    const c = new KubeCluster().node({ name: 'node1', taints }).workload('p', { spec: { labels: {}, tolerations } });
    const policy = c.policy(FILTERS_ONLY);
    expect(reasonsFor(c, policy, 'p', 'node1')).toEqual(reason === undefined ? [] : [reason]);
  });

  it('a node that is not Ready yet carries node.kubernetes.io/not-ready:NoSchedule', () => {
    const c = new KubeCluster().node({ name: 'booting', status: 'REGISTERING' }).workload('p');
    c.workload('tolerant', { spec: { labels: {}, tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }] } });
    const policy = c.policy();
    expect(reasonsFor(c, policy, 'p', 'booting')).toEqual(['node(s) had untolerated taint {node.kubernetes.io/not-ready: }']);
    expect(feasibleNames(c, policy, 'tolerant')).toEqual(['booting']);
  });

  it('a node whose instance failed or kubelet went silent looks Ready until the node lifecycle controller taints it', () => {
    const c = new KubeCluster().node({ name: 'dead' }).node({ name: 'silent' }).node({ name: 'cordoned-then-dead', status: 'DRAINING' }).workload('p');
    c.workload('tolerates-noexecute', { spec: { labels: {}, tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }] } });
    c.workload('tolerates-all', { spec: { labels: {}, tolerations: [{ operator: 'Exists' }] } });
    c.actions.hosts.fail(c.host('dead'), { code: 'INSTANCE_FAILURE' });
    c.actions.nodes.partition(c.host('silent'), 'kubelet');
    c.actions.hosts.fail(c.host('cordoned-then-dead'), { code: 'INSTANCE_FAILURE' });
    const policy = c.policy(FILTERS_ONLY);
    // Nothing on the Node says so yet: both still feasible; the cordon outlives the failure.
    expect(feasibleNames(c, policy, 'p')).toEqual(['dead', 'silent']);
    expect(reasonsFor(c, policy, 'p', 'cordoned-then-dead')).toEqual(['node(s) were unschedulable']);
    // NotReady: the NoSchedule taint keeps off even a pod that tolerates the NoExecute one.
    for (const name of ['dead', 'silent']) {
      c.actions.nodes.taint(c.host(name), { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' });
      c.actions.nodes.taint(c.host(name), { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' });
    }
    expect(feasibleNames(c, policy, 'p')).toEqual([]);
    expect(reasonsFor(c, policy, 'p', 'dead')).toEqual(['node(s) had untolerated taint {node.kubernetes.io/unreachable: }']);
    expect(feasibleNames(c, policy, 'tolerates-noexecute')).toEqual([]);
    expect(feasibleNames(c, policy, 'tolerates-all').sort()).toEqual(['cordoned-then-dead', 'dead', 'silent']);
  });

  it('scores untolerated PreferNoSchedule taints, fewer is better (normalized reversed)', () => {
    const soft = (k: string): Taint => ({ key: k, value: 'x', effect: 'PreferNoSchedule' });
    const c = new KubeCluster()
      .node({ name: 'clean' })
      .node({ name: 'one', taints: [soft('a')] })
      .node({ name: 'two', taints: [soft('a'), soft('b')] })
      .workload('p')
      .workload('tolerates-a', { spec: { labels: {}, tolerations: [{ key: 'a', operator: 'Exists', effect: 'PreferNoSchedule' }] } });
    const policy = c.policy();
    expect(pluginScores(c, policy, 'p', 'TaintToleration')).toEqual({ clean: 100, one: 50, two: 0 });
    expect(pluginScores(c, policy, 'tolerates-a', 'TaintToleration')).toEqual({ clean: 100, one: 100, two: 0 });
  });
});

describe('NodeAffinity', () => {
  const nodeLabels = { 'topology.kubernetes.io/zone': 'antarctica-east1', disktype: 'ssd', cores: '8' };
  const spec = (expr: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt'; values?: string[] }): PodSchedulingSpec => ({
    labels: {},
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expr] }] } } },
  });
  it.each([
    { expr: { key: 'topology.kubernetes.io/zone', operator: 'In' as const, values: ['antarctica-east1', 'antarctica-west1'] }, matches: true },
    { expr: { key: 'topology.kubernetes.io/zone', operator: 'In' as const, values: ['antarctica-west1'] }, matches: false },
    { expr: { key: 'disktype', operator: 'NotIn' as const, values: ['hdd'] }, matches: true },
    { expr: { key: 'missing', operator: 'NotIn' as const, values: ['x'] }, matches: true },
    { expr: { key: 'disktype', operator: 'Exists' as const }, matches: true },
    { expr: { key: 'gpu', operator: 'Exists' as const }, matches: false },
    { expr: { key: 'gpu', operator: 'DoesNotExist' as const }, matches: true },
    { expr: { key: 'cores', operator: 'Gt' as const, values: ['4'] }, matches: true },
    { expr: { key: 'cores', operator: 'Gt' as const, values: ['8'] }, matches: false },
    { expr: { key: 'cores', operator: 'Lt' as const, values: ['16'] }, matches: true },
    { expr: { key: 'disktype', operator: 'Gt' as const, values: ['1'] }, matches: false }, // not an integer
    { expr: { key: 'missing', operator: 'Lt' as const, values: ['1'] }, matches: false },
  ])('$expr.key $expr.operator $expr.values -> $matches', ({ expr, matches }) => {
    const c = new KubeCluster().node({ name: 'n', labels: nodeLabels }).workload('p', { spec: spec(expr) });
    const policy = c.policy(FILTERS_ONLY);
    expect(reasonsFor(c, policy, 'p', 'n')).toEqual(matches ? [] : ["node(s) didn't match Pod's node affinity/selector"]);
  });

  it('nodeSelector needs every label; required terms are ORed, a term with no expressions matches nothing', () => {
    const c = new KubeCluster()
      .node({ name: 'ssd', labels: { disktype: 'ssd' } })
      .node({ name: 'hdd', labels: { disktype: 'hdd' } })
      .node({ name: 'gpu', labels: { accelerator: 'nvidia' } })
      .workload('selector', { spec: { labels: {}, nodeSelector: { disktype: 'ssd' } } })
      .workload('either', {
        spec: {
          labels: {},
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: 'disktype', operator: 'In', values: ['hdd'] }] }, { matchExpressions: [{ key: 'accelerator', operator: 'Exists' }] }],
              },
            },
          },
        },
      })
      .workload('empty-term', { spec: { labels: {}, affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } } });
    const policy = c.policy(FILTERS_ONLY);
    expect(feasibleNames(c, policy, 'selector')).toEqual(['ssd']);
    expect(feasibleNames(c, policy, 'either')).toEqual(['gpu', 'hdd']);
    expect(feasibleNames(c, policy, 'empty-term')).toEqual([]);
  });

  it('scores preferred terms by weight (docs "node affinity weight" example: label-1 weight 1, label-2 weight 50)', () => {
    const c = new KubeCluster()
      .node({ name: 'n1', labels: { 'label-1': 'key-1' } })
      .node({ name: 'n2', labels: { 'label-2': 'key-2' } })
      .node({ name: 'none' })
      .workload('p', {
        spec: {
          labels: {},
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }] },
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 1, preference: { matchExpressions: [{ key: 'label-1', operator: 'In', values: ['key-1'] }] } },
                { weight: 50, preference: { matchExpressions: [{ key: 'label-2', operator: 'In', values: ['key-2'] }] } },
              ],
            },
          },
        },
      });
    const policy = c.policy();
    // Raw 1, 50, 0 normalized to the best: 100 * 1 / 50 = 2.
    expect(pluginScores(c, policy, 'p', 'NodeAffinity')).toEqual({ n1: 2, n2: 100, none: 0 });
    expect(c.nameOf((c.schedule(policy, 'p') as { host: Host }).host)).toBe('n2');
  });
});

describe('PodTopologySpread', () => {
  const zoneSpread = (extra: Partial<PodSchedulingSpec> = {}, maxSkew = 1): PodSchedulingSpec => ({
    labels: { foo: 'bar' },
    topologySpreadConstraints: [{ maxSkew, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { foo: 'bar' } } }],
    ...extra,
  });
  /** Docs: node1, node2 in zoneA; node3, node4 in zoneB; one foo=bar pod on node1, node2 and node3. */
  const docsCluster = (spec: PodSchedulingSpec, withZoneC = false): KubeCluster => {
    const c = new KubeCluster();
    for (const [name, zone] of [['node1', 'zoneA'], ['node2', 'zoneA'], ['node3', 'zoneB'], ['node4', 'zoneB']] as const) c.node({ name, labels: { zone, node: name } });
    if (withZoneC) c.node({ name: 'node5', labels: { zone: 'zoneC', node: 'node5' } });
    return c.workload('mypod', { spec }).pod('mypod', 'node1').pod('mypod', 'node2').pod('mypod', 'node3');
  };

  it('docs "one constraint": maxSkew 1 over zones puts the pod in zoneB', () => {
    const c = docsCluster(zoneSpread());
    const policy = c.policy(FILTERS_ONLY);
    expect(feasibleNames(c, policy, 'mypod')).toEqual(['node3', 'node4']);
    expect(reasonsFor(c, policy, 'mypod', 'node1')).toEqual(["node(s) didn't match pod topology spread constraints"]);
  });

  it('docs "one constraint" with maxSkew 2: any zone', () => {
    const c = docsCluster(zoneSpread({}, 2));
    expect(feasibleNames(c, c.policy(FILTERS_ONLY), 'mypod')).toEqual(['node1', 'node2', 'node3', 'node4']);
  });

  it('docs "multiple constraints": zone and node spread leave only node4', () => {
    const spec = zoneSpread();
    const c = docsCluster({
      ...spec,
      topologySpreadConstraints: [
        ...spec.topologySpreadConstraints!,
        { maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { foo: 'bar' } } },
      ],
    });
    expect(feasibleNames(c, c.policy(FILTERS_ONLY), 'mypod')).toEqual(['node4']);
  });

  it('docs "interaction with node affinity": an excluded zoneC no longer holds the global minimum at 0', () => {
    // Without the affinity, empty zoneC is the minimum (0): zoneB (1 + 1 - 0 = 2) is too skewed.
    const plain = docsCluster(zoneSpread(), true);
    expect(feasibleNames(plain, plain.policy(FILTERS_ONLY), 'mypod')).toEqual(['node5']);
    const notC = zoneSpread({
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['zoneC'] }] }] } } },
    });
    const c = docsCluster(notC, true);
    expect(feasibleNames(c, c.policy(FILTERS_ONLY), 'mypod')).toEqual(['node3', 'node4']);
  });

  it('minDomains: fewer eligible domains than minDomains makes the global minimum 0', () => {
    const spec = (minDomains?: number): PodSchedulingSpec => ({
      labels: { foo: 'bar' },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { foo: 'bar' } }, minDomains }],
    });
    for (const [minDomains, feasible] of [
      [undefined, 3],
      [3, 3],
      [4, 0],
    ] as const) {
      const c = new KubeCluster();
      for (const zone of ['a', 'b', 'c']) c.node({ name: zone, labels: { zone } });
      c.workload('p', { spec: spec(minDomains) }).pod('p', 'a').pod('p', 'b').pod('p', 'c');
      expect(feasibleNames(c, c.policy(FILTERS_ONLY), 'p'), `minDomains ${minDomains}`).toHaveLength(feasible);
    }
  });

  it('a node without the topology key fails with "(missing required label)"', () => {
    const c = new KubeCluster().node({ name: 'labelled', labels: { zone: 'a' } }).node({ name: 'bare' }).workload('p', { spec: zoneSpread() });
    const policy = c.policy(FILTERS_ONLY);
    expect(reasonsFor(c, policy, 'p', 'bare')).toEqual(["node(s) didn't match pod topology spread constraints (missing required label)"]);
    expect(feasibleNames(c, policy, 'p')).toEqual(['labelled']);
  });

  it('hostname spread with maxSkew 1 fills every node before doubling up', () => {
    const c = new KubeCluster()
      .nodes(4)
      .workload('web', {
        spec: {
          labels: { app: 'web' },
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
        },
      });
    const policy = c.policy();
    for (let i = 0; i < 16; i++) {
      expect(c.schedule(policy, 'web').ok).toBe(true);
      const counts = c.state.hosts.map((h) => h.tasks.size);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  it('scores the cluster default constraints (hostname maxSkew 3, zone maxSkew 5) by the scoring.go formula', () => {
    // node1, node2 in zone a; node3 in zone b. web pods: 2 on node1, 1 on node3.
    const c = new KubeCluster()
      .node({ name: 'node1', az: 'us-east-1a' })
      .node({ name: 'node2', az: 'us-east-1a' })
      .node({ name: 'node3', az: 'us-east-1b' })
      .workload('web')
      .pod('web', 'node1', 2)
      .pod('web', 'node3');
    // raw = cnt_host * ln(3 + 2) + 2 + cnt_zone * ln(2 + 2) + 4, rounded:
    // node1 = 2*1.609 + 2 + 2*1.386 + 4 = 11.99 -> 12; node2 = 0 + 2 + 2.77 + 4 -> 9; node3 = 1.61 + 2 + 1.39 + 4 -> 9.
    // normalized = 100 * (max + min - raw) / max = 100 * 9 / 12 = 75 for node1, 100 for the others.
    expect(pluginScores(c, c.policy(), 'web', 'PodTopologySpread')).toEqual({ node1: 75, node2: 100, node3: 100 });
  });

  it('sizes each weight by the domains among the feasible nodes only', () => {
    // Zone c's only node is full: two zones among the feasible nodes, so both weights are ln(2 + 2).
    const c = new KubeCluster()
      .node({ name: 'a1', az: 'us-east-1a' })
      .node({ name: 'b1', az: 'us-east-1b' })
      .node({ name: 'c1', az: 'us-east-1c', cpu: 50 })
      .workload('web')
      .pod('web', 'a1', 3);
    // a1 = 3 * ln 4 + 2 + 3 * ln 4 + 4 = 14.3 -> 14 (with ln 5 for three zones it would be 15);
    // b1 = 6. Normalized: a1 = 100 * (14 + 6 - 14) / 14 = 42, b1 = 100.
    expect(pluginScores(c, c.policy(), 'web', 'PodTopologySpread')).toEqual({ a1: 42, b1: 100 });
  });

  it('ScheduleAnyway constraints of the pod replace the defaults and ignore nodes without the key', () => {
    const spec: PodSchedulingSpec = {
      labels: { app: 'api' },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'rack', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'api' } } }],
    };
    const c = new KubeCluster()
      .node({ name: 'r1', labels: { rack: 'r1' } })
      .node({ name: 'r2', labels: { rack: 'r2' } })
      .node({ name: 'norack' })
      .workload('api', { spec })
      .pod('api', 'r1', 3);
    // r1 = 3 * ln(2 + 2) + 0 = 4.16 -> 4, r2 = 0; normalized: r1 = 100 * (4 + 0 - 4) / 4 = 0, r2 = 100; norack ignored -> 0.
    expect(pluginScores(c, c.policy(), 'api', 'PodTopologySpread')).toEqual({ r1: 0, r2: 100, norack: 0 });
  });
});

describe('InterPodAffinity (required anti-affinity)', () => {
  const antiWeb = (topologyKey: string): PodSchedulingSpec => ({
    labels: { app: 'web' },
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey }] } },
  });

  it('one replica per node with topologyKey kubernetes.io/hostname', () => {
    const c = new KubeCluster().nodes(3).workload('web', { spec: antiWeb('kubernetes.io/hostname') });
    const policy = c.policy();
    for (let i = 0; i < 3; i++) expect(c.schedule(policy, 'web').ok).toBe(true);
    const result = c.schedule(policy, 'web');
    // The pod's own term comes first in the Filter, so that is the reason shown.
    // Preemption (the default profile's PostFilter) finds no pod of lower priority to remove.
    expect(said(result, 'web')).toEqual({
      ok: false,
      reason: "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    });
  });

  it('one replica per zone with topologyKey topology.kubernetes.io/zone', () => {
    const c = new KubeCluster().nodes(6).workload('web', { spec: antiWeb('topology.kubernetes.io/zone') });
    const policy = c.policy();
    const zones = new Set<string>();
    for (let i = 0; i < 3; i++) zones.add((c.schedule(policy, 'web') as { host: Host }).host.az);
    expect(zones.size).toBe(3);
    expect(c.schedule(policy, 'web').ok).toBe(false);
  });

  it('is symmetric: an existing pod repels incoming pods its term selects', () => {
    const c = new KubeCluster()
      .node({ name: 'db-node' })
      .node({ name: 'other' })
      .workload('db', {
        spec: {
          labels: { app: 'db' },
          affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { tier: 'frontend' } }, topologyKey: 'kubernetes.io/hostname' }] } },
        },
      })
      .workload('web', { spec: { labels: { app: 'web', tier: 'frontend' } } })
      .workload('batch', { spec: { labels: { app: 'batch' } } })
      .pod('db', 'db-node');
    const policy = c.policy(FILTERS_ONLY);
    expect(reasonsFor(c, policy, 'web', 'db-node')).toEqual(["node(s) didn't satisfy existing pods anti-affinity rules"]);
    expect(feasibleNames(c, policy, 'batch')).toEqual(['db-node', 'other']);
  });
});

describe('ImageLocality', () => {
  it('scores the image size scaled by its spread (calculatePriority)', () => {
    const c = new KubeCluster().node({ name: 'a' }).node({ name: 'b' }).node({ name: 'c' }).workload('p', { image: 'big:1', imageSizeMiB: 500 }).image('a', 'big:1').image('b', 'big:1');
    const scaled = Math.trunc(500 * 1024 * 1024 * (2 / 3));
    const expected = imageLocalityPriority(scaled, 1);
    expect(expected).toBe(31); // (349.5 MB - 23 MB) * 100 / (1000 MB - 23 MB)
    expect(pluginScores(c, c.policy(), 'p', 'ImageLocality')).toEqual({ a: 31, b: 31, c: 0 });
  });

  it('images under 23 MB score nothing', () => {
    const c = new KubeCluster().node({ name: 'a' }).node({ name: 'b' }).workload('p', { image: 'tiny:1', imageSizeMiB: 20 }).image('a', 'tiny:1');
    expect(pluginScores(c, c.policy(), 'p', 'ImageLocality')).toEqual({ a: 0, b: 0 });
  });
});

describe('weights and normalization', () => {
  it('the total is the weighted sum of the normalized plugin scores', () => {
    const soft: Taint = { key: 'spot', value: 'true', effect: 'PreferNoSchedule' };
    const c = new KubeCluster()
      .node({ name: 'a', az: 'us-east-1a' })
      .node({ name: 'b', az: 'us-east-1b', taints: [soft] })
      .node({ name: 'c', az: 'us-east-1c', labels: { disktype: 'ssd' } })
      .workload('used', { cpu: 1500, memoryMiB: 2000 })
      .workload('p', {
        cpu: 500,
        memoryMiB: 1024,
        spec: { labels: { app: 'p' }, affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] } }] } } },
      })
      .pod('used', 'a')
      .pod('p', 'a', 2);
    const policy = c.policy();
    const e = policy.explain(c.request('p'), c.state);
    const weights = new Map(DEFAULT_PROFILE.plugins.map((p) => [p.name, p.weight ?? 1]));
    e.nodes.forEach((_, i) => {
      let sum = 0;
      for (const [plugin, scores] of e.scores) {
        expect(scores[i]).toBeGreaterThanOrEqual(0);
        expect(scores[i]).toBeLessThanOrEqual(100);
        sum += scores[i]! * weights.get(plugin)!;
      }
      expect(e.totals[i]).toBe(sum);
    });
    // c: no taint, the preferred ssd label, emptier and alone in its zone: clearly the best.
    const best = e.nodes[e.totals.indexOf(Math.max(...e.totals))]!;
    expect(c.nameOf(best)).toBe('c');
    expect(e.scores.get('TaintToleration')).toEqual([100, 0, 100]);
    expect(e.scores.get('NodeAffinity')).toEqual([0, 0, 100]);
  });
});

describe('the normalized-score range check', () => {
  /** The in-tree plugins plus `Broken`, a score plugin that gives every node `score`. */
  const withBroken = (score: number): ReadonlyMap<string, PluginFactory> =>
    new Map([...IN_TREE_REGISTRY, ['Broken', (): AnyPlugin => ({ name: 'Broken', score: () => score })]]);
  const cluster = (): KubeCluster => new KubeCluster().nodes(3).workload('p');
  const profile = profileWith(['NodeResourcesFit', 'Broken']);

  it.each([101, -1, Number.NaN])('a plugin scoring %s fails the cycle, naming the plugin, when scores are checked', (score) => {
    const c = cluster();
    const policy = c.policy(profile, 1, { registry: withBroken(score), checkScores: true });
    expect(() => c.schedule(policy, 'p')).toThrow(`plugin Broken returned score ${score}, outside [0, 100]`);
    // explain() always checks.
    const unchecked = c.policy(profile, 1, { registry: withBroken(score), checkScores: false });
    expect(() => unchecked.explain(c.request('p'), c.state)).toThrow(`plugin Broken returned score ${score}, outside [0, 100]`);
  });

  it('costs nothing when scores are not checked: the same out-of-range plugin then goes unnoticed', () => {
    const c = cluster();
    const policy = c.policy(profile, 1, { registry: withBroken(101), checkScores: false });
    expect(c.schedule(policy, 'p').ok).toBe(true);
  });

  it('passes scores at the ends of the range', () => {
    for (const score of [0, 100]) {
      const c = cluster();
      expect(c.schedule(c.policy(profile, 1, { registry: withBroken(score) }), 'p').ok).toBe(true);
    }
  });
});

describe('the unschedulable message (FitError)', () => {
  it('counts reasons per node and sorts "<count> <reason>" as strings', () => {
    const c = new KubeCluster()
      .node({ name: 'small', cpu: 100 })
      .node({ name: 'booting1', status: 'REGISTERING' })
      .node({ name: 'booting2', status: 'REGISTERING' })
      .workload('p', { cpu: 500 });
    expect(said(c.schedule(c.policy(), 'p'))).toEqual({
      ok: false,
      // Preemption cannot help: 500m is more than the small node's whole 100m, and taints stay.
      reason:
        '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    });
  });

  it('sorts "10 ..." before "2 ..." as Go sort.Strings does', () => {
    const c = new KubeCluster().nodes(10, { memoryMiB: 64 }).node({ status: 'DRAINING' }).node({ status: 'DRAINING' }).workload('p');
    expect(said(c.schedule(c.policy(), 'p'))).toEqual({
      ok: false,
      reason: '0/12 nodes are available: 10 Insufficient memory, 2 node(s) were unschedulable. preemption: 0/12 nodes are available: 12 Preemption is not helpful for scheduling.',
    });
  });

  it('a node failing several resources counts under each; a node stops at its first failing plugin', () => {
    const c = new KubeCluster()
      .node({ name: 'full', cpu: 100, memoryMiB: 64, maxPods: 0 })
      .node({ name: 'tainted-and-small', cpu: 100, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] })
      .workload('p', { cpu: 500, memoryMiB: 128 });
    expect(said(c.schedule(c.policy(), 'p'))).toEqual({
      ok: false,
      reason:
        '0/2 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods, 1 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    });
  });

  it('no nodes at all', () => {
    const c = new KubeCluster().workload('p');
    expect(said(c.schedule(c.policy(), 'p'))).toEqual({ ok: false, reason: 'no nodes available to schedule pods' });
    expect(describePlacementFailure('p', fitError(0, new Map()))).toBe('no nodes available to schedule pods');
  });
});

describe('percentageOfNodesToScore', () => {
  it.each([
    { percentage: 0, nodes: 50, expected: 50 }, // under 100 nodes: all
    { percentage: 0, nodes: 100, expected: 100 }, // 49 % = 49 -> at least 100
    { percentage: 0, nodes: 500, expected: 230 }, // 46 %
    { percentage: 0, nodes: 1000, expected: 420 }, // 42 %
    { percentage: 0, nodes: 5000, expected: 500 }, // 10 %
    { percentage: 0, nodes: 6000, expected: 300 }, // 2 % -> 5 %
    { percentage: 0, nodes: 15000, expected: 750 }, // 5 %
    { percentage: 30, nodes: 1000, expected: 300 },
    { percentage: 5, nodes: 1000, expected: 100 }, // 50 -> at least 100
    { percentage: 100, nodes: 5000, expected: 5000 },
  ])('$percentage % of $nodes nodes -> $expected', ({ percentage, nodes, expected }) => {
    expect(numFeasibleNodesToFind(percentage, nodes)).toBe(expected);
  });

  it('filters 500 of 5,000 nodes, starting where the last cycle stopped', () => {
    const c = new KubeCluster().nodes(5000).workload('p');
    const policy = c.policy();
    const first = c.schedule(policy, 'p') as { host: Host };
    expect(policy.lastCycle).toMatchObject({ numAllNodes: 5000, numToFind: 500, examined: 500, feasible: 500, nextStartIndex: 500 });
    // Nodes were launched round-robin over three zones, so the zone-interleaved snapshot order is
    // launch order: the first cycle saw hosts 0..499, the second 500..999.
    expect(first.host.index).toBeLessThan(500);
    const second = c.schedule(policy, 'p') as { host: Host };
    expect(policy.lastCycle).toMatchObject({ examined: 500, nextStartIndex: 1000 });
    expect(second.host.index).toBeGreaterThanOrEqual(500);
    expect(second.host.index).toBeLessThan(1000);
  });

  it('examines every node of a 100-node cluster, and past infeasible ones until enough are found', () => {
    const c = new KubeCluster().nodes(100).workload('p');
    const policy = c.policy();
    c.schedule(policy, 'p');
    expect(policy.lastCycle).toMatchObject({ numToFind: 100, examined: 100, feasible: 100, nextStartIndex: 0 });

    const big = new KubeCluster().nodes(150, { status: 'DRAINING' }).nodes(150).workload('p');
    const p2 = big.policy(profileWith(['NodeUnschedulable', 'NodeResourcesFit'], { percentageOfNodesToScore: 50 }));
    big.schedule(p2, 'p');
    // 300 nodes at 50 % -> 150 feasible wanted; the snapshot interleaves zones, so cordoned and
    // schedulable nodes alternate in runs and filtering goes past cordoned ones to find 150.
    expect(p2.lastCycle).toMatchObject({ numAllNodes: 300, numToFind: 150, feasible: 150 });
    expect(p2.lastCycle!.examined).toBeGreaterThan(150);
  });
});

describe('random tie-break', () => {
  const choices = (seed: number, n: number): string[] => {
    const c = new KubeCluster().nodes(4).workload('p');
    const policy = c.policy(DEFAULT_PROFILE, seed);
    return Array.from({ length: n }, () => (policy.place(c.request('p'), c.state) as { host: Host }).host.id);
  };

  it('is reproducible from the seed', () => {
    expect(choices(42, 30)).toEqual(choices(42, 30));
    expect(choices(42, 30)).not.toEqual(choices(43, 30));
  });

  it('picks uniformly among the nodes sharing the top score (reservoir sampling)', () => {
    const counts = new Map<string, number>();
    for (const id of choices(7, 4000)) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(counts.size).toBe(4);
    for (const n of counts.values()) expect(n).toBeGreaterThan(850);
  });
});

describe('agreement with basicKubeScheduler on resource-only pods', () => {
  it('NodeResourcesFit alone: the same failures word for word, and a choice with the same (integer) LeastAllocated score', () => {
    const rng = RandomStream.root('basic-agreement').fork('cluster');
    const c = new KubeCluster();
    for (let i = 0; i < 24; i++) c.node({ cpu: rng.pick([2000, 4000, 8000]), memoryMiB: rng.pick([4096, 8192, 16384]), maxPods: rng.int(4, 30), status: i % 11 === 10 ? 'REGISTERING' : 'ACTIVE' });
    for (const [name, cpu, mem] of [['s', 100, 256], ['m', 500, 1024], ['l', 1500, 3072]] as const) c.workload(name, { cpu, memoryMiB: mem });
    const policy = c.policy(profileWith(['NodeUnschedulable', 'TaintToleration', 'NodeResourcesFit']));
    const integerScore = (h: Host, req: { cpu: number; memoryMiB: number }): number =>
      Math.floor((Math.floor(((h.cpu - h.allocatedCpu - req.cpu) * 100) / h.cpu) + Math.floor(((h.memoryMiB - h.allocatedMemoryMiB - req.memoryMiB) * 100) / h.memoryMiB)) / 2);
    let failures = 0;
    for (let i = 0; i < 400; i++) {
      const w = rng.pick(['s', 'm', 'l']);
      const req = c.request(w);
      const basic = basicKubeScheduler.place(req, c.state);
      const kube = policy.place(req, c.state);
      expect(kube.ok).toBe(basic.ok);
      if (!basic.ok || !kube.ok) {
        failures++;
        expect(kube).toEqual(basic);
        continue;
      }
      expect(integerScore(kube.host, req)).toBe(integerScore(basic.host, req));
      expect(leastAllocatedScore(req, kube.host)).toBeGreaterThanOrEqual(Math.floor(leastAllocatedScore(req, basic.host)) - 1);
      c.actions.tasks.place(c.actions.tasks.create(c.service(w)), kube.host);
    }
    expect(failures).toBeGreaterThan(0); // the cluster filled up: failure messages were compared too
  });

  it('DEFAULT_PROFILE on identical nodes: always one of the emptiest nodes, like basic', () => {
    const c = new KubeCluster().nodes(6).workload('web', { cpu: 250, memoryMiB: 512 });
    const policy = c.policy();
    for (let i = 0; i < 60; i++) {
      const req = c.request('web');
      const basic = basicKubeScheduler.place(req, c.state) as { host: Host };
      const kube = c.schedule(policy, 'web') as { host: Host };
      // Scored before the bind: the chosen node had as few pods as basic's choice.
      expect(kube.host.tasks.size - 1).toBe(basic.host.tasks.size - (basic.host === kube.host ? 1 : 0));
    }
  });
});

describe('incremental indexes', () => {
  /** A scripted mix of workloads, scale-ins and node changes; returns the decisions. */
  function script(indexing: 'incremental' | 'rebuild', seed: number): string[] {
    return scriptRun(indexing, seed).log;
  }

  function scriptRun(indexing: 'incremental' | 'rebuild', seed: number): { c: KubeCluster; policy: KubeSchedulerPolicy; log: string[] } {
    const c = new KubeCluster();
    c.nodes(9, {}, ['us-east-1a', 'us-east-1b', 'us-east-1c']);
    c.node({ name: 'gpu', az: 'us-east-1a', labels: { accelerator: 'nvidia' }, taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] });
    c.node({ name: 'late', az: 'us-east-1b', status: 'REGISTERING' });
    c.workload('web', {
      cpu: 200,
      spec: {
        labels: { app: 'web', tier: 'frontend' },
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } },
          { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { tier: 'frontend' } } },
        ],
      },
    });
    c.workload('api', { cpu: 300, spec: { labels: { app: 'api', tier: 'frontend' } } });
    c.workload('cache', {
      cpu: 500,
      spec: { labels: { app: 'cache' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'cache' } }, topologyKey: 'kubernetes.io/hostname' }] } } },
    });
    c.workload('ml', {
      cpu: 1000,
      spec: {
        labels: { app: 'ml' },
        nodeSelector: { accelerator: 'nvidia' },
        tolerations: [{ key: 'gpu', operator: 'Exists' }],
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'ml' } } }],
      },
    });
    c.workload('daemonish', {
      cpu: 50,
      spec: {
        labels: { app: 'daemonish' },
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'daemonish' } } }],
      },
    });
    const policy = c.policy(DEFAULT_PROFILE, seed, { indexing });
    const rng = RandomStream.root(seed).fork('script');
    const log: string[] = [];
    for (let step = 0; step < 300; step++) {
      if (step === 60) c.actions.hosts.register(c.host('late'));
      if (step === 120) c.setStatus(c.host('i-000002'), 'DRAINING');
      if (step === 150) {
        const h = c.host('i-000003');
        for (const t of [...h.tasks]) c.actions.tasks.stop(t, 'TerminationNotice', { code: 'HOST_TERMINATED', host: h.id });
        c.setStatus(h, 'DEREGISTERED');
      }
      const w = rng.pick(['web', 'web', 'api', 'cache', 'ml', 'daemonish', 'daemonish']);
      const r = c.schedule(policy, w);
      log.push(`${step} ${w} ${r.ok ? r.host.id : describePlacementFailure(w, r.failure)}`);
      if (rng.bernoulli(0.3)) {
        const live = c.state.hosts.flatMap((h) => [...h.tasks]);
        if (live.length > 0) c.actions.tasks.stop(rng.pick(live), 'ServiceSchedulerInitiated', SCALE_IN);
      }
    }
    return { c, policy, log };
  }

  it('match counts recomputed from the state', () => {
    const { c, policy } = scriptRun('incremental', 5);
    const index = policy.index;
    index.sync(c.state);
    const live = c.state.hosts.filter((h) => h.status !== 'DEREGISTERED');
    expect(index.nodes.map((h) => h.id).sort()).toEqual(live.map((h) => h.id).sort());
    const zone = index.keyIndex('topology.kubernetes.io/zone');
    for (const name of ['web', 'api', 'cache', 'ml', 'daemonish']) {
      const id = index.serviceId(name);
      const onNode = (h: Host): number => [...h.tasks].filter((t) => t.service.name === name).length;
      for (const h of live) expect(index.podsOnNode(id, h.index), `${name} on ${h.id}`).toBe(onNode(h));
      expect(index.minPodsPerNode([id]), name).toBe(Math.min(...live.map(onNode)));
      for (const az of ['us-east-1a', 'us-east-1b', 'us-east-1c']) {
        const want = live.filter((h) => h.az === az).reduce((n, h) => n + onNode(h), 0);
        expect(zone.pods[id]![zone.ids.get(az)!], `${name} in ${az}`).toBe(want);
      }
    }
  });

  it('make the same decisions as recomputing every count from the state each cycle', () => {
    for (const seed of [1, 2, 3]) {
      const incremental = script('incremental', seed);
      expect(incremental).toEqual(script('rebuild', seed));
      expect(incremental.some((l) => l.includes('nodes are available'))).toBe(true);
    }
  });
});

describe('profile validation (registry)', () => {
  const base: SchedulerProfileSpec = DEFAULT_PROFILE;
  it.each([
    { name: 'unknown plugin', profile: { ...base, plugins: [{ name: 'NodeResourceFit' }] }, error: "plugins[0].name: unknown plugin 'NodeResourceFit' (did you mean 'NodeResourcesFit'?)" },
    { name: 'twice', profile: { ...base, plugins: [{ name: 'ImageLocality' }, { name: 'ImageLocality' }] }, error: "plugins[1].name: plugin 'ImageLocality' is enabled twice" },
    { name: 'weight', profile: { ...base, plugins: [{ name: 'ImageLocality', weight: 0 }] }, error: 'plugins[0].weight: 0 is not in the valid range [1, 100]' },
    { name: 'percentage', profile: { ...base, percentageOfNodesToScore: 101 }, error: 'percentageOfNodesToScore: 101 is not in the valid range [0, 100]' },
    {
      name: 'strategy type',
      profile: { ...base, pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAlocated' } } }] },
      error: "pluginConfig[0].args.scoringStrategy.type: 'MostAlocated' is not one of LeastAllocated, MostAllocated, RequestedToCapacityRatio (did you mean 'MostAllocated' or 'LeastAllocated'?)",
    },
    {
      name: 'unknown arg',
      profile: { ...base, pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { typ: 'MostAllocated' } } }] },
      error: "pluginConfig[0].args.scoringStrategy.typ: unknown field (did you mean 'type'?); allowed: type, resources, requestedToCapacityRatio",
    },
    {
      name: 'shape order',
      profile: {
        ...base,
        pluginConfig: [
          {
            name: 'NodeResourcesFit',
            args: { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 50, score: 1 }, { utilization: 10, score: 2 }] } } },
          },
        ],
      },
      error: 'pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape[1].utilization: utilization values must be sorted in increasing order',
    },
    {
      name: 'shape score',
      profile: { ...base, pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 0, score: 11 }] } } } }] },
      error: 'pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape[0].score: 11 is not in the valid range [0, 10]',
    },
    {
      name: 'resource',
      profile: { ...base, pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { resources: [{ name: 'nvidia.com/gpu', weight: 1 }] } } }] },
      error: "pluginConfig[0].args.scoringStrategy.resources[0].name: 'nvidia.com/gpu' is not one of cpu, memory",
    },
    {
      name: 'system defaults with constraints',
      profile: { ...base, pluginConfig: [{ name: 'PodTopologySpread', args: { defaultConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' }] } }] },
      error: 'pluginConfig[0].args.defaultConstraints: must be empty when defaultingType is System',
    },
    { name: 'args for a plugin without args', profile: { ...base, pluginConfig: [{ name: 'ImageLocality', args: { x: 1 } }] }, error: 'pluginConfig[0].args.x: unknown field; allowed: (none)' },
    { name: 'unknown pluginConfig name', profile: { ...base, pluginConfig: [{ name: 'PodTopologySpred', args: {} }] }, error: "pluginConfig[0].name: unknown plugin 'PodTopologySpred' (did you mean 'PodTopologySpread'?)" },
  ])('$name', ({ profile, error }) => {
    expect(() => compileProfile(profile as SchedulerProfileSpec)).toThrow(SchedulerConfigError);
    expect(() => compileProfile(profile as SchedulerProfileSpec)).toThrow(error);
  });

  it('accepts the no-op plugins of a pasted KubeSchedulerConfiguration and List defaulting', () => {
    const profile: SchedulerProfileSpec = {
      ...base,
      plugins: [{ name: 'PrioritySort' }, ...base.plugins, { name: 'VolumeRestrictions' }, { name: 'DefaultBinder' }],
      pluginConfig: [{ name: 'PodTopologySpread', args: { defaultingType: 'List', defaultConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }] } }],
    };
    const c = new KubeCluster().nodes(3).workload('web');
    const policy = c.policy(profile);
    // List default: zone maxSkew 1 DoNotSchedule over the pod's own workload.
    for (let i = 0; i < 6; i++) c.schedule(policy, 'web');
    const perZone = new Map<string, number>();
    for (const h of c.state.hosts) perZone.set(h.az, (perZone.get(h.az) ?? 0) + h.tasks.size);
    expect([...perZone.values()]).toEqual([2, 2, 2]);
  });
});

describe('CPU units', () => {
  it('uses fleetsim shares (1m = 1,024 shares) without changing any ratio', () => {
    expect(m(1000)).toBe(1_024_000);
    const c = new KubeCluster().node({ name: 'n', cpu: 1000, memoryMiB: 1000 }).workload('p', { cpu: 250, memoryMiB: 250 });
    expect(pluginScores(c, c.policy(), 'p', 'NodeResourcesFit')['n']).toBe(75);
  });
});
