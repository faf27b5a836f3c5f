import type { ConsolidationMethod, DisruptionReason } from '../karpenter-spec.js';

/**
 * Trace events about EC2 instances (ECS container instances, EKS nodes): launch, registration,
 * drain, failure, termination; the Kubernetes node conditions; and the host's image cache.
 */

export interface HostLaunched {
  readonly type: 'host.launched';
  readonly time: number;
  readonly host: string;
  /** The Auto Scaling group, or the NodePool for a Karpenter node. */
  readonly group: string;
  /** The NodePool when Karpenter launched it, else null. */
  readonly nodePool: string | null;
  readonly instanceType: string;
  readonly capacityType: 'on-demand' | 'spot';
  readonly az: string;
  /** The primary ENI's subnet and address; null without a VPC. */
  readonly subnet: string | null;
  readonly ip: number | null;
}

export interface HostLaunchFailed {
  readonly type: 'host.launch-failed';
  readonly time: number;
  readonly group: string;
  readonly instanceType: string;
  /** No subnet in this AZ had a free address (EC2's InsufficientFreeAddressesInSubnet). */
  readonly az: string;
}

export interface HostRegistered {
  readonly type: 'host.registered';
  readonly time: number;
  readonly host: string;
  readonly az: string;
  /** Registered CPU (shares) and memory (MiB). */
  readonly cpu: number;
  readonly memoryMiB: number;
}

/** Why Karpenter disrupts a node. */
export type KarpenterDisruptionReason =
  | { readonly code: 'REPLACED_BY_CHEAPER_NODE' }
  | { readonly code: 'EXPIRED' }
  | { readonly code: 'CONSOLIDATION'; readonly reason: Exclude<DisruptionReason, 'Drifted'>; readonly method: ConsolidationMethod; readonly savingsPerHour: number };

/** Why a host is drained (ECS DRAINING, Kubernetes cordon and drain). */
export type DrainReason =
  | { readonly code: 'ASG_SCALE_IN'; readonly group: string }
  | { readonly code: 'SPOT_INTERRUPTION_WARNING' }
  | { readonly code: 'KARPENTER_DISRUPTION'; readonly disruption: KarpenterDisruptionReason };

export interface HostDraining {
  readonly type: 'host.draining';
  readonly time: number;
  readonly host: string;
  readonly az: string;
  readonly reason: DrainReason;
}

/** Why an instance failed (scenario faults). */
export type HostFailureReason = { readonly code: 'AZ_OUTAGE'; readonly az: string } | { readonly code: 'INSTANCE_FAILURE' };

export interface HostFailed {
  readonly type: 'host.failed';
  readonly time: number;
  readonly host: string;
  readonly az: string;
  readonly reason: HostFailureReason;
}

/** Why an instance was terminated. */
export type TerminationReason =
  | { readonly code: 'ASG_SCALE_IN'; readonly group: string }
  | { readonly code: 'ASG_STATUS_CHECK_REPLACEMENT' }
  | { readonly code: 'KARPENTER_DRAINED' }
  | { readonly code: 'SPOT_RECLAIMED' };

export interface HostTerminated {
  readonly type: 'host.terminated';
  readonly time: number;
  readonly host: string;
  readonly az: string;
  readonly reason: TerminationReason;
}

export interface NodeTainted {
  readonly type: 'node.tainted';
  readonly time: number;
  readonly host: string;
  readonly key: string;
  readonly effect: string;
  /** The node condition behind it: the kubelet stopped posting status (NodeNotReady). */
  readonly condition: 'NodeNotReady';
}

export interface NodeUntainted {
  readonly type: 'node.untainted';
  readonly time: number;
  readonly host: string;
  readonly key: string;
  /** The kubelet posts Ready status again (NodeReady). */
  readonly condition: 'NodeReady';
}

export interface NodePartitioned {
  readonly type: 'node.partitioned';
  readonly time: number;
  readonly host: string;
  readonly az: string;
}

export interface NodeReconnected {
  readonly type: 'node.reconnected';
  readonly time: number;
  readonly host: string;
  readonly az: string;
}

export interface ImagePullStarted {
  readonly type: 'image.pull-started';
  readonly time: number;
  readonly host: string;
  readonly image: string;
  readonly durationMs: number;
}

export interface ImagePulled {
  readonly type: 'image.pulled';
  readonly time: number;
  readonly host: string;
  readonly image: string;
}

export type HostEvent =
  | HostLaunched
  | HostLaunchFailed
  | HostRegistered
  | HostDraining
  | HostFailed
  | HostTerminated
  | NodeTainted
  | NodeUntainted
  | NodePartitioned
  | NodeReconnected
  | ImagePullStarted
  | ImagePulled;
