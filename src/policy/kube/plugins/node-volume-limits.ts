import type { Host } from '../../../model/host.js';
import { ebsCsiAllocatableCount } from '../../../model/params/ebs.js';
// ErrReasonMaxVolumeCountExceeded (nodevolumelimits plugin).
import { MAX_VOLUME_COUNT } from '../../../model/reasons/scheduling.js';
import { stateKey, type CycleState, type FilterPlugin, type PodInfo, type PreFilterPlugin, type Status } from '../framework.js';

export const NODE_VOLUME_LIMITS = 'NodeVolumeLimits';

const NEW_VOLUMES = stateKey<number>('NodeVolumeLimits/new');

/**
 * NodeVolumeLimits, CSI (pkg/scheduler/framework/plugins/nodevolumelimits/csi.go): the volumes
 * of the pods on the node plus the pod's own must not exceed the node's CSINode
 * `allocatable.count` for the EBS CSI driver (src/model/params/ebs.ts `ebsCsiAllocatableCount`,
 * a function of the instance type), else "node(s) exceed max volume count" (Unschedulable:
 * preempting pods with volumes can help).
 */
export class NodeVolumeLimits implements PreFilterPlugin, FilterPlugin {
  readonly name = NODE_VOLUME_LIMITS;

  /** Pods without claims: Skip. */
  preFilter(pod: PodInfo, state: CycleState): boolean {
    const n = state.view?.volumes?.claimsOf(pod.task).length ?? 0;
    if (n === 0) return false;
    state.write(NEW_VOLUMES, n);
    return true;
  }

  filter(_pod: PodInfo, node: Host, state: CycleState): Status {
    const inUse = state.view!.volumes!.volumesInUse(node);
    return inUse + state.read(NEW_VOLUMES) > ebsCsiAllocatableCount(node.instanceType) ? MAX_VOLUME_COUNT : null;
  }
}
