import type { CodeDocs } from '../events/docs.js';
import type { LabelConstraint, RequirementSet } from '../karpenter-spec.js';
import type { Taint } from '../taint.js';

/**
 * Why Karpenter cannot schedule a pending pod on a new NodeClaim, as codes and data. Karpenter's
 * own wording (`incompatible with nodepool "default", ... (no instance type has enough
 * resources)`) is rendered by report/describe.
 */

/** Requests as Karpenter lists them (cpu in shares, memory in MiB). */
export interface ResourceRequests {
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly pods: number;
}

/** Why a pod's requirements cannot hold on a NodePool's nodes (Karpenter's `Compatible`). */
export type RequirementConflict =
  /** A custom label the pod requires, which the NodePool does not define. */
  | { readonly code: 'LABEL_NO_KNOWN_VALUES'; readonly key: string }
  /** The pod's and the pool's constraints on `key` leave no value in common. */
  | { readonly code: 'VALUES_NOT_IN'; readonly key: string; readonly pod: LabelConstraint; readonly template: LabelConstraint };

/**
 * Which of (requirements, resources, offering) no instance type of the pool satisfied, as
 * Karpenter's nodeclaim FailureReason tells them apart: a single code when one or more of them
 * failed for every type, a `_GIVEN_` code when each held for some type but never with the others.
 */
export type InstanceTypeShortfall =
  | 'REQUIREMENTS_RESOURCES_OFFERING'
  | 'REQUIREMENTS_RESOURCES'
  | 'REQUIREMENTS_OFFERING'
  | 'RESOURCES_OFFERING'
  | 'REQUIREMENTS'
  | 'RESOURCES'
  | 'OFFERING'
  | 'OFFERING_GIVEN_REQUIREMENTS_AND_RESOURCES'
  | 'REQUIREMENTS_GIVEN_RESOURCES_AND_OFFERING'
  | 'RESOURCES_GIVEN_REQUIREMENTS_AND_OFFERING'
  | 'COMBINATION';

/** Why one NodePool cannot take the pod. `daemonSetOverhead` is null when the node model has no DaemonSets to show. */
export type NodePoolIncompatibility =
  /** Every instance type of the pool would exceed its limits. */
  | { readonly code: 'EXCEEDS_LIMITS'; readonly nodePool: string }
  /** The pod's requirements conflict with the pool's. */
  | { readonly code: 'INCOMPATIBLE_REQUIREMENTS'; readonly nodePool: string; readonly daemonSetOverhead: ResourceRequests | null; readonly conflict: RequirementConflict }
  /** The pod does not tolerate a NoSchedule or NoExecute taint of the pool's nodes. */
  | { readonly code: 'UNTOLERATED_TAINT'; readonly nodePool: string; readonly daemonSetOverhead: ResourceRequests | null; readonly taint: Taint }
  /** No instance type satisfied the pod's requests (DaemonSets included) and the merged requirements. */
  | {
      readonly code: 'NO_INSTANCE_TYPE';
      readonly nodePool: string;
      readonly daemonSetOverhead: ResourceRequests | null;
      readonly requests: ResourceRequests;
      readonly requirements: RequirementSet;
      readonly shortfall: InstanceTypeShortfall;
    };

export type KarpenterSchedulingError =
  /** The cluster has no NodePool. */
  | { readonly code: 'NO_NODEPOOLS' }
  /** Every NodePool's requirements filtered out every instance type. */
  | { readonly code: 'ALL_INSTANCE_TYPES_FILTERED' }
  /** A NodeClaim was planned but no offering of its types is available. */
  | { readonly code: 'NO_CAPACITY_OFFERINGS' }
  /** Every NodePool, in weight order, said why not. */
  | { readonly code: 'NODEPOOLS_INCOMPATIBLE'; readonly nodePools: readonly NodePoolIncompatibility[] }
  /** A DoNotSchedule topology spread constraint leaves no domain the pod may go to. */
  | { readonly code: 'TOPOLOGY_UNSATISFIABLE'; readonly topologyKey: string };

