import type { DeviceCounts, DeviceKind } from '../devices.js';
import type { CodeDocs } from '../events/docs.js';

/**
 * Why kube-scheduler finds no node for a pod, as codes: the reason each filter plugin gives a
 * node it rejects, and the FitError that counts them over the cluster. report/describe renders
 * kube-scheduler's wording (`0/N nodes are available: 2 Insufficient cpu, ...`) from these.
 */

/** One node's rejection by a filter plugin (kube-scheduler's unschedulable reason). */
export type FilterReason =
  /** NodeResourcesFit: the node runs its max pods already. */
  | { readonly code: 'TOO_MANY_PODS' }
  /** NodeResourcesFit: allocatable cpu minus requested is below the pod's request. */
  | { readonly code: 'INSUFFICIENT_CPU' }
  /** NodeResourcesFit: the same for memory. */
  | { readonly code: 'INSUFFICIENT_MEMORY' }
  /** NodeResourcesFit: the same for an extended resource (nvidia.com/gpu, aws.amazon.com/neuron, aws.amazon.com/neuroncore, vpc.amazonaws.com/pod-eni). */
  | { readonly code: 'INSUFFICIENT_DEVICE'; readonly device: DeviceKind }
  /** NodeUnschedulable: the node is cordoned. */
  | { readonly code: 'NODE_UNSCHEDULABLE' }
  /** NodeAffinity: the pod's nodeSelector or required node affinity excludes the node. */
  | { readonly code: 'NODE_AFFINITY' }
  /** PodTopologySpread: placing the pod here would exceed a constraint's maxSkew. */
  | { readonly code: 'TOPOLOGY_SPREAD' }
  /** PodTopologySpread: the node lacks a constraint's topology key. */
  | { readonly code: 'TOPOLOGY_LABEL_MISSING' }
  /** InterPodAffinity: a pod already on the node repels this one. */
  | { readonly code: 'EXISTING_ANTI_AFFINITY' }
  /** InterPodAffinity: the pod's own anti-affinity excludes the node. */
  | { readonly code: 'POD_ANTI_AFFINITY' }
  /** VolumeBinding: a bound PersistentVolume's node affinity (its zone) excludes the node. */
  | { readonly code: 'VOLUME_NODE_AFFINITY_CONFLICT' }
  /** VolumeBinding: an unbound WaitForFirstConsumer claim cannot be provisioned for the node (allowedTopologies). */
  | { readonly code: 'VOLUME_BIND_CONFLICT' }
  /** VolumeBinding's PreFilter: an Immediate claim of the pod is not bound yet. */
  | { readonly code: 'UNBOUND_IMMEDIATE_CLAIMS' }
  /** VolumeZone: a zone-labelled PersistentVolume is in another zone. */
  | { readonly code: 'VOLUME_ZONE_CONFLICT' }
  /** NodeVolumeLimits: the node's CSI volumes plus the pod's would exceed its allocatable count. */
  | { readonly code: 'MAX_VOLUME_COUNT' }
  /** TaintToleration: the node has a NoSchedule/NoExecute taint the pod does not tolerate (`value` '' when none). */
  | { readonly code: 'TAINT_NOT_TOLERATED'; readonly key: string; readonly value: string }
  /**
   * A filter plugin from outside fleetsim rejected the node, in its own words (kube-scheduler
   * prints a plugin's status reasons as they are). `unresolvable`: removing pods from the node
   * could not help (UnschedulableAndUnresolvable), so preemption does not try it.
   */
  | { readonly code: 'PLUGIN_REJECTED'; readonly plugin: string; readonly reason: string; readonly unresolvable: boolean }
  /** Preemption's status of a node whose filters failed for a reason removing pods cannot help. */
  | { readonly code: 'PREEMPTION_NOT_HELPFUL' }
  /** Preemption's status of a node with no pod of lower priority than the incoming one. */
  | { readonly code: 'NO_PREEMPTION_VICTIMS' };

export type FilterReasonCode = FilterReason['code'];

