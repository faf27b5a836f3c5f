import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InstanceType } from '../../src/model/catalog/instance-type.js';
import { getInstanceType, INSTANCE_TYPES } from '../../src/model/catalog/instance-types.js';
import {
  DEFAULT_EXPIRE_AFTER_MS,
  KARPENTER_LABELS as L,
  type CapacityType,
  type NodePoolSpec,
  type Requirement,
} from '../../src/model/karpenter-spec.js';
import { maxPods } from '../../src/model/network/max-pods.js';
import { eksAllocatable, EKS_NODE_DAEMONSETS } from '../../src/model/params/eks-node.js';
import { CPU_SHARES_PER_MILLICORE, CPU_SHARES_PER_VCPU } from '../../src/model/resources.js';
import {
  allowedDisruptions,
  budgetNodes,
  expiredNodes,
  findConsolidation,
  type ConsolidationInput,
  type ConsolidationNode,
  type ConsolidationPod,
} from '../../src/policy/karpenter/consolidation.js';
import {
  candidateInstanceTypes,
  catalogPrices,
  compatible,
  constraintAllows,
  constraintSatisfiable,
  instanceTypeLabels,
  instanceTypeMatches,
  instanceTypesMatching,
  intersectConstraints,
  labelsSatisfy,
  nodePoolRequirementSet,
  podRequirementSet,
  requirementSet,
  toConstraint,
  type Compatibility,
  type PriceLookup,
} from '../../src/policy/karpenter/requirements.js';
import { karpenterBatch, karpenterBatchSpotPrice } from '../../bench/workloads/karpenter-batch.js';
import {
  karpenterNodeAllocatable,
  solveProvisioning,
  type ExistingNode,
  type PendingPod,
  type ProvisioningInput,
  type ProvisioningPlan,
  type UnschedulablePod,
} from '../../src/policy/karpenter/solver.js';
import { describeKarpenterError, describeRequirementConflict } from '../../src/report/describe/karpenter-reasons.js';

// ---------------------------------------------------------------------------------------------
// Builders

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'] as const;
const HOUR = 3_600_000;
const vcpu = (n: number): number => Math.round(n * CPU_SHARES_PER_VCPU);

type PoolOverrides = Partial<Omit<NodePoolSpec, 'disruption'>> & { disruption?: Partial<NodePoolSpec['disruption']> };

function pool(overrides: PoolOverrides = {}): NodePoolSpec {
  const { disruption, ...rest } = overrides;
  return {
    name: 'default',
    requirements: [],
    ...rest,
    disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfterMs: 0, expireAfterMs: DEFAULT_EXPIRE_AFTER_MS, budgets: [], ...disruption },
  };
}

const SEED_FAMILIES = ['c6g', 'c7g', 'm6g', 'm7g', 'r6g', 'r7g'];
const SEED_SIZES = ['medium', 'large', 'xlarge', '2xlarge'];
/** The seed's NodePool (§6, v1beta1 WhenUnderutilized = v1 WhenEmptyOrUnderutilized). */
const SEED_REQUIREMENTS: Requirement[] = [
  { key: L.arch, operator: 'In', values: ['amd64', 'arm64'] },
  { key: L.capacityType, operator: 'In', values: ['spot', 'on-demand'] },
  { key: L.instanceFamily, operator: 'In', values: SEED_FAMILIES },
  { key: L.instanceSize, operator: 'In', values: SEED_SIZES },
];
const seedPool = (overrides: Partial<NodePoolSpec> = {}): NodePoolSpec =>
  pool({ requirements: SEED_REQUIREMENTS, limits: { cpu: vcpu(100), memoryMiB: 400 * 1024 }, ...overrides });

/** Deterministic spot prices: 30-48 % of on-demand, varying by family and a little by zone (the benchmark batch's). */
const spotPrice = karpenterBatchSpotPrice;
const WITH_SPOT: PriceLookup = catalogPrices(spotPrice);

