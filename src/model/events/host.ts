import type { ConsolidationMethod, DisruptionReason } from '../karpenter-spec.js';
import type { CodeDocs, EventDocs } from './docs.js';
import type { VcpuClass } from '../ec2-vcpu-class.js';
import type { SpotDrainer } from '../spot-interruption-response.js';

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

/** Why an instance could not launch. */
export type HostLaunchFailure =
  /** No subnet in `az` had a free address for its primary ENI (EC2's InsufficientFreeAddressesInSubnet). */
  | { readonly code: 'NO_FREE_ADDRESS'; readonly az: string }
  /** The run already has `limit` hosts: fleetsim's host limit (`--max-hosts`, docs/limits.md). */
  | { readonly code: 'HOST_LIMIT'; readonly limit: number }
  /** EC2 has no capacity for the type in `az`: an impaired AZ (docs/models.md, "AZ impairment"); InsufficientInstanceCapacity. */
  | { readonly code: 'INSUFFICIENT_INSTANCE_CAPACITY'; readonly az: string }
  /**
   * EC2 throttled the launch (RequestLimitExceeded): the account's request tokens for `action`
   * (calls) or its RunInstances resource tokens (instances) ran out; `burst` and `perSecond` are
   * that bucket's (docs/models.md, "Service quotas").
   */
  | { readonly code: 'REQUEST_LIMIT_EXCEEDED'; readonly action: 'RunInstances' | 'CreateFleet'; readonly bucket: 'request' | 'resource'; readonly burst: number; readonly perSecond: number }
  /** The instance would take the account past its vCPU quota for the type's class and capacity type (VcpuLimitExceeded). */
  | { readonly code: 'VCPU_LIMIT_EXCEEDED'; readonly vcpuClass: VcpuClass; readonly capacityType: 'on-demand' | 'spot'; readonly limit: number };

