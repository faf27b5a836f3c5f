/**
 * NodePool and pod requirements as Karpenter evaluates them (karpenter.sh "NodePools" and
 * "Scheduling"; kubernetes-sigs/karpenter pkg/scheduling requirement(s).go, read for facts only).
 *
 * A requirement set maps a label key to a {@link LabelConstraint}: the allowed values of that
 * label. Karpenter intersects a NodePool's requirements with each pod's nodeSelector and required
 * node affinity; a planned NodeClaim keeps the intersection of its pool and all its pods, and an
 * instance type stays an option while its labels (and one of its offerings: capacity type x zone)
 * satisfy that intersection.
 *
 * Pure functions; nothing here mutates its arguments. Bad input (an `In` with no values, a `Gt`
 * with a non-integer) throws a RangeError: the scenario layer is expected to have validated it.
 */
import type { InstanceType } from '../../model/catalog/instance-type.js';
import { KARPENTER_LABELS as L, type CapacityType, type LabelConstraint, type Requirement, type RequirementOperator, type RequirementSet } from '../../model/karpenter-spec.js';
import type { RequirementConflict } from '../../model/reasons/karpenter.js';

// The constraint types are data (model/karpenter-spec.ts): trace events carry them.
export type { LabelConstraint, RequirementSet };

/** A requirement as pods carry it (core/v1 NodeSelectorRequirement: `values` may be omitted). */
export interface PodRequirement {
  readonly key: string;
  readonly operator: RequirementOperator;
  readonly values?: readonly string[];
}

/** What a pod asks of node labels: its nodeSelector, its required node affinity term, a zone shorthand. */
export interface PodConstraints {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** One required node-affinity term (ANDed). Karpenter tries ORed terms one at a time. */
  readonly requirements?: readonly PodRequirement[];
  /** Shorthand for `nodeSelector: { topology.kubernetes.io/zone: zone }`. */
  readonly zone?: string;
}

const INTEGER = /^-?\d+$/;

/** Labels an instance type carries (no offering labels); see {@link instanceTypeLabels}. */
const INSTANCE_TYPE_KEYS: ReadonlySet<string> = new Set([
  L.instanceType,
  L.arch,
  L.os,
  L.instanceFamily,
  L.instanceSize,
  L.instanceCategory,
  L.instanceGeneration,
  L.instanceCpu,
  L.instanceMemory,
  L.instanceGpuCount,
  L.instanceHypervisor,
  L.instanceNetworkBandwidth,
]);

/**
 * Labels Karpenter knows before a node exists. A pod may constrain one that a NodePool leaves
 * undefined (Karpenter's AllowUndefinedWellKnownLabels); a custom label must be defined by the
 * pool (or the pod must only exclude it with NotIn/DoesNotExist).
 */
export const WELL_KNOWN_LABELS: ReadonlySet<string> = new Set([
  ...INSTANCE_TYPE_KEYS,
  L.capacityType,
  L.zone,
  L.region,
  L.nodePool,
  L.hostname,
]);

/** Parses one requirement into a constraint; throws a RangeError on malformed input. */
export function toConstraint(req: PodRequirement): LabelConstraint {
  const values = req.values ?? [];
  const where = `requirement ${req.key} ${req.operator}`;
  switch (req.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) throw new RangeError(`${where} needs at least one value`);
      return { complement: req.operator === 'NotIn', values: new Set(values), absentOk: req.operator === 'NotIn' };
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) throw new RangeError(`${where} takes no values`);
      return req.operator === 'Exists'
        ? { complement: true, values: new Set(), absentOk: false }
        : { complement: false, values: new Set(), absentOk: true };
    case 'Gt':
    case 'Lt': {
      const v = values[0];
      if (values.length !== 1 || v === undefined || !INTEGER.test(v)) throw new RangeError(`${where} needs exactly one integer value`);
      const n = Number(v);
      return req.operator === 'Gt'
        ? { complement: true, values: new Set(), greaterThan: n, absentOk: false }
        : { complement: true, values: new Set(), lessThan: n, absentOk: false };
    }
  }
}

function withinBounds(c: { greaterThan?: number | undefined; lessThan?: number | undefined }, value: string): boolean {
  if (c.greaterThan === undefined && c.lessThan === undefined) return true;
  if (!INTEGER.test(value)) return false;
  const n = Number(value);
  return (c.greaterThan === undefined || n > c.greaterThan) && (c.lessThan === undefined || n < c.lessThan);
}

