/**
 * Karpenter's provisioning decision as a pure function: given pending pods, the capacity that
 * already exists (ready nodes and launching "in-flight" NodeClaims), the NodePools and the
 * instance-type catalog with prices, which pods go where and which NodeClaims to launch.
 *
 * The solver only decides; the provisioner (src/controllers/karpenter) acts. Disruption reruns
 * the same solver on a cloned state without its candidates (consolidation.ts).
 *
 * Semantics follow karpenter.sh "Scheduling", "NodePools" and "Concepts/NodeClaims", and the
 * scheduler in kubernetes-sigs/karpenter pkg/controllers/provisioning/scheduling (scheduler.go,
 * nodeclaim.go, queue.go; facts only, no code carried over):
 * 1. Pods are queued by CPU request descending, then memory descending, then creation time,
 *    then id (queue.go `byCPUAndMemoryDescending`), so big pods are packed first.
 * 2. Each pod tries existing nodes first (initialized ones first, then by name; first fit),
 *    then the NodeClaims already planned in this batch, fewest pods first (first fit), then a new
 *    NodeClaim from the NodePools in weight order (highest first; ties by name).
 * 3. A new NodeClaim starts with every instance type of its pool that satisfies the pool's and
 *    the pod's requirements, has an offering (capacity type x zone) they allow, fits the pod and
 *    does not breach the pool's limits. Each pod added narrows the options to the types that
 *    still fit all its pods. NodePool limits are checked only when a NodeClaim is opened, against
 *    the pool's usage minus the largest capacity among each planned NodeClaim's options
 *    (Karpenter's pessimistic `subtractMax`).
 * 4. At the end each NodeClaim gets its launch decision as the AWS provider makes it
 *    (aws/karpenter-provider-aws pkg/providers/instance): spot when its requirements allow spot
 *    and an option has a spot offering, else on-demand; metal and GPU types are dropped when
 *    another option remains ("exotic" filter); in a launch that could be spot or on-demand, spot
 *    types dearer than the cheapest on-demand option are dropped; the options are ordered by
 *    price and truncated to 60 (CreateFleet's limit). EC2 Fleet then picks on-demand by
 *    `lowest-price`, spot by `price-capacity-optimized`: fleetsim models both as the cheapest
 *    offering (ties: the type's name, then the zone with the fewest nodes, then the order of
 *    `zones`), since spot capacity pools are not modelled.
 *
 * What a node offers pods is the simulator's own EKS node model (allocatable less the
 * DaemonSets, max pods less the DaemonSets; src/model/params/eks-node.ts), so a planned node
 * holds exactly what the real node will. (Karpenter itself also subtracts an estimated 7.5 % VM
 * memory overhead; fleetsim uses the node model so plans and nodes agree.)
 *
 * Not modelled: taints and tolerations, topology spread and pod (anti-)affinity, preferred
 * affinities, ORed node-affinity terms (pass the term to try), host ports, volumes, minValues,
 * reserved capacity, and the queue's retry of failed pods (with only the constraints above, a
 * pod that fails once cannot succeed later in the same batch).
 *
 * Pure: the input is not mutated, and the same input gives the same plan.
 */
import type { InstanceType } from '../../model/catalog/instance-type.js';
import { KARPENTER_LABELS as L, MAX_INSTANCE_TYPES, type CapacityType, type NodePoolSpec } from '../../model/karpenter-spec.js';
import { karpenterMaxPods } from '../../model/network/max-pods.js';
import { eksAllocatable, EKS_NODE_DAEMONSETS } from '../../model/params/eks-node.js';
import {
  ALL_INSTANCE_TYPES_FILTERED,
  NO_CAPACITY_OFFERINGS,
  NO_NODEPOOLS,
  type InstanceTypeShortfall,
  type KarpenterSchedulingError,
  type NodePoolIncompatibility,
  type ResourceRequests,
} from '../../model/reasons/karpenter.js';
import { CPU_SHARES_PER_MILLICORE, CPU_SHARES_PER_VCPU } from '../../model/resources.js';
import { deviceShortfall, resourceShortfall } from '../resource-fit.js';
import { addDevices, devicePluginAllocatable, hasDevices, NO_DEVICES, subtractDevices, type DeviceCounts } from '../../model/devices.js';
import { exceedsMaxSkew, spreadSelects } from '../kube/plugins/pod-topology-spread.js';
import { untoleratedTaint } from '../kube/plugins/taint-toleration.js';
import { matchesRequiredNodeAffinity } from '../kube/selectors.js';
import type { PodSchedulingSpec, TopologySpreadConstraint } from '../../model/pod-scheduling-spec.js';
import type { Taint } from '../../model/taint.js';
import {
  allowedCapacityTypes,
  catalogPrices,
  compatible,
  constraintAllows,
  instanceTypeMatches,
  instanceTypesMatching,
  intersectRequirementSets,
  labelsSatisfy,
  nodePoolRequirementSet,
  offeringAllowed,
  offeringsOf,
  podConstraintKey,
  podRequirementSet,
  requirementSet,
  type Offering,
  type PodConstraints,
  type PriceLookup,
  type RequirementSet,
} from './requirements.js';

/** What a node of `type` offers pods when `pool` launches it (`pool` absent: a node of no known pool). */
export type NodeAllocatableOf = (type: InstanceType, pool?: NodePoolSpec) => NodeAllocatable;

/** What a node of a type offers pods: CPU shares, MiB, pod slots, and its device plugins' GPUs and Neuron devices. */
export interface NodeAllocatable {
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly pods: number;
  /** Absent: none. */
  readonly devices?: DeviceCounts;
}