export interface HostLaunchFailed {
  readonly type: 'host.launch-failed';
  readonly time: number;
  readonly group: string;
  readonly instanceType: string;
  /** The AZ it was to launch in. */
  readonly az: string;
  readonly reason: HostLaunchFailure;
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
  /** AZRebalance: the group moves an instance from its fullest AZ to its emptiest one. */
  | { readonly code: 'AZ_REBALANCE'; readonly group: string }
  | { readonly code: 'SPOT_INTERRUPTION_WARNING' }
  /** EC2's Spot interruption notice for an instance of an Auto Scaling group or node group, and who drains it (src/model/spot-interruption-response.ts). */
  | { readonly code: 'SPOT_INTERRUPTION_NOTICE'; readonly group: string; readonly drainer: SpotDrainer }
  | { readonly code: 'KARPENTER_DISRUPTION'; readonly disruption: KarpenterDisruptionReason }
  /** Cluster Autoscaler removes an unneeded node of the group. */
  | { readonly code: 'CLUSTER_AUTOSCALER_SCALE_DOWN'; readonly group: string };

/** EC2's Spot Instance Interruption Warning for an instance of an Auto Scaling group or node group. */
export interface HostSpotInterruptionNotice {
  readonly type: 'host.spot-interruption-notice';
  readonly time: number;
  readonly host: string;
  readonly az: string;
  readonly group: string;
  /** Who drains it in the two minutes; null: nobody, its tasks run until the interruption. */
  readonly drainer: SpotDrainer | null;
  /** When EC2 interrupts (terminates) it. */
  readonly interruptAt: number;
}

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
  /** The group's own scale-in; `drain` says how the instance went (src/model/instance-removal.ts). */
  | { readonly code: 'ASG_SCALE_IN'; readonly group: string; readonly drain: RemovalDrain }
  | { readonly code: 'AZ_REBALANCE'; readonly group: string; readonly drain: RemovalDrain }
  | { readonly code: 'ASG_STATUS_CHECK_REPLACEMENT' }
  | { readonly code: 'KARPENTER_DRAINED' }
  | { readonly code: 'SPOT_RECLAIMED' }
  /** Cluster Autoscaler terminated a node it drained (scale-down). */
  | { readonly code: 'CLUSTER_AUTOSCALER_SCALE_DOWN'; readonly group: string }
  /** Cluster Autoscaler gave up a node that did not register within max-node-provision-time. */
  | { readonly code: 'NODE_PROVISION_TIMEOUT'; readonly group: string }
  /** Karpenter deleted a NodeClaim whose node did not register within its registration TTL. */
  | { readonly code: 'KARPENTER_REGISTRATION_TTL'; readonly nodePool: string };

/**
 * How an instance Auto Scaling chose went: `emptied`, drained until it ran no task; `forced`,
 * drained until the drain's bound ran out, then terminated with what was left; `none`, not
 * drained (its group drains nothing), terminated with its tasks.
 */
export type RemovalDrain = 'emptied' | 'forced' | 'none';

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
  | HostSpotInterruptionNotice
  | HostDraining
  | HostFailed
  | HostTerminated
  | NodeTainted
  | NodeUntainted
  | NodePartitioned
  | NodeReconnected
  | ImagePullStarted
  | ImagePulled;

const H = { host: 'i-000004' } as const;

export const HOST_EVENT_DOCS = {
  'host.launched': {
    when: 'An Auto Scaling group (or managed node group) or Karpenter launches an EC2 instance; it is REGISTERING until its agent or kubelet registers.',
    fields: {
      host: 'The instance id (`i-000001`, sequential).',
      group: 'Its Auto Scaling group, or its NodePool for a Karpenter node.',
      nodePool: 'The NodePool when Karpenter launched it, else null.',
      instanceType: 'Its EC2 instance type (the cost report prices it).',
      capacityType: 'on-demand or spot.',
      az: 'Its Availability Zone.',
      subnet: "Its primary ENI's subnet; null without a VPC.",
      ip: 'Its primary address (IPv4 as a 32-bit number); null without a VPC.',
    },
    examples: [
      { type: 'host.launched', time: 0, ...H, group: 'general', nodePool: null, instanceType: 'm5.2xlarge', capacityType: 'on-demand', az: 'us-east-1a', subnet: 'subnet-1', ip: 0x0a000004 },
      { type: 'host.launched', time: 0, ...H, group: 'default', nodePool: 'default', instanceType: 'c6g.2xlarge', capacityType: 'spot', az: 'us-east-1a', subnet: null, ip: null },
    ],
  },
  'host.launch-failed': {
    when: "An instance could not launch: no subnet in its AZ had a free address for its primary ENI (EC2's InsufficientFreeAddressesInSubnet), EC2 has no capacity for the type there (InsufficientInstanceCapacity), the launch would pass the account's vCPU quota (VcpuLimitExceeded), EC2 throttled the call or ran out of instance launch tokens (RequestLimitExceeded), or the run has as many hosts as fleetsim's host limit. After a full subnet or no capacity the group tries its other AZs; after the others it stops the activity; either way it retries later.",
    fields: {
      group: 'The Auto Scaling group (or NodePool).',
      instanceType: 'The instance type.',
      az: 'The Availability Zone it was to launch in.',
      reason: 'NO_FREE_ADDRESS (with the AZ), INSUFFICIENT_INSTANCE_CAPACITY (with the AZ), VCPU_LIMIT_EXCEEDED (with the class, capacity type and quota), REQUEST_LIMIT_EXCEEDED (with the call and token bucket) or HOST_LIMIT (with the limit); see Launch failure reasons.',
    },
    examples: [
      { type: 'host.launch-failed', time: 0, group: 'general', instanceType: 'm5.large', az: 'us-east-1c', reason: { code: 'NO_FREE_ADDRESS', az: 'us-east-1c' } },
      { type: 'host.launch-failed', time: 0, group: 'general', instanceType: 'm5.large', az: 'us-east-1a', reason: { code: 'HOST_LIMIT', limit: 100_000 } },
      { type: 'host.launch-failed', time: 0, group: 'general', instanceType: 'm5.large', az: 'us-east-1b', reason: { code: 'INSUFFICIENT_INSTANCE_CAPACITY', az: 'us-east-1b' } },
    ],
  },
  'host.registered': {
    when: 'The ECS agent registered the container instance (EKS: the node is Ready): it is ACTIVE and takes tasks.',
    fields: { host: 'The instance id.', az: 'Its Availability Zone.', cpu: 'Registered CPU (cpu shares; 1,024,000 per vCPU).', memoryMiB: 'Registered memory, MiB.' },
    examples: [{ type: 'host.registered', time: 0, ...H, az: 'us-east-1a', cpu: 2_048_000, memoryMiB: 7_680 }],
  },
  'host.spot-interruption-notice': {
    when: "EC2's two-minute Spot Instance Interruption Warning for a Spot instance of an Auto Scaling group or node group (a spotInterruption fault). Karpenter's nodes get theirs as karpenter.disruption SPOT_INTERRUPTION_WARNING.",
    fields: {
      host: 'The instance id.',
      az: 'Its Availability Zone.',
      group: 'Its Auto Scaling group or node group.',
      drainer: 'Who drains it now: ecs-agent (ECS_ENABLE_SPOT_INSTANCE_DRAINING), eks-managed-node-group or node-termination-handler; null: nobody, its tasks or pods stop when EC2 interrupts it.',
      interruptAt: 'When EC2 terminates it (ms): two minutes on.',
    },
    examples: [
      { type: 'host.spot-interruption-notice', time: 0, ...H, az: 'us-east-1a', group: 'spot', drainer: null, interruptAt: 120_000 },
      { type: 'host.spot-interruption-notice', time: 0, ...H, az: 'us-east-1a', group: 'spot-nodes', drainer: 'eks-managed-node-group', interruptAt: 120_000 },
    ],
  },
  'host.draining': {
    when: 'The instance takes no new tasks (ECS DRAINING, Kubernetes cordon and drain): its tasks are replaced elsewhere.',
    fields: { host: 'The instance id.', az: 'Its Availability Zone.', reason: 'Why: ASG_SCALE_IN, AZ_REBALANCE, SPOT_INTERRUPTION_WARNING, SPOT_INTERRUPTION_NOTICE, KARPENTER_DISRUPTION or CLUSTER_AUTOSCALER_SCALE_DOWN (see Host reasons).' },
    examples: [
      { type: 'host.draining', time: 0, ...H, az: 'us-east-1a', reason: { code: 'ASG_SCALE_IN', group: 'ecs-m5' } },
      { type: 'host.draining', time: 0, ...H, az: 'us-east-1a', reason: { code: 'KARPENTER_DISRUPTION', disruption: { code: 'EXPIRED' } } },
    ],
  },
  'host.failed': {
    when: 'A scenario fault fails the instance (hardware, an AZ outage): its agent or kubelet stops reporting, its targets fail their checks.',
    fields: { host: 'The instance id.', az: 'Its Availability Zone.', reason: 'AZ_OUTAGE (with the AZ) or INSTANCE_FAILURE.' },
    examples: [{ type: 'host.failed', time: 0, ...H, az: 'us-east-1b', reason: { code: 'AZ_OUTAGE', az: 'us-east-1b' } }],
  },
  'host.terminated': {
    when: 'The instance is terminated (it runs no task any more); its addresses go back to the subnet.',
    fields: { host: 'The instance id.', az: 'Its Availability Zone.', reason: 'Why: ASG_SCALE_IN, AZ_REBALANCE, ASG_STATUS_CHECK_REPLACEMENT, KARPENTER_DRAINED or SPOT_RECLAIMED (see Host reasons).' },
    examples: [{ type: 'host.terminated', time: 0, ...H, az: 'us-east-1a', reason: { code: 'ASG_SCALE_IN', group: 'ecs-m5', drain: 'emptied' } }],
  },
  'node.tainted': {
    when: "The node lifecycle controller taints a node whose kubelet stopped posting status (after the grace period): node.kubernetes.io/unreachable:NoExecute.",
    fields: { host: 'The node.', key: "The taint's key.", effect: "The taint's effect.", condition: 'The node condition behind it (NodeNotReady).' },
    examples: [{ type: 'node.tainted', time: 0, ...H, key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', condition: 'NodeNotReady' }],
  },
  'node.untainted': {
    when: "The node's kubelet posts Ready again: the controller removes the taint and the pods stay.",
    fields: { host: 'The node.', key: "The taint's key.", condition: 'The node condition behind it (NodeReady).' },
    examples: [{ type: 'node.untainted', time: 0, ...H, key: 'node.kubernetes.io/unreachable', condition: 'NodeReady' }],
  },
  'node.partitioned': {
    when: 'A nodeNotReady fault cuts the kubelet off the control plane while the instance keeps running (EC2 status checks pass).',
    fields: { host: 'The node.', az: 'Its Availability Zone.' },
    examples: [{ type: 'node.partitioned', time: 0, ...H, az: 'us-east-1a' }],
  },
  'node.reconnected': {
    when: 'The partition heals: the kubelet reaches the API server again and the node is Ready with its pods.',
    fields: { host: 'The node.', az: 'Its Availability Zone.' },
    examples: [{ type: 'node.reconnected', time: 0, ...H, az: 'us-east-1a' }],
  },
  'image.pull-started': {
    when: "A host starts pulling an image that is neither cached nor being pulled there; tasks needing it wait for it.",
    fields: { host: 'The instance id.', image: 'The image reference.', durationMs: 'How long the pull takes.' },
    examples: [{ type: 'image.pull-started', time: 0, ...H, image: 'web:2.0', durationMs: 3_660 }],
  },
  'image.pulled': {
    when: "A pull finished (or an image baked into the AMI is there at registration): the image is in the host's cache.",
    fields: { host: 'The instance id.', image: 'The image reference.' },
    examples: [{ type: 'image.pulled', time: 0, ...H, image: 'web:2.0' }],
  },
} satisfies EventDocs<HostEvent>;

export const DRAIN_REASON_DOCS = {
  ASG_SCALE_IN: {
    meaning: "The Auto Scaling group's desired capacity went down; it drains the instance its termination policy picks.",
    example: { code: 'ASG_SCALE_IN', group: 'ecs-m5' },
  },
  AZ_REBALANCE: {
    meaning: 'AZRebalance: an AZ came back, the group is unbalanced; it drains an instance of its fullest AZ while it launches one in its emptiest.',
    example: { code: 'AZ_REBALANCE', group: 'ecs-m5' },
  },
  SPOT_INTERRUPTION_WARNING: { meaning: "EC2's Spot interruption warning for a Karpenter node: cordon and drain now.", example: { code: 'SPOT_INTERRUPTION_WARNING' } },
  SPOT_INTERRUPTION_NOTICE: {
    meaning:
      "EC2's two-minute Spot interruption notice for an instance of an Auto Scaling group or node group, drained by `drainer`: ecs-agent (ECS_ENABLE_SPOT_INSTANCE_DRAINING), eks-managed-node-group (EKS drains its Spot nodes) or node-termination-handler (AWS Node Termination Handler). EC2 terminates the instance when the notice runs out (SPOT_RECLAIMED).",
    example: { code: 'SPOT_INTERRUPTION_NOTICE', group: 'spot', drainer: 'ecs-agent' },
  },
  KARPENTER_DISRUPTION: {
    meaning: "Karpenter's disruption controller: REPLACED_BY_CHEAPER_NODE, EXPIRED (expireAfter), or CONSOLIDATION (Empty or Underutilized, by the empty, multi or single method, with the hourly saving).",
    example: { code: 'KARPENTER_DISRUPTION', disruption: { code: 'CONSOLIDATION', reason: 'Underutilized', method: 'single', savingsPerHour: 0.0952 } },
  },
  CLUSTER_AUTOSCALER_SCALE_DOWN: {
    meaning: 'Cluster Autoscaler removes a node that has been unneeded for scale-down-unneeded-time: it cordons it and evicts its pods (PodDisruptionBudgets respected).',
    example: { code: 'CLUSTER_AUTOSCALER_SCALE_DOWN', group: 'general' },
  },
} satisfies CodeDocs<DrainReason>;

export const LAUNCH_FAILURE_DOCS = {
  NO_FREE_ADDRESS: {
    meaning: "No subnet in the instance's Availability Zone has a free address for its primary ENI: EC2 fails the launch with InsufficientFreeAddressesInSubnet.",
    example: { code: 'NO_FREE_ADDRESS', az: 'us-east-1a' },
  },
  INSUFFICIENT_INSTANCE_CAPACITY: {
    meaning: 'EC2 has no capacity for the instance type in the AZ (InsufficientInstanceCapacity): the AZ is impaired. Auto Scaling tries its other AZs; Karpenter caches the offering for 3 minutes and takes the next.',
    example: { code: 'INSUFFICIENT_INSTANCE_CAPACITY', az: 'us-east-1b' },
  },
  REQUEST_LIMIT_EXCEEDED: {
    meaning: "EC2 throttled the launch (RequestLimitExceeded): the account's RunInstances or CreateFleet request tokens (50, 5 a second) or its RunInstances resource tokens (1,000 instances, 2 a second) ran out. Auto Scaling retries the activity later; Karpenter backs off exponentially.",
    example: { code: 'REQUEST_LIMIT_EXCEEDED', action: 'RunInstances', bucket: 'resource', burst: 1000, perSecond: 2 },
  },
  VCPU_LIMIT_EXCEEDED: {
    meaning: "The instance would take the account past its vCPU quota for the type's class (Standard, G and VT, P, ...) and capacity type, set in `quotas.ec2` (VcpuLimitExceeded). Auto Scaling retries later; Karpenter caches the offering as unavailable, as for InsufficientInstanceCapacity.",
    example: { code: 'VCPU_LIMIT_EXCEEDED', vcpuClass: 'standard', capacityType: 'on-demand', limit: 256 },
  },
  HOST_LIMIT: {
    meaning: "The run already has as many hosts (launched and not terminated) as fleetsim simulates: 100,000 unless `--max-hosts` says otherwise (docs/limits.md).",
    example: { code: 'HOST_LIMIT', limit: 100_000 },
  },
} satisfies CodeDocs<HostLaunchFailure>;

export const TERMINATION_REASON_DOCS = {
  ASG_SCALE_IN: {
    meaning: "The group's desired capacity went down and it terminated an instance: `drain` emptied (drained until it ran no task), forced (the drain's bound ran out: terminated with what was left) or none (the group drains nothing: terminated with its tasks).",
    example: { code: 'ASG_SCALE_IN', group: 'ecs-m5', drain: 'emptied' },
  },
  AZ_REBALANCE: {
    meaning: 'The group terminated an instance to rebalance its AZs; `drain` as for ASG_SCALE_IN.',
    example: { code: 'AZ_REBALANCE', group: 'ecs-m5', drain: 'none' },
  },
  ASG_STATUS_CHECK_REPLACEMENT: {
    meaning: 'The instance failed its EC2 status checks: Auto Scaling terminates it and launches a replacement.',
    example: { code: 'ASG_STATUS_CHECK_REPLACEMENT' },
  },
  KARPENTER_DRAINED: { meaning: 'Karpenter terminated a node it had drained.', example: { code: 'KARPENTER_DRAINED' } },
  SPOT_RECLAIMED: { meaning: 'EC2 reclaimed the Spot instance (a Karpenter node, or an instance of an Auto Scaling group or node group) two minutes after its warning.', example: { code: 'SPOT_RECLAIMED' } },
  CLUSTER_AUTOSCALER_SCALE_DOWN: { meaning: "Cluster Autoscaler terminated a node it drained, decrementing its group's desired capacity.", example: { code: 'CLUSTER_AUTOSCALER_SCALE_DOWN', group: 'general' } },
  NODE_PROVISION_TIMEOUT: { meaning: 'Cluster Autoscaler removed a node that had not registered within max-node-provision-time (15 minutes by default).', example: { code: 'NODE_PROVISION_TIMEOUT', group: 'general' } },
  KARPENTER_REGISTRATION_TTL: {
    meaning: "Karpenter deleted a NodeClaim whose node had not registered 15 minutes after launch (its liveness controller's registration TTL) and terminated the instance; its pods are provisioned again.",
    example: { code: 'KARPENTER_REGISTRATION_TTL', nodePool: 'default' },
  },
} satisfies CodeDocs<TerminationReason>;
