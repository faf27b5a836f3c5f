import type { InstanceType } from '../catalog/instance-type.js';
import { CPU_SHARES_PER_MILLICORE, CPU_SHARES_PER_VCPU } from '../resources.js';
import { REGISTERED_MEMORY_RATIO } from './ecs-container-instance.js';

/**
 * What an EKS node offers pods (kubelet `allocatable`) with the EKS-optimized AMI defaults
 * (amazon-eks-ami bootstrap: kube-reserved and the hard eviction threshold):
 * - kube-reserved CPU: 6 % of the first core, 1 % of the second, 0.5 % of cores 3-4 and 0.25 %
 *   of every core above 4;
 * - kube-reserved memory: 11 MiB per pod the node may run (max pods) + 255 MiB;
 * - eviction-hard `memory.available<100Mi`.
 * The memory kubelet sees is what the kernel reports, less than installed: fleetsim uses the
 * same documented ratio as for ECS container instances.
 */
export function kubeReservedCpuMillicores(vcpu: number): number {
  let m = 0;
  for (let core = 1; core <= vcpu; core++) m += core === 1 ? 60 : core === 2 ? 10 : core <= 4 ? 5 : 2.5;
  return m;
}

export const EVICTION_HARD_MEMORY_MIB = 100;

export function eksAllocatable(type: InstanceType, maxPods: number): { cpu: number; memoryMiB: number } {
  const cpu = type.vcpu * CPU_SHARES_PER_VCPU - Math.round(kubeReservedCpuMillicores(type.vcpu) * CPU_SHARES_PER_MILLICORE);
  const capacityMiB = Math.floor(type.memoryMiB * REGISTERED_MEMORY_RATIO);
  const memoryMiB = capacityMiB - (11 * maxPods + 255) - EVICTION_HARD_MEMORY_MIB;
  return { cpu, memoryMiB: Math.max(0, memoryMiB) };
}

/**
 * DaemonSet pods on every EKS node with host networking (no pod IP), which count against
 * max pods (the "+2" in the max-pods formula) and request resources: aws-node (VPC CNI) and
 * kube-proxy, with their EKS add-on default requests.
 */
export const EKS_NODE_DAEMONSETS = [
  { name: 'aws-node', cpuMillicores: 25, memoryMiB: 0 },
  { name: 'kube-proxy', cpuMillicores: 100, memoryMiB: 0 },
] as const;

/**
 * CoreDNS as EKS installs it: a Deployment of 2 replicas in kube-system, each with a pod IP,
 * requesting 100m CPU and 70Mi memory (the CoreDNS add-on defaults).
 */
export const EKS_COREDNS = { replicas: 2, cpuMillicores: 100, memoryMiB: 70, image: 'coredns:v1.11', imageSizeMiB: 18 } as const;

/**
 * The tolerations the DaemonSet controller adds to every DaemonSet pod (Kubernetes docs,
 * "DaemonSet", "Taints and tolerations"): the node-condition taints, so a daemon pod stays on a
 * node that is not ready, unreachable, under pressure or cordoned. `node.kubernetes.io/network-unavailable`
 * is tolerated only by pods with host networking ({@link DAEMONSET_HOST_NETWORK_TOLERATION}).
 */
export const DAEMONSET_DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
] as const;

/** The extra toleration of DaemonSet pods with `hostNetwork: true` (same source). */
export const DAEMONSET_HOST_NETWORK_TOLERATION = { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' } as const;