/** CPU and memory, as NodePool limits count them. */
export interface ResourceUsage {
  readonly cpu: number;
  readonly memoryMiB: number;
}

/**
 * The default node model: kubelet allocatable with the EKS AMI's reservations for the max pods
 * Karpenter gives the type (its NodePool's `kubelet.maxPods`, else the ENI-limited figure:
 * src/model/network/max-pods.ts `karpenterMaxPods`), less the requests of the DaemonSet pods
 * every node runs, and max pods less those DaemonSet pods (as karpenterHostProfile gives nodes).
 */
export function karpenterNodeAllocatable(type: InstanceType, pool?: NodePoolSpec): NodeAllocatable {
  const podsMax = karpenterMaxPods(type, { kubeletMaxPods: pool?.kubelet?.maxPods });
  const a = eksAllocatable(type, podsMax);
  const d = daemonSetOverhead();
  const devices = devicePluginAllocatable(type);
  const base = { cpu: Math.max(0, a.cpu - d.cpu), memoryMiB: Math.max(0, a.memoryMiB - d.memoryMiB), pods: Math.max(0, podsMax - d.pods) };
  return hasDevices(devices) ? { ...base, devices } : base;
}

/** An instance's capacity as NodePool limits count it: all its vCPUs and installed memory. */
export function instanceCapacity(type: InstanceType): ResourceUsage {
  return { cpu: type.vcpu * CPU_SHARES_PER_VCPU, memoryMiB: type.memoryMiB };
}

/** A pod waiting for a node. */
export interface PendingPod extends PodConstraints {
  readonly id: string;
  /** CPU request in shares. */
  readonly cpu: number;
  readonly memoryMiB: number;
  /** Its extended resources (nvidia.com/gpu, aws.amazon.com/neuron[core]); absent: none. */
  readonly devices?: DeviceCounts;
  /** Ties in the queue order go to the older pod (then the smaller id). */
  readonly createdAt?: number;
  /**
   * The pod as kube-scheduler sees it: the solver applies kube-scheduler's own rules to it, so it
   * never plans a node the scheduler would refuse: its tolerations against NodePool and node
   * taints, its node affinity (every ORed term) on existing nodes, its DoNotSchedule topology
   * spread constraints (zone and hostname domains, counting pods by labels and namespace).
   */
  readonly scheduling?: PodSchedulingSpec;
}

/**
 * Capacity that exists or is launching: a Ready node, or an in-flight NodeClaim whose node has
 * not registered yet (pass `initialized: false`; Karpenter fills initialized nodes first).
 */
export interface ExistingNode {
  readonly id: string;
  readonly nodePool?: string;
  readonly freeCpu: number;
  readonly freeMemoryMiB: number;
  readonly freePods: number;
  /** Free GPUs and Neuron devices; absent: none. */
  readonly freeDevices?: DeviceCounts;
  /** Node labels (well-known ones included), matched against pods' requirements. */
  readonly labels: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** Default true. */
  readonly initialized?: boolean;
  /** Its taints (its node group's or NodePool's). */
  readonly taints?: readonly Taint[];
  /** The pods it runs or is promised (labels and namespace), for topology spread counts. */
  readonly pods?: readonly PodSchedulingSpec[];
}

export interface ProvisioningInput {
  readonly pods: readonly PendingPod[];
  readonly existingNodes?: readonly ExistingNode[];
  readonly nodePools: readonly NodePoolSpec[];
  readonly catalog: readonly InstanceType[];
  /** Zones Karpenter may launch in (those with subnets), in preference order for price ties. */
  readonly zones: readonly string[];
  /** $/h per offering. Default: on-demand from the catalog, no spot. */
  readonly price?: PriceLookup;
  /** Per NodePool, the capacity of the nodes it already has (ready and in flight), for limits. */
  readonly usage?: Readonly<Record<string, ResourceUsage>>;
  /** The node model: what a node of the type offers when the pool launches it; default {@link karpenterNodeAllocatable}. */
  readonly allocatable?: NodeAllocatableOf;
  /** Default 60 (the AWS provider's CreateFleet limit). */
  readonly maxInstanceTypes?: number;
  /**
   * Nodes already in each zone: among equally priced offerings a NodeClaim goes to the zone with
   * the fewest (counting the NodeClaims planned before it), then the earlier in `zones`. Absent:
   * zone order alone.
   */
  readonly zoneLoad?: ReadonlyMap<string, number>;
}

/** A NodeClaim to launch, with the launch decision made. */
export interface NodeClaimPlan {
  readonly nodePool: string;
  /** What CreateFleet receives: cheapest first, at most `maxInstanceTypes`. */
  readonly instanceTypeOptions: readonly string[];
  /** The type the fleet launches (the cheapest option). */
  readonly chosen: string;
  readonly capacityType: CapacityType;
  readonly zone: string;
  /** Pod ids in the order they were placed. */
  readonly pods: readonly string[];
  readonly pricePerHour: number;
  /** The pods' summed requests (the node's DaemonSets are in the node model, not here). */
  readonly requests: { readonly cpu: number; readonly memoryMiB: number; readonly pods: number };
}

export interface ProvisioningPlan {
  readonly nodeClaims: readonly NodeClaimPlan[];
  readonly existingPlacements: readonly { readonly pod: string; readonly node: string }[];
  readonly unschedulable: readonly UnschedulablePod[];
}

