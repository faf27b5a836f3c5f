/**
 * Which nodes a DaemonSet's pods run on, and what they take there (pure). The DaemonSet
 * controller creates one pod per node whose labels match the pod template's nodeSelector and
 * required node affinity and whose NoSchedule/NoExecute taints it tolerates, with the controller's
 * default tolerations added (Kubernetes docs, "DaemonSet": "Running Pods on select Nodes",
 * "Taints and tolerations"). ECS DAEMON services run on every container instance.
 *
 * Nodes are matched as their node group or NodePool describes them, before any exists: the labels
 * every node of the group has (OS, architecture, instance type, node group or NodePool, the
 * group's own labels) and the group's taints. Labels that differ between nodes of one group (zone,
 * hostname, capacity type) cannot be matched this way; the scenario compiler rejects selectors on
 * them ({@link PER_NODE_LABELS}).
 */
import { addDaemon, NO_DAEMON_OVERHEAD, NO_DAEMONS, type DaemonNode, type DaemonOverhead, type DaemonPlacement, type DaemonSpec } from '../../model/daemon-set.js';
import type { InstanceType } from '../../model/catalog/instance-type.js';
import type { Taint } from '../../model/host.js';
import { DAEMONSET_DEFAULT_TOLERATIONS, DAEMONSET_HOST_NETWORK_TOLERATION } from '../../model/params/eks-node.js';
import type { PodSchedulingSpec } from '../../model/pod-scheduling-spec.js';
import { matchesRequiredNodeAffinity, tolerationsTolerate } from './selectors.js';

/** Well-known node labels whose value differs between the nodes of one group: DaemonSets may not select on them in fleetsim. */
export const PER_NODE_LABELS: readonly string[] = [
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'eks.amazonaws.com/capacityType',
  'karpenter.sh/capacity-type',
];

/** The labels every node of a node group or NodePool carries, whatever its zone and capacity type. */
function groupNodeLabels(type: InstanceType, node: DaemonNode): Map<string, string> {
  const labels = new Map<string, string>([
    ['kubernetes.io/os', 'linux'],
    ['kubernetes.io/arch', type.architecture === 'arm64' ? 'arm64' : 'amd64'],
    ['node.kubernetes.io/instance-type', type.name],
    [node.nodePool === true ? 'karpenter.sh/nodepool' : 'eks.amazonaws.com/nodegroup', node.group],
  ]);
  for (const [k, v] of Object.entries(node.labels ?? {})) labels.set(k, v);
  return labels;
}

/** Whether a DaemonSet pod tolerates a taint: its own tolerations or the controller's defaults. */
function tolerates(scheduling: PodSchedulingSpec, hostNetwork: boolean, taint: Taint): boolean {
  if (taint.effect === 'PreferNoSchedule') return true;
  if (tolerationsTolerate(scheduling.tolerations, taint) || tolerationsTolerate(DAEMONSET_DEFAULT_TOLERATIONS, taint)) return true;
  return hostNetwork && tolerationsTolerate([DAEMONSET_HOST_NETWORK_TOLERATION], taint);
}

/** Whether the daemon runs on nodes of `type` in `node` (an ECS daemon: on every instance). */
export function runsOn(d: DaemonSpec, type: InstanceType, node: DaemonNode): boolean {
  const scheduling = d.podScheduling;
  if (scheduling === null) return true;
  if (!matchesRequiredNodeAffinity(scheduling, groupNodeLabels(type, node))) return false;
  for (const taint of node.taints ?? []) if (!tolerates(scheduling, !d.ownAddress, taint)) return false;
  return true;
}

/**
 * The node model's view of the daemons: for a node of a type in a group, the sum of what the
 * daemons that run there request. Memoised per (group, type): node models ask at every launch.
 */
export function daemonPlacement(daemons: readonly DaemonSpec[]): DaemonPlacement {
  if (daemons.length === 0) return NO_DAEMONS;
  const cache = new Map<string, DaemonOverhead>();
  return (type, node) => {
    const key = `${node.nodePool === true ? 'pool' : 'group'}/${node.group}/${type.name}`;
    let sum = cache.get(key);
    if (sum === undefined) {
      sum = NO_DAEMON_OVERHEAD;
      for (const d of daemons) if (runsOn(d, type, node)) sum = addDaemon(sum, d);
      cache.set(key, sum);
    }
    return sum;
  };
}
