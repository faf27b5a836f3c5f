import type { InstanceType } from './catalog/instance-type.js';
import type { Host } from './cluster-objects.js';

// Host is declared with Task and Service in cluster-objects.ts (they point at each other);
// its types are re-exported here, their public home.
export type { Host, HostNetwork, HostStatus } from './cluster-objects.js';
export type { Taint, TaintEffect } from './taint.js';

/** The agent on an instance that talks to the control plane: the kubelet (EKS) or the ECS container agent. */
export type NodeAgent = 'kubelet' | 'ecs-agent';

/** The built-in ECS attributes and well-known Kubernetes labels of a host. */
export function builtInAttributes(id: string, type: InstanceType, az: string): Map<string, string> {
  return new Map([
    ['ecs.instance-type', type.name],
    ['ecs.availability-zone', az],
    ['ecs.cpu-architecture', type.architecture === 'arm64' ? 'arm64' : 'x86_64'],
    ['ecs.os-type', 'linux'],
    ['ecs.os-family', 'LINUX'],
    ['ecs.ami-id', type.architecture === 'arm64' ? 'ami-ecs-optimized-arm64' : 'ami-ecs-optimized'],
    ['ecs.instance-id', id],
  ]);
}

export function wellKnownLabels(id: string, type: InstanceType, az: string, region: string, group: string): Map<string, string> {
  return new Map([
    ['kubernetes.io/hostname', id],
    ['kubernetes.io/os', 'linux'],
    ['kubernetes.io/arch', type.architecture === 'arm64' ? 'arm64' : 'amd64'],
    ['node.kubernetes.io/instance-type', type.name],
    ['topology.kubernetes.io/zone', az],
    ['topology.kubernetes.io/region', region],
    ['eks.amazonaws.com/nodegroup', group],
    ['eks.amazonaws.com/capacityType', 'ON_DEMAND'],
  ]);
}

export function freeCpu(host: Host): number {
  return host.cpu - host.allocatedCpu;
}

export function freeMemoryMiB(host: Host): number {
  return host.memoryMiB - host.allocatedMemoryMiB;
}
