import type { ExtendedResourceName } from '../devices.js';
import type { ExpanderName } from '../params/cluster-autoscaler.js';
import type { CodeDocs, EventDocs } from './docs.js';

/**
 * Trace events of Cluster Autoscaler (kubernetes/autoscaler): its scale-ups (ScaledUpGroup,
 * TriggeredScaleUp), the pods it could not help (NotTriggerScaleUp), unneeded nodes, scale-downs
 * (ScaleDown, ScaleDownEmpty) and their failures. Wording: src/report/describe/cluster-autoscaler.ts.
 */

/** One node group that would help the pending pods (an expansion option), as the expanders saw it. */
export interface ExpansionOption {
  readonly group: string;
  /** Nodes the binpacking estimate asks for (within the group's maxSize). */
  readonly nodes: number;
  /** Pending pods those nodes would take. */
  readonly pods: number;
}

export interface ClusterAutoscalerScaledUp {
  readonly type: 'cluster-autoscaler.scaled-up';
  readonly time: number;
  readonly group: string;
  /** The group's desired size before and after. */
  readonly from: number;
  readonly to: number;
  /** Pending pods the new nodes are for (the whole scale-up's, when balanced over several groups). */
  readonly pods: number;
  /** The expanders that chose among the options, in order (`--expander`). */
  readonly expanders: readonly ExpanderName[];
  /** Every option that would have helped; the chosen one first. */
  readonly options: readonly ExpansionOption[];
  /** Similar groups the scale-up was balanced over (balance-similar-node-groups), this one included; empty when not balanced. */
  readonly balancedOver: readonly string[];
  /** How long the oldest of the pods had been unschedulable when CA decided (scan wait). */
  readonly oldestPendingMs: number;
}

/** A resource a template node is short of: cpu, memory, pod slots, or an extended resource (`nvidia.com/gpu`, ...). */
export type InsufficientResource = 'cpu' | 'memory' | 'pods' | ExtendedResourceName;

/** Why a node group would not help a pending pod (NotTriggerScaleUp's per-group reasons). */
export type NoScaleUpReason =
  /** The group is at its maxSize. */
  | { readonly code: 'MAX_SIZE_REACHED'; readonly group: string; readonly maxSize: number }
  /** The pod would not fit on an empty node of the group: these resources are short on its template. */
  | { readonly code: 'WOULD_NOT_FIT'; readonly group: string; readonly insufficient: readonly InsufficientResource[] }
  /** The node group's labels do not match the pod's nodeSelector or required node affinity. */
  | { readonly code: 'NODE_SELECTOR_MISMATCH'; readonly group: string }
  /** The group's nodes carry a taint the pod does not tolerate. */
  | { readonly code: 'TAINT_NOT_TOLERATED'; readonly group: string; readonly taint: string }
  /** The group is backed off after a failed scale-up (its nodes did not register in time). */
  | { readonly code: 'BACKED_OFF'; readonly group: string; readonly untilMs: number };

export interface ClusterAutoscalerScaleUpNotTriggered {
  readonly type: 'cluster-autoscaler.scale-up-not-triggered';
  readonly time: number;
  /** The workload whose pods CA cannot help. */
  readonly service: string;
  /** How many of its pods. */
  readonly pods: number;
  /** Per node group, why it would not help (empty: CA manages no node group). */
  readonly reasons: readonly NoScaleUpReason[];
}

export interface ClusterAutoscalerNodeUnneeded {
  readonly type: 'cluster-autoscaler.node-unneeded';
  readonly time: number;
  readonly host: string;
  readonly group: string;
  /** Requested over allocatable, DaemonSets included, 0..1. */
  readonly cpuUtilization: number;
  readonly memoryUtilization: number;
  /** Pods that would move elsewhere. */
  readonly pods: number;
}

/** Why a node below the utilization threshold is not removed. */
export type ScaleDownBlocker =
  /** A pod's PodDisruptionBudget allows no more disruptions (NotEnoughPdb). */
  | { readonly code: 'NOT_ENOUGH_PDB'; readonly pod: string }
  /** A kube-system pod without a PodDisruptionBudget, with skip-nodes-with-system-pods (UnmovableKubeSystemPod). */
  | { readonly code: 'KUBE_SYSTEM_POD'; readonly pod: string }
  /** A pod annotated cluster-autoscaler.kubernetes.io/safe-to-evict: "false" (NotSafeToEvictAnnotation). */
  | { readonly code: 'NOT_SAFE_TO_EVICT'; readonly pod: string }
  /** A pod that fits on no other node in CA's simulation (NoPlaceToMovePods). */
  | { readonly code: 'NO_PLACE_TO_MOVE_PODS'; readonly pod: string }
  /** The node group is at its minSize (NodeGroupMinSizeReached). */
  | { readonly code: 'MIN_SIZE_REACHED'; readonly minSize: number };