/** Both constraints at once (Karpenter's Requirement.Intersection). */
export function intersectConstraints(a: LabelConstraint, b: LabelConstraint): LabelConstraint {
  const greaterThan = a.greaterThan === undefined ? b.greaterThan : b.greaterThan === undefined ? a.greaterThan : Math.max(a.greaterThan, b.greaterThan);
  const lessThan = a.lessThan === undefined ? b.lessThan : b.lessThan === undefined ? a.lessThan : Math.min(a.lessThan, b.lessThan);
  const bounds = { greaterThan, lessThan };
  const absentOk = a.absentOk && b.absentOk;
  let complement: boolean;
  let values: Set<string>;
  if (a.complement && b.complement) {
    complement = true;
    values = new Set([...a.values, ...b.values]);
  } else {
    complement = false;
    const [list, other] = a.complement ? [b, a] : [a, b];
    values = new Set([...list.values].filter((v) => (other.complement ? !other.values.has(v) : other.values.has(v)) && withinBounds(bounds, v)));
  }
  return {
    complement,
    values,
    absentOk,
    ...(greaterThan === undefined ? {} : { greaterThan }),
    ...(lessThan === undefined ? {} : { lessThan }),
  };
}

/** Whether a label with this value (undefined: no such label) satisfies the constraint. */
export function constraintAllows(c: LabelConstraint, value: string | undefined): boolean {
  if (value === undefined) return c.absentOk;
  return c.complement ? !c.values.has(value) && withinBounds(c, value) : c.values.has(value);
}

/** Whether any node at all could satisfy the constraint. */
export function constraintSatisfiable(c: LabelConstraint): boolean {
  if (c.absentOk) return true;
  if (!c.complement) return c.values.size > 0;
  if (c.greaterThan !== undefined && c.lessThan !== undefined) return c.lessThan - c.greaterThan > 1;
  return true;
}

/** A requirement list as a set; repeated keys are intersected. */
export function requirementSet(reqs: readonly PodRequirement[]): RequirementSet {
  const out = new Map<string, LabelConstraint>();
  for (const r of reqs) {
    const c = toConstraint(r);
    const prev = out.get(r.key);
    out.set(r.key, prev ? intersectConstraints(prev, c) : c);
  }
  return out;
}

/** Both sets at once: every key of either, constraints on shared keys intersected. */
export function intersectRequirementSets(a: RequirementSet, b: RequirementSet): RequirementSet {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  const out = new Map(a);
  for (const [key, c] of b) {
    const prev = out.get(key);
    out.set(key, prev ? intersectConstraints(prev, c) : c);
  }
  return out;
}

/** A nodeSelector as `key In [value]` requirements. */
export function nodeSelectorRequirements(selector: Readonly<Record<string, string>>): Requirement[] {
  return Object.keys(selector)
    .sort()
    .map((key) => ({ key, operator: 'In' as const, values: [selector[key] as string] }));
}

/** Everything a pod constrains, as one requirement list (nodeSelector, zone, affinity term). */
export function podRequirementList(pod: PodConstraints): PodRequirement[] {
  const out: PodRequirement[] = pod.nodeSelector ? nodeSelectorRequirements(pod.nodeSelector) : [];
  if (pod.zone !== undefined) out.push({ key: L.zone, operator: 'In', values: [pod.zone] });
  if (pod.requirements) out.push(...pod.requirements);
  return out;
}

/** The pod's constraints as a set. */
export function podRequirementSet(pod: PodConstraints): RequirementSet {
  return requirementSet(podRequirementList(pod));
}

/**
 * A canonical string for a pod's constraints, so the solver can compute candidate instance
 * types once per distinct constraint set rather than once per pod.
 */
export function podConstraintKey(pod: PodConstraints): string {
  const reqs = podRequirementList(pod).map((r) => `${r.key}\u0000${r.operator}\u0000${[...(r.values ?? [])].sort().join('\u0001')}`);
  return reqs.sort().join('\u0002');
}

/**
 * The NodePool's requirements plus the `karpenter.sh/nodepool` label every node of the pool
 * carries (Karpenter adds template labels to the NodeClaim's requirements).
 */
export function nodePoolRequirementSet(pool: { readonly name: string; readonly requirements: readonly Requirement[] }): RequirementSet {
  return requirementSet([...pool.requirements, { key: L.nodePool, operator: 'In', values: [pool.name] }]);
}

// -----------------------------------------------------------------------------------------------
// Instance types

const LABEL_CACHE = new WeakMap<InstanceType, ReadonlyMap<string, string>>();