export const TOO_MANY_PODS: FilterReason = Object.freeze({ code: 'TOO_MANY_PODS' });
export const INSUFFICIENT_CPU: FilterReason = Object.freeze({ code: 'INSUFFICIENT_CPU' });
export const INSUFFICIENT_MEMORY: FilterReason = Object.freeze({ code: 'INSUFFICIENT_MEMORY' });
export const INSUFFICIENT_GPU: FilterReason = Object.freeze({ code: 'INSUFFICIENT_DEVICE', device: 'nvidiaGpu' });
export const INSUFFICIENT_NEURON: FilterReason = Object.freeze({ code: 'INSUFFICIENT_DEVICE', device: 'neuron' });
export const INSUFFICIENT_NEURONCORE: FilterReason = Object.freeze({ code: 'INSUFFICIENT_DEVICE', device: 'neuronCore' });
export const INSUFFICIENT_POD_ENI: FilterReason = Object.freeze({ code: 'INSUFFICIENT_DEVICE', device: 'podEni' });
export const NODE_UNSCHEDULABLE: FilterReason = Object.freeze({ code: 'NODE_UNSCHEDULABLE' });
export const NODE_AFFINITY: FilterReason = Object.freeze({ code: 'NODE_AFFINITY' });
export const TOPOLOGY_SPREAD: FilterReason = Object.freeze({ code: 'TOPOLOGY_SPREAD' });
export const TOPOLOGY_LABEL_MISSING: FilterReason = Object.freeze({ code: 'TOPOLOGY_LABEL_MISSING' });
export const EXISTING_ANTI_AFFINITY: FilterReason = Object.freeze({ code: 'EXISTING_ANTI_AFFINITY' });
export const POD_ANTI_AFFINITY: FilterReason = Object.freeze({ code: 'POD_ANTI_AFFINITY' });
export const PREEMPTION_NOT_HELPFUL: FilterReason = Object.freeze({ code: 'PREEMPTION_NOT_HELPFUL' });
export const NO_PREEMPTION_VICTIMS: FilterReason = Object.freeze({ code: 'NO_PREEMPTION_VICTIMS' });
export const VOLUME_NODE_AFFINITY_CONFLICT: FilterReason = Object.freeze({ code: 'VOLUME_NODE_AFFINITY_CONFLICT' });
export const VOLUME_BIND_CONFLICT: FilterReason = Object.freeze({ code: 'VOLUME_BIND_CONFLICT' });
export const UNBOUND_IMMEDIATE_CLAIMS: FilterReason = Object.freeze({ code: 'UNBOUND_IMMEDIATE_CLAIMS' });
export const VOLUME_ZONE_CONFLICT: FilterReason = Object.freeze({ code: 'VOLUME_ZONE_CONFLICT' });
export const MAX_VOLUME_COUNT: FilterReason = Object.freeze({ code: 'MAX_VOLUME_COUNT' });

/**
 * Whether removing pods from the node could not make it pass (kube-scheduler's
 * UnschedulableAndUnresolvable): the node's labels, taints or cordon, a missing topology label,
 * a request larger than the node's whole allocatable (`podCpu > nodeCpu`), a loaded plugin's
 * unresolvable rejection. Preemption skips such nodes ("Preemption is not helpful for scheduling").
 */
export function isUnresolvable(
  reason: FilterReason,
  pod: { readonly cpu: number; readonly memoryMiB: number; readonly devices?: DeviceCounts },
  node: { readonly cpu: number; readonly memoryMiB: number; readonly devices?: DeviceCounts },
): boolean {
  switch (reason.code) {
    case 'NODE_UNSCHEDULABLE':
    case 'NODE_AFFINITY':
    case 'TAINT_NOT_TOLERATED':
    case 'TOPOLOGY_LABEL_MISSING':
    case 'PREEMPTION_NOT_HELPFUL':
    case 'NO_PREEMPTION_VICTIMS':
    case 'VOLUME_NODE_AFFINITY_CONFLICT':
    case 'VOLUME_BIND_CONFLICT':
    case 'UNBOUND_IMMEDIATE_CLAIMS':
    case 'VOLUME_ZONE_CONFLICT':
      return true;
    case 'INSUFFICIENT_CPU':
      return pod.cpu > node.cpu;
    case 'INSUFFICIENT_MEMORY':
      return pod.memoryMiB > node.memoryMiB;
    case 'INSUFFICIENT_DEVICE':
      return (pod.devices?.[reason.device] ?? 0) > (node.devices?.[reason.device] ?? 0);
    case 'PLUGIN_REJECTED':
      return reason.unresolvable;
    case 'TOO_MANY_PODS':
    case 'TOPOLOGY_SPREAD':
    case 'EXISTING_ANTI_AFFINITY':
    case 'POD_ANTI_AFFINITY':
    case 'MAX_VOLUME_COUNT':
      return false;
  }
}

