import { describe, expect, it } from 'vitest';
import { INSTANCE_TYPES } from '../../src/model/catalog/instance-types.js';
import { DEFAULT_EXPIRE_AFTER_MS, KARPENTER_LABELS as L, type NodePoolSpec } from '../../src/model/karpenter-spec.js';
import type { PodSchedulingSpec } from '../../src/model/pod-scheduling-spec.js';
import { CPU_SHARES_PER_VCPU } from '../../src/model/resources.js';
import type { Taint } from '../../src/model/taint.js';
import { solveProvisioning, type ExistingNode, type PendingPod, type ProvisioningPlan } from '../../src/policy/karpenter/solver.js';
import { describeKarpenterError } from '../../src/report/describe/karpenter-reasons.js';

// Karpenter's solver applies the kube-scheduler's own rules (taints, node affinity, DoNotSchedule
// topology spread) so that it never plans a node the scheduler then refuses.

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'] as const;
const GPU_TAINT: Taint = { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' };

function pool(name: string, taints?: readonly Taint[]): NodePoolSpec {
  return {
    name,
    requirements: [{ key: L.capacityType, operator: 'In', values: ['on-demand'] }],
    ...(taints === undefined ? {} : { taints }),
    disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfterMs: 0, expireAfterMs: DEFAULT_EXPIRE_AFTER_MS, budgets: [] },
  };
}

function pods(n: number, vcpu: number, scheduling: PodSchedulingSpec, prefix = 'p'): PendingPod[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, cpu: vcpu * CPU_SHARES_PER_VCPU, memoryMiB: 512, scheduling }));
}

function solve(p: readonly PendingPod[], nodePools: readonly NodePoolSpec[], existingNodes: readonly ExistingNode[] = []): ProvisioningPlan {
  return solveProvisioning({ pods: p, nodePools, existingNodes, catalog: INSTANCE_TYPES, zones: ZONES });
}

const WEB: PodSchedulingSpec = { labels: { app: 'web' } };
const zoneSpread = (maxSkew: number): PodSchedulingSpec => ({
  labels: { app: 'web' },
  topologySpreadConstraints: [{ maxSkew, topologyKey: L.zone, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
});
const hostSpread: PodSchedulingSpec = {
  labels: { app: 'web' },
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: L.hostname, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
};

describe('Karpenter solver: taints', () => {
  it('does not provision from a tainted NodePool for a pod that does not tolerate it, in Karpenter\'s words', () => {
    const plan = solve(pods(1, 1, WEB), [pool('gpu', [GPU_TAINT])]);
    expect(plan.nodeClaims).toEqual([]);
    expect(plan.unschedulable.map((u) => u.error)).toEqual([
      { code: 'NODEPOOLS_INCOMPATIBLE', nodePools: [expect.objectContaining({ code: 'UNTOLERATED_TAINT', nodePool: 'gpu', taint: GPU_TAINT })] },
    ]);
    expect(describeKarpenterError(plan.unschedulable[0]!.error)).toMatch(/^incompatible with nodepool "gpu", daemonset overhead=.*, did not tolerate nvidia.com\/gpu=true:NoSchedule$/);
  });

  it('provisions from the tainted pool for a pod that tolerates it, and skips it for one that does not', () => {
    const tolerating: PodSchedulingSpec = { labels: { app: 'ml' }, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] };
    const plan = solve([...pods(1, 1, tolerating, 'ml'), ...pods(1, 1, WEB, 'web')], [
      { ...pool('gpu', [GPU_TAINT]), weight: 50 },
      pool('general'),
    ]);
    expect(plan.unschedulable).toEqual([]);
    const poolOf = new Map(plan.nodeClaims.flatMap((c) => c.pods.map((p) => [p, c.nodePool] as const)));
    expect(poolOf.get('ml0')).toBe('gpu');
    expect(poolOf.get('web0')).toBe('general');
  });

  it('does not count on an existing tainted node for a pod that does not tolerate the taint', () => {
    const node: ExistingNode = { id: 'n1', freeCpu: 8 * CPU_SHARES_PER_VCPU, freeMemoryMiB: 16_384, freePods: 50, labels: { [L.zone]: 'us-east-1a' }, taints: [GPU_TAINT] };
    const plan = solve(pods(1, 1, WEB), [pool('general')], [node]);
    expect(plan.existingPlacements).toEqual([]);
    expect(plan.nodeClaims.length).toBe(1);
    // A PreferNoSchedule taint does not repel (TaintToleration's Filter ignores it).
    const soft = solve(pods(1, 1, WEB), [pool('general')], [{ ...node, taints: [{ ...GPU_TAINT, effect: 'PreferNoSchedule' }] }]);
    expect(soft.existingPlacements).toEqual([{ pod: 'p0', node: 'n1' }]);
  });
});

describe('Karpenter solver: node affinity on existing nodes', () => {
  it('honours ORed required node affinity terms as the scheduler does', () => {
    const spec: PodSchedulingSpec = {
      labels: { app: 'web' },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold'] }] }, { matchExpressions: [{ key: 'tier', operator: 'In', values: ['silver'] }] }],
          },
        },
      },
    };
    const base = { freeCpu: 8 * CPU_SHARES_PER_VCPU, freeMemoryMiB: 16_384, freePods: 50 };
    const plan = solve(pods(2, 3, spec), [], [
      { id: 'bronze', ...base, labels: { tier: 'bronze' } },
      { id: 'silver', ...base, labels: { tier: 'silver' } },
    ]);
    expect(plan.existingPlacements).toEqual([
      { pod: 'p0', node: 'silver' },
      { pod: 'p1', node: 'silver' },
    ]);
  });
});

