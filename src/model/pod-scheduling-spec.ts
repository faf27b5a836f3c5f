/**
 * What a pod asks of kube-scheduler beyond its resource requests, and how a scheduler profile is
 * configured. Data only: the field names are the Kubernetes API's (PodSpec, KubeSchedulerProfile)
 * so a scenario reads like the objects users already write. Semantics live in
 * src/policy/kube (the plugins); validation of profiles lives in its registry.
 */
import type { TaintEffect } from './taint.js';

/** A label set (`metadata.labels`, `nodeSelector`). */
export type LabelMap = Readonly<Record<string, string>>;

/** Operators of node selector requirements (core/v1 NodeSelectorOperator). */
export type NodeSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

/**
 * One requirement on a node label. `In`/`NotIn` take one or more values; `Exists`/
 * `DoesNotExist` none; `Gt`/`Lt` exactly one integer, compared with the label's integer value.
 */
export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: NodeSelectorOperator;
  readonly values?: readonly string[];
}

/** Requirements that must all hold (ANDed). A term without requirements matches no node. */
export interface NodeSelectorTerm {
  readonly matchExpressions?: readonly NodeSelectorRequirement[];
}

/** A preferred term: nodes matching `preference` gain `weight` (1..100) in NodeAffinity scoring. */
export interface PreferredSchedulingTerm {
  readonly weight: number;
  readonly preference: NodeSelectorTerm;
}

export interface NodeAffinity {
  /** Terms are ORed: a node must match at least one. */
  readonly requiredDuringSchedulingIgnoredDuringExecution?: { readonly nodeSelectorTerms: readonly NodeSelectorTerm[] };
  readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly PreferredSchedulingTerm[];
}

/** Operators of label selector requirements (meta/v1 LabelSelectorOperator). */
export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: LabelSelectorOperator;
  readonly values?: readonly string[];
}

/**
 * A pod label selector (meta/v1 LabelSelector): `matchLabels` and `matchExpressions` ANDed.
 * As in Kubernetes, an absent selector matches no pods and an empty one (`{}`) matches all.
 */
