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

export function ecsHostProfile(
  reservedMemoryMiB: number,
  awsvpcTrunking: boolean,
): {
  registered(type: InstanceType): { cpu: number; memoryMiB: number; devices: DeviceCounts };
  maxTasks(): number;
  taskEniLimit(type: InstanceType): number;
  agent: 'ecs';
} {
  return {
    agent: 'ecs',
    // A GPU instance (the ECS GPU-optimized AMI) registers its GPUs with the cluster.
    registered: (type) => ({ ...ecsRegisteredResources(type, reservedMemoryMiB), devices: ecsRegisteredDevices(type) }),
    maxTasks: () => Number.POSITIVE_INFINITY,
    taskEniLimit: (type) => ecsAwsvpcTaskLimit(type, awsvpcTrunking),
  };
}

/**
 * EKS nodes: allocatable less the DaemonSet pods' requests, and max pods (the group's override
 * or the VPC CNI's figure, under the managed node group cap) less the DaemonSet pods, which run
 * on every node with host networking.
 */
/** What of a node group decides its nodes' max pods. */
export type NodeGroupPodLimits = Pick<AutoScalingGroupSpec, 'maxPods' | 'managedNodeGroup'>;

/** What the DaemonSet pods on every EKS node request (CPU shares, MiB): Cluster Autoscaler counts it in a node's utilization. */
export function eksDaemonSetRequests(): { cpu: number; memoryMiB: number } {
  let cpu = 0;
  let memoryMiB = 0;
  for (const d of EKS_NODE_DAEMONSETS) {
    cpu += d.cpuMillicores * CPU_SHARES_PER_MILLICORE;
    memoryMiB += d.memoryMiB;
  }
  return { cpu, memoryMiB };
}

export function eksHostProfile(cni: CniSettings): {
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
  return {
    registered: (type, group) => {
      const a = eksAllocatable(type, nodeMaxPods(type, group));
      // The NVIDIA and Neuron device plugins advertise the type's devices as allocatable.
      // With security groups for pods the VPC resource controller advertises the branch ENIs too.
      const devices = devicePluginAllocatable(type);
      const podEni = branchEnis(type, cni);
      return { cpu: a.cpu - daemonCpu, memoryMiB: a.memoryMiB - daemonMemory, devices: podEni === 0 ? devices : { ...devices, podEni } };
    },
    maxTasks: (type, group) => nodeMaxPods(type, group) - EKS_NODE_DAEMONSETS.length,
    cni,
    agent: 'kubelet',
  };
}

/**
 * Nodes Karpenter launches: the EKS node model with Karpenter's max pods for the NodePool
 * (its NodeClass's `kubelet.maxPods`, else the ENI-limited figure whatever the CNI mode:
 * src/model/network/max-pods.ts `karpenterMaxPods`), outside any node group's cap.
 */
export function karpenterHostProfile(cni: CniSettings): {
  registered(type: InstanceType, pool?: NodePoolSpec): { cpu: number; memoryMiB: number; devices: DeviceCounts };
  maxTasks(type: InstanceType, pool?: NodePoolSpec): number;
} {
  const eks = eksHostProfile(cni);
  const limits = (type: InstanceType, pool: NodePoolSpec | undefined): NodeGroupPodLimits => ({ maxPods: karpenterMaxPods(type, { kubeletMaxPods: pool?.kubelet?.maxPods, trunkEni: hasTrunkEni(type, cni) }), managedNodeGroup: false });
  return {
    registered: (type, pool) => eks.registered(type, limits(type, pool)),
    maxTasks: (type, pool) => eks.maxTasks(type, limits(type, pool)),
  };
}