/** `c6g` -> `c`, `inf2` -> `inf`, `m5` -> `m` (the AWS provider's instance-category). */
export function instanceCategory(family: string): string {
  return /^([a-z]+)/.exec(family)?.[1] ?? family;
}

/** `c6g` -> `6`, `m5` -> `5` (the AWS provider's instance-generation). */
export function instanceGeneration(family: string): string | undefined {
  return /^[a-z]+(\d+)/.exec(family)?.[1];
}

/**
 * The well-known labels Karpenter's AWS provider derives for an instance type (offering labels
 * capacity-type and zone aside): instance-type, arch (`amd64`/`arm64`), os, family, size,
 * category (the letters before the generation digit), generation, cpu (vCPUs), memory (MiB),
 * gpu-count (GPU types only), hypervisor (`nitro`, `xen`; empty for bare metal, as EC2 reports
 * it) and network-bandwidth (baseline, Mbps; only where AWS publishes a figure, as Karpenter does).
 */
export function instanceTypeLabels(type: InstanceType): ReadonlyMap<string, string> {
  const cached = LABEL_CACHE.get(type);
  if (cached) return cached;
  const labels = new Map<string, string>([
    [L.instanceType, type.name],
    [L.arch, type.architecture === 'arm64' ? 'arm64' : 'amd64'],
    [L.os, 'linux'],
    [L.instanceFamily, type.family],
    [L.instanceSize, type.size],
    [L.instanceCategory, instanceCategory(type.family)],
    [L.instanceCpu, String(type.vcpu)],
    [L.instanceMemory, String(type.memoryMiB)],
    [L.instanceHypervisor, type.size === 'metal' ? '' : type.nitro ? 'nitro' : 'xen'],
  ]);
  if (type.baselineBandwidthGbps !== undefined) labels.set(L.instanceNetworkBandwidth, String(Math.round(type.baselineBandwidthGbps * 1000)));
  const generation = instanceGeneration(type.family);
  if (generation !== undefined) labels.set(L.instanceGeneration, generation);
  if (type.gpus > 0) labels.set(L.instanceGpuCount, String(type.gpus));
  LABEL_CACHE.set(type, labels);
  return labels;
}

/** Whether the type's own labels satisfy every instance-type key of the set (others are ignored). */
export function instanceTypeMatches(set: RequirementSet, type: InstanceType): boolean {
  const labels = instanceTypeLabels(type);
  for (const [key, c] of set) {
    if (INSTANCE_TYPE_KEYS.has(key) && !constraintAllows(c, labels.get(key))) return false;
  }
  return true;
}

/** Per catalog array: canonical instance-type constraints -> the types they allow. */
const MATCHING_CACHE = new WeakMap<readonly InstanceType[], Map<string, readonly InstanceType[]>>();

/** A canonical string of the set's instance-type constraints, the only keys {@link instanceTypeMatches} reads. */
function instanceTypeConstraintKey(set: RequirementSet): string {
  const parts: string[] = [];
  for (const key of [...set.keys()].sort()) {
    if (!INSTANCE_TYPE_KEYS.has(key)) continue;
    const c = set.get(key)!;
    parts.push(`${key}\u0000${c.complement ? 1 : 0}${c.absentOk ? 1 : 0}\u0000${[...c.values].sort().join('\u0001')}\u0000${c.greaterThan ?? ''}\u0000${c.lessThan ?? ''}`);
  }
  return parts.join('\u0002');
}

/**
 * The catalog's types whose own labels satisfy the set ({@link instanceTypeMatches}), catalog
 * order. Memoized per catalog array and distinct instance-type constraints: the catalog holds
 * over a thousand types and every provisioning and consolidation pass asks again for each
 * NodePool. The catalog must not change after the first call (INSTANCE_TYPES is frozen).
 */
export function instanceTypesMatching(catalog: readonly InstanceType[], set: RequirementSet): readonly InstanceType[] {
  let byKey = MATCHING_CACHE.get(catalog);
  if (!byKey) {
    byKey = new Map();
    MATCHING_CACHE.set(catalog, byKey);
  }
  const key = instanceTypeConstraintKey(set);
  let types = byKey.get(key);
  if (!types) {
    types = catalog.filter((t) => instanceTypeMatches(set, t));
    byKey.set(key, types);
  }
  return types;
}

/**
 * Capacity types the set allows, spot first. When the set does not mention
 * `karpenter.sh/capacity-type`, only on-demand: the AWS provider "defaults to [on-demand], so
 * spot must be explicitly included in capacity type requirements".
 */
