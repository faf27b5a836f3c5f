import { devicePluginAllocatable, ecsRegisteredDevices, type DeviceCounts } from '../devices.js';
import type { CniSettings } from '../network/cni-settings.js';
import { branchEnis, hasTrunkEni } from '../network/pod-eni.js';
import { karpenterMaxPods, maxPods } from '../network/max-pods.js';
import type { NodePoolSpec } from '../karpenter-spec.js';
import { CPU_SHARES_PER_MILLICORE } from '../resources.js';
import type { AutoScalingGroupSpec } from '../simulation-spec.js';
import type { InstanceType } from '../catalog/instance-type.js';
import { ecsRegisteredResources } from './ecs-container-instance.js';
import { eksAllocatable, EKS_NODE_DAEMONSETS } from './eks-node.js';
import { NO_DAEMONS, type DaemonNode, type DaemonPlacement } from '../daemon-set.js';

/**
 * ECS container instances: registered CPU and memory; task count limited by resources, and
 * awsvpc tasks by ENIs: one per task on top of the instance's primary ENI, counting the ENIs of
 * every network card (EC2 `MaximumNetworkInterfaces`), so a p4d.24xlarge with four cards of 15
 * runs 59 awsvpc tasks, not 14; with the `awsvpcTrunking` account setting, the trunking limit of
 * the ECS developer guide's table for types that support it (others keep ENIs - 1). The EKS
 * max-pods figure keeps counting the default card only, as the VPC CNI does
 * (src/model/network/max-pods.ts).
 */
/** Tasks on this type get branch ENIs on the instance's trunk (the account setting is on and the type supports it). */
export function ecsTaskEnisOnTrunk(type: InstanceType, awsvpcTrunking: boolean): boolean {
  return awsvpcTrunking && type.ecsTrunkingTaskLimit !== undefined;
}

/** The awsvpc tasks an ECS container instance of this type runs: its trunk's limit, else one per ENI of every card but the primary. */
export function ecsAwsvpcTaskLimit(type: InstanceType, awsvpcTrunking: boolean): number {
  return ecsTaskEnisOnTrunk(type, awsvpcTrunking) ? type.ecsTrunkingTaskLimit! : type.maxEnisAllCards - 1;
}

/**
 * `daemons`: the cluster's DAEMON services, whose task on every instance is placed before any
 * other (ECS "Daemon scheduling strategy"): what they reserve is not offered to replica tasks, and
 * an awsvpc daemon task takes one of the instance's task ENIs.
 */
export function ecsHostProfile(
  reservedMemoryMiB: number,
  awsvpcTrunking: boolean,
  daemons: DaemonPlacement = NO_DAEMONS,
): {
  registered(type: InstanceType): { cpu: number; memoryMiB: number; devices: DeviceCounts };
  maxTasks(): number;
  taskEniLimit(type: InstanceType): number;
  agent: 'ecs';
} {
  const ecsDaemons = (type: InstanceType) => daemons(type, { group: '' });
  return {
    agent: 'ecs',
    // A GPU instance (the ECS GPU-optimized AMI) registers its GPUs with the cluster.
    registered: (type) => {
      const r = ecsRegisteredResources(type, reservedMemoryMiB);
      const d = ecsDaemons(type);
      return { cpu: Math.max(0, r.cpu - d.cpu), memoryMiB: Math.max(0, r.memoryMiB - d.memoryMiB), devices: ecsRegisteredDevices(type) };
    },
    maxTasks: () => Number.POSITIVE_INFINITY,
    taskEniLimit: (type) => Math.max(0, ecsAwsvpcTaskLimit(type, awsvpcTrunking) - ecsDaemons(type).ownAddresses),
  };
}

/**
 * What of a node group decides its nodes' max pods, and (with `name`) which user DaemonSets run
 * on them: its labels and taints; `nodePool` for a Karpenter NodePool.
 */
export type NodeGroupPodLimits = Pick<AutoScalingGroupSpec, 'maxPods' | 'managedNodeGroup'> &
  Partial<Pick<AutoScalingGroupSpec, 'name' | 'labels' | 'taints'>> & { readonly nodePool?: boolean };

/**
 * What the DaemonSet pods on a node of the group request (CPU shares, MiB): aws-node and
 * kube-proxy, and the user DaemonSets that select it. Cluster Autoscaler counts it in a node's
 * utilization.
 */
export function eksDaemonSetRequests(group?: AutoScalingGroupSpec, daemons: DaemonPlacement = NO_DAEMONS): { cpu: number; memoryMiB: number } {
  let cpu = 0;
  let memoryMiB = 0;
  for (const d of EKS_NODE_DAEMONSETS) {
    cpu += d.cpuMillicores * CPU_SHARES_PER_MILLICORE;
    memoryMiB += d.memoryMiB;
  }
  if (group === undefined) return { cpu, memoryMiB };
  const u = daemons(group.instanceType, daemonNodeOf(group));
  return { cpu: cpu + u.cpu, memoryMiB: memoryMiB + u.memoryMiB };
}

