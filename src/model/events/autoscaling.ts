import type { HpaMetricProposal, HpaReason, PolicyDecision } from '../reasons/autoscaling.js';

/** Trace events of the autoscalers: service desired counts, Auto Scaling groups, capacity providers. */

/** What an autoscaler decided. */
export type ScalingDecision =
  /** ECS Service Auto Scaling: the winning policy (null: the capacity bounds alone) and every policy's verdict. */
  | { readonly autoscaler: 'ecs'; readonly policy: string | null; readonly decisions: readonly PolicyDecision[] }
  /** The HorizontalPodAutoscaler: its reason and each metric's proposal. */
  | { readonly autoscaler: 'hpa'; readonly reason: HpaReason; readonly metrics: readonly HpaMetricProposal[] };

export interface AutoscalerScaled {
  readonly type: 'autoscaling.scaled';
  readonly time: number;
  readonly service: string;
  readonly from: number;
  readonly to: number;
  readonly decision: ScalingDecision;
}

/** Who set an Auto Scaling group's desired capacity. */
export type GroupDesiredCause =
  | { readonly code: 'SCENARIO' }
  /** ECS managed scaling: CapacityProviderReservation above the target. */
  | { readonly code: 'MANAGED_SCALING_OUT'; readonly reservation: number; readonly targetCapacity: number }
  /** ECS managed scaling: below the target for 15 minutes. */
  | { readonly code: 'MANAGED_SCALING_IN'; readonly reservation: number; readonly targetCapacity: number };

export interface GroupDesiredChanged {
  readonly type: 'asg.desired-changed';
  readonly time: number;
  readonly group: string;
  readonly from: number;
  /** The new desired capacity: `requested` clamped to [minSize, maxSize]. */
  readonly to: number;
  readonly requested: number;
  readonly minSize: number;
  readonly maxSize: number;
  readonly cause: GroupDesiredCause;
}

export interface ReservationMeasured {
  readonly type: 'capacity-provider.reservation';
  readonly time: number;
  readonly capacityProvider: string;
  /** CapacityProviderReservation, percent (M / N x 100). */
  readonly reservation: number;
  /** N: the instances in the group. */
  readonly instances: number;
  /** M: the instances needed. */
  readonly needed: number;
  readonly targetCapacity: number;
}

export type AutoscalingEvent = AutoscalerScaled | GroupDesiredChanged | ReservationMeasured;