export function allowedCapacityTypes(set: RequirementSet): CapacityType[] {
  const c = set.get(L.capacityType);
  if (c === undefined) return ['on-demand'];
  return (['spot', 'on-demand'] as const).filter((ct) => constraintAllows(c, ct));
}

/** The zones of `zones` the set allows, in the given order. */
export function allowedZones(set: RequirementSet, zones: readonly string[]): string[] {
  const c = set.get(L.zone);
  return c === undefined ? [...zones] : zones.filter((z) => constraintAllows(c, z));
}

/** `$/h` of one offering, or undefined when it is not offered (no spot market for the type, say). */
export type PriceLookup = (type: InstanceType, capacityType: CapacityType, zone: string) => number | undefined;

/**
 * On-demand prices from the catalog; spot from `spot` when given (undefined there: no offering).
 * The catalog holds one us-east-1 price per type, used for every zone.
 */
export function catalogPrices(spot?: (type: InstanceType, zone: string) => number | undefined): PriceLookup {
  return (type, capacityType, zone) => (capacityType === 'on-demand' ? type.onDemandHourlyUsd : spot?.(type, zone));
}

/** One way to launch a type: capacity type x zone, with its price. */
export interface Offering {
  readonly capacityType: CapacityType;
  readonly zone: string;
  readonly price: number;
}

/** All priced offerings of a type in the given zones (on-demand and spot). */
export function offeringsOf(type: InstanceType, zones: readonly string[], price: PriceLookup): Offering[] {
  const out: Offering[] = [];
  for (const capacityType of ['on-demand', 'spot'] as const) {
    for (const zone of zones) {
      const p = price(type, capacityType, zone);
      if (p !== undefined && Number.isFinite(p) && p >= 0) out.push({ capacityType, zone, price: p });
    }
  }
  return out;
}

/** Whether an offering satisfies the set's capacity-type and zone constraints. */
export function offeringAllowed(set: RequirementSet, offering: { readonly capacityType: CapacityType; readonly zone: string }): boolean {
  const ct = set.get(L.capacityType);
  if (ct === undefined ? offering.capacityType !== 'on-demand' : !constraintAllows(ct, offering.capacityType)) return false;
  const zone = set.get(L.zone);
  return zone === undefined || constraintAllows(zone, offering.zone);
}

/**
 * The catalog types a set allows: their labels satisfy it and at least one priced offering in
 * `zones` satisfies its capacity-type and zone constraints. Catalog order is kept.
 */
export function candidateInstanceTypes(
  catalog: readonly InstanceType[],
  set: RequirementSet,
  zones: readonly string[],
  price: PriceLookup,
): InstanceType[] {
  return instanceTypesMatching(catalog, set).filter((t) => offeringsOf(t, zones, price).some((o) => offeringAllowed(set, o)));
}

// -----------------------------------------------------------------------------------------------
// Compatibility

export type Compatibility = { readonly ok: true } | { readonly ok: false; readonly conflict: RequirementConflict };

/**
 * Whether a pod's requirements can be met by nodes of a template (a NodePool or a planned
 * NodeClaim), as Karpenter's `Compatible` with AllowUndefinedWellKnownLabels: a key both define
 * must leave a value in common; a well-known key the template leaves undefined is fine; a custom
 * key the template leaves undefined is fine only if the pod merely excludes it. The conflict is
 * the first key (sorted) that fails, as Karpenter reports it.
 */
export function compatible(template: RequirementSet, pod: RequirementSet): Compatibility {
  for (const key of [...pod.keys()].sort()) {
    const p = pod.get(key) as LabelConstraint;
    const t = template.get(key);
    if (t === undefined) {
      if (WELL_KNOWN_LABELS.has(key) || p.absentOk) continue;
      return { ok: false, conflict: { code: 'LABEL_NO_KNOWN_VALUES', key } };
    }
    if (!constraintSatisfiable(intersectConstraints(t, p))) return { ok: false, conflict: { code: 'VALUES_NOT_IN', key, pod: p, template: t } };
  }
  return { ok: true };
}

/**
 * Whether an existing node's labels satisfy the pod's requirements, with Kubernetes node-affinity
 * semantics (a missing label satisfies only NotIn and DoesNotExist).
 */
export function labelsSatisfy(labels: ReadonlyMap<string, string> | Readonly<Record<string, string>>, pod: RequirementSet): boolean {
  const get = labels instanceof Map ? (k: string) => labels.get(k) : (k: string) => (labels as Readonly<Record<string, string>>)[k];
  for (const [key, c] of pod) if (!constraintAllows(c, get(key))) return false;
  return true;
}
