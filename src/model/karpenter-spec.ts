/**
 * Karpenter's NodePool as fleetsim models it. Data only: field names follow the karpenter.sh/v1
 * NodePool API (https://karpenter.sh/docs/concepts/nodepools/), flattened where the simulator
 * needs no nesting. Semantics live in src/policy/karpenter (requirements, the provisioning
 * solver, consolidation); the scenario layer fills defaults and validates.
 *
 * Units: CPU in cpu shares (src/model/resources.ts: 1 vCPU = 1,024,000), memory in MiB,
 * durations in integer milliseconds (engine time).
 */
import type { Taint } from './taint.js';

/** core/v1 NodeSelectorOperator, the operators NodePool requirements accept. */
export type RequirementOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

/**
 * One NodePool requirement (`spec.template.spec.requirements[]`). `In`/`NotIn` take one or more
 * values; `Exists`/`DoesNotExist` none; `Gt`/`Lt` exactly one integer, compared with the label's
 * integer value (e.g. `karpenter.k8s.aws/instance-cpu Gt 4`).
 */
export interface Requirement {
  readonly key: string;
  readonly operator: RequirementOperator;
  readonly values: readonly string[];
}

/**
 * The allowed values of one label. `complement` false: exactly `values`; true: anything except
 * `values`, further bounded by `greaterThan`/`lessThan` (integers, exclusive). `absentOk`: a node
 * without the label satisfies it (true for NotIn and DoesNotExist, as in Kubernetes).
 */
export interface LabelConstraint {
  readonly complement: boolean;
  readonly values: ReadonlySet<string>;
  readonly greaterThan?: number;
  readonly lessThan?: number;
  readonly absentOk: boolean;
}

/** Label key -> constraint; every key must hold (requirements are ANDed). */
export type RequirementSet = ReadonlyMap<string, LabelConstraint>;

/**
 * `spec.disruption.consolidationPolicy` in v1. v1beta1 (the seed's NodePool) spelled the second
 * one `WhenUnderutilized`; see {@link V1BETA1_CONSOLIDATION_POLICIES}.
 */
export type ConsolidationPolicy = 'WhenEmpty' | 'WhenEmptyOrUnderutilized';

/** How Karpenter's consolidation found an action: empty nodes, several nodes at once, or one node. */
export type ConsolidationMethod = 'empty' | 'multi' | 'single';

/** The reasons a disruption budget may be restricted to (`spec.disruption.budgets[].reasons`). */
export type DisruptionReason = 'Empty' | 'Underutilized' | 'Drifted';

/**
 * One disruption budget. `nodes` is a count (`"3"`) or a percentage of the NodePool's nodes
 * (`"10%"`, rounded up). A budget without `reasons` applies to every reason. Budget schedules
 * (`schedule` + `duration`) are not modelled: every budget is always active.
 */
export interface DisruptionBudget {
  readonly nodes: string;
  readonly reasons?: readonly DisruptionReason[];
}

export interface NodePoolDisruption {
  readonly consolidationPolicy: ConsolidationPolicy;
  /**
   * How long after a pod was last scheduled to or removed from a node it becomes a consolidation
   * candidate; `null` is `Never` (consolidation disabled for the pool, empty nodes included).
   */
  readonly consolidateAfterMs: number | null;
  /**
   * Node lifetime before Karpenter replaces it (v1: `spec.template.spec.expireAfter`; v1beta1:
   * `spec.disruption.expireAfter`); `null` is `Never`.
   */
  readonly expireAfterMs: number | null;
  readonly budgets: readonly DisruptionBudget[];
}

/** `spec.limits`: the most capacity the pool's nodes may add up to (instance capacity, not allocatable). */
export interface NodePoolLimits {
  /** CPU shares (1 vCPU = 1,024,000). */
  readonly cpu?: number;
  readonly memoryMiB?: number;
}