/** A pod no NodeClaim can take, and Karpenter's reason. */
export interface UnschedulablePod {
  readonly pod: string;
  readonly error: KarpenterSchedulingError;
}

/** Decides where pending pods go and which NodeClaims to launch. See the module comment. */
export function solveProvisioning(input: ProvisioningInput): ProvisioningPlan {
  const sim = simulateScheduling(input);
  const nodeClaims: NodeClaimPlan[] = [];
  const unschedulable = [...sim.unschedulable];
  const zoneLoad = new Map(input.zoneLoad ?? []);
  for (const claim of sim.nodeClaims) {
    const plan = launchDecision(claim, input.zones, input.maxInstanceTypes ?? MAX_INSTANCE_TYPES, zoneLoad);
    if (plan) {
      nodeClaims.push(plan);
      zoneLoad.set(plan.zone, (zoneLoad.get(plan.zone) ?? 0) + 1);
    }
    // Cannot happen (every option has an allowed offering), but a pod must never vanish.
    else for (const pod of claim.pods) unschedulable.push({ pod, error: NO_CAPACITY_OFFERINGS });
  }
  return { nodeClaims, existingPlacements: sim.existingPlacements, unschedulable };
}

// -----------------------------------------------------------------------------------------------
// The scheduling simulation (shared with consolidation)

/** An instance type option of a planned NodeClaim, with what the solver knows about it. */
export interface InstanceTypeOption {
  readonly type: InstanceType;
  readonly allocatable: NodeAllocatable;
  readonly capacity: ResourceUsage;
  /** Priced offerings in the input zones (not yet filtered by the NodeClaim's requirements). */
  readonly offerings: readonly Offering[];
}

/** A NodeClaim as the scheduling simulation leaves it, before the launch decision. */
export interface SimulatedNodeClaim {
  readonly nodePool: string;
  /** The pool's requirements intersected with its pods'. */
  readonly requirements: RequirementSet;
  /** Every type that fits all its pods and satisfies the requirements, catalog order. */
  readonly options: readonly InstanceTypeOption[];
  readonly pods: readonly string[];
  readonly requests: { readonly cpu: number; readonly memoryMiB: number; readonly pods: number };
}

export interface SchedulingSimulation {
  readonly nodeClaims: readonly SimulatedNodeClaim[];
  readonly existingPlacements: readonly { readonly pod: string; readonly node: string }[];
  readonly unschedulable: readonly UnschedulablePod[];
}

interface PoolState {
  readonly spec: NodePoolSpec;
  readonly set: RequirementSet;
  /**
   * The pool's set plus a placeholder hostname: pods that select a node by hostname never land on
   * a node that does not exist yet (Karpenter's NewNodeClaim adds one per NodeClaim).
   */
  readonly claimSet: RequirementSet;
  /** Types the pool's requirements allow, with an allowed offering. */
  readonly candidates: readonly InstanceTypeOption[];
  /** Limits left; undefined per resource when unlimited. */
  remainingCpu: number | undefined;
  remainingMemoryMiB: number | undefined;
}

interface ClaimState {
  readonly seq: number;
  /** Its pods' specs, for topology spread counts. */
  readonly specs: PodSchedulingSpec[];
  readonly pool: PoolState;
  set: RequirementSet;
  readonly podKeys: Set<string>;
  options: InstanceTypeOption[];
  cpu: number;
  memoryMiB: number;
  podCount: number;
  /** Its pods' devices together. */
  devices: DeviceCounts;
  readonly pods: string[];
  maxCpu: number;
  maxMemoryMiB: number;
  maxPods: number;
}

interface NodeState {
  readonly id: string;
  readonly labels: ReadonlyMap<string, string>;
  readonly taints: readonly Taint[];
  /** Its pods' specs (those given, then those the solver puts there). */
  readonly specs: PodSchedulingSpec[];
  freeCpu: number;
  freeMemoryMiB: number;
  freePods: number;
  freeDevices: DeviceCounts;
}

/**
 * Runs Karpenter's scheduling loop (steps 1-3 of the module comment) without the launch
 * decision. Consolidation filters the resulting options by price before deciding.
 */