export interface LabelSelector {
  readonly matchLabels?: LabelMap;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

/**
 * Pods matching `labelSelector` in the same `topologyKey` domain as a node (core/v1
 * PodAffinityTerm), counted in the namespaces the term names: `namespaces` and those whose
 * labels `namespaceSelector` matches (a namespace carries `kubernetes.io/metadata.name: <name>`;
 * `{}` matches every namespace); with neither, the namespace of the pod the term belongs to.
 */
export interface PodAffinityTerm {
  readonly labelSelector?: LabelSelector;
  readonly topologyKey: string;
  readonly namespaces?: readonly string[];
  readonly namespaceSelector?: LabelSelector;
}

/** A preferred term: nodes whose domain holds matching pods gain (affinity) or lose (anti-affinity) `weight` (1..100) per pod. */
export interface WeightedPodAffinityTerm {
  readonly weight: number;
  readonly podAffinityTerm: PodAffinityTerm;
}

export interface PodAffinity {
  /** Scored by InterPodAffinity: domains holding matching pods are preferred. */
  readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly WeightedPodAffinityTerm[];
}

export interface PodAntiAffinity {
  /** The pod must not land in a domain that already holds a pod matching any term. */
  readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly PodAffinityTerm[];
  /** Scored by InterPodAffinity: domains holding matching pods are avoided. */
  readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly WeightedPodAffinityTerm[];
}

export interface Affinity {
  readonly nodeAffinity?: NodeAffinity;
  readonly podAffinity?: PodAffinity;
  readonly podAntiAffinity?: PodAntiAffinity;
}

export type TolerationOperator = 'Equal' | 'Exists';

/**
 * A toleration (core/v1 Toleration). `operator` defaults to Equal; an empty `key` with Exists
 * tolerates every taint; an absent `effect` matches every effect.
 */
export interface Toleration {
  readonly key?: string;
  readonly operator?: TolerationOperator;
  readonly value?: string;
  readonly effect?: TaintEffect;
  /** NoExecute only: how long the pod stays after the taint appears (not used for placement). */
  readonly tolerationSeconds?: number;
}

export type UnsatisfiableConstraintAction = 'DoNotSchedule' | 'ScheduleAnyway';

/** core/v1 TopologySpreadConstraint (nodeAffinityPolicy Honor and nodeTaintsPolicy Ignore, the defaults). */
export interface TopologySpreadConstraint {
  /** > 0. DoNotSchedule: the largest allowed difference to the global minimum. */
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: UnsatisfiableConstraintAction;
  /** Pods counted in each domain. Absent = no pods (so the constraint counts nothing). */
  readonly labelSelector?: LabelSelector;
  /** DoNotSchedule only: with fewer eligible domains than this, the global minimum is 0. */
  readonly minDomains?: number;
}

/** The namespace of a pod whose spec names none. */
export const DEFAULT_NAMESPACE = 'default';

/** Everything kube-scheduler reads from a pod besides its requests (which come from the task definition). */
export interface PodSchedulingSpec {
  /** `metadata.labels` of the pod template. */
  readonly labels: LabelMap;
  /**
   * `metadata.namespace` (default {@link DEFAULT_NAMESPACE}): label selectors of pod
   * (anti-)affinity terms and spread constraints count pods of the namespaces they name, their
   * own by default.
   */
  readonly namespace?: string;
  readonly nodeSelector?: LabelMap;
  readonly affinity?: Affinity;
  readonly tolerations?: readonly Toleration[];
  readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[];
  /**
   * Resolved PriorityClass value (default 0): the scheduling queue takes higher priorities
   * first, and a pod that fits nowhere may preempt pods of lower priority (DefaultPreemption).
   */
  readonly priority?: number;
  /** The PriorityClass's preemptionPolicy: Never keeps the pod from preempting (it still sorts by priority). */
  readonly preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
  /**
   * `metadata.annotations` of the pod template. kube-scheduler reads none; Cluster Autoscaler reads
   * `cluster-autoscaler.kubernetes.io/safe-to-evict` (src/policy/cluster-autoscaler/scale-down.ts).
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A pod with no scheduling constraints and no labels. */
export const EMPTY_POD_SCHEDULING_SPEC: PodSchedulingSpec = Object.freeze({ labels: Object.freeze({}) });

// -----------------------------------------------------------------------------------------------
// Scheduler profiles (kubescheduler.config.k8s.io/v1 KubeSchedulerProfile, the parts fleetsim models)

/** An enabled plugin (a `multiPoint.enabled` entry). `weight` applies to its score extension (default 1). */
export interface PluginSpec {
  readonly name: string;
  readonly weight?: number;
}

/** A `pluginConfig` entry; `args` is validated by the plugin's factory (see the *Args types). */
export interface PluginConfig {
  readonly name: string;
  readonly args: unknown;
}

export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

/** A resource the scoring strategies weigh; fleetsim models cpu and memory. */
export interface ResourceSpec {
  readonly name: 'cpu' | 'memory';
  readonly weight: number;
}

/** A point of the RequestedToCapacityRatio shape: utilization 0..100 (%), score 0..10. */
export interface UtilizationShapePoint {
  readonly utilization: number;
  readonly score: number;
}

export interface ScoringStrategy {
  readonly type: ScoringStrategyType;
  readonly resources: readonly ResourceSpec[];
  /** Required for RequestedToCapacityRatio: the piecewise-linear score of utilization. */
  readonly requestedToCapacityRatio?: { readonly shape: readonly UtilizationShapePoint[] };
}

export interface NodeResourcesFitArgs {
  readonly scoringStrategy: ScoringStrategy;
}

export interface NodeResourcesBalancedAllocationArgs {
  readonly resources: readonly ResourceSpec[];
}

export interface PodTopologySpreadArgs {
  /** System: the built-in cluster defaults; List: `defaultConstraints` (empty = none). */
  readonly defaultingType: 'System' | 'List';
  /** Only with List; no labelSelector (the pod's workload supplies it). */
  readonly defaultConstraints: readonly TopologySpreadConstraint[];
}

/**
 * A scheduler profile: the enabled plugins in the order their filters run, their score weights,
 * their args and the share of nodes to score.
 */
export interface SchedulerProfileSpec {
  readonly schedulerName: string;
  readonly plugins: readonly PluginSpec[];
  readonly pluginConfig: readonly PluginConfig[];
  /** 1..100, or 0/absent for the adaptive default (50% - nodes/125, at least 5%, at least 100 nodes). */
  readonly percentageOfNodesToScore?: number;
}

/**
 * kube-scheduler's default profile (pkg/scheduler/apis/config/v1 default_plugins.go): of the
 * multi-point plugins, the ones fleetsim models, in their order, with their default weights
 * (DefaultPreemption is the PostFilter; the volume plugins filter only pods with
 * PersistentVolumeClaims and skip every other pod at PreFilter; VolumeBinding's score needs
 * capacity-aware binding and is 0 here). The others (PrioritySort, NodeName, NodePorts,
 * VolumeRestrictions, DefaultBinder, SchedulingGates) are accepted by the registry as no-ops; the
 * queue sorts by priority (PrioritySort) in any case.
 * Args defaults: NodeResourcesFit LeastAllocated over cpu and memory with weight 1 each;
 * PodTopologySpread System defaulting.
 */
export const DEFAULT_PROFILE: SchedulerProfileSpec = Object.freeze({
  schedulerName: 'default-scheduler',
  plugins: Object.freeze([
    { name: 'NodeUnschedulable' },
    { name: 'TaintToleration', weight: 3 },
    { name: 'NodeAffinity', weight: 2 },
    { name: 'NodeResourcesFit', weight: 1 },
    { name: 'NodeVolumeLimits' },
    { name: 'VolumeBinding' },
    { name: 'VolumeZone' },
    { name: 'PodTopologySpread', weight: 2 },
    { name: 'InterPodAffinity', weight: 2 },
    { name: 'DefaultPreemption' },
    { name: 'NodeResourcesBalancedAllocation', weight: 1 },
    { name: 'ImageLocality', weight: 1 },
  ]),
  pluginConfig: Object.freeze([]),
});