describe('Karpenter solver: topology spread', () => {
  it('spreads NodeClaims over the zones under a zone DoNotSchedule constraint (maxSkew 1)', () => {
    const plan = solve(pods(6, 1, zoneSpread(1)), [pool('general')]);
    expect(plan.unschedulable).toEqual([]);
    const perZone = new Map<string, number>();
    for (const c of plan.nodeClaims) perZone.set(c.zone, (perZone.get(c.zone) ?? 0) + c.pods.length);
    expect([...perZone.entries()].sort()).toEqual([
      ['us-east-1a', 2],
      ['us-east-1b', 2],
      ['us-east-1c', 2],
    ]);
  });

  it('counts matching pods on existing nodes: the emptier zones get the new pods', () => {
    const full = (id: string, zone: string, n: number): ExistingNode => ({ id, freeCpu: 0, freeMemoryMiB: 0, freePods: 0, labels: { [L.zone]: zone }, pods: Array(n).fill(WEB) });
    const plan = solve(pods(3, 1, zoneSpread(1)), [pool('general')], [full('a', 'us-east-1a', 2), full('b', 'us-east-1b', 1)]);
    expect(plan.unschedulable).toEqual([]);
    const zones = plan.nodeClaims.flatMap((c) => c.pods.map(() => c.zone)).sort();
    // 1a:2 1b:1 1c:0 -> two to 1c and one to 1b, never 1a (it would be 3 against a minimum of 1 or 2).
    expect(zones).toEqual(['us-east-1b', 'us-east-1c', 'us-east-1c']);
  });

  it('puts one pod per NodeClaim under a hostname constraint when an existing node holds none of them', () => {
    const busy: ExistingNode = { id: 'busy', freeCpu: 0, freeMemoryMiB: 0, freePods: 0, labels: { [L.zone]: 'us-east-1a' } };
    const plan = solve(pods(3, 0.25, hostSpread), [pool('general')], [busy]);
    expect(plan.unschedulable).toEqual([]);
    expect(plan.nodeClaims.map((c) => c.pods.length)).toEqual([1, 1, 1]);
    // Without the constraint the three small pods share one NodeClaim.
    expect(solve(pods(3, 0.25, WEB), [pool('general')], [busy]).nodeClaims.map((c) => c.pods.length)).toEqual([3]);
  });

  it('reports a spread over a custom key it cannot plan for as TOPOLOGY_UNSATISFIABLE', () => {
    const spec: PodSchedulingSpec = {
      labels: { app: 'web' },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'rack', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
    };
    const plan = solve(pods(1, 1, spec), [pool('general')]);
    expect(plan.nodeClaims).toEqual([]);
    expect(plan.unschedulable.map((u) => u.error)).toEqual([{ code: 'TOPOLOGY_UNSATISFIABLE', topologyKey: 'rack' }]);
    expect(describeKarpenterError(plan.unschedulable[0]!.error)).toBe('unsatisfiable topology constraint for topology spread, key=rack');
  });
});