export function simulateScheduling(input: ProvisioningInput): SchedulingSimulation {
  const price = input.price ?? catalogPrices();
  const allocatableOf = input.allocatable ?? karpenterNodeAllocatable;
  // Offerings per type; what a node offers per pool too (its NodeClass's kubelet settings).
  const offeringCache = new Map<InstanceType, InstanceTypeOption['offerings']>();
  const optionOf = (type: InstanceType, pool: NodePoolSpec): InstanceTypeOption => {
    let offerings = offeringCache.get(type);
    if (offerings === undefined) offeringCache.set(type, (offerings = offeringsOf(type, input.zones, price)));
    return { type, allocatable: allocatableOf(type, pool), capacity: instanceCapacity(type), offerings };
  };

  const pools: PoolState[] = [...input.nodePools]
    .sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0) || compareStrings(a.name, b.name))
    .map((spec) => {
      const set = nodePoolRequirementSet(spec);
      const candidates = instanceTypesMatching(input.catalog, set)
        .map((type) => optionOf(type, spec))
        .filter((o) => o.offerings.some((of) => offeringAllowed(set, of)));
      const used = input.usage?.[spec.name];
      return {
        spec,
        set,
        claimSet: intersectRequirementSets(set, HOSTNAME_PLACEHOLDER),
        candidates,
        remainingCpu: spec.limits?.cpu === undefined ? undefined : spec.limits.cpu - (used?.cpu ?? 0),
        remainingMemoryMiB: spec.limits?.memoryMiB === undefined ? undefined : spec.limits.memoryMiB - (used?.memoryMiB ?? 0),
      };
    });
  // Karpenter drops a NodePool whose requirements leave no instance type before scheduling.
  const templates = pools.filter((p) => p.candidates.length > 0);

  const nodes: NodeState[] = [...(input.existingNodes ?? [])]
    .map((n, i) => ({ n, i }))
    .sort((a, b) => Number(b.n.initialized ?? true) - Number(a.n.initialized ?? true) || compareStrings(a.n.id, b.n.id) || a.i - b.i)
    .map(({ n }) => ({
      id: n.id,
      labels: n.labels instanceof Map ? n.labels : new Map(Object.entries(n.labels)),
      taints: n.taints ?? [],
      specs: [...(n.pods ?? [])],
      freeCpu: n.freeCpu,
      freeMemoryMiB: n.freeMemoryMiB,
      freePods: n.freePods,
      freeDevices: n.freeDevices ?? NO_DEVICES,
    }));

  // With the default node model the DaemonSets are known, and messages show them as Karpenter's do.
  const overhead = input.allocatable === undefined ? daemonSetOverhead() : undefined;
  const podSets = new Map<string, RequirementSet>();
  const mergedCache = new Map<string, { set: RequirementSet; candidates: readonly InstanceTypeOption[] } | NodePoolIncompatibility>();

  const claims: ClaimState[] = [];
  const existingPlacements: { pod: string; node: string }[] = [];
  const unschedulable: UnschedulablePod[] = [];

  const spread = new SpreadDomains(nodes, claims, input.zones);
  for (const pod of queueOrder(input.pods)) {
    const key = podConstraintKey(pod);
    let podSet = podSets.get(key);
    if (!podSet) {
      podSet = podRequirementSet(pod);
      podSets.set(key, podSet);
    }
    const spec = pod.scheduling;
    const hard = spec === undefined ? NO_CONSTRAINTS : hardSpreadConstraints(spec);

    // 1. Existing nodes, in order; first fit. With the pod's kube spec, the scheduler's own rules:
    // node affinity (any term), taints, DoNotSchedule spreading.
    const node = nodes.find(
      (n) =>
        resourceShortfall(n.freeCpu, n.freeMemoryMiB, n.freePods, pod.cpu, pod.memoryMiB) === 0 &&
        (pod.devices === undefined || deviceShortfall(n.freeDevices.nvidiaGpu, n.freeDevices.neuron, n.freeDevices.neuronCore, pod.devices, n.freeDevices.podEni) === 0) &&
        (spec === undefined
          ? labelsSatisfy(n.labels, podSet)
          : matchesRequiredNodeAffinity(spec, n.labels) &&
            // A pod's zone (its bound volume's, as Karpenter's volume topology reads it) holds on existing nodes too.
            (pod.zone === undefined || n.labels.get(L.zone) === pod.zone) &&
            untoleratedTaint(spec.tolerations, n.taints) === undefined &&
            hard.every((c) => spread.allowsNode(spec, c, n))),
    );
    if (node) {
      node.freeCpu -= pod.cpu;
      node.freeMemoryMiB -= pod.memoryMiB;
      node.freePods -= 1;
      if (pod.devices !== undefined) node.freeDevices = subtractDevices(node.freeDevices, pod.devices);
      if (spec !== undefined) node.specs.push(spec);
      existingPlacements.push({ pod: pod.id, node: node.id });
      continue;
    }

    // Zone spreading picks the zone of the pod's NodeClaim: the allowed zones, emptiest first.
    const zoneSpread = hard.filter((c) => c.topologyKey === L.zone);
    const otherSpread = hard.find((c) => c.topologyKey !== L.zone && c.topologyKey !== L.hostname);
    let zones: readonly (string | undefined)[] = [undefined];
    if (zoneSpread.length > 0) zones = spread.allowedZones(spec!, zoneSpread);
    if (zones.length === 0 || otherSpread !== undefined) {
      // No zone keeps within maxSkew; a custom key's value on a new node is unknown.
      unschedulable.push({ pod: pod.id, error: { code: 'TOPOLOGY_UNSATISFIABLE', topologyKey: otherSpread?.topologyKey ?? L.zone } });
      continue;
    }
    const hostSpread = hard.filter((c) => c.topologyKey === L.hostname);
    const withZone = (zone: string | undefined): { key: string; set: RequirementSet } => {
      if (zone === undefined) return { key, set: podSet! };
      const zoneKey = `${key}\u0000zone=${zone}`;
      let set = podSets.get(zoneKey);
      if (set === undefined) podSets.set(zoneKey, (set = intersectRequirementSets(podSet!, requirementSet([{ key: L.zone, operator: 'In', values: [zone] }]))));
      return { key: zoneKey, set };
    };

    // 2. NodeClaims planned in this batch, fewest pods first; first fit.
    const byPods = [...claims].sort((a, b) => a.podCount - b.podCount || a.seq - b.seq);
    const addedToClaim = byPods.some(
      (c) =>
        (spec === undefined || (untoleratedTaint(spec.tolerations, c.pool.spec.taints ?? NO_TAINTS) === undefined && hostSpread.every((h) => spread.allowsClaim(spec, h, c)))) &&
        zones.some((zone) => {
          const z = withZone(zone);
          if (!tryAddToClaim(c, pod, z.key, z.set)) return false;
          if (spec !== undefined) c.specs.push(spec);
          return true;
        }),
    );
    if (addedToClaim) continue;

    // 3. A new NodeClaim from the first NodePool (by weight) that can take the pod.
    if (input.nodePools.length === 0) {
      unschedulable.push({ pod: pod.id, error: NO_NODEPOOLS });
      continue;
    }
    if (templates.length === 0) {
      unschedulable.push({ pod: pod.id, error: ALL_INSTANCE_TYPES_FILTERED });
      continue;
    }
    const errors: NodePoolIncompatibility[] = [];
    let opened: ClaimState | undefined;
    for (const pool of templates) {
      const taint = spec === undefined ? undefined : untoleratedTaint(spec.tolerations, pool.spec.taints ?? NO_TAINTS);
      if (taint !== undefined) {
        errors.push({ code: 'UNTOLERATED_TAINT', nodePool: pool.spec.name, daemonSetOverhead: overhead ?? null, taint });
        continue;
      }
      let result: ClaimState | NodePoolIncompatibility | undefined;
      for (const zone of zones) {
        const z = withZone(zone);
        result = openClaim(pool, pod, z.key, z.set, claims.length, mergedCache, overhead);
        if (isClaim(result)) break;
      }
      if (!isClaim(result!)) {
        errors.push(result!);
        continue;
      }
      opened = result;
      break;
    }
    if (opened) {
      if (spec !== undefined) opened.specs.push(spec);
      claims.push(opened);
      subtractMax(opened.pool, opened.options);
    } else {
      unschedulable.push({ pod: pod.id, error: { code: 'NODEPOOLS_INCOMPATIBLE', nodePools: errors } });
    }
  }

  return {
    nodeClaims: claims.map((c) => ({
      nodePool: c.pool.spec.name,
      requirements: c.set,
      options: c.options,
      pods: c.pods,
      requests: { cpu: c.cpu, memoryMiB: c.memoryMiB, pods: c.podCount },
    })),
    existingPlacements,
    unschedulable,
  };
}

