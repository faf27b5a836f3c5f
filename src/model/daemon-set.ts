/**
 * User daemons: Kubernetes DaemonSets (EKS) and ECS services with the DAEMON scheduling strategy.
 * Each runs one pod or task on every node (container instance) it selects, from the moment the
 * node registers, and what it requests is taken from what the node offers everything else — as
 * the node model already does for aws-node and kube-proxy (src/model/params/eks-node.ts).
 *
 * Why as a reservation and not as pods that come and go: the DaemonSet controller (kube-scheduler
 * since Kubernetes 1.12, "DaemonSet": "How Daemon Pods are scheduled") and the ECS service
 * scheduler ("Daemon scheduling strategy": the daemon task is the first task launched on an
 * instance and the last stopped) both place the daemon before the node's other work, so for
 * capacity — bin-packing, max pods, nodes bought, cost — a daemon is a fixed share of each node
 * it selects. What this leaves out is listed in docs/models.md ("DaemonSets and DAEMON services").
 */
import type { InstanceType } from './catalog/instance-type.js';
import type { Taint } from './taint.js';
import type { PodSchedulingSpec } from './pod-scheduling-spec.js';

export interface DaemonSpec {
  /** The DaemonSet's or service's name. */
  readonly name: string;
  /** CPU shares the pod or task requests (its effective pod requests; the task's cpu). */
  readonly cpu: number;
  /** MiB the pod requests (the task's memory reservation). */
  readonly memoryMiB: number;
  /**
   * Whether it needs an address of its own: an awsvpc task's ENI (ECS), a pod without
   * `hostNetwork: true` (EKS; the VPC CNI gives it a pod address).
   */
  readonly ownAddress: boolean;
  /**
   * EKS: the nodes it runs on (nodeSelector, required node affinity, tolerations; the DaemonSet
   * controller adds its default tolerations, {@link DAEMONSET_DEFAULT_TOLERATIONS}). ECS: null,
   * every container instance.
   */
  readonly podScheduling: PodSchedulingSpec | null;
}

/** What the daemons on one node take, summed. */
export interface DaemonOverhead {
  /** CPU shares. */
  readonly cpu: number;
  readonly memoryMiB: number;
  /** Pods or tasks: pod slots (max pods) on EKS. */
  readonly count: number;
  /** Of those, the ones that need their own address (awsvpc task ENIs on ECS). */
  readonly ownAddresses: number;
}

export const NO_DAEMON_OVERHEAD: DaemonOverhead = Object.freeze({ cpu: 0, memoryMiB: 0, count: 0, ownAddresses: 0 });

/** The node a daemon set is matched against, as a node group or NodePool describes its nodes before any exists. */
export interface DaemonNode {
  /** The node group or NodePool. */
  readonly group: string;
  /** Karpenter: the node's NodePool labels (`karpenter.sh/nodepool`) instead of the node group's. */
  readonly nodePool?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly Taint[];
}

/**
 * The daemons a node of `type` in `node` runs and what they take (pure; the matching rules live
 * in src/policy/kube/daemon-set-nodes.ts and are handed to the node model as this function).
 */
export type DaemonPlacement = (type: InstanceType, node: DaemonNode) => DaemonOverhead;

/** No user daemons. */
export const NO_DAEMONS: DaemonPlacement = () => NO_DAEMON_OVERHEAD;

/** Adds one daemon to an overhead. */
export function addDaemon(sum: DaemonOverhead, d: DaemonSpec): DaemonOverhead {
  return { cpu: sum.cpu + d.cpu, memoryMiB: sum.memoryMiB + d.memoryMiB, count: sum.count + 1, ownAddresses: sum.ownAddresses + (d.ownAddress ? 1 : 0) };
}
