import type { InstanceType } from '../../../model/catalog/instance-type.js';
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

  /**
   * Per node (by host index), its CSINode count and the instance type it was computed for. The
   * driver computes the count once, when its node plugin registers, from the instance type, the
   * ENIs then attached and the block device mappings; in fleetsim the last two are constants at
   * registration (`EKS_NODE_ENIS_AT_CSI_REGISTRATION`, the root volume), so the count is a
   * function of the type and is computed once per node, not per filter call. The type is kept so
   * that a host index given to another node of another type is recomputed.
   */
  private readonly allocatable: number[] = [];
  private readonly allocatableType: (InstanceType | undefined)[] = [];

  /** `count` computes CSINode `allocatable.count` for an instance type (tests pass a counting one). */
  constructor(private readonly count: (type: InstanceType) => number = ebsCsiAllocatableCount) {}

  /** Pods without claims: Skip. */
  preFilter(pod: PodInfo, state: CycleState): boolean {
    const n = state.view?.volumes?.claimsOf(pod.task).length ?? 0;
    if (n === 0) return false;
    state.write(NEW_VOLUMES, n);
    return true;
  }

  filter(_pod: PodInfo, node: Host, state: CycleState): Status {
    const inUse = state.view!.volumes!.volumesInUse(node);
    return inUse + state.read(NEW_VOLUMES) > this.allocatableCount(node) ? MAX_VOLUME_COUNT : null;
  }

  private allocatableCount(node: Host): number {
    const i = node.index;
    if (this.allocatableType[i] !== node.instanceType) {
      this.allocatable[i] = this.count(node.instanceType);
      this.allocatableType[i] = node.instanceType;
    }
    return this.allocatable[i]!;
  }
}
