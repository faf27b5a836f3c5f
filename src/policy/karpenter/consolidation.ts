/**
 * Karpenter's consolidation decision as a pure function: given the nodes of the cluster, the
 * NodePools and the time, which nodes to delete or replace with one cheaper node (or nothing).
 * The disruption controller (src/controllers/karpenter) acts on it: taints, pre-spins the
 * replacement, drains and deletes.
 *
 * Semantics follow karpenter.sh "Disruption" (https://karpenter.sh/docs/concepts/disruption/) and
 * kubernetes-sigs/karpenter pkg/controllers/disruption (emptiness.go, multinodeconsolidation.go,
 * singlenodeconsolidation.go, consolidation.go, helpers.go; facts only):
 * - Candidates: initialized nodes of a known NodePool, not being deleted, without the
 *   `karpenter.sh/do-not-disrupt` annotation, whose pods can all be evicted (no do-not-disrupt
 *   pod, no PDB blocking), and that are consolidatable: the pool's `consolidateAfter` is not
 *   Never and has passed since a pod was last scheduled to or removed from the node (since it
 *   initialized, if never).
 * - The methods run in order and the first that finds an action wins:
 *   1. Empty node consolidation (both policies): delete every empty candidate the budgets allow.
 *   2. Multi-node consolidation (WhenEmptyOrUnderutilized): candidates sorted by disruption cost,
 *      pre-filtered by budgets, at most 100; binary search for the largest prefix (of at least
 *      two nodes) whose pods fit on the other nodes plus at most one new node cheaper than the
 *      prefix together. A replacement may not be of a type being removed unless it is cheaper
 *      than the cheapest removed node of that type (`filterOutSameType`).
 *   3. Single-node consolidation (WhenEmptyOrUnderutilized): candidates by disruption cost,
 *      interleaved across NodePools; the first whose pods fit elsewhere is deleted, or replaced
 *      by one node cheaper than it.
 * - "Fit elsewhere" reruns the provisioning solver (solver.ts) on a copy of the cluster without
 *   the candidates: existing nodes first, then at most one new NodeClaim. A replacement's options
 *   are the types whose worst launch price is below the candidates' summed price; on-demand
 *   nodes may be replaced by spot when the pool allows both (the replacement is then spot only).
 *   Spot nodes are replaced by spot only with the SpotToSpotConsolidation feature gate; a single
 *   spot node then needs at least 15 cheaper types and launches with the 15 cheapest.
 * - Disruption cost = sum over the node's pods of the eviction cost (1 + pod-deletion-cost/2^27
 *   + priority/2^25, clamped to [-10, 10]) x the fraction of the node's lifetime left before
 *   expireAfter. Ties by node id.
 * - Budgets: per NodePool and reason, allowed = min over the budgets that apply to the reason
 *   (all of them when a budget lists no reasons) of `nodes` (a count, or a percentage of the
 *   pool's initialized nodes rounded up), less the nodes that are NotReady or being deleted,
 *   never below 0. Default: one budget of 10 %.
 *
 * Not modelled: drift, budget schedules, the validation delay (Karpenter re-checks a command
 * after 15 s), pods on nodes being deleted, pending pods, the consolidation timeouts, and the
 * disruption cost of DaemonSet pods (the same on every node).
 *
 * Pure: the input is not mutated, and the same input gives the same decision.
 */
import type { InstanceType } from '../../model/catalog/instance-type.js';
import {
  DEFAULT_DISRUPTION_BUDGETS,
  KARPENTER_LABELS as L,
  MAX_INSTANCE_TYPES,
  MIN_INSTANCE_TYPES_FOR_SPOT_TO_SPOT,
  MULTI_NODE_CONSOLIDATION_MAX_CANDIDATES,
  type CapacityType,
  type ConsolidationMethod,
  type DisruptionReason,
  type NodePoolSpec,
} from '../../model/karpenter-spec.js';
import { NO_DEVICES, subtractDevices, type DeviceCounts } from '../../model/devices.js';
import type { PodSchedulingSpec } from '../../model/pod-scheduling-spec.js';
import type { Taint } from '../../model/taint.js';
import {
  allowedCapacityTypes,
  instanceTypeLabels,
  intersectRequirementSets,
  offeringAllowed,
  requirementSet,
  type PodConstraints,
  type PriceLookup,
  type RequirementSet,
} from './requirements.js';
import {
  instanceCapacity,
  karpenterNodeAllocatable,
  launchDecision,
  simulateScheduling,
  worstLaunchPrice,
  type ExistingNode,
  type InstanceTypeOption,
  type NodeAllocatable,
  type NodeAllocatableOf,
  type NodeClaimPlan,
  type PendingPod,
  type ResourceUsage,
  type SimulatedNodeClaim,
} from './solver.js';

