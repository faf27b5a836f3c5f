import type { CapacityType } from '../karpenter-spec.js';
import type { EventDocs } from './docs.js';
import type { HostLaunchFailure, KarpenterDisruptionReason } from './host.js';

/** Trace events of Karpenter's provisioner and disruption controller. */

export interface NodeClaimLaunched {
  readonly type: 'karpenter.nodeclaim-launched';
  readonly time: number;
  readonly host: string;
  readonly nodePool: string;
  readonly instanceType: string;
  readonly capacityType: CapacityType;
  readonly az: string;
  readonly pricePerHour: number;
  /** Pods nominated to it (none for a consolidation replacement). */
  readonly pods: number;
  /** Instance types the NodeClaim allowed (the fleet request's options). */
  readonly instanceTypeOptions: number;
}

/** A NodeClaim's condition turned true after Launched (karpenter.sh, "NodeClaims"). */
export interface NodeClaimRegistered {
  readonly type: 'karpenter.nodeclaim-registered';
  readonly time: number;
  readonly host: string;
  readonly nodePool: string;
}

export interface NodeClaimInitialized {
  readonly type: 'karpenter.nodeclaim-initialized';
  readonly time: number;
  readonly host: string;
  readonly nodePool: string;
}

export interface NodeClaimLaunchFailed {
  readonly type: 'karpenter.launch-failed';
  readonly time: number;
  readonly nodePool: string;
  readonly instanceType: string;
  /** The zone it was to launch in. */
  readonly az: string;
  /** Why it could not: any launch failure (the launcher's, for NodeClaims as for Auto Scaling groups). */
  readonly reason: HostLaunchFailure;
}

/** What the disruption controller does to a node. */
export type DisruptionAction =
  /** A Spot interruption warning: cordon and drain; EC2 reclaims the node two minutes later. */
  | { readonly code: 'SPOT_INTERRUPTION_WARNING' }
  /** The node is disrupted (cordoned and drained) for `reason`. */
  | { readonly code: 'DISRUPTING'; readonly instanceType: string; readonly capacityType: CapacityType; readonly reason: KarpenterDisruptionReason }
  /** A consolidation replaces nodes with one cheaper node (`host` is the replacement). */
  | {
      readonly code: 'REPLACING';
      readonly reason: 'Underutilized';
      readonly method: 'multi' | 'single';
      readonly replaced: readonly { readonly host: string; readonly instanceType: string }[];
      readonly replacementType: string;
      readonly savingsPerHour: number;
    };

export interface DisruptionDecided {
  readonly type: 'karpenter.disruption';
  readonly time: number;
  readonly host: string;
  readonly action: DisruptionAction;
}

export type KarpenterEvent = NodeClaimLaunched | NodeClaimRegistered | NodeClaimInitialized | NodeClaimLaunchFailed | DisruptionDecided;

export const KARPENTER_EVENT_DOCS = {
  'karpenter.nodeclaim-launched': {
    when: "Karpenter's provisioner launches a NodeClaim for pending pods (or the disruption controller launches a consolidation's replacement).",
    fields: {
      host: 'The instance launched.',
      nodePool: 'Its NodePool.',
      instanceType: 'The type the fleet chose (the cheapest option).',
      capacityType: 'spot or on-demand.',
      az: 'Its zone.',
      pricePerHour: 'Its price, USD per hour.',
      pods: 'Pods nominated to it (none for a replacement).',
      instanceTypeOptions: 'Instance types the NodeClaim allowed.',
    },
    examples: [{ type: 'karpenter.nodeclaim-launched', time: 0, host: 'i-000001', nodePool: 'default', instanceType: 'c6g.2xlarge', capacityType: 'spot', az: 'us-east-1a', pricePerHour: 0.0952, pods: 7, instanceTypeOptions: 6 }],
  },
  'karpenter.nodeclaim-registered': {
    when: "A NodeClaim's condition Registered: its instance booted and kubelet created the Node object (the node is not Ready yet).",
    fields: { host: 'The instance.', nodePool: 'Its NodePool.' },
    examples: [{ type: 'karpenter.nodeclaim-registered', time: 0, host: 'i-000001', nodePool: 'default' }],
  },
  'karpenter.nodeclaim-initialized': {
    when: "A NodeClaim's condition Initialized: its node is Ready (the VPC CNI up), so pods can bind to it.",
    fields: { host: 'The instance.', nodePool: 'Its NodePool.' },
    examples: [{ type: 'karpenter.nodeclaim-initialized', time: 0, host: 'i-000001', nodePool: 'default' }],
  },
  'karpenter.launch-failed': {
    when: "A planned NodeClaim could not launch: no subnet in its zone had a free address; EC2 had no capacity (InsufficientInstanceCapacity: Karpenter caches the offering as unavailable for 3 minutes and tries the next one); the launch would pass the account's vCPU quota for the type's class (VcpuLimitExceeded: every offering of that class in the zone is cached as unavailable the same way); EC2 throttled the CreateFleet call or ran out of instance launch tokens (RequestLimitExceeded: the NodeClaim's pods are tried again after controller-runtime's back-off, 5 ms doubling to at most 1,000 s); or the run has as many hosts as fleetsim's host limit.",
    fields: {
      nodePool: 'The NodePool.',
      instanceType: 'The type chosen.',
      az: 'The zone it was to launch in.',
      reason: 'NO_FREE_ADDRESS, INSUFFICIENT_INSTANCE_CAPACITY, VCPU_LIMIT_EXCEEDED, REQUEST_LIMIT_EXCEEDED or HOST_LIMIT (see Launch failure reasons).',
    },
    examples: [
      { type: 'karpenter.launch-failed', time: 0, nodePool: 'default', instanceType: 'c6g.2xlarge', az: 'us-east-1a', reason: { code: 'NO_FREE_ADDRESS', az: 'us-east-1a' } },
      { type: 'karpenter.launch-failed', time: 0, nodePool: 'default', instanceType: 'c6g.2xlarge', az: 'us-east-1b', reason: { code: 'VCPU_LIMIT_EXCEEDED', vcpuClass: 'standard', capacityType: 'spot', limit: 256 } },
      { type: 'karpenter.launch-failed', time: 0, nodePool: 'default', instanceType: 'c6g.2xlarge', az: 'us-east-1c', reason: { code: 'REQUEST_LIMIT_EXCEEDED', action: 'CreateFleet', bucket: 'request', burst: 50, perSecond: 5 } },
    ],
  },
  'karpenter.disruption': {
    when: "Karpenter's disruption controller acts on a node: a Spot interruption warning, disrupting it (expired, consolidated, replaced), or replacing nodes with a cheaper one.",
    fields: { host: 'The node (for REPLACING: the replacement).', action: 'SPOT_INTERRUPTION_WARNING, DISRUPTING (with its reason) or REPLACING (the nodes replaced, the new type, the saving).' },
    examples: [
      { type: 'karpenter.disruption', time: 0, host: 'i-000002', action: { code: 'DISRUPTING', instanceType: 'c6g.2xlarge', capacityType: 'spot', reason: { code: 'CONSOLIDATION', reason: 'Empty', method: 'empty', savingsPerHour: 0.1904 } } },
      {
        type: 'karpenter.disruption',
        time: 0,
        host: 'i-000009',
        action: { code: 'REPLACING', reason: 'Underutilized', method: 'single', replaced: [{ host: 'i-000002', instanceType: 'c6g.4xlarge' }], replacementType: 'c6g.xlarge', savingsPerHour: 0.2856 },
      },
    ],
  },
} satisfies EventDocs<KarpenterEvent>;
