import type { CniSettings } from '../network/cni-settings.js';
import { maxPods } from '../network/max-pods.js';
import { CPU_SHARES_PER_MILLICORE } from '../resources.js';
import type { AutoScalingGroupSpec } from '../simulation-spec.js';
import type { InstanceType } from '../catalog/instance-type.js';
import { ecsRegisteredResources } from './ecs-container-instance.js';
import { eksAllocatable, EKS_NODE_DAEMONSETS } from './eks-node.js';

/**
 * ECS container instances: registered CPU and memory; task count limited by resources, and
 * awsvpc tasks by ENIs: one per task on top of the instance's primary ENI, so ENIs - 1; with
 * the `awsvpcTrunking` account setting, the trunking limit of the ECS developer guide's table
 * for types that support it (others keep ENIs - 1).
 */
export function ecsHostProfile(
  reservedMemoryMiB: number,
  awsvpcTrunking: boolean,
): {
  registered(type: InstanceType): { cpu: number; memoryMiB: number };
  maxTasks(): number;
  taskEniLimit(type: InstanceType): number;
  agent: 'ecs';
} {
  return {
    agent: 'ecs',
    registered: (type) => ecsRegisteredResources(type, reservedMemoryMiB),
    maxTasks: () => Number.POSITIVE_INFINITY,
    taskEniLimit: (type) => (awsvpcTrunking && type.ecsTrunkingTaskLimit !== undefined ? type.ecsTrunkingTaskLimit : type.maxEnis - 1),
  };
}

/**
 * EKS nodes: allocatable less the DaemonSet pods' requests, and max pods (the group's override
 * or the VPC CNI's figure) less the DaemonSet pods, which run on every node with host networking.
 */
export function eksHostProfile(cni: CniSettings): {
  registered(type: InstanceType, group?: AutoScalingGroupSpec): { cpu: number; memoryMiB: number };
  maxTasks(type: InstanceType, group?: AutoScalingGroupSpec): number;
  cni: CniSettings;
  agent: 'kubelet';
} {
  const nodeMaxPods = (type: InstanceType, group?: AutoScalingGroupSpec): number => group?.maxPods ?? maxPods(type, { prefixDelegation: cni.prefixDelegation });
  let daemonCpu = 0;
  let daemonMemory = 0;
  for (const d of EKS_NODE_DAEMONSETS) {
    daemonCpu += d.cpuMillicores * CPU_SHARES_PER_MILLICORE;
    daemonMemory += d.memoryMiB;
  }
  return {
    registered: (type, group) => {
      const a = eksAllocatable(type, nodeMaxPods(type, group));
      return { cpu: a.cpu - daemonCpu, memoryMiB: a.memoryMiB - daemonMemory };
    },
    maxTasks: (type, group) => nodeMaxPods(type, group) - EKS_NODE_DAEMONSETS.length,
    cni,
    agent: 'kubelet',
  };
}