/** A pod running on a node (DaemonSet pods excluded: they do not move). */
export interface ConsolidationPod extends PodConstraints {
  readonly id: string;
  readonly cpu: number;
  readonly memoryMiB: number;
  /** Its GPUs and Neuron devices; absent: none. */
  readonly devices?: DeviceCounts;
  /** The pod as kube-scheduler sees it (tolerations, affinity, spreading): the solver's PendingPod.scheduling. */
  readonly scheduling?: PodSchedulingSpec;
  /** False when a `karpenter.sh/do-not-disrupt` annotation or a PodDisruptionBudget forbids eviction. */
  readonly evictable: boolean;
  readonly priority?: number;
  /** `controller.kubernetes.io/pod-deletion-cost`. */
  readonly deletionCost?: number;
  readonly createdAt?: number;
}

/** A node (or launched NodeClaim) as consolidation sees it. */
export interface ConsolidationNode {
  readonly id: string;
  /** Undefined for nodes Karpenter does not manage: they take pods but are never candidates. */
  readonly nodePool?: string;
  /** Catalog name, e.g. `c6g.xlarge`. */
  readonly instanceType: string;
  readonly capacityType: CapacityType;
  readonly zone: string;
  /** What the node costs now ($/h; its offering's price). */
  readonly pricePerHour: number;
  /** NodeClaim creation time (expireAfter and disruption cost count from it). */
  readonly createdAt: number;
  /** When the node initialized; null while it is still launching. */
  readonly initializedAt: number | null;
  /** When a pod was last scheduled to or removed from the node; null if never. */
  readonly lastPodEventAt: number | null;
  /** Default true. */
  readonly ready?: boolean;
  /** Being deleted (by Karpenter or anyone): not a candidate, not a target, consumes budget. */
  readonly markedForDeletion?: boolean;
  /** Node annotation `karpenter.sh/do-not-disrupt: "true"`. */
  readonly doNotDisrupt?: boolean;
  readonly pods: readonly ConsolidationPod[];
  /** Labels beyond the well-known ones derived from type, zone, capacity type and pool. */
  readonly labels?: Readonly<Record<string, string>>;
  /** What the node offers pods; default the solver's node model for its type. */
  readonly allocatable?: NodeAllocatable;
  /** Its taints (its NodePool's, e.g. nvidia.com/gpu on GPU nodes): pods that do not tolerate them cannot move there. */
  readonly taints?: readonly Taint[];
}

export interface ConsolidationInput {
  readonly nodes: readonly ConsolidationNode[];
  readonly nodePools: readonly NodePoolSpec[];
  readonly now: number;
  readonly catalog: readonly InstanceType[];
  readonly zones: readonly string[];
  /** $/h per offering; default on-demand from the catalog, no spot. */
  readonly price?: PriceLookup;
  readonly allocatable?: NodeAllocatableOf;
  /** Karpenter's `SpotToSpotConsolidation` feature gate (default off, as in Karpenter). */
  readonly spotToSpotConsolidation?: boolean;
  readonly maxInstanceTypes?: number;
}

export type { ConsolidationMethod };

export type ConsolidationDecision =
  | {
      readonly kind: 'delete';
      readonly method: ConsolidationMethod;
      readonly nodes: readonly string[];
      readonly reason: 'Empty' | 'Underutilized';
      readonly savingsPerHour: number;
    }
  | {
      readonly kind: 'replace';
      readonly method: Exclude<ConsolidationMethod, 'empty'>;
      readonly nodes: readonly string[];
      readonly reason: 'Underutilized';
      readonly replacement: NodeClaimPlan;
      readonly savingsPerHour: number;
    };