export interface ClusterAutoscalerScaleDownBlocked {
  readonly type: 'cluster-autoscaler.scale-down-blocked';
  readonly time: number;
  readonly host: string;
  readonly group: string;
  readonly reason: ScaleDownBlocker;
}

export interface ClusterAutoscalerScaledDown {
  readonly type: 'cluster-autoscaler.scaled-down';
  readonly time: number;
  readonly host: string;
  readonly group: string;
  /** True: ScaleDownEmpty (no pod to move); false: ScaleDown, its pods evicted. */
  readonly empty: boolean;
  /** Pods evicted to drain it. */
  readonly pods: number;
  /** How long it had been unneeded. */
  readonly unneededMs: number;
  /** The group's desired size before and after. */
  readonly from: number;
  readonly to: number;
}

export interface ClusterAutoscalerScaleDownFailed {
  readonly type: 'cluster-autoscaler.scale-down-failed';
  readonly time: number;
  readonly host: string;
  readonly group: string;
  /** Pods still on the node when the eviction retries ran out. */
  readonly pods: number;
}

export interface ClusterAutoscalerProvisionTimedOut {
  readonly type: 'cluster-autoscaler.provision-timed-out';
  readonly time: number;
  readonly host: string;
  readonly group: string;
  /** How long ago it was requested. */
  readonly requestedMs: number;
}

export type ClusterAutoscalerEvent =
  | ClusterAutoscalerScaledUp
  | ClusterAutoscalerScaleUpNotTriggered
  | ClusterAutoscalerNodeUnneeded
  | ClusterAutoscalerScaleDownBlocked
  | ClusterAutoscalerScaledDown
  | ClusterAutoscalerScaleDownFailed
  | ClusterAutoscalerProvisionTimedOut;

export const CLUSTER_AUTOSCALER_EVENT_DOCS = {
  'cluster-autoscaler.scaled-up': {
    when: "Cluster Autoscaler grows a node group for unschedulable pods (ScaledUpGroup; TriggeredScaleUp on the pods): one event per group, several when balance-similar-node-groups spreads the scale-up.",
    fields: {
      group: 'The node group.',
      from: 'Its desired size before.',
      to: 'Its desired size now.',
      pods: 'Pending pods the scale-up is for.',
      expanders: 'The expanders that chose, in order.',
      options: 'Every node group that would have helped (nodes, pods), the chosen one first.',
      balancedOver: 'The similar groups the scale-up was spread over; empty when not balanced.',
      oldestPendingMs: 'How long the oldest of those pods had been unschedulable (the scan wait).',
    },
    examples: [
      {
        type: 'cluster-autoscaler.scaled-up',
        time: 0,
        group: 'general',
        from: 3,
        to: 5,
        pods: 7,
        expanders: ['least-waste'],
        options: [
          { group: 'general', nodes: 2, pods: 7 },
          { group: 'large', nodes: 1, pods: 7 },
        ],
        balancedOver: [],
        oldestPendingMs: 8_400,
      },
    ],
  },
  'cluster-autoscaler.scale-up-not-triggered': {
    when: "Unschedulable pods of a workload that no node group CA manages would help (NotTriggerScaleUp): once, and again when the reasons change.",
    fields: { service: 'The workload.', pods: 'How many of its pods.', reasons: 'Per node group: MAX_SIZE_REACHED, WOULD_NOT_FIT, NODE_SELECTOR_MISMATCH, TAINT_NOT_TOLERATED or BACKED_OFF.' },
    examples: [{ type: 'cluster-autoscaler.scale-up-not-triggered', time: 0, service: 'web', pods: 4, reasons: [{ code: 'MAX_SIZE_REACHED', group: 'general', maxSize: 6 }] }],
  },
  'cluster-autoscaler.node-unneeded': {
    when: 'A node becomes unneeded: its requests are below the utilization threshold and its pods could move elsewhere. CA removes it once it has been unneeded for scale-down-unneeded-time.',
    fields: { host: 'The node.', group: 'Its node group.', cpuUtilization: 'CPU requested over allocatable (DaemonSets included).', memoryUtilization: 'Memory requested over allocatable.', pods: 'Pods that would move.' },
    examples: [{ type: 'cluster-autoscaler.node-unneeded', time: 0, host: 'i-000004', group: 'general', cpuUtilization: 0.31, memoryUtilization: 0.22, pods: 3 }],
  },
  'cluster-autoscaler.scale-down-blocked': {
    when: 'A node below the utilization threshold cannot be removed, and why (once per node and reason).',
    fields: { host: 'The node.', group: 'Its node group.', reason: 'NOT_ENOUGH_PDB, KUBE_SYSTEM_POD, NOT_SAFE_TO_EVICT, NO_PLACE_TO_MOVE_PODS or MIN_SIZE_REACHED.' },
    examples: [{ type: 'cluster-autoscaler.scale-down-blocked', time: 0, host: 'i-000004', group: 'general', reason: { code: 'NOT_ENOUGH_PDB', pod: 'web-7' } }],
  },
  'cluster-autoscaler.scaled-down': {
    when: "Cluster Autoscaler removes an unneeded node (ScaleDown, or ScaleDownEmpty): it cordons and drains it (evictions respect PodDisruptionBudgets) and terminates the instance, decrementing the group's desired size.",
    fields: {
      host: 'The node.',
      group: 'Its node group.',
      empty: 'True when no pod had to move.',
      pods: 'Pods evicted.',
      unneededMs: 'How long it had been unneeded.',
      from: "The group's desired size before.",
      to: 'Its desired size now.',
    },
    examples: [{ type: 'cluster-autoscaler.scaled-down', time: 0, host: 'i-000004', group: 'general', empty: false, pods: 3, unneededMs: 600_000, from: 5, to: 4 }],
  },
  'cluster-autoscaler.scale-down-failed': {
    when: "A node's drain did not finish within the eviction retries (2 minutes): some evictions were refused (PodDisruptionBudget). CA waits scale-down-delay-after-failure before it removes another node.",
    fields: { host: 'The node.', group: 'Its node group.', pods: 'Pods still on it.' },
    examples: [{ type: 'cluster-autoscaler.scale-down-failed', time: 0, host: 'i-000004', group: 'general', pods: 2 }],
  },
  'cluster-autoscaler.provision-timed-out': {
    when: 'A node CA asked for had not registered within max-node-provision-time: CA removes it, decrements the group and backs the group off.',
    fields: { host: 'The instance.', group: 'Its node group.', requestedMs: 'How long ago it was launched.' },
    examples: [{ type: 'cluster-autoscaler.provision-timed-out', time: 0, host: 'i-000009', group: 'general', requestedMs: 900_000 }],
  },
} satisfies EventDocs<ClusterAutoscalerEvent>;