const taintReasons = new Map<string, FilterReason>();

/** The reason for an untolerated taint, one shared value per (key, value): filters allocate nothing. */
export function taintNotTolerated(key: string, value: string | undefined): FilterReason {
  const v = value ?? '';
  const id = `${key}\u0000${v}`;
  let r = taintReasons.get(id);
  if (r === undefined) taintReasons.set(id, (r = Object.freeze({ code: 'TAINT_NOT_TOLERATED', key, value: v })));
  return r;
}

/** How many nodes gave one reason. */
export interface ReasonCount {
  readonly reason: FilterReason;
  readonly nodes: number;
}

/**
 * What preemption (the DefaultPreemption PostFilter plugin) said when it could not help: the
 * pod may not preempt, or no node would fit it with lower-priority pods removed (a FitError of
 * its own: each node's status counted). kube-scheduler appends it to the FitError's message as
 * ` preemption: ...`. Absent when the profile has no PostFilter plugin, or preemption nominated
 * a node (its status is Success, with no message).
 */
export type PreemptionMessage =
  /** PodEligibleToPreemptOthers: the pod's preemptionPolicy is Never, or its earlier victims are still terminating. */
  | { readonly code: 'NOT_ELIGIBLE'; readonly why: 'PREEMPTION_POLICY_NEVER' | 'TERMINATING_POD_ON_NOMINATED_NODE' }
  /** No candidate node: each node's status (a filter's reason, or PREEMPTION_NOT_HELPFUL, NO_PREEMPTION_VICTIMS) counted. */
  | { readonly code: 'NO_CANDIDATES'; readonly nodes: number; readonly reasons: readonly ReasonCount[] };

/** kube-scheduler found no node for the pod. */
export type SchedulingFailure =
  /** ErrNoNodesAvailable: the cluster has no node at all. */
  | { readonly code: 'NO_NODES_AVAILABLE' }
  /**
   * FitError: every examined node failed a filter; `reasons` counts them, in canonical order;
   * `preemption`: what the PostFilter (preemption) said, when it said something.
   */
  | { readonly code: 'FIT_ERROR'; readonly nodes: number; readonly reasons: readonly ReasonCount[]; readonly preemption?: PreemptionMessage };

export const NO_NODES_AVAILABLE: SchedulingFailure = Object.freeze({ code: 'NO_NODES_AVAILABLE' });

/**
 * The FitError for a cluster of `numAllNodes` nodes from a histogram of reasons (each counted
 * over the nodes that gave it). Equal reasons are merged and sorted by code, so two failures
 * that kube-scheduler would word alike compare equal ({@link sameSchedulingFailure}).
 */
export function fitError(numAllNodes: number, histogram: ReadonlyMap<FilterReason, number>, preemption?: PreemptionMessage): SchedulingFailure {
  if (numAllNodes === 0) return NO_NODES_AVAILABLE;
  const reasons = reasonCounts(histogram);
  return preemption === undefined ? { code: 'FIT_ERROR', nodes: numAllNodes, reasons } : { code: 'FIT_ERROR', nodes: numAllNodes, reasons, preemption };
}

/** Preemption's own FitError, from its histogram of node statuses. */
export function preemptionFitError(numAllNodes: number, histogram: ReadonlyMap<FilterReason, number>): PreemptionMessage {
  return { code: 'NO_CANDIDATES', nodes: numAllNodes, reasons: reasonCounts(histogram) };
}