/** Finds the one consolidation action Karpenter would take now, or null. See the module comment. */
export function findConsolidation(input: ConsolidationInput): ConsolidationDecision | null {
  const ctx = context(input);
  return emptyNodeConsolidation(ctx) ?? multiNodeConsolidation(ctx) ?? singleNodeConsolidation(ctx);
}

/**
 * Nodes whose NodePool's expireAfter has elapsed since they were created: Karpenter deletes them
 * whatever the budgets, do-not-disrupt annotations or consolidation policy say (a forceful method).
 * Nodes already being deleted are left out. Input order is kept.
 */
export function expiredNodes(
  nodes: readonly Pick<ConsolidationNode, 'id' | 'nodePool' | 'createdAt' | 'markedForDeletion'>[],
  pools: readonly NodePoolSpec[],
  now: number,
): string[] {
  const byName = new Map(pools.map((p) => [p.name, p]));
  return nodes
    .filter((n) => {
      const expire = n.nodePool === undefined ? null : (byName.get(n.nodePool)?.disruption.expireAfterMs ?? null);
      return expire !== null && n.markedForDeletion !== true && now - n.createdAt >= expire;
    })
    .map((n) => n.id);
}

/**
 * How many more nodes of each NodePool may be disrupted for `reason` right now (see the module
 * comment). Pools with no applicable budget are unbounded (Number.MAX_SAFE_INTEGER).
 */
export function allowedDisruptions(
  nodes: readonly Pick<ConsolidationNode, 'nodePool' | 'initializedAt' | 'ready' | 'markedForDeletion'>[],
  pools: readonly NodePoolSpec[],
  reason: DisruptionReason,
): Map<string, number> {
  const total = new Map<string, number>();
  const disrupting = new Map<string, number>();
  for (const n of nodes) {
    if (n.nodePool === undefined || n.initializedAt === null) continue;
    total.set(n.nodePool, (total.get(n.nodePool) ?? 0) + 1);
    if (n.ready === false || n.markedForDeletion === true) disrupting.set(n.nodePool, (disrupting.get(n.nodePool) ?? 0) + 1);
  }
  const out = new Map<string, number>();
  for (const pool of pools) {
    const count = total.get(pool.name) ?? 0;
    const budgets = pool.disruption.budgets.length > 0 ? pool.disruption.budgets : DEFAULT_DISRUPTION_BUDGETS;
    let allowed = Number.MAX_SAFE_INTEGER;
    for (const b of budgets) {
      if (b.reasons !== undefined && b.reasons.length > 0 && !b.reasons.includes(reason)) continue;
      allowed = Math.min(allowed, budgetNodes(b.nodes, count));
    }
    out.set(pool.name, allowed === Number.MAX_SAFE_INTEGER ? allowed : Math.max(0, allowed - (disrupting.get(pool.name) ?? 0)));
  }
  return out;
}

/** `"10%"` of `total` rounded up (as Kubernetes scales a PDB's maxUnavailable), or `"3"`. */
export function budgetNodes(nodes: string, total: number): number {
  const pct = /^(\d+)%$/.exec(nodes);
  if (pct) return Math.ceil((total * Number(pct[1])) / 100);
  if (/^\d+$/.test(nodes)) return Number(nodes);
  throw new RangeError(`disruption budget nodes must be a count or a percentage, got '${nodes}'`);
}

/** Whether consolidateAfter has passed for the node (never for `consolidateAfter: Never`). */
export function isConsolidatable(node: Pick<ConsolidationNode, 'initializedAt' | 'lastPodEventAt'>, pool: NodePoolSpec, now: number): boolean {
  const after = pool.disruption.consolidateAfterMs;
  if (after === null || node.initializedAt === null) return false;
  return now - (node.lastPodEventAt ?? node.initializedAt) >= after;
}

/** Karpenter's per-pod eviction cost. */
export function evictionCost(pod: Pick<ConsolidationPod, 'priority' | 'deletionCost'>): number {
  const cost = 1 + (pod.deletionCost ?? 0) / 2 ** 27 + (pod.priority ?? 0) / 2 ** 25;
  return Math.min(10, Math.max(-10, cost));
}