export const NO_NODEPOOLS: KarpenterSchedulingError = Object.freeze({ code: 'NO_NODEPOOLS' });
export const ALL_INSTANCE_TYPES_FILTERED: KarpenterSchedulingError = Object.freeze({ code: 'ALL_INSTANCE_TYPES_FILTERED' });
export const NO_CAPACITY_OFFERINGS: KarpenterSchedulingError = Object.freeze({ code: 'NO_CAPACITY_OFFERINGS' });

/** Whether two errors hold the same data (so Karpenter's wording of them is the same). */
export function sameKarpenterError(a: KarpenterSchedulingError, b: KarpenterSchedulingError): boolean {
  return sameData(a, b);
}

/**
 * Structural equality of plain data: primitives, arrays (in order), Sets and Maps (as sets and
 * key -> value maps: wording sorts them), objects by their defined keys.
 */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameData(x, b[i]));
  }
  if (a instanceof Set || b instanceof Set) {
    if (!(a instanceof Set) || !(b instanceof Set) || a.size !== b.size) return false;
    for (const x of a) if (!b.has(x)) return false;
    return true;
  }
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map) || !(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !sameData(v, b.get(k))) return false;
    return true;
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const OVERHEAD: ResourceRequests = { cpu: 128_000, memoryMiB: 0, pods: 2 };

export const KARPENTER_ERROR_DOCS = {
  NO_NODEPOOLS: { meaning: 'The cluster has no NodePool.', example: NO_NODEPOOLS },
  ALL_INSTANCE_TYPES_FILTERED: { meaning: "Every NodePool's requirements filtered out every instance type.", example: ALL_INSTANCE_TYPES_FILTERED },
  NO_CAPACITY_OFFERINGS: { meaning: 'A NodeClaim was planned but no offering of its instance types is available.', example: NO_CAPACITY_OFFERINGS },
  NODEPOOLS_INCOMPATIBLE: {
    meaning: 'Every NodePool, in weight order, says why it cannot take the pod (see the NodePool codes).',
    example: { code: 'NODEPOOLS_INCOMPATIBLE', nodePools: [{ code: 'EXCEEDS_LIMITS', nodePool: 'default' }] },
  },
  TOPOLOGY_UNSATISFIABLE: {
    meaning: "A DoNotSchedule topology spread constraint of the pod leaves no zone or node it may go to (the solver checks the kube-scheduler's PodTopologySpread rule).",
    example: { code: 'TOPOLOGY_UNSATISFIABLE', topologyKey: 'topology.kubernetes.io/zone' },
  },
} satisfies CodeDocs<KarpenterSchedulingError>;

export const NODEPOOL_INCOMPATIBILITY_DOCS = {
  EXCEEDS_LIMITS: { meaning: "Every instance type of the pool would exceed the pool's limits.", example: { code: 'EXCEEDS_LIMITS', nodePool: 'default' } },
  INCOMPATIBLE_REQUIREMENTS: {
    meaning: "The pod's requirements conflict with the pool's: a custom label the pool does not define (LABEL_NO_KNOWN_VALUES), or constraints with no value in common (VALUES_NOT_IN).",
    example: { code: 'INCOMPATIBLE_REQUIREMENTS', nodePool: 'x86', daemonSetOverhead: OVERHEAD, conflict: { code: 'LABEL_NO_KNOWN_VALUES', key: 'tier' } },
  },
  UNTOLERATED_TAINT: {
    meaning: "The pod does not tolerate a NoSchedule or NoExecute taint of the pool's nodes (kube-scheduler's TaintToleration filter would refuse them).",
    example: { code: 'UNTOLERATED_TAINT', nodePool: 'gpu', daemonSetOverhead: OVERHEAD, taint: { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' } },
  },
  NO_INSTANCE_TYPE: {
    meaning: "No instance type satisfied the pod's requests (DaemonSets included) and the merged requirements; `shortfall` says which of requirements, resources and offering failed (Karpenter's FailureReason).",
    example: {
      code: 'NO_INSTANCE_TYPE',
      nodePool: 'default',
      daemonSetOverhead: OVERHEAD,
      requests: { cpu: 307_328_000, memoryMiB: 1024, pods: 3 },
      requirements: new Map([['karpenter.sh/nodepool', { complement: false, values: new Set(['default']), absentOk: false }]]),
      shortfall: 'RESOURCES',
    },
  },
} satisfies CodeDocs<NodePoolIncompatibility>;