/** A node group or NodePool as user DaemonSets are matched against it (no name: a node of no known group and no taints, which every DaemonSet without a node selector or required node affinity runs on). */
function daemonNodeOf(group: NodeGroupPodLimits | undefined): DaemonNode {
  if (group?.name === undefined) return { group: '' };
  return { group: group.name, ...(group.nodePool === true ? { nodePool: true } : {}), ...(group.labels === undefined ? {} : { labels: group.labels }), ...(group.taints === undefined ? {} : { taints: group.taints }) };
}

/**
 * EKS nodes: allocatable less the DaemonSet pods' requests, and max pods (the group's override
 * or the VPC CNI's figure, under the managed node group cap) less the DaemonSet pods: aws-node
 * and kube-proxy, which run on every node with host networking, and the user DaemonSets that
 * select the group's nodes (`daemons`).
 */
export function eksHostProfile(cni: CniSettings, daemons: DaemonPlacement = NO_DAEMONS): {
  registered(type: InstanceType, group?: NodeGroupPodLimits): { cpu: number; memoryMiB: number; devices: DeviceCounts };
  maxTasks(type: InstanceType, group?: NodeGroupPodLimits): number;
  cni: CniSettings;
  agent: 'kubelet';
} {
  const nodeMaxPods = (type: InstanceType, group?: NodeGroupPodLimits): number =>
    group?.maxPods ?? maxPods(type, { prefixDelegation: cni.prefixDelegation, managedNodeGroup: group?.managedNodeGroup === true, trunkEni: hasTrunkEni(type, cni) });
  let daemonCpu = 0;
  let daemonMemory = 0;
  for (const d of EKS_NODE_DAEMONSETS) {
    daemonCpu += d.cpuMillicores * CPU_SHARES_PER_MILLICORE;
    daemonMemory += d.memoryMiB;
  }
  const user = (type: InstanceType, group: NodeGroupPodLimits | undefined) => daemons(type, daemonNodeOf(group));
  return {
    registered: (type, group) => {
      const a = eksAllocatable(type, nodeMaxPods(type, group));
      // The NVIDIA and Neuron device plugins advertise the type's devices as allocatable.
      // With security groups for pods the VPC resource controller advertises the branch ENIs too.
      const devices = devicePluginAllocatable(type);
      const podEni = branchEnis(type, cni);
      const u = user(type, group);
      return { cpu: Math.max(0, a.cpu - daemonCpu - u.cpu), memoryMiB: Math.max(0, a.memoryMiB - daemonMemory - u.memoryMiB), devices: podEni === 0 ? devices : { ...devices, podEni } };
    },
    maxTasks: (type, group) => Math.max(0, nodeMaxPods(type, group) - EKS_NODE_DAEMONSETS.length - user(type, group).count),
    cni,
    agent: 'kubelet',
  };
}

/**
 * Nodes Karpenter launches: the EKS node model with Karpenter's max pods for the NodePool
 * (its NodeClass's `kubelet.maxPods`, else the ENI-limited figure whatever the CNI mode:
 * src/model/network/max-pods.ts `karpenterMaxPods`), outside any node group's cap.
 */
export function karpenterHostProfile(cni: CniSettings, daemons: DaemonPlacement = NO_DAEMONS): {
  registered(type: InstanceType, pool?: NodePoolSpec): { cpu: number; memoryMiB: number; devices: DeviceCounts };
  maxTasks(type: InstanceType, pool?: NodePoolSpec): number;
} {
  const eks = eksHostProfile(cni, daemons);
  // Karpenter sizes a NodeClaim for the pods plus the DaemonSets that would run on it (karpenter.sh
  // "Scheduling": DaemonSet overhead), which is what this node model's allocatable already excludes.
  const limits = (type: InstanceType, pool: NodePoolSpec | undefined): NodeGroupPodLimits => ({
    maxPods: karpenterMaxPods(type, { kubeletMaxPods: pool?.kubelet?.maxPods, trunkEni: hasTrunkEni(type, cni) }),
    managedNodeGroup: false,
    ...(pool === undefined ? {} : { name: pool.name, nodePool: true, ...(pool.taints === undefined ? {} : { taints: pool.taints }) }),
  });
  return {
    registered: (type, pool) => eks.registered(type, limits(type, pool)),
    maxTasks: (type, pool) => eks.maxTasks(type, limits(type, pool)),
  };
}