/** A histogram's equal reasons merged, sorted by code: failures worded alike compare equal. */
function reasonCounts(histogram: ReadonlyMap<FilterReason, number>): ReasonCount[] {
  const merged = new Map<string, { reason: FilterReason; nodes: number }>();
  for (const [reason, nodes] of histogram) {
    const key = reasonKey(reason);
    const seen = merged.get(key);
    if (seen === undefined) merged.set(key, { reason, nodes });
    else seen.nodes += nodes;
  }
  return [...merged.keys()].sort().map((k) => merged.get(k)!);
}

/** Whether two scheduling failures say the same thing (kube-scheduler would word them alike). */
export function sameSchedulingFailure(a: SchedulingFailure, b: SchedulingFailure): boolean {
  if (a.code !== b.code) return false;
  if (a.code === 'NO_NODES_AVAILABLE' || b.code === 'NO_NODES_AVAILABLE') return true;
  return a.nodes === b.nodes && sameCounts(a.reasons, b.reasons) && samePreemption(a.preemption, b.preemption);
}

function sameCounts(a: readonly ReasonCount[], b: readonly ReasonCount[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.nodes !== y.nodes || reasonKey(x.reason) !== reasonKey(y.reason)) return false;
  }
  return true;
}

function samePreemption(a: PreemptionMessage | undefined, b: PreemptionMessage | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.code === 'NOT_ELIGIBLE') return b.code === 'NOT_ELIGIBLE' && a.why === b.why;
  return b.code === 'NO_CANDIDATES' && a.nodes === b.nodes && sameCounts(a.reasons, b.reasons);
}

/** Identifies a reason by what its wording shows (a taint's key and value, not its effect; a plugin's own words). */
function reasonKey(r: FilterReason): string {
  if (r.code === 'TAINT_NOT_TOLERATED') return `${r.code}\u0000${r.key}\u0000${r.value}`;
  if (r.code === 'PLUGIN_REJECTED') return `${r.code}\u0000${r.reason}`;
  if (r.code === 'INSUFFICIENT_DEVICE') return `${r.code}\u0000${r.device}`;
  return r.code;
}

const pluginReasons = new Map<string, FilterReason>();

/**
 * A filter plugin's own rejection reason, one shared value per (plugin, reason, resolvability),
 * so a plugin's Filter allocates nothing per node: call it once, keep the value.
 */
export function pluginRejected(plugin: string, reason: string, unresolvable = false): FilterReason {
  const id = `${plugin}\u0000${reason}\u0000${unresolvable ? 1 : 0}`;
  let r = pluginReasons.get(id);
  if (r === undefined) pluginReasons.set(id, (r = Object.freeze({ code: 'PLUGIN_REJECTED', plugin, reason, unresolvable })));
  return r;
}

export const SCHEDULING_FAILURE_DOCS = {
  NO_NODES_AVAILABLE: { meaning: 'ErrNoNodesAvailable: the cluster has no node at all.', example: NO_NODES_AVAILABLE },
  FIT_ERROR: {
    meaning:
      "FitError: every examined node failed a filter; each filter's reason counted over the nodes that gave it. `preemption`: what preemption said when it could not help (not eligible, or its own count of node statuses), worded after ` preemption: `.",
    example: {
      code: 'FIT_ERROR',
      nodes: 5,
      reasons: [
        { reason: INSUFFICIENT_CPU, nodes: 3 },
        { reason: NODE_UNSCHEDULABLE, nodes: 2 },
      ],
      preemption: {
        code: 'NO_CANDIDATES',
        nodes: 5,
        reasons: [
          { reason: { code: 'NO_PREEMPTION_VICTIMS' }, nodes: 3 },
          { reason: { code: 'PREEMPTION_NOT_HELPFUL' }, nodes: 2 },
        ],
      },
    },
  },
} satisfies CodeDocs<SchedulingFailure>;