export interface NodePoolSpec {
  readonly name: string;
  readonly requirements: readonly Requirement[];
  /** Taints its nodes carry (template.spec.taints): pods must tolerate them to be provisioned for. */
  readonly taints?: readonly Taint[];
  readonly limits?: NodePoolLimits;
  readonly disruption: NodePoolDisruption;
  /** Higher weights are tried first (1..100; absent is 0). */
  readonly weight?: number;
  /**
   * The kubelet settings of its EC2NodeClass (`spec.kubelet`; a v1beta1 NodePool's
   * `template.spec.kubelet`): `maxPods` replaces Karpenter's ENI-limited figure
   * (src/model/network/max-pods.ts `karpenterMaxPods`).
   */
  readonly kubelet?: { readonly maxPods?: number };
}

/** v1 default: nodes are consolidatable as soon as their pods last changed (`consolidateAfter: 0s`). */
export const DEFAULT_CONSOLIDATE_AFTER_MS = 0;
/** v1 default `expireAfter: 720h` (30 days). */
export const DEFAULT_EXPIRE_AFTER_MS = 720 * 60 * 60 * 1000;
/** v1 default `consolidationPolicy`. */
export const DEFAULT_CONSOLIDATION_POLICY: ConsolidationPolicy = 'WhenEmptyOrUnderutilized';
/** "If undefined, Karpenter will default to one budget with `nodes: 10%`." */
export const DEFAULT_DISRUPTION_BUDGETS: readonly DisruptionBudget[] = Object.freeze([Object.freeze({ nodes: '10%' })]);

/**
 * v1beta1 policy names mapped to v1 (the v1 migration's mapping). v1beta1 did not allow
 * `consolidateAfter` with `WhenUnderutilized`, which behaves as `0s`.
 */
export const V1BETA1_CONSOLIDATION_POLICIES: Readonly<Record<'WhenEmpty' | 'WhenUnderutilized', ConsolidationPolicy>> = Object.freeze({
  WhenEmpty: 'WhenEmpty',
  WhenUnderutilized: 'WhenEmptyOrUnderutilized',
});

/** The well-known labels Karpenter and its AWS provider put on nodes and accept in requirements. */
export const KARPENTER_LABELS = Object.freeze({
  nodePool: 'karpenter.sh/nodepool',
  capacityType: 'karpenter.sh/capacity-type',
  arch: 'kubernetes.io/arch',
  os: 'kubernetes.io/os',
  hostname: 'kubernetes.io/hostname',
  instanceType: 'node.kubernetes.io/instance-type',
  zone: 'topology.kubernetes.io/zone',
  region: 'topology.kubernetes.io/region',
  instanceFamily: 'karpenter.k8s.aws/instance-family',
  instanceSize: 'karpenter.k8s.aws/instance-size',
  instanceCategory: 'karpenter.k8s.aws/instance-category',
  instanceGeneration: 'karpenter.k8s.aws/instance-generation',
  instanceCpu: 'karpenter.k8s.aws/instance-cpu',
  instanceMemory: 'karpenter.k8s.aws/instance-memory',
  instanceGpuCount: 'karpenter.k8s.aws/instance-gpu-count',
  instanceHypervisor: 'karpenter.k8s.aws/instance-hypervisor',
  instanceNetworkBandwidth: 'karpenter.k8s.aws/instance-network-bandwidth',
} as const);

export type CapacityType = 'spot' | 'on-demand';

/** The AWS provider passes at most this many instance types to one CreateFleet call. */
export const MAX_INSTANCE_TYPES = 60;
/** Single-node spot-to-spot consolidation needs this many cheaper instance types (and launches with the 15 cheapest). */
export const MIN_INSTANCE_TYPES_FOR_SPOT_TO_SPOT = 15;
/** Multi-node consolidation considers at most this many candidates at once. */
export const MULTI_NODE_CONSOLIDATION_MAX_CANDIDATES = 100;