/** Eviction costs of the node's pods x the fraction of its lifetime left (1 without expireAfter). */
export function disruptionCost(node: Pick<ConsolidationNode, 'pods' | 'createdAt'>, pool: NodePoolSpec, now: number): number {
  let cost = 0;
  for (const p of node.pods) cost += evictionCost(p);
  const expire = pool.disruption.expireAfterMs;
  const remaining = expire === null || expire <= 0 ? 1 : Math.min(1, Math.max(0, (expire - (now - node.createdAt)) / expire));
  return cost * remaining;
}

// -----------------------------------------------------------------------------------------------

interface Candidate {
  readonly node: ConsolidationNode;
  readonly pool: NodePoolSpec;
  readonly type: InstanceType;
  readonly cost: number;
}

interface Context {
  readonly input: ConsolidationInput;
  readonly typeByName: ReadonlyMap<string, InstanceType>;
  readonly candidates: readonly Candidate[];
  readonly allocatableOf: NodeAllocatableOf;
  readonly poolByName: ReadonlyMap<string, NodePoolSpec>;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const TYPES_BY_NAME = new WeakMap<readonly InstanceType[], ReadonlyMap<string, InstanceType>>();

/** The catalog by name, built once per catalog array rather than on every consolidation pass. */
function typesByName(catalog: readonly InstanceType[]): ReadonlyMap<string, InstanceType> {
  let map = TYPES_BY_NAME.get(catalog);
  if (!map) {
    map = new Map(catalog.map((t) => [t.name, t]));
    TYPES_BY_NAME.set(catalog, map);
  }
  return map;
}

function context(input: ConsolidationInput): Context {
  const typeByName = typesByName(input.catalog);
  const pools = new Map(input.nodePools.map((p) => [p.name, p]));
  const candidates: Candidate[] = [];
  for (const node of input.nodes) {
    const pool = node.nodePool === undefined ? undefined : pools.get(node.nodePool);
    const type = typeByName.get(node.instanceType);
    if (!pool || !type) continue;
    if (node.initializedAt === null || node.markedForDeletion === true || node.doNotDisrupt === true) continue;
    if (!node.pods.every((p) => p.evictable)) continue;
    if (!isConsolidatable(node, pool, input.now)) continue;
    candidates.push({ node, pool, type, cost: disruptionCost(node, pool, input.now) });
  }
  candidates.sort((a, b) => a.cost - b.cost || compareStrings(a.node.id, b.node.id));
  const allocatableOf = input.allocatable ?? karpenterNodeAllocatable;
  return { input, typeByName, candidates, allocatableOf, poolByName: pools };
}

function emptyNodeConsolidation(ctx: Context): ConsolidationDecision | null {
  const budget = allowedDisruptions(ctx.input.nodes, ctx.input.nodePools, 'Empty');
  const chosen: Candidate[] = [];
  for (const c of ctx.candidates) {
    if (c.node.pods.length > 0) continue;
    const left = budget.get(c.pool.name) ?? 0;
    if (left <= 0) continue;
    budget.set(c.pool.name, left - 1);
    chosen.push(c);
  }
  if (chosen.length === 0) return null;
  return { kind: 'delete', method: 'empty', nodes: chosen.map((c) => c.node.id), reason: 'Empty', savingsPerHour: sumPrices(chosen) };
}

function underutilizedCandidates(ctx: Context): Candidate[] {
  return ctx.candidates.filter((c) => c.pool.disruption.consolidationPolicy === 'WhenEmptyOrUnderutilized');
}

function multiNodeConsolidation(ctx: Context): ConsolidationDecision | null {
  const budget = allowedDisruptions(ctx.input.nodes, ctx.input.nodePools, 'Underutilized');
  const disruptable: Candidate[] = [];
  for (const c of underutilizedCandidates(ctx)) {
    const left = budget.get(c.pool.name) ?? 0;
    if (left <= 0) continue;
    budget.set(c.pool.name, left - 1);
    disruptable.push(c);
  }
  if (disruptable.length < 2) return null;
  let min = 1;
  let max = disruptable.length <= MULTI_NODE_CONSOLIDATION_MAX_CANDIDATES ? disruptable.length - 1 : MULTI_NODE_CONSOLIDATION_MAX_CANDIDATES;
  let best: ConsolidationDecision | null = null;
  while (min <= max) {
    const mid = Math.floor((min + max) / 2);
    const decision = computeConsolidation(ctx, disruptable.slice(0, mid + 1), 'multi');
    if (decision) {
      best = decision;
      min = mid + 1;
    } else {
      max = mid - 1;
    }
  }
  return best;
}

function singleNodeConsolidation(ctx: Context): ConsolidationDecision | null {
  const budget = allowedDisruptions(ctx.input.nodes, ctx.input.nodePools, 'Underutilized');
  // Interleave NodePools (lowest cost of each first) so one large pool cannot starve the others.
  const byPool = new Map<string, Candidate[]>();
  for (const c of underutilizedCandidates(ctx)) {
    const list = byPool.get(c.pool.name);
    if (list) list.push(c);
    else byPool.set(c.pool.name, [c]);
  }
  const poolNames = [...byPool.keys()].sort(compareStrings);
  const rounds = Math.max(0, ...[...byPool.values()].map((l) => l.length));
  for (let i = 0; i < rounds; i++) {
    for (const name of poolNames) {
      const c = byPool.get(name)?.[i];
      if (!c) continue;
      if ((budget.get(name) ?? 0) <= 0) continue;
      // Empty nodes are left to empty node consolidation (and its budget).
      if (c.node.pods.length === 0) continue;
      const decision = computeConsolidation(ctx, [c], 'single');
      if (decision) return decision;
    }
  }
  return null;
}

function sumPrices(cs: readonly Candidate[]): number {
  let p = 0;
  for (const c of cs) p += c.node.pricePerHour;
  return p;
}

const SPOT_ONLY: RequirementSet = requirementSet([{ key: L.capacityType, operator: 'In', values: ['spot'] }]);

/**
 * Can these candidates go? Simulates scheduling their pods without them (Karpenter's
 * computeConsolidation): all pods on other nodes -> delete; plus exactly one new NodeClaim with
 * a cheaper option -> replace; otherwise null.
 */
function computeConsolidation(ctx: Context, batch: readonly Candidate[], method: 'multi' | 'single'): ConsolidationDecision | null {
  const { input } = ctx;
  const removing = new Set(batch.map((c) => c.node.id));
  const existingNodes: ExistingNode[] = [];
  const usage: Record<string, { cpu: number; memoryMiB: number }> = {};
  for (const n of input.nodes) {
    if (removing.has(n.id) || n.markedForDeletion === true) continue;
    const type = ctx.typeByName.get(n.instanceType);
    if (n.nodePool !== undefined && type) {
      const cap: ResourceUsage = instanceCapacity(type);
      const u = (usage[n.nodePool] ??= { cpu: 0, memoryMiB: 0 });
      u.cpu += cap.cpu;
      u.memoryMiB += cap.memoryMiB;
    }
    const alloc = n.allocatable ?? (type ? ctx.allocatableOf(type, n.nodePool === undefined ? undefined : ctx.poolByName.get(n.nodePool)) : undefined);
    if (!alloc) continue;
    let cpu = 0;
    let mem = 0;
    let devices = alloc.devices ?? NO_DEVICES;
    for (const p of n.pods) {
      cpu += p.cpu;
      mem += p.memoryMiB;
      if (p.devices !== undefined) devices = subtractDevices(devices, p.devices);
    }
    existingNodes.push({
      id: n.id,
      ...(n.nodePool === undefined ? {} : { nodePool: n.nodePool }),
      freeCpu: alloc.cpu - cpu,
      freeMemoryMiB: alloc.memoryMiB - mem,
      freePods: alloc.pods - n.pods.length,
      freeDevices: devices,
      labels: nodeLabels(n, type),
      initialized: n.initializedAt !== null,
      ...(n.taints === undefined ? {} : { taints: n.taints }),
    });
  }
  const pods: PendingPod[] = batch.flatMap((c) => c.node.pods);
  const sim = simulateScheduling({
    pods,
    existingNodes,
    nodePools: input.nodePools,
    catalog: input.catalog,
    zones: input.zones,
    ...(input.price === undefined ? {} : { price: input.price }),
    usage,
    allocatable: ctx.allocatableOf,
  });
  if (sim.unschedulable.length > 0) return null;
  const nodes = batch.map((c) => c.node.id);
  const candidatePrice = sumPrices(batch);
  if (sim.nodeClaims.length === 0) return { kind: 'delete', method, nodes, reason: 'Underutilized', savingsPerHour: candidatePrice };
  // Consolidation never turns nodes into more than one new node.
  if (sim.nodeClaims.length !== 1) return null;
  const claim = sim.nodeClaims[0] as SimulatedNodeClaim;

  let set = claim.requirements;
  let options: InstanceTypeOption[];
  const allSpot = batch.every((c) => c.node.capacityType === 'spot');
  if (allSpot && allowedCapacityTypes(set).includes('spot')) {
    if (input.spotToSpotConsolidation !== true) return null;
    set = intersectRequirementSets(set, SPOT_ONLY);
    options = byLaunchPrice(set, cheaperThan(set, claim.options.filter((o) => o.offerings.some((of) => offeringAllowed(set, of))), candidatePrice));
    if (options.length === 0) return null;
    if (batch.length === 1) {
      // Avoid a race to the cheapest (most interrupted) spot pool: only with enough cheaper
      // choices, and launching with the 15 cheapest so the result is among them.
      if (options.length < MIN_INSTANCE_TYPES_FOR_SPOT_TO_SPOT) return null;
      options = options.slice(0, MIN_INSTANCE_TYPES_FOR_SPOT_TO_SPOT);
    }
  } else {
    options = cheaperThan(set, claim.options, candidatePrice);
    if (options.length === 0) return null;
    // Options were priced as spot launches; keep the replacement spot so an on-demand
    // fallback cannot cost more than the node it replaces.
    const cts = allowedCapacityTypes(set);
    if (cts.includes('spot') && cts.includes('on-demand')) set = intersectRequirementSets(set, SPOT_ONLY);
  }
  if (method === 'multi') {
    options = filterOutSameType(set, options, batch);
    if (options.length === 0) return null;
  }
  const replacement = launchDecision({ ...claim, requirements: set, options }, input.zones, input.maxInstanceTypes ?? MAX_INSTANCE_TYPES);
  if (!replacement || replacement.pricePerHour >= candidatePrice) return null;
  return { kind: 'replace', method, nodes, reason: 'Underutilized', replacement, savingsPerHour: candidatePrice - replacement.pricePerHour };
}

/** Options whose worst launch price is strictly below `price`. */
function cheaperThan(set: RequirementSet, options: readonly InstanceTypeOption[], price: number): InstanceTypeOption[] {
  return options.filter((o) => {
    const p = worstLaunchPrice(set, o);
    return p !== undefined && p < price;
  });
}

function byLaunchPrice(set: RequirementSet, options: readonly InstanceTypeOption[]): InstanceTypeOption[] {
  return [...options].sort(
    (a, b) => (worstLaunchPrice(set, a) ?? Infinity) - (worstLaunchPrice(set, b) ?? Infinity) || compareStrings(a.type.name, b.type.name),
  );
}

/**
 * Replacing [2xlarge, 2xlarge, small] by "one of small, xlarge, 2xlarge" is just deleting the two
 * 2xlarge: when a removed type is among the options, keep only options cheaper than the
 * cheapest removed node of such a type.
 */
function filterOutSameType(set: RequirementSet, options: readonly InstanceTypeOption[], batch: readonly Candidate[]): InstanceTypeOption[] {
  const removedPrice = new Map<string, number>();
  for (const c of batch) removedPrice.set(c.type.name, Math.min(removedPrice.get(c.type.name) ?? Infinity, c.node.pricePerHour));
  let maxPrice = Infinity;
  for (const o of options) {
    const p = removedPrice.get(o.type.name);
    if (p !== undefined) maxPrice = Math.min(maxPrice, p);
  }
  return cheaperThan(set, options, maxPrice);
}

function nodeLabels(n: ConsolidationNode, type: InstanceType | undefined): Map<string, string> {
  const labels = new Map<string, string>(type ? instanceTypeLabels(type) : []);
  labels.set(L.zone, n.zone);
  labels.set(L.capacityType, n.capacityType);
  labels.set(L.hostname, n.id);
  if (n.nodePool !== undefined) labels.set(L.nodePool, n.nodePool);
  for (const [k, v] of Object.entries(n.labels ?? {})) labels.set(k, v);
  return labels;
}