const HOSTNAME_PLACEHOLDER: RequirementSet = requirementSet([{ key: L.hostname, operator: 'In', values: ['hostname-placeholder'] }]);
const NO_TAINTS: readonly Taint[] = Object.freeze([]);
const NO_CONSTRAINTS: readonly TopologySpreadConstraint[] = Object.freeze([]);

/** The pod's DoNotSchedule topology spread constraints: the ones kube-scheduler filters on. */
function hardSpreadConstraints(spec: PodSchedulingSpec): readonly TopologySpreadConstraint[] {
  const all = spec.topologySpreadConstraints;
  return all === undefined ? NO_CONSTRAINTS : all.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
}

/**
 * Topology spread domains as the solver's plan stands: pods on existing nodes (given, and placed
 * by the solver) and on the NodeClaims it planned, counted per zone and per node as
 * kube-scheduler's PodTopologySpread counts them (exceedsMaxSkew, spreadSelects). A NodeClaim
 * is in a zone once its requirements pin one; its node is a hostname domain of its own.
 *
 * The solver is stricter than the scheduler where they differ: its domains include the zones it
 * could launch in and the NodeClaims it plans (each with no pods yet), so its global minimum is
 * never above the scheduler's, and what it plans passes the scheduler's filter when the nodes come up.
 */
class SpreadDomains {
  constructor(
    private readonly nodes: readonly NodeState[],
    private readonly claims: readonly ClaimState[],
    private readonly zones: readonly string[],
  ) {}

  /** An existing node passes the constraint: its domain (zone, node, or another label) stays within maxSkew. */
  allowsNode(spec: PodSchedulingSpec, c: TopologySpreadConstraint, node: NodeState): boolean {
    const value = c.topologyKey === L.hostname ? node.id : node.labels.get(c.topologyKey);
    if (value === undefined) return false; // kube-scheduler: "(missing required label)"
    const counts = this.counts(spec, c);
    return !exceedsMaxSkew(counts.get(value) ?? 0, spreadSelects(c, spec, spec) ? 1 : 0, this.globalMin(c, counts), c.maxSkew);
  }

  /** A planned NodeClaim passes a hostname constraint: the pods it already holds stay within maxSkew. */
  allowsClaim(spec: PodSchedulingSpec, c: TopologySpreadConstraint, claim: ClaimState): boolean {
    const counts = this.counts(spec, c);
    return !exceedsMaxSkew(counts.get(claimDomain(claim)) ?? 0, spreadSelects(c, spec, spec) ? 1 : 0, this.globalMin(c, counts), c.maxSkew);
  }

  /** The zones a new pod may go to under every zone constraint, emptiest first (then the input's zone order). */
  allowedZones(spec: PodSchedulingSpec, constraints: readonly TopologySpreadConstraint[]): string[] {
    const candidates = this.zoneDomains(spec);
    const perConstraint = constraints.map((c) => ({ c, counts: this.counts(spec, c) }));
    const allowed = candidates.filter((z) => perConstraint.every(({ c, counts }) => !exceedsMaxSkew(counts.get(z) ?? 0, spreadSelects(c, spec, spec) ? 1 : 0, this.globalMin(c, counts, candidates), c.maxSkew)));
    const first = perConstraint[0]!.counts;
    return allowed.sort((a, b) => (first.get(a) ?? 0) - (first.get(b) ?? 0) || candidates.indexOf(a) - candidates.indexOf(b));
  }