export const FILTER_REASON_DOCS = {
  TOO_MANY_PODS: { meaning: 'NodeResourcesFit: the node runs its max pods already.', example: TOO_MANY_PODS },
  INSUFFICIENT_CPU: { meaning: "NodeResourcesFit: allocatable cpu minus requested is below the pod's request.", example: INSUFFICIENT_CPU },
  INSUFFICIENT_MEMORY: { meaning: 'NodeResourcesFit: the same for memory.', example: INSUFFICIENT_MEMORY },
  INSUFFICIENT_DEVICE: {
    meaning: 'NodeResourcesFit: the same for an extended resource the device plugins advertise: nvidia.com/gpu, aws.amazon.com/neuron, aws.amazon.com/neuroncore.',
    example: INSUFFICIENT_GPU,
  },
  NODE_UNSCHEDULABLE: { meaning: 'NodeUnschedulable: the node is cordoned.', example: NODE_UNSCHEDULABLE },
  NODE_AFFINITY: { meaning: "NodeAffinity: the pod's nodeSelector or required node affinity excludes the node.", example: NODE_AFFINITY },
  TOPOLOGY_SPREAD: { meaning: "PodTopologySpread: placing the pod here would exceed a constraint's maxSkew.", example: TOPOLOGY_SPREAD },
  TOPOLOGY_LABEL_MISSING: { meaning: "PodTopologySpread: the node lacks a constraint's topology key.", example: TOPOLOGY_LABEL_MISSING },
  EXISTING_ANTI_AFFINITY: { meaning: 'InterPodAffinity: a pod already on the node repels this one.', example: EXISTING_ANTI_AFFINITY },
  POD_ANTI_AFFINITY: { meaning: "InterPodAffinity: the pod's own anti-affinity excludes the node.", example: POD_ANTI_AFFINITY },
  TAINT_NOT_TOLERATED: {
    meaning: 'TaintToleration: the node has a NoSchedule or NoExecute taint the pod does not tolerate (booting nodes carry not-ready, cordoned ones unschedulable).',
    example: { code: 'TAINT_NOT_TOLERATED', key: 'dedicated', value: 'gpu' },
  },
  PREEMPTION_NOT_HELPFUL: { meaning: "Preemption's status of a node whose filters failed for a reason removing pods cannot help (labels, taints, cordon, a request above its allocatable).", example: PREEMPTION_NOT_HELPFUL },
  NO_PREEMPTION_VICTIMS: { meaning: "Preemption's status of a node that runs no pod of lower priority than the incoming one.", example: NO_PREEMPTION_VICTIMS },
  VOLUME_NODE_AFFINITY_CONFLICT: { meaning: "VolumeBinding: the pod's bound PersistentVolume (an EBS volume) is in another zone than the node (its node affinity).", example: VOLUME_NODE_AFFINITY_CONFLICT },
  VOLUME_BIND_CONFLICT: { meaning: "VolumeBinding: an unbound WaitForFirstConsumer claim's StorageClass cannot provision in the node's zone (allowedTopologies).", example: VOLUME_BIND_CONFLICT },
  UNBOUND_IMMEDIATE_CLAIMS: { meaning: "VolumeBinding's PreFilter: a claim of an Immediate StorageClass is not bound yet (its volume is being created); the message has no node count.", example: UNBOUND_IMMEDIATE_CLAIMS },
  VOLUME_ZONE_CONFLICT: { meaning: 'VolumeZone: a PersistentVolume with a zone label is in another zone than the node (EBS CSI volumes have no such label).', example: VOLUME_ZONE_CONFLICT },
  MAX_VOLUME_COUNT: { meaning: "NodeVolumeLimits: the node's volumes in use plus the pod's would exceed its CSINode allocatable count for the EBS CSI driver.", example: MAX_VOLUME_COUNT },
  PLUGIN_REJECTED: {
    meaning: "A filter plugin loaded with --plugin rejected the node, in the plugin's own words (`unresolvable`: preemption would not help).",
    example: { code: 'PLUGIN_REJECTED', plugin: 'GpuOnly', reason: 'node(s) had no free GPU', unresolvable: true },
  },
} satisfies CodeDocs<FilterReason>;
