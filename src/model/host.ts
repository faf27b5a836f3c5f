import type { InstanceType } from './catalog/instance-type.js';
import type { HostPortTable } from './network/host-ports.js';
import type { NodeIpam } from './network/node-ipam.js';
import type { VpcSubnet } from './network/vpc.js';
import type { Task } from './task.js';

/**
 * An EC2 instance in the cluster (an ECS container instance or a Kubernetes node).
 * Status names follow ECS container instances: REGISTERING while it boots and the agent
 * registers, ACTIVE when it accepts tasks, DRAINING when it must not get new ones, and
 * DEREGISTERED once terminated.
 */
export type HostStatus = 'REGISTERING' | 'ACTIVE' | 'DRAINING' | 'DEREGISTERED';

export interface Host {
  /** `i-000001`: sequential for stable outputs. */
  readonly id: string;
  /** Dense index, for arrays and bitsets over hosts. */
  readonly index: number;
  readonly instanceType: InstanceType;
  readonly az: string;
  /** The Auto Scaling group (or node group) that launched it. */
  readonly group: string;
  status: HostStatus;
  /** Resources registered for tasks (ECS registers less memory than installed). */
  readonly cpu: number;
  readonly memoryMiB: number;
  allocatedCpu: number;
  allocatedMemoryMiB: number;
  /** Tasks placed here and not yet stopped, in placement order. */
  readonly tasks: Set<Task>;
  /** Images present on the host (pulled before), for the image cache. */
  readonly images: Set<string>;
  /** Pulls under way on the host: image -> time the pull completes (a second task waits for it). */
  readonly imagePullsInFlight: Map<string, number>;
  /** Network attachment: subnet and primary address; ipamd state on EKS nodes. Null when the scenario models no VPC. */
  readonly network: HostNetwork | null;
  /** Pods (EKS) or tasks the host may run at most; Infinity when only resources limit it. */
  readonly maxTasks: number;
  /**
   * ECS awsvpc: task ENIs the instance can attach (ENIs - 1, or the ENI trunking limit) and how
   * many are attached.
   */
  readonly taskEniLimit: number;
  taskEnisInUse: number;
  /** Host ports bound by bridge/host-mode tasks; created on first use (64 KiB of bitsets). */
  ports: HostPortTable | null;
  readonly launchedAt: number;
  activeAt: number | null;
  terminatedAt: number | null;
}

export interface HostNetwork {
  readonly subnet: VpcSubnet;
  readonly primaryIp: number;
  readonly ipam: NodeIpam | null;
}

export function freeCpu(host: Host): number {
  return host.cpu - host.allocatedCpu;
}

export function freeMemoryMiB(host: Host): number {
  return host.memoryMiB - host.allocatedMemoryMiB;
}