  /** Matching pods per domain value of the constraint's key. */
  private counts(spec: PodSchedulingSpec, c: TopologySpreadConstraint): Map<string, number> {
    const counts = new Map<string, number>();
    const add = (value: string | undefined, pods: readonly PodSchedulingSpec[]): void => {
      if (value === undefined) return;
      let n = 0;
      for (const p of pods) if (spreadSelects(c, spec, p)) n++;
      counts.set(value, (counts.get(value) ?? 0) + n);
    };
    for (const n of this.nodes) add(c.topologyKey === L.hostname ? n.id : n.labels.get(c.topologyKey), n.specs);
    for (const claim of this.claims) add(c.topologyKey === L.hostname ? claimDomain(claim) : c.topologyKey === L.zone ? pinnedZone(claim.set) : undefined, claim.specs);
    return counts;
  }

  /** The global minimum over the domains (0 with fewer than minDomains of them). */
  private globalMin(c: TopologySpreadConstraint, counts: ReadonlyMap<string, number>, zoneDomains?: readonly string[]): number {
    let domains: string[];
    if (c.topologyKey === L.hostname) domains = [...this.nodes.map((n) => n.id), ...this.claims.map(claimDomain)];
    else if (c.topologyKey === L.zone) domains = [...(zoneDomains ?? []), ...this.zones, ...this.nodes.flatMap((n) => n.labels.get(L.zone) ?? [])];
    else domains = this.nodes.flatMap((n) => n.labels.get(c.topologyKey) ?? []);
    const distinct = new Set(domains);
    if (distinct.size < (c.minDomains ?? 1)) return 0;
    let min = Number.POSITIVE_INFINITY;
    for (const d of distinct) min = Math.min(min, counts.get(d) ?? 0);
    return Number.isFinite(min) ? min : 0;
  }

  /** Zones a new node could be in: the input's launch zones, then the existing nodes' (the pod's node affinity permitting). */
  private zoneDomains(spec: PodSchedulingSpec): string[] {
    const out = [...this.zones];
    for (const n of this.nodes) {
      const z = n.labels.get(L.zone);
      if (z !== undefined && !out.includes(z) && matchesRequiredNodeAffinity(spec, n.labels)) out.push(z);
    }
    return out;
  }
}

/** A planned NodeClaim's hostname domain (its node has no name yet). */
function claimDomain(claim: ClaimState): string {
  return `nodeclaim-${claim.seq}`;
}

/** The zone a requirement set pins (a zone `In` of one value), if any. */
function pinnedZone(set: RequirementSet): string | undefined {
  const c = set.get(L.zone);
  return c !== undefined && !c.complement && c.values.size === 1 ? [...c.values][0] : undefined;
}