export const NO_SCALE_UP_REASON_DOCS = {
  MAX_SIZE_REACHED: { meaning: 'The node group is at its maxSize.', example: { code: 'MAX_SIZE_REACHED', group: 'general', maxSize: 6 } },
  WOULD_NOT_FIT: { meaning: "The pod's requests exceed what an empty node of the group offers (allocatable less DaemonSets, max pods, the GPUs and Neuron devices of its instance type); `insufficient` names cpu, memory, pods or the extended resource (`nvidia.com/gpu`, ...).", example: { code: 'WOULD_NOT_FIT', group: 'general', insufficient: ['cpu'] } },
  NODE_SELECTOR_MISMATCH: { meaning: "The group's node labels do not satisfy the pod's nodeSelector or required node affinity.", example: { code: 'NODE_SELECTOR_MISMATCH', group: 'gpu' } },
  TAINT_NOT_TOLERATED: { meaning: "The group's nodes carry a NoSchedule/NoExecute taint the pod does not tolerate.", example: { code: 'TAINT_NOT_TOLERATED', group: 'gpu', taint: 'nvidia.com/gpu' } },
  BACKED_OFF: { meaning: 'The group is backed off after nodes it launched did not register within max-node-provision-time.', example: { code: 'BACKED_OFF', group: 'general', untilMs: 1_200_000 } },
} satisfies CodeDocs<NoScaleUpReason>;

export const SCALE_DOWN_BLOCKER_DOCS = {
  NOT_ENOUGH_PDB: { meaning: "The pod's PodDisruptionBudget allows no more disruptions.", example: { code: 'NOT_ENOUGH_PDB', pod: 'web-7' } },
  KUBE_SYSTEM_POD: { meaning: 'A kube-system pod without a PodDisruptionBudget (skip-nodes-with-system-pods, default true).', example: { code: 'KUBE_SYSTEM_POD', pod: 'coredns-1' } },
  NOT_SAFE_TO_EVICT: { meaning: 'The pod is annotated cluster-autoscaler.kubernetes.io/safe-to-evict: "false".', example: { code: 'NOT_SAFE_TO_EVICT', pod: 'batch-2' } },
  NO_PLACE_TO_MOVE_PODS: { meaning: "In CA's simulation the pod fits on no other node (resources, node selection, taints).", example: { code: 'NO_PLACE_TO_MOVE_PODS', pod: 'web-3' } },
  MIN_SIZE_REACHED: { meaning: 'The node group is at its minSize.', example: { code: 'MIN_SIZE_REACHED', minSize: 2 } },
} satisfies CodeDocs<ScaleDownBlocker>;
