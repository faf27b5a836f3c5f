import type { Host } from '../../../model/host.js';
// ErrReasonNodeConflict, ErrReasonBindConflict and the PreFilter's unbound-immediate status (volumebinding plugin).
import { UNBOUND_IMMEDIATE_CLAIMS, VOLUME_BIND_CONFLICT, VOLUME_NODE_AFFINITY_CONFLICT } from '../../../model/reasons/scheduling.js';
import type { PersistentVolumeClaim } from '../../../model/volumes.js';
import { ZONE_LABEL } from '../cluster-index.js';
import { stateKey, type CycleState, type FilterPlugin, type PodInfo, type PreFilterPlugin, type Status } from '../framework.js';

export const VOLUME_BINDING = 'VolumeBinding';

const CLAIMS = stateKey<readonly PersistentVolumeClaim[]>('VolumeBinding/claims');

/**
 * VolumeBinding (pkg/scheduler/framework/plugins/volumebinding), for EBS CSI volumes:
 * - a bound claim: the node must satisfy its PersistentVolume's node affinity (the volume's
 *   zone, compared with the node's `topology.kubernetes.io/zone`: the driver's own key
 *   `topology.ebs.csi.aws.com/zone` has the same value), else "node(s) had volume node affinity conflict";
 * - an unbound WaitForFirstConsumer claim: the StorageClass must be able to provision in the
 *   node's zone (its allowedTopologies), else "node(s) didn't find available persistent volumes
 *   to bind"; the volume is then created in the zone of the node the pod is bound to;
 * - an unbound Immediate claim (still being provisioned): the pod waits, "pod has unbound
 *   immediate PersistentVolumeClaims" (upstream's PreFilter status, UnschedulableAndUnresolvable).
 * Both conflicts are UnschedulableAndUnresolvable: preemption does not try such nodes.
 * Score: upstream scores only with capacity-aware binding (the StorageCapacityScoring feature,
 * off by default, and only for drivers that publish CSIStorageCapacity, which the EBS CSI driver
 * does not), so this plugin has none: every node would score 0.
 */
export class VolumeBinding implements PreFilterPlugin, FilterPlugin {
  readonly name = VOLUME_BINDING;

  /** Pods without claims: Skip. */
  preFilter(pod: PodInfo, state: CycleState): boolean {
    const claims = state.view?.volumes?.claimsOf(pod.task) ?? [];
    if (claims.length === 0) return false;
    state.write(CLAIMS, claims);
    return true;
  }

  filter(_pod: PodInfo, node: Host, state: CycleState): Status {
    const claims = state.read(CLAIMS);
    const zone = node.labels.get(ZONE_LABEL);
    for (let i = 0; i < claims.length; i++) {
      const c = claims[i]!;
      if (c.volume !== null) {
        if (c.volume.az !== zone) return VOLUME_NODE_AFFINITY_CONFLICT;
        continue;
      }
      if (c.storageClass.volumeBindingMode === 'Immediate') return UNBOUND_IMMEDIATE_CLAIMS;
      const allowed = c.storageClass.allowedZones;
      if (allowed !== null && (zone === undefined || !allowed.includes(zone))) return VOLUME_BIND_CONFLICT;
    }
    return null;
  }
}