/** Pods in Karpenter's queue order: CPU desc, memory desc, older first, then id. */
export function queueOrder<P extends PendingPod>(pods: readonly P[]): P[] {
  return [...pods].sort(
    (a, b) =>
      b.cpu - a.cpu ||
      b.memoryMiB - a.memoryMiB ||
      (a.createdAt ?? 0) - (b.createdAt ?? 0) ||
      compareStrings(a.id, b.id),
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A node of the option's type holds `pods` pods asking for `cpu`, `memoryMiB` and `devices` in
 * all (the shared fit check): a pod that needs GPUs fits only GPU types.
 */
function fits(o: InstanceTypeOption, cpu: number, memoryMiB: number, pods: number, devices: DeviceCounts): boolean {
  if (resourceShortfall(o.allocatable.cpu, o.allocatable.memoryMiB, o.allocatable.pods - pods + 1, cpu, memoryMiB) !== 0) return false;
  if (!hasDevices(devices)) return true;
  const a = o.allocatable.devices ?? NO_DEVICES;
  return deviceShortfall(a.nvidiaGpu, a.neuron, a.neuronCore, devices, a.podEni) === 0;
}

function hasAllowedOffering(set: RequirementSet, o: InstanceTypeOption): boolean {
  return o.offerings.some((of) => offeringAllowed(set, of));
}

function withinLimits(pool: PoolState, o: InstanceTypeOption): boolean {
  return (pool.remainingCpu === undefined || o.capacity.cpu <= pool.remainingCpu) && (pool.remainingMemoryMiB === undefined || o.capacity.memoryMiB <= pool.remainingMemoryMiB);
}

/** Karpenter's pessimistic limit accounting: the NodeClaim may become its largest option. */
function subtractMax(pool: PoolState, options: readonly InstanceTypeOption[]): void {
  let cpu = 0;
  let mem = 0;
  for (const o of options) {
    cpu = Math.max(cpu, o.capacity.cpu);
    mem = Math.max(mem, o.capacity.memoryMiB);
  }
  if (pool.remainingCpu !== undefined) pool.remainingCpu -= cpu;
  if (pool.remainingMemoryMiB !== undefined) pool.remainingMemoryMiB -= mem;
}

function refreshMaxima(c: ClaimState): void {
  let cpu = 0;
  let mem = 0;
  let pods = 0;
  for (const o of c.options) {
    cpu = Math.max(cpu, o.allocatable.cpu);
    mem = Math.max(mem, o.allocatable.memoryMiB);
    pods = Math.max(pods, o.allocatable.pods);
  }
  c.maxCpu = cpu;
  c.maxMemoryMiB = mem;
  c.maxPods = pods;
}

/** Adds the pod to a planned NodeClaim if some option still fits all its pods. */
function tryAddToClaim(c: ClaimState, pod: PendingPod, key: string, podSet: RequirementSet): boolean {
  const cpu = c.cpu + pod.cpu;
  const memoryMiB = c.memoryMiB + pod.memoryMiB;
  const pods = c.podCount + 1;
  // Cheap reject before any requirement work: no option is big enough.
  if (cpu > c.maxCpu || memoryMiB > c.maxMemoryMiB || pods > c.maxPods) return false;
  const devices = pod.devices === undefined ? c.devices : addDevices(c.devices, pod.devices);
  let set = c.set;
  const newKey = !c.podKeys.has(key);
  if (newKey) {
    if (!compatible(c.set, podSet).ok) return false;
    set = intersectRequirementSets(c.set, podSet);
  }
  const options = c.options.filter((o) => fits(o, cpu, memoryMiB, pods, devices) && (!newKey || (instanceTypeMatches(set, o.type) && hasAllowedOffering(set, o))));
  if (options.length === 0) return false;
  c.set = set;
  if (newKey) c.podKeys.add(key);
  c.options = options;
  c.cpu = cpu;
  c.memoryMiB = memoryMiB;
  c.podCount = pods;
  c.devices = devices;
  c.pods.push(pod.id);
  refreshMaxima(c);
  return true;
}

/** Opens a NodeClaim of the pool for the pod, or says why not (Karpenter's reasons, as codes). */
function openClaim(
  pool: PoolState,
  pod: PendingPod,
  key: string,
  podSet: RequirementSet,
  seq: number,
  cache: Map<string, { set: RequirementSet; candidates: readonly InstanceTypeOption[] } | NodePoolIncompatibility>,
  overhead: ResourceRequests | undefined,
): ClaimState | NodePoolIncompatibility {
  const nodePool = pool.spec.name;
  const daemonSetOverhead = overhead ?? null;
  const limited = pool.candidates.filter((o) => withinLimits(pool, o));
  if (limited.length === 0) return { code: 'EXCEEDS_LIMITS', nodePool };

  const cacheKey = `${nodePool}\u0000${key}`;
  let merged = cache.get(cacheKey);
  if (merged === undefined) {
    const compat = compatible(pool.claimSet, podSet);
    if (!compat.ok) {
      merged = { code: 'INCOMPATIBLE_REQUIREMENTS', nodePool, daemonSetOverhead, conflict: compat.conflict };
    } else {
      const set = intersectRequirementSets(pool.claimSet, podSet);
      merged = { set, candidates: pool.candidates.filter((o) => instanceTypeMatches(set, o.type) && hasAllowedOffering(set, o)) };
    }
    cache.set(cacheKey, merged);
  }
  if ('code' in merged) return merged;

  const { set } = merged;
  const allowed = new Set(merged.candidates);
  const podDevices = pod.devices ?? NO_DEVICES;
  const options = limited.filter((o) => allowed.has(o) && fits(o, pod.cpu, pod.memoryMiB, 1, podDevices));
  if (options.length === 0) {
    // Karpenter reports the DaemonSets' requests and the pod's together.
    const requests = { cpu: pod.cpu + (overhead?.cpu ?? 0), memoryMiB: pod.memoryMiB + (overhead?.memoryMiB ?? 0), pods: 1 + (overhead?.pods ?? 0) };
    const requirements = new Map(set);
    requirements.delete(L.hostname);
    return { code: 'NO_INSTANCE_TYPE', nodePool, daemonSetOverhead, requests, requirements, shortfall: shortfall(limited, set, pod.cpu, pod.memoryMiB, 1, podDevices) };
  }
  const claim: ClaimState = {
    seq,
    specs: [],
    pool,
    set,
    podKeys: new Set([key]),
    options,
    cpu: pod.cpu,
    memoryMiB: pod.memoryMiB,
    podCount: 1,
    devices: podDevices,
    pods: [pod.id],
    maxCpu: 0,
    maxMemoryMiB: 0,
    maxPods: 0,
  };
  refreshMaxima(claim);
  return claim;
}

function isClaim(r: ClaimState | NodePoolIncompatibility): r is ClaimState {
  return !('code' in r);
}

/** Which of requirements, resources and offering no instance type satisfied (nodeclaim.go FailureReason). */
function shortfall(options: readonly InstanceTypeOption[], set: RequirementSet, cpu: number, memoryMiB: number, pods: number, devices: DeviceCounts): InstanceTypeShortfall {
  let req = false;
  let fit = false;
  let off = false;
  let reqFit = false;
  let reqOff = false;
  let fitOff = false;
  for (const o of options) {
    const r = instanceTypeMatches(set, o.type);
    const f = fits(o, cpu, memoryMiB, pods, devices);
    const of = hasAllowedOffering(set, o);
    req ||= r;
    fit ||= f;
    off ||= of;
    reqFit ||= r && f && !of;
    reqOff ||= r && of && !f;
    fitOff ||= f && of && !r;
  }
  if (!req && !fit && !off) return 'REQUIREMENTS_RESOURCES_OFFERING';
  if (!req && !fit) return 'REQUIREMENTS_RESOURCES';
  if (!req && !off) return 'REQUIREMENTS_OFFERING';
  if (!fit && !off) return 'RESOURCES_OFFERING';
  if (!req) return 'REQUIREMENTS';
  if (!fit) return 'RESOURCES';
  if (!off) return 'OFFERING';
  if (reqFit) return 'OFFERING_GIVEN_REQUIREMENTS_AND_RESOURCES';
  if (fitOff) return 'REQUIREMENTS_GIVEN_RESOURCES_AND_OFFERING';
  if (reqOff) return 'RESOURCES_GIVEN_REQUIREMENTS_AND_OFFERING';
  return 'COMBINATION';
}

/** The requests of the DaemonSet pods every EKS node runs (aws-node, kube-proxy), and their count. */
export function daemonSetOverhead(): { cpu: number; memoryMiB: number; pods: number } {
  let cpu = 0;
  let memoryMiB = 0;
  for (const d of EKS_NODE_DAEMONSETS) {
    cpu += d.cpuMillicores * CPU_SHARES_PER_MILLICORE;
    memoryMiB += d.memoryMiB;
  }
  return { cpu, memoryMiB, pods: EKS_NODE_DAEMONSETS.length };
}

// -----------------------------------------------------------------------------------------------
// The launch decision (AWS provider)

function isExotic(t: InstanceType): boolean {
  return t.size.includes('metal') || t.gpus > 0;
}

/** The capacity type the AWS provider launches: spot when allowed and offered, else on-demand. */
export function launchCapacityType(set: RequirementSet, options: readonly InstanceTypeOption[]): CapacityType {
  if (allowedCapacityTypes(set).includes('spot')) {
    for (const o of options) if (o.offerings.some((of) => of.capacityType === 'spot' && offeringAllowed(set, of))) return 'spot';
  }
  return 'on-demand';
}

const NO_ZONE_LOAD: ReadonlyMap<string, number> = new Map();

/** The cheapest allowed offering of the capacity type, ties by zone order; undefined if none. */
function cheapestOffering(set: RequirementSet, o: InstanceTypeOption, capacityType: CapacityType): Offering | undefined {
  let best: Offering | undefined;
  for (const of of o.offerings) {
    if (of.capacityType !== capacityType || !offeringAllowed(set, of)) continue;
    if (best === undefined || of.price < best.price) best = of;
  }
  return best;
}

/**
 * The most a type could cost at launch under these requirements: its dearest allowed offering of
 * the capacity type the launch would use (spot when allowed and offered, else on-demand) —
 * Karpenter's `WorstLaunchPrice`, which consolidation compares against the node it replaces.
 */
export function worstLaunchPrice(set: RequirementSet, o: InstanceTypeOption): number | undefined {
  const cts = allowedCapacityTypes(set);
  for (const ct of cts) {
    let worst: number | undefined;
    for (const of of o.offerings) if (of.capacityType === ct && offeringAllowed(set, of)) worst = worst === undefined ? of.price : Math.max(worst, of.price);
    if (worst !== undefined) return worst;
  }
  return undefined;
}

/**
 * Turns a simulated NodeClaim into what the AWS provider launches (step 4 of the module comment).
 * Undefined when no option has an allowed offering left.
 */
export function launchDecision(
  claim: SimulatedNodeClaim,
  zones: readonly string[],
  maxInstanceTypes: number = MAX_INSTANCE_TYPES,
  zoneLoad: ReadonlyMap<string, number> = NO_ZONE_LOAD,
): NodeClaimPlan | undefined {
  const set = claim.requirements;
  let options = [...claim.options];
  const capacityType = launchCapacityType(set, options);

  // Mixed launch (spot or on-demand possible): drop spot types dearer than the cheapest on-demand one.
  const ct = set.get(L.capacityType);
  const bothAllowed = ct !== undefined && constraintAllows(ct, 'spot') && constraintAllows(ct, 'on-demand');
  if (bothAllowed && capacityType === 'spot') {
    let cheapestOnDemand = Number.POSITIVE_INFINITY;
    for (const o of options) cheapestOnDemand = Math.min(cheapestOnDemand, cheapestOffering(set, o, 'on-demand')?.price ?? Number.POSITIVE_INFINITY);
    if (Number.isFinite(cheapestOnDemand)) {
      options = options.filter((o) => {
        const cheapest = Math.min(cheapestOffering(set, o, 'spot')?.price ?? Infinity, cheapestOffering(set, o, 'on-demand')?.price ?? Infinity);
        return cheapest <= cheapestOnDemand;
      });
    }
  }
  // Exotic types (metal, GPUs) only when nothing else would do.
  const generic = options.filter((o) => !isExotic(o.type));
  if (generic.length > 0) options = generic;

  const priced = options
    .map((o) => ({ o, offering: cheapestOffering(set, o, capacityType) }))
    .filter((x): x is { o: InstanceTypeOption; offering: Offering } => x.offering !== undefined)
    .sort((a, b) => a.offering.price - b.offering.price || compareStrings(a.o.type.name, b.o.type.name))
    .slice(0, Math.max(1, maxInstanceTypes));
  const first = priced[0];
  if (first === undefined) return undefined;
  // The fleet's pick: the cheapest offering of the cheapest type; equal prices go to the zone
  // with the fewest nodes, then the earlier zone (docs/models.md, "AZ impairment": zone balance).
  const zoneRank = new Map(zones.map((z, i) => [z, i]));
  const before = (a: Offering, b: Offering): boolean => {
    const byLoad = (zoneLoad.get(a.zone) ?? 0) - (zoneLoad.get(b.zone) ?? 0);
    return byLoad < 0 || (byLoad === 0 && (zoneRank.get(a.zone) ?? 0) < (zoneRank.get(b.zone) ?? 0));
  };
  let best = first.offering;
  for (const of of first.o.offerings) {
    if (of.capacityType !== capacityType || !offeringAllowed(set, of)) continue;
    if (of.price < best.price || (of.price === best.price && before(of, best))) best = of;
  }
  return {
    nodePool: claim.nodePool,
    instanceTypeOptions: priced.map((x) => x.o.type.name),
    chosen: first.o.type.name,
    capacityType,
    zone: best.zone,
    pods: [...claim.pods],
    pricePerHour: best.price,
    requests: { ...claim.requests },
  };
}