function pods(n: number, cpuVcpu: number, memMiB: number, extra: Partial<PendingPod> = {}, prefix = 'p'): PendingPod[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${String(i).padStart(4, '0')}`, cpu: vcpu(cpuVcpu), memoryMiB: memMiB, ...extra }));
}

function solve(input: Partial<ProvisioningInput> & Pick<ProvisioningInput, 'pods' | 'nodePools'>): ProvisioningPlan {
  return solveProvisioning({ catalog: INSTANCE_TYPES, zones: ZONES, ...input });
}

function type(name: string): InstanceType {
  const t = getInstanceType(name);
  if (!t) throw new Error(`no ${name} in the catalog`);
  return t;
}

/** The node model written out independently of the solver, for brute-force checks. */
function allocatableOf(t: InstanceType): { cpu: number; memoryMiB: number; pods: number } {
  const mp = maxPods(t);
  const a = eksAllocatable(t, mp);
  const dCpu = EKS_NODE_DAEMONSETS.reduce((s, d) => s + d.cpuMillicores * CPU_SHARES_PER_MILLICORE, 0);
  const dMem = EKS_NODE_DAEMONSETS.reduce((s, d) => s + d.memoryMiB, 0);
  return { cpu: a.cpu - dCpu, memoryMiB: a.memoryMiB - dMem, pods: mp - EKS_NODE_DAEMONSETS.length };
}

function sameMembers(plan: ProvisioningPlan): string[] {
  return [...plan.existingPlacements.map((p) => p.pod), ...plan.nodeClaims.flatMap((c) => c.pods), ...plan.unschedulable.map((u) => u.pod)].sort();
}

// ---------------------------------------------------------------------------------------------


/** Karpenter's wording of the first unschedulable pod's reason. */
function firstError(plan: { readonly unschedulable: readonly UnschedulablePod[] }): string | undefined {
  const u = plan.unschedulable[0];
  return u === undefined ? undefined : describeKarpenterError(u.error);
}

/** Karpenter's wording of an incompatibility (undefined when compatible). */
function conflictOf(c: Compatibility): string | undefined {
  return c.ok ? undefined : describeRequirementConflict(c.conflict);
}

describe('requirements', () => {
  const c = (key: string, operator: Requirement['operator'], ...values: string[]) => toConstraint({ key, operator, values });

  it.each([
    ['In', ['a', 'b'], { a: true, c: false, undefined: false }],
    ['NotIn', ['a'], { a: false, c: true, undefined: true }],
    ['Exists', [], { a: true, c: true, undefined: false }],
    ['DoesNotExist', [], { a: false, c: false, undefined: true }],
    ['Gt', ['4'], { '5': true, '4': false, x: false, undefined: false }],
    ['Lt', ['4'], { '3': true, '4': false, '-1': true, undefined: false }],
  ] as const)('%s %j matches label values as Kubernetes does', (operator, values, cases) => {
    const constraint = c('k', operator, ...values);
    for (const [value, expected] of Object.entries(cases)) {
      expect(constraintAllows(constraint, value === 'undefined' ? undefined : value), `${operator} ${values} vs ${value}`).toBe(expected);
    }
  });

  it('intersects constraints: In with NotIn, Gt with Lt, and an empty integer range', () => {
    const inNotIn = intersectConstraints(c('k', 'In', 'a', 'b', 'c'), c('k', 'NotIn', 'b'));
    expect([...inNotIn.values].sort()).toEqual(['a', 'c']);
    expect(constraintAllows(inNotIn, 'b')).toBe(false);
    const range = intersectConstraints(c('k', 'Gt', '2'), c('k', 'Lt', '8'));
    expect(['3', '7'].every((v) => constraintAllows(range, v))).toBe(true);
    expect(['2', '8'].some((v) => constraintAllows(range, v))).toBe(false);
    expect(constraintSatisfiable(intersectConstraints(c('k', 'Gt', '3'), c('k', 'Lt', '4')))).toBe(false);
    expect(constraintSatisfiable(intersectConstraints(c('k', 'In', 'a'), c('k', 'In', 'b')))).toBe(false);
    expect(constraintSatisfiable(intersectConstraints(c('k', 'In', '16'), c('k', 'Gt', '8')))).toBe(true);
  });

  it('rejects malformed requirements', () => {
    expect(() => c('k', 'In')).toThrow(RangeError);
    expect(() => c('k', 'Exists', 'x')).toThrow(RangeError);
    expect(() => c('k', 'Gt', 'four')).toThrow(RangeError);
    expect(() => c('k', 'Lt', '1', '2')).toThrow(RangeError);
  });

  it('derives the well-known labels of an instance type from the catalog', () => {
    const labels = instanceTypeLabels(type('c6g.medium'));
    expect(Object.fromEntries(labels)).toMatchObject({
      [L.instanceType]: 'c6g.medium',
      [L.arch]: 'arm64',
      [L.instanceFamily]: 'c6g',
      [L.instanceSize]: 'medium',
      [L.instanceCategory]: 'c',
      [L.instanceGeneration]: '6',
      [L.instanceCpu]: '1',
      [L.instanceMemory]: '2048',
    });
    expect(instanceTypeLabels(type('m5.large')).get(L.arch)).toBe('amd64');
    expect(instanceTypeLabels(type('c5n.large')).get(L.instanceCategory)).toBe('c');
    expect(instanceTypeLabels(type('g4dn.xlarge')).get(L.instanceGpuCount)).toBe('1');
    expect(instanceTypeLabels(type('m5.large')).has(L.instanceGpuCount)).toBe(false);
  });

  it('selects candidate types with every operator', () => {
    const names = (reqs: Requirement[]) => candidateInstanceTypes(INSTANCE_TYPES, requirementSet(reqs), ZONES, catalogPrices()).map((t) => t.name);
    expect(names([
      { key: L.instanceFamily, operator: 'In', values: ['m5'] },
      { key: L.instanceCpu, operator: 'Gt', values: ['4'] },
      { key: L.instanceCpu, operator: 'Lt', values: ['32'] },
    ])).toEqual(['m5.2xlarge', 'm5.4xlarge']);
    expect(names([{ key: L.instanceGpuCount, operator: 'Exists', values: [] }]).every((n) => type(n).gpus > 0)).toBe(true);
    expect(names([{ key: L.instanceGpuCount, operator: 'DoesNotExist', values: [] }]).every((n) => type(n).gpus === 0)).toBe(true);
    expect(names([{ key: L.arch, operator: 'NotIn', values: ['arm64'] }]).some((n) => type(n).architecture === 'arm64')).toBe(false);
    const r7Up = names([{ key: L.instanceCategory, operator: 'In', values: ['r'] }, { key: L.instanceGeneration, operator: 'Gt', values: ['6'] }]);
    expect(r7Up).toContain('r7g.medium');
    expect(r7Up.every((n) => type(n).family.startsWith('r') && Number(/^r(\d+)/.exec(type(n).family)?.[1]) > 6)).toBe(true);
    expect(r7Up).not.toContain('r6g.medium');
    // Spot is not offered by the default price lookup, so a spot-only set has no candidates.
    expect(names([{ key: L.capacityType, operator: 'In', values: ['spot'] }])).toEqual([]);
  });

  it('matches the catalog once per distinct instance-type constraints, ignoring other keys', () => {
    const families = (values: string[], zone: string) =>
      requirementSet([{ key: L.instanceFamily, operator: 'In', values }, { key: L.zone, operator: 'In', values: [zone] }]);
    const first = instanceTypesMatching(INSTANCE_TYPES, families(['m5', 'c5'], 'us-east-1a'));
    expect(first).toEqual(INSTANCE_TYPES.filter((t) => instanceTypeMatches(families(['m5', 'c5'], 'us-east-1a'), t)));
    expect(new Set(first.map((t) => t.family))).toEqual(new Set(['c5', 'm5']));
    // The same constraints built again (values in another order, another zone) give the memoized list.
    expect(instanceTypesMatching(INSTANCE_TYPES, families(['c5', 'm5'], 'us-east-1b'))).toBe(first);
    expect(instanceTypesMatching(INSTANCE_TYPES, families(['m5'], 'us-east-1a'))).not.toBe(first);
    // Another catalog array is matched on its own.
    const small = INSTANCE_TYPES.filter((t) => t.family === 'm5');
    expect(instanceTypesMatching(small, families(['m5', 'c5'], 'us-east-1a'))).toEqual(small);
  });

  it("the seed's NodePool allows exactly the Graviton types of its six families in sizes medium to 2xlarge", () => {
    const set = nodePoolRequirementSet(seedPool());
    const names = candidateInstanceTypes(INSTANCE_TYPES, set, ZONES, WITH_SPOT).map((t) => t.name).sort();
    const expected = SEED_FAMILIES.flatMap((f) => SEED_SIZES.map((s) => `${f}.${s}`)).sort();
    for (const n of expected) expect(getInstanceType(n), `catalog has ${n}`).toBeDefined();
    expect(names).toEqual(expected);
    expect(names.every((n) => type(n).architecture === 'arm64')).toBe(true);
  });

  it('checks pod requirements against a NodePool as Karpenter does (undefined well-known labels are fine)', () => {
    const poolSet = nodePoolRequirementSet(pool({ requirements: [{ key: L.zone, operator: 'In', values: ['us-east-1a', 'us-east-1b'] }, { key: 'team', operator: 'In', values: ['web'] }] }));
    expect(compatible(poolSet, podRequirementSet({ nodeSelector: { [L.arch]: 'arm64' } })).ok).toBe(true);
    expect(compatible(poolSet, podRequirementSet({ nodeSelector: { team: 'web' } })).ok).toBe(true);
    expect(conflictOf(compatible(poolSet, podRequirementSet({ zone: 'us-east-1c' })))).toBe(
      'key topology.kubernetes.io/zone, topology.kubernetes.io/zone In [us-east-1c] not in topology.kubernetes.io/zone In [us-east-1a us-east-1b]',
    );
    expect(compatible(poolSet, podRequirementSet({ nodeSelector: { tier: 'gold' } }))).toEqual({ ok: false, conflict: { code: 'LABEL_NO_KNOWN_VALUES', key: 'tier' } });
    expect(conflictOf(compatible(poolSet, podRequirementSet({ nodeSelector: { tier: 'gold' } })))).toBe('label "tier" does not have known values');
    expect(compatible(poolSet, podRequirementSet({ requirements: [{ key: 'tier', operator: 'NotIn', values: ['gold'] }] })).ok).toBe(true);
  });

  it('matches existing node labels with node-affinity semantics (a missing label satisfies NotIn only)', () => {
    const labels = { [L.arch]: 'arm64' };
    expect(labelsSatisfy(labels, podRequirementSet({ requirements: [{ key: 'gpu', operator: 'NotIn', values: ['yes'] }] }))).toBe(true);
    expect(labelsSatisfy(labels, podRequirementSet({ requirements: [{ key: 'gpu', operator: 'Exists' }] }))).toBe(false);
    expect(labelsSatisfy(new Map(Object.entries(labels)), podRequirementSet({ nodeSelector: { [L.arch]: 'amd64' } }))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

describe('solveProvisioning', () => {
  it('packs a burst of 30 x (1 vCPU, 2Gi) into a few NodeClaims, each the cheapest type that fits (brute force)', () => {
    const plan = solve({ pods: pods(30, 1, 2048), nodePools: [seedPool()], price: WITH_SPOT });
    expect(plan.unschedulable).toEqual([]);
    expect(plan.existingPlacements).toEqual([]);
    expect(plan.nodeClaims.length).toBeGreaterThanOrEqual(4);
    expect(plan.nodeClaims.length).toBeLessThanOrEqual(6);
    expect(plan.nodeClaims.reduce((s, c) => s + c.pods.length, 0)).toBe(30);
    for (const claim of plan.nodeClaims) {
      const n = claim.pods.length;
      let best = Infinity;
      for (const t of INSTANCE_TYPES) {
        if (!SEED_FAMILIES.includes(t.family) || !SEED_SIZES.includes(t.size)) continue;
        const a = allocatableOf(t);
        if (a.cpu < n * vcpu(1) || a.memoryMiB < n * 2048 || a.pods < n) continue;
        for (const z of ZONES) best = Math.min(best, spotPrice(t, z));
      }
      expect(claim.capacityType).toBe('spot');
      expect(claim.pricePerHour).toBeCloseTo(best, 9);
      expect(claim.chosen).toBe(claim.instanceTypeOptions[0]);
      expect(claim.instanceTypeOptions.length).toBeLessThanOrEqual(60);
      expect(type(claim.chosen).architecture).toBe('arm64');
      expect(spotPrice(type(claim.chosen), claim.zone)).toBe(claim.pricePerHour);
      expect(claim.requests).toEqual({ cpu: n * vcpu(1), memoryMiB: n * 2048, pods: n });
    }
  });

  it('orders the options by price for CreateFleet and truncates them to 60', () => {
    const plan = solve({ pods: pods(1, 0.5, 512), nodePools: [pool()] });
    const [claim] = plan.nodeClaims;
    expect(claim?.instanceTypeOptions.length).toBe(60);
    const prices = claim!.instanceTypeOptions.map((n) => type(n).onDemandHourlyUsd);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    // Metal and GPU types are left out when a generic type will do.
    expect(claim!.instanceTypeOptions.some((n) => n.includes('metal') || type(n).gpus > 0)).toBe(false);
  });

  it('stops at the NodePool cpu limit with Karpenter\'s message', () => {
    const plan = solve({ pods: pods(200, 1, 1024), nodePools: [seedPool({ requirements: SEED_REQUIREMENTS.slice(0, 1).concat(SEED_REQUIREMENTS.slice(2)) })] });
    const launchedVcpu = plan.nodeClaims.reduce((s, c) => s + type(c.chosen).vcpu, 0);
    expect(launchedVcpu).toBeLessThanOrEqual(100);
    expect(plan.unschedulable.length).toBeGreaterThan(0);
    expect(new Set(plan.unschedulable.map((u) => describeKarpenterError(u.error)))).toEqual(new Set(['all available instance types exceed limits for nodepool "default"']));
    // Already at the limit: nothing launches.
    const full = solve({ pods: pods(3, 1, 1024), nodePools: [seedPool()], usage: { default: { cpu: vcpu(100), memoryMiB: 0 } } });
    expect(full.nodeClaims).toEqual([]);
    expect(full.unschedulable.map((u) => describeKarpenterError(u.error))).toEqual(Array(3).fill('all available instance types exceed limits for nodepool "default"'));
  });

  it('launches NodeClaims in the zone pods select', () => {
    const plan = solve({
      pods: [
        ...pods(4, 1, 1024, { zone: 'us-east-1b' }, 'b'),
        ...pods(4, 1, 1024, { requirements: [{ key: L.zone, operator: 'In', values: ['us-east-1c'] }] }, 'c'),
        ...pods(1, 1, 1024, { nodeSelector: { [L.zone]: 'us-west-2a' } }, 'x'),
      ],
      nodePools: [seedPool()],
      price: WITH_SPOT,
    });
    const zoneOf = new Map(plan.nodeClaims.flatMap((c) => c.pods.map((p) => [p, c.zone] as const)));
    for (const p of ['b0000', 'b0001', 'b0002', 'b0003']) expect(zoneOf.get(p)).toBe('us-east-1b');
    for (const p of ['c0000', 'c0001', 'c0002', 'c0003']) expect(zoneOf.get(p)).toBe('us-east-1c');
    expect(plan.unschedulable).toHaveLength(1);
    expect(firstError(plan)).toMatch(/^incompatible with nodepool "default", daemonset overhead=\{"cpu":"125m","pods":"2"\}, no instance type satisfied resources .*\(no instance type has the required offering\)$/);
  });

  it('fills existing nodes first (initialized ones first), then planned NodeClaims', () => {
    const node = (id: string, freeVcpu: number, labels: Record<string, string>, initialized = true): ExistingNode => ({
      id,
      freeCpu: vcpu(freeVcpu),
      freeMemoryMiB: 64 * 1024,
      freePods: 50,
      labels,
      initialized,
    });
    const plan = solve({
      pods: pods(6, 1, 1024, { nodeSelector: { [L.arch]: 'arm64' } }),
      existingNodes: [node('n-launching', 8, { [L.arch]: 'arm64' }, false), node('n-amd', 8, { [L.arch]: 'amd64' }), node('n-arm', 2, { [L.arch]: 'arm64' })],
      nodePools: [seedPool()],
      price: WITH_SPOT,
    });
    expect(plan.existingPlacements).toEqual([
      { pod: 'p0000', node: 'n-arm' },
      { pod: 'p0001', node: 'n-arm' },
      { pod: 'p0002', node: 'n-launching' },
      { pod: 'p0003', node: 'n-launching' },
      { pod: 'p0004', node: 'n-launching' },
      { pod: 'p0005', node: 'n-launching' },
    ]);
    expect(plan.nodeClaims).toEqual([]);
  });

  it('queues pods by CPU then memory, largest first', () => {
    const plan = solve({
      pods: [
        { id: 'small', cpu: vcpu(0.25), memoryMiB: 256 },
        { id: 'big-mem', cpu: vcpu(2), memoryMiB: 8192 },
        { id: 'big', cpu: vcpu(2), memoryMiB: 1024 },
      ],
      nodePools: [pool({ requirements: [{ key: L.instanceFamily, operator: 'In', values: ['m5'] }] })],
    });
    expect(plan.nodeClaims[0]?.pods).toEqual(['big-mem', 'big', 'small']);
  });

  it('uses NodePools in weight order and explains every pool that cannot take a pod', () => {
    const heavy = pool({ name: 'graviton', weight: 50, requirements: [{ key: L.arch, operator: 'In', values: ['arm64'] }] });
    const light = pool({ name: 'x86', requirements: [{ key: L.arch, operator: 'In', values: ['amd64'] }] });
    const plan = solve({ pods: pods(2, 1, 1024), nodePools: [light, heavy] });
    expect(plan.nodeClaims.map((c) => c.nodePool)).toEqual(['graviton']);
    const amd = solve({ pods: pods(1, 1, 1024, { nodeSelector: { [L.arch]: 'amd64' } }), nodePools: [light, heavy] });
    expect(amd.nodeClaims.map((c) => c.nodePool)).toEqual(['x86']);
    const none = solve({ pods: pods(1, 1, 1024, { nodeSelector: { [L.arch]: 's390x' } }), nodePools: [light, heavy] });
    expect(firstError(none)).toBe(
      'incompatible with nodepool "graviton", daemonset overhead={"cpu":"125m","pods":"2"}, incompatible requirements, key kubernetes.io/arch, kubernetes.io/arch In [s390x] not in kubernetes.io/arch In [arm64]; ' +
        'incompatible with nodepool "x86", daemonset overhead={"cpu":"125m","pods":"2"}, incompatible requirements, key kubernetes.io/arch, kubernetes.io/arch In [s390x] not in kubernetes.io/arch In [amd64]',
    );
  });

  it('says when no instance type is big enough', () => {
    // More vCPUs than the largest type of the catalog (u7in-32tb.224xlarge, 896).
    const plan = solve({ pods: [{ id: 'huge', cpu: vcpu(1000), memoryMiB: 1024 }], nodePools: [pool()] });
    expect(firstError(plan)).toBe(
      'incompatible with nodepool "default", daemonset overhead={"cpu":"125m","pods":"2"}, no instance type satisfied resources {"cpu":"1000125m","memory":"1Gi","pods":"3"} and requirements karpenter.sh/nodepool In [default] (no instance type has enough resources)',
    );
    expect(firstError(solve({ pods: pods(1, 1, 1), nodePools: [] }))).toBe('no nodepools found');
  });

  it('launches spot when the requirements allow it and on-demand otherwise (on-demand by default)', () => {
    const cap = (values: CapacityType[] | undefined): CapacityType | undefined =>
      solve({
        pods: pods(1, 1, 1024),
        nodePools: [pool({ requirements: values ? [{ key: L.capacityType, operator: 'In', values }] : [] })],
        price: WITH_SPOT,
      }).nodeClaims[0]?.capacityType;
    expect(cap(['spot', 'on-demand'])).toBe('spot');
    expect(cap(['on-demand'])).toBe('on-demand');
    expect(cap(undefined)).toBe('on-demand');
    // No spot market at all: a spot-or-on-demand pool falls back to on-demand.
    expect(solve({ pods: pods(1, 1, 1024), nodePools: [seedPool()] }).nodeClaims[0]?.capacityType).toBe('on-demand');
  });

  it('is deterministic and leaves its input alone', () => {
    const input: ProvisioningInput = {
      pods: [...pods(40, 0.5, 700), ...pods(10, 2, 4096, { zone: 'us-east-1a' }, 'z')],
      nodePools: [seedPool(), pool({ name: 'fallback', requirements: [{ key: L.arch, operator: 'In', values: ['amd64'] }] })],
      catalog: INSTANCE_TYPES,
      zones: ZONES,
      price: WITH_SPOT,
      existingNodes: [{ id: 'n1', freeCpu: vcpu(1), freeMemoryMiB: 4096, freePods: 5, labels: { [L.arch]: 'arm64' } }],
    };
    const before = JSON.stringify(input);
    const a = solveProvisioning(input);
    const b = solveProvisioning(input);
    expect(b).toEqual(a);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('solves a batch of 1,000 pods against ~100 candidate types, every pod on a NodeClaim (its speed: bench/karpenter.bench.ts)', () => {
    const batch = karpenterBatch(1000);
    const plan = solveProvisioning(batch);
    expect(sameMembers(plan)).toEqual(batch.pods.map((p) => p.id).sort());
    expect(plan.unschedulable).toEqual([]);
  });

  it('property: every pod is on an existing node with room, on a NodeClaim whose chosen type holds all its pods, or unschedulable with a reason', () => {
    const podArb = fc.record({
      cpuMilli: fc.integer({ min: 50, max: 6000 }),
      memoryMiB: fc.integer({ min: 64, max: 24_000 }),
      zone: fc.option(fc.constantFrom(...ZONES, 'us-east-1z'), { nil: undefined }),
      arch: fc.option(fc.constantFrom('amd64', 'arm64'), { nil: undefined }),
    });
    const nodeArb = fc.record({
      freeMilli: fc.integer({ min: 0, max: 8000 }),
      freeMemoryMiB: fc.integer({ min: 0, max: 32_000 }),
      freePods: fc.integer({ min: 0, max: 10 }),
      arch: fc.constantFrom('amd64', 'arm64'),
      zone: fc.constantFrom(...ZONES),
    });
    const poolArb = fc.constantFrom(
      [seedPool()],
      [pool({ limits: { cpu: vcpu(40) } })],
      [pool({ requirements: [{ key: L.instanceCpu, operator: 'Lt', values: ['9'] }, { key: L.capacityType, operator: 'In', values: ['spot', 'on-demand'] }] })],
    );
    fc.assert(
      fc.property(fc.array(podArb, { maxLength: 60 }), fc.array(nodeArb, { maxLength: 6 }), poolArb, (podSpecs, nodeSpecs, nodePools) => {
        const input: ProvisioningInput = {
          pods: podSpecs.map((p, i) => ({
            id: `p${i}`,
            cpu: p.cpuMilli * CPU_SHARES_PER_MILLICORE,
            memoryMiB: p.memoryMiB,
            ...(p.zone === undefined ? {} : { zone: p.zone }),
            ...(p.arch === undefined ? {} : { nodeSelector: { [L.arch]: p.arch } }),
          })),
          existingNodes: nodeSpecs.map((n, i) => ({
            id: `n${i}`,
            freeCpu: n.freeMilli * CPU_SHARES_PER_MILLICORE,
            freeMemoryMiB: n.freeMemoryMiB,
            freePods: n.freePods,
            labels: { [L.arch]: n.arch, [L.zone]: n.zone },
          })),
          nodePools,
          catalog: INSTANCE_TYPES,
          zones: ZONES,
          price: WITH_SPOT,
        };
        const plan = solveProvisioning(input);
        const byId = new Map(input.pods.map((p) => [p.id, p]));
        expect(sameMembers(plan)).toEqual([...byId.keys()].sort());

        for (const n of input.existingNodes ?? []) {
          const placed = plan.existingPlacements.filter((x) => x.node === n.id).map((x) => byId.get(x.pod)!);
          expect(placed.reduce((s, p) => s + p.cpu, 0)).toBeLessThanOrEqual(n.freeCpu);
          expect(placed.reduce((s, p) => s + p.memoryMiB, 0)).toBeLessThanOrEqual(n.freeMemoryMiB);
          expect(placed.length).toBeLessThanOrEqual(n.freePods);
          for (const p of placed) expect(labelsSatisfy(n.labels, podRequirementSet(p))).toBe(true);
        }
        for (const claim of plan.nodeClaims) {
          const t = type(claim.chosen);
          const a = allocatableOf(t);
          const ps = claim.pods.map((id) => byId.get(id)!);
          expect(ps.reduce((s, p) => s + p.cpu, 0)).toBeLessThanOrEqual(a.cpu);
          expect(ps.reduce((s, p) => s + p.memoryMiB, 0)).toBeLessThanOrEqual(a.memoryMiB);
          expect(ps.length).toBeLessThanOrEqual(a.pods);
          expect(claim.instanceTypeOptions.length).toBeLessThanOrEqual(60);
          expect(claim.instanceTypeOptions).toContain(claim.chosen);
          expect(ZONES).toContain(claim.zone);
          const labels = new Map(instanceTypeLabels(t));
          labels.set(L.zone, claim.zone);
          labels.set(L.capacityType, claim.capacityType);
          for (const p of ps) expect(labelsSatisfy(labels, podRequirementSet(p))).toBe(true);
        }
        for (const u of plan.unschedulable) expect(describeKarpenterError(u.error).length).toBeGreaterThan(0);
      }),
      { numRuns: 150, seed: 20240607 },
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('consolidation', () => {
  const NOW = 10 * HOUR;
  const odPool = (overrides: PoolOverrides = {}) =>
    pool({ requirements: [{ key: L.instanceFamily, operator: 'In', values: ['c6g'] }, { key: L.capacityType, operator: 'In', values: ['on-demand'] }], ...overrides });

  function podsOn(node: string, n: number, cpuVcpu = 1, extra: Partial<ConsolidationPod> = {}): ConsolidationPod[] {
    return Array.from({ length: n }, (_, i) => ({ id: `${node}-p${i}`, cpu: vcpu(cpuVcpu), memoryMiB: 1024, evictable: true, ...extra }));
  }

  function node(id: string, instanceType: string, podList: ConsolidationPod[], extra: Partial<ConsolidationNode> = {}): ConsolidationNode {
    return {
      id,
      nodePool: 'default',
      instanceType,
      capacityType: 'on-demand',
      zone: 'us-east-1a',
      pricePerHour: type(instanceType).onDemandHourlyUsd,
      createdAt: 0,
      initializedAt: 60_000,
      lastPodEventAt: HOUR,
      pods: podList,
      ...extra,
    };
  }

  const consolidate = (nodes: ConsolidationNode[], nodePools: NodePoolSpec[] = [odPool()], extra: Partial<ConsolidationInput> = {}) =>
    findConsolidation({ nodes, nodePools, now: NOW, catalog: INSTANCE_TYPES, zones: ZONES, ...extra });

  it('deletes an empty node first', () => {
    const d = consolidate([node('busy', 'c6g.2xlarge', podsOn('busy', 6)), node('empty', 'c6g.xlarge', [])]);
    expect(d).toEqual({ kind: 'delete', method: 'empty', nodes: ['empty'], reason: 'Empty', savingsPerHour: type('c6g.xlarge').onDemandHourlyUsd });
  });

  it('WhenEmpty consolidates only empty nodes', () => {
    const whenEmpty = [odPool({ disruption: { consolidationPolicy: 'WhenEmpty' } })];
    expect(consolidate([node('a', 'c6g.4xlarge', podsOn('a', 1))], whenEmpty)).toBeNull();
    expect(consolidate([node('a', 'c6g.4xlarge', podsOn('a', 1)), node('e', 'c6g.large', [])], whenEmpty)?.nodes).toEqual(['e']);
  });

  it('deletes an underutilized node whose pods fit on the others', () => {
    // Together the two cannot shrink to one cheaper node (only another c6g.2xlarge holds 6 pods),
    // so multi-node consolidation finds nothing and single-node deletes the emptier one.
    const d = consolidate([node('light', 'c6g.2xlarge', podsOn('light', 1)), node('full', 'c6g.2xlarge', podsOn('full', 5))]);
    expect(d).toEqual({ kind: 'delete', method: 'single', nodes: ['light'], reason: 'Underutilized', savingsPerHour: type('c6g.2xlarge').onDemandHourlyUsd });
  });

  it('replaces a node with a cheaper one that fits its pods', () => {
    const d = consolidate([node('big', 'c6g.4xlarge', podsOn('big', 1))]);
    expect(d?.kind).toBe('replace');
    if (d?.kind !== 'replace') return;
    expect(d.method).toBe('single');
    expect(d.nodes).toEqual(['big']);
    expect(d.replacement.chosen).toBe('c6g.large');
    expect(d.replacement.capacityType).toBe('on-demand');
    expect(d.savingsPerHour).toBeCloseTo(type('c6g.4xlarge').onDemandHourlyUsd - type('c6g.large').onDemandHourlyUsd, 9);
    expect(d.replacement.instanceTypeOptions.every((n) => type(n).onDemandHourlyUsd < type('c6g.4xlarge').onDemandHourlyUsd)).toBe(true);
  });

  it('multi-node: deletes the largest prefix of candidates that fits elsewhere', () => {
    const all = [odPool({ disruption: { budgets: [{ nodes: '100%' }] } })];
    // a+b fit on c; a+b+c would need one c6g.xlarge again, which is no cheaper than keeping c.
    const d = consolidate([node('a', 'c6g.xlarge', podsOn('a', 1)), node('b', 'c6g.xlarge', podsOn('b', 1)), node('c', 'c6g.xlarge', podsOn('c', 1))], all);
    expect(d).toEqual({ kind: 'delete', method: 'multi', nodes: ['a', 'b'], reason: 'Underutilized', savingsPerHour: 2 * type('c6g.xlarge').onDemandHourlyUsd });
    // The default budget (10 % of 3, rounded up: 1) leaves one candidate: single-node instead.
    expect(consolidate([node('a', 'c6g.xlarge', podsOn('a', 1)), node('b', 'c6g.xlarge', podsOn('b', 1)), node('c', 'c6g.xlarge', podsOn('c', 1))])).toMatchObject({
      method: 'single',
      nodes: ['a'],
    });
  });

  it('multi-node: replaces several nodes by one cheaper node', () => {
    const all = [odPool({ disruption: { budgets: [{ nodes: '100%' }] } })];
    const d = consolidate([node('a', 'c6g.2xlarge', podsOn('a', 2, 0.5)), node('b', 'c6g.2xlarge', podsOn('b', 2, 0.5))], all);
    expect(d?.kind).toBe('replace');
    if (d?.kind !== 'replace') return;
    expect(d.method).toBe('multi');
    expect(d.nodes).toEqual(['a', 'b']);
    expect(d.replacement.chosen).toBe('c6g.xlarge');
    expect(d.replacement.pods).toHaveLength(4);
    expect(d.savingsPerHour).toBeCloseTo(2 * type('c6g.2xlarge').onDemandHourlyUsd - type('c6g.xlarge').onDemandHourlyUsd, 9);
  });

  it('replaces on-demand with spot when the pool allows both, and spot with spot only behind the feature gate', () => {
    const mixed = [pool({ requirements: [{ key: L.instanceFamily, operator: 'In', values: ['c6g', 'm6g', 'r6g', 'c7g', 'm7g', 'r7g'] }, { key: L.capacityType, operator: 'In', values: ['spot', 'on-demand'] }] })];
    const od = consolidate([node('od', 'c6g.large', podsOn('od', 1))], mixed, { price: WITH_SPOT });
    expect(od?.kind === 'replace' && od.replacement.capacityType).toBe('spot');
    const spotNode = node('s', 'c6g.2xlarge', podsOn('s', 1), { capacityType: 'spot', pricePerHour: spotPrice(type('c6g.2xlarge'), 'us-east-1a') });
    expect(consolidate([spotNode], mixed, { price: WITH_SPOT })).toBeNull();
    // With the gate, a single spot node still needs 15 cheaper types: the six families offer fewer.
    expect(consolidate([spotNode], mixed, { price: WITH_SPOT, spotToSpotConsolidation: true })).toBeNull();
    const wide = [pool({ requirements: [{ key: L.capacityType, operator: 'In', values: ['spot'] }] })];
    const big = node('s', 'm5.8xlarge', podsOn('s', 1), { capacityType: 'spot', pricePerHour: spotPrice(type('m5.8xlarge'), 'us-east-1a') });
    const d = consolidate([big], wide, { price: WITH_SPOT, spotToSpotConsolidation: true });
    expect(d?.kind).toBe('replace');
    if (d?.kind === 'replace') {
      expect(d.replacement.capacityType).toBe('spot');
      expect(d.replacement.instanceTypeOptions).toHaveLength(15);
    }
  });

  it('waits for consolidateAfter since the last pod change, and never consolidates with Never', () => {
    const pools = [odPool({ disruption: { consolidateAfterMs: 30_000 } })];
    const recent = (t: number) => [node('e', 'c6g.large', [], { lastPodEventAt: t })];
    expect(consolidate(recent(NOW - 10_000), pools)).toBeNull();
    expect(consolidate(recent(NOW - 30_000), pools)?.nodes).toEqual(['e']);
    // Never had pods: counts from initialization.
    expect(consolidate([node('e', 'c6g.large', [], { lastPodEventAt: null, initializedAt: NOW - 5_000 })], pools)).toBeNull();
    expect(consolidate(recent(0), [odPool({ disruption: { consolidateAfterMs: null } })])).toBeNull();
  });

  it('respects disruption budgets: 10 % of the pool by default, rounded up', () => {
    const empties = Array.from({ length: 5 }, (_, i) => node(`e${i}`, 'c6g.large', []));
    expect(consolidate(empties)?.nodes).toEqual(['e0']);
    expect(consolidate(empties, [odPool({ disruption: { budgets: [{ nodes: '3' }] } })])?.nodes).toEqual(['e0', 'e1', 'e2']);
    expect(consolidate(empties, [odPool({ disruption: { budgets: [{ nodes: '0' }] } })])).toBeNull();
    // A budget for another reason does not limit empty-node consolidation.
    expect(consolidate(empties, [odPool({ disruption: { budgets: [{ nodes: '0', reasons: ['Underutilized'] }] } })])?.nodes).toHaveLength(5);
    // A node being deleted already uses the one allowed disruption.
    expect(consolidate([...empties, node('going', 'c6g.large', [], { markedForDeletion: true })])).toBeNull();
    expect(budgetNodes('10%', 5)).toBe(1);
    expect(budgetNodes('20%', 19)).toBe(4);
    expect(budgetNodes('10%', 0)).toBe(0);
    expect(() => budgetNodes('ten', 3)).toThrow(RangeError);
    const notReady = allowedDisruptions([...empties, node('nr', 'c6g.large', [], { ready: false })], [odPool({ disruption: { budgets: [{ nodes: '50%' }] } })], 'Empty');
    expect(notReady.get('default')).toBe(3 - 1);
  });

  it('leaves nodes with pods that cannot be evicted or with do-not-disrupt', () => {
    expect(consolidate([node('big', 'c6g.4xlarge', podsOn('big', 1, 1, { evictable: false }))])).toBeNull();
    expect(consolidate([node('big', 'c6g.4xlarge', podsOn('big', 1), { doNotDisrupt: true })])).toBeNull();
    expect(consolidate([node('new', 'c6g.4xlarge', podsOn('new', 1), { initializedAt: null })])).toBeNull();
  });

  it('prefers the candidate with the lower disruption cost', () => {
    // Both could be deleted onto the roomy node; the one with fewer pods goes first.
    const d = consolidate([
      node('roomy', 'c6g.4xlarge', podsOn('roomy', 1)),
      node('two', 'c6g.2xlarge', podsOn('two', 2)),
      node('one', 'c6g.2xlarge', podsOn('one', 1)),
    ], [odPool({ disruption: { budgets: [{ nodes: '1' }] } })]);
    expect(d?.nodes).toEqual(['one']);
  });

  it('is deterministic and leaves its input alone', () => {
    const input: ConsolidationInput = {
      nodes: [node('a', 'c6g.xlarge', podsOn('a', 1)), node('b', 'c6g.2xlarge', podsOn('b', 2)), node('c', 'c6g.4xlarge', podsOn('c', 3)), node('e', 'c6g.large', [])],
      nodePools: [odPool({ disruption: { budgets: [{ nodes: '100%' }] } })],
      now: NOW,
      catalog: INSTANCE_TYPES,
      zones: ZONES,
    };
    const before = JSON.stringify(input);
    expect(findConsolidation(input)).toEqual(findConsolidation(input));
    expect(JSON.stringify(input)).toBe(before);
  });

  it('lists nodes past expireAfter', () => {
    const pools = [odPool({ disruption: { expireAfterMs: 2 * HOUR } }), odPool({ name: 'forever', disruption: { expireAfterMs: null } })];
    const nodes = [
      node('old', 'c6g.large', [], { createdAt: 0 }),
      node('young', 'c6g.large', [], { createdAt: NOW - HOUR }),
      node('old-forever', 'c6g.large', [], { createdAt: 0, nodePool: 'forever' }),
      node('old-going', 'c6g.large', [], { createdAt: 0, markedForDeletion: true }),
    ];
    expect(expiredNodes(nodes, pools, NOW)).toEqual(['old']);
  });
});

describe('karpenterNodeAllocatable', () => {
  it('is the EKS node model: allocatable and max pods less the DaemonSets', () => {
    const t = type('c6g.2xlarge');
    expect(karpenterNodeAllocatable(t)).toEqual(allocatableOf(t));
    expect(karpenterNodeAllocatable(t).pods).toBe(58 - 2);
  });

  it("gives Karpenter's ENI-limited max pods, which prefix delegation does not raise, unless the NodePool's kubelet.maxPods says otherwise", () => {
    const t = type('c5.large');
    const pool = { name: 'p', requirements: [], disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfterMs: 0, expireAfterMs: 0, budgets: [] } } as const;
    // 3 ENIs x (10 - 1) + 2 = 29, less aws-node and kube-proxy.
    expect(karpenterNodeAllocatable(t).pods).toBe(27);
    expect(karpenterNodeAllocatable(t, pool).pods).toBe(27);
    expect(karpenterNodeAllocatable(t, { ...pool, kubelet: { maxPods: 110 } }).pods).toBe(108);
    // kube-reserved memory grows with max pods (11 MiB a pod), so a denser node offers less memory.
    expect(karpenterNodeAllocatable(t, { ...pool, kubelet: { maxPods: 110 } }).memoryMiB).toBe(karpenterNodeAllocatable(t).memoryMiB - 11 * (110 - 29));
  });
});

describe('zone balance (docs/models.md, "AZ impairment")', () => {
  const onDemandM6g = pool({
    requirements: [
      { key: L.capacityType, operator: 'In', values: ['on-demand'] },
      { key: L.instanceFamily, operator: 'In', values: ['m6g'] },
      { key: L.instanceSize, operator: 'In', values: ['xlarge'] },
    ],
  });

  it('spreads equally priced NodeClaims over the zones, fewest nodes first, then zone order', () => {
    const plan = solve({ pods: pods(12, 3, 4096), nodePools: [onDemandM6g] });
    expect(plan.nodeClaims.map((c) => c.zone)).toEqual([...ZONES, ...ZONES, ...ZONES, ...ZONES]);
  });

  it('starts from the zones with the fewest existing nodes', () => {
    const plan = solve({ pods: pods(3, 3, 4096), nodePools: [onDemandM6g], zoneLoad: new Map([['us-east-1a', 2], ['us-east-1b', 0], ['us-east-1c', 1]]) });
    expect(plan.nodeClaims.map((c) => c.zone)).toEqual(['us-east-1b', 'us-east-1b', 'us-east-1c']);
  });

  it('still prefers a cheaper zone to an emptier one', () => {
    const cheaperInC: PriceLookup = (t, ct, zone) => (ct === 'on-demand' ? t.onDemandHourlyUsd * (zone === 'us-east-1c' ? 0.9 : 1) : undefined);
    const plan = solve({ pods: pods(3, 3, 4096), nodePools: [onDemandM6g], price: cheaperInC, zoneLoad: new Map([['us-east-1c', 5]]) });
    expect(plan.nodeClaims.every((c) => c.zone === 'us-east-1c')).toBe(true);
  });
});
