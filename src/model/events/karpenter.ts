import type { CapacityType } from '../karpenter-spec.js';
import type { KarpenterDisruptionReason } from './host.js';

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

export interface NodeClaimLaunchFailed {
  readonly type: 'karpenter.launch-failed';
  readonly time: number;
  readonly nodePool: string;
  readonly instanceType: string;
  /** No subnet in this zone had a free address. */
  readonly az: string;
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

export type KarpenterEvent = NodeClaimLaunched | NodeClaimLaunchFailed | DisruptionDecided;
