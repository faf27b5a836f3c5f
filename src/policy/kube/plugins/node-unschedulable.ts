import type { Host, Taint } from '../../../model/host.js';
// ErrReasonUnschedulable (nodeunschedulable plugin).
import { NODE_UNSCHEDULABLE as ERR_REASON_UNSCHEDULABLE } from '../../../model/reasons/scheduling.js';
import type { FilterPlugin, PodInfo, PreFilterPlugin, Status } from '../framework.js';
import { tolerationsTolerate } from '../selectors.js';

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';


/** The taint a cordoned node carries (`kubectl cordon` sets spec.unschedulable; the node lifecycle adds this). */
export const UNSCHEDULABLE_TAINT: Taint = Object.freeze({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });

/**
 * NodeUnschedulable: a cordoned node (a DRAINING host, or one that failed while draining) takes no new pods, unless the pod
 * tolerates the `node.kubernetes.io/unschedulable:NoSchedule` taint (DaemonSet pods do).
 */
export class NodeUnschedulable implements PreFilterPlugin, FilterPlugin {
  readonly name = NODE_UNSCHEDULABLE;

  /** A pod that tolerates cordons passes every node: Skip. */
  preFilter(pod: PodInfo): boolean {
    return !tolerationsTolerate(pod.spec.tolerations, UNSCHEDULABLE_TAINT);
  }

  filterAll(pod: PodInfo, nodes: readonly Host[], count: number, statuses: Status[]): void {
    for (let i = 0; i < count; i++) if (statuses[i] === null) statuses[i] = this.filter(pod, nodes[i]!);
  }

  filter(_pod: PodInfo, node: Host): Status {
    return node.cordoned ? ERR_REASON_UNSCHEDULABLE : null;
  }
}
