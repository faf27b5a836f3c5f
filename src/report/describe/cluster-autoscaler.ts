import type { ClusterAutoscalerEvent, NoScaleUpReason, ScaleDownBlocker } from '../../model/events/cluster-autoscaler.js';
import { assertNever, type Wording } from './wording.js';

/** Cluster Autoscaler's events in its own words (its event reasons and status messages). */
export const CLUSTER_AUTOSCALER_WORDING: Wording<ClusterAutoscalerEvent> = {
  'cluster-autoscaler.scaled-up': {
    entity: (e) => e.group,
    text: (e) => {
      const others = e.options.length > 1 ? `; options: ${e.options.map((o) => `${o.group} (${o.nodes} node(s) for ${o.pods} pod(s))`).join(', ')}` : '';
      const balanced = e.balancedOver.length > 1 ? `; balanced over ${e.balancedOver.join(', ')}` : '';
      return `ScaledUpGroup: pod triggered scale-up: [{${e.group} ${e.from}->${e.to} (max reached: no)}] for ${e.pods} pod(s) pending ${(e.oldestPendingMs / 1000).toFixed(1)} s; expander ${e.expanders.join(',')}${others}${balanced}`;
    },
  },
  'cluster-autoscaler.scale-up-not-triggered': {
    entity: (e) => e.service,
    text: (e) => `NotTriggerScaleUp: pod didn't trigger scale-up (${e.pods} pod(s)): ${e.reasons.length === 0 ? 'no node group is managed by Cluster Autoscaler' : e.reasons.map(describeNoScaleUp).join(', ')}`,
  },
  'cluster-autoscaler.node-unneeded': {
    entity: (e) => e.host,
    text: (e) => `node ${e.host} (${e.group}) is unneeded: cpu ${pct(e.cpuUtilization)}, memory ${pct(e.memoryUtilization)} of allocatable; ${e.pods} pod(s) can move elsewhere`,
  },
  'cluster-autoscaler.scale-down-blocked': { entity: (e) => e.host, text: (e) => `node ${e.host} (${e.group}) cannot be removed: ${describeScaleDownBlocker(e.reason)}` },
  'cluster-autoscaler.scaled-down': {
    entity: (e) => e.host,
    text: (e) =>
      `${e.empty ? 'ScaleDownEmpty: removing empty node' : `ScaleDown: node removed by cluster autoscaler, evicting ${e.pods} pod(s) from`} ${e.host} (${e.group} ${e.from}->${e.to}); unneeded for ${Math.round(e.unneededMs / 1000)} s`,
  },
  'cluster-autoscaler.scale-down-failed': { entity: (e) => e.host, text: (e) => `ScaleDownFailed: failed to drain node ${e.host} (${e.group}): ${e.pods} pod(s) could not be evicted within 2m0s` },
  'cluster-autoscaler.provision-timed-out': {
    entity: (e) => e.host,
    text: (e) => `node ${e.host} (${e.group}) did not register within max-node-provision-time (${Math.round(e.requestedMs / 1000)} s): removed, node group backed off`,
  },
};

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** Why a node group would not help, as NotTriggerScaleUp lists it. */
export function describeNoScaleUp(r: NoScaleUpReason): string {
  switch (r.code) {
    case 'MAX_SIZE_REACHED':
      return `1 max node group size reached (${r.group}: ${r.maxSize})`;
    case 'WOULD_NOT_FIT':
      return `1 Insufficient ${r.insufficient.join(', ')} (${r.group})`;
    case 'NODE_SELECTOR_MISMATCH':
      return `1 node(s) didn't match Pod's node affinity/selector (${r.group})`;
    case 'TAINT_NOT_TOLERATED':
      return `1 node(s) had untolerated taint {${r.taint}} (${r.group})`;
    case 'BACKED_OFF':
      return `1 in backoff after failed scale-up (${r.group}, until ${Math.round(r.untilMs / 1000)} s)`;
    default:
      return assertNever(r);
  }
}

/** Why CA keeps a node below the utilization threshold, in the words of its unremovable reasons. */
export function describeScaleDownBlocker(r: ScaleDownBlocker): string {
  switch (r.code) {
    case 'NOT_ENOUGH_PDB':
      return `not enough pod disruption budget to move ${r.pod}`;
    case 'KUBE_SYSTEM_POD':
      return `non-daemonset, non-mirrored, non-pdb-assigned kube-system pod present: ${r.pod}`;
    case 'NOT_SAFE_TO_EVICT':
      return `pod annotated as not safe to evict present: ${r.pod}`;
    case 'NO_PLACE_TO_MOVE_PODS':
      return `no place to move pod ${r.pod}`;
    case 'MIN_SIZE_REACHED':
      return `node group min size reached (${r.minSize})`;
    default:
      return assertNever(r);
  }
}
