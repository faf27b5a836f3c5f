import type { InstanceType } from './catalog/instance-type.js';
import type { HostPortTable } from './network/host-ports.js';
import type { NodeIpam } from './network/node-ipam.js';
import type { VpcSubnet } from './network/vpc.js';
import type { Task } from './task.js';

/**
 * An EC2 instance in the cluster (an ECS container instance or a Kubernetes node).
 * Status names follow ECS container instances: REGISTERING while it boots and the agent
 * registers, ACTIVE when it accepts tasks, DRAINING when it must not get new ones, and
 * DEREGISTERED once terminated. UNREACHABLE: the instance failed (ECS agent disconnected;
 * Kubernetes node NotReady): it takes nothing new and its tasks no longer serve.
 */
export type HostStatus = 'REGISTERING' | 'ACTIVE' | 'DRAINING' | 'UNREACHABLE' | 'DEREGISTERED';

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
  /**
   * ECS container instance attributes: the built-in `ecs.*` ones (instance-type,
   * availability-zone, cpu-architecture, os-type, ami-id) and the group's custom attributes.
   */
  readonly attributes: ReadonlyMap<string, string>;
  /** Kubernetes node labels: the well-known ones (hostname, zone, instance type, arch, node group) and the group's. */
  readonly labels: ReadonlyMap<string, string>;
  /** Kubernetes node taints (the group's, plus not-ready/unschedulable ones the node lifecycle adds). */
  taints: readonly Taint[];
  /** EC2 purchase option. */
  readonly capacityType: 'on-demand' | 'spot';
  /** The Karpenter NodePool that launched it, or null (node groups, ECS). */
  readonly nodePool: string | null;
  readonly launchedAt: number;
  activeAt: number | null;
  terminatedAt: number | null;
}

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: TaintEffect;
}

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
