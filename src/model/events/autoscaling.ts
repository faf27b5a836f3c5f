import type { HpaMetricProposal, HpaReason, PolicyDecision } from '../reasons/autoscaling.js';
import type { EventDocs } from './docs.js';
import type { HostLaunchFailure } from './host.js';

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
  | { readonly code: 'MANAGED_SCALING_IN'; readonly reservation: number; readonly targetCapacity: number }
  /** Cluster Autoscaler: unschedulable pods that the group's new nodes would take. */
  | { readonly code: 'CLUSTER_AUTOSCALER_SCALE_UP'; readonly pods: number }
  /** Cluster Autoscaler removes a node (TerminateInstanceInAutoScalingGroup, decrementing the desired capacity). */
  | { readonly code: 'CLUSTER_AUTOSCALER_SCALE_DOWN'; readonly host: string };

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

/** Why a group has fewer instances than its desired capacity: its launches failed (the reason of the last, with every AZ that had no free address). */
export type CapacityShortReason =
  | { readonly code: 'NO_FREE_ADDRESS'; readonly azs: readonly string[] }
  /** Every AZ refused: some impaired (InsufficientInstanceCapacity), the rest without a free address. */
  | { readonly code: 'INSUFFICIENT_INSTANCE_CAPACITY'; readonly azs: readonly string[] }
  /** EC2 refused the activity on the account's quotas: throttled (RequestLimitExceeded) or past a vCPU quota (VcpuLimitExceeded); the group retries. */
  | Extract<HostLaunchFailure, { readonly code: 'HOST_LIMIT' | 'REQUEST_LIMIT_EXCEEDED' | 'VCPU_LIMIT_EXCEEDED' }>;

export interface GroupCapacityUnfulfilled {
  readonly type: 'asg.capacity-unfulfilled';
  readonly time: number;
  readonly group: string;
  readonly instanceType: string;
  /** The group's desired capacity. */
  readonly desired: number;
  /** Its instances (launched and not terminated or draining). */
  readonly launched: number;
  readonly reason: CapacityShortReason;
}

export interface GroupCapacityFulfilled {
  readonly type: 'asg.capacity-fulfilled';
  readonly time: number;
  readonly group: string;
  /** The desired capacity it now has. */
  readonly desired: number;
}

export type AutoscalingEvent = AutoscalerScaled | GroupDesiredChanged | ReservationMeasured | GroupCapacityUnfulfilled | GroupCapacityFulfilled;

const CPU_SCALE_OUT: PolicyDecision = {
  policy: 'cpu',
  action: 'scale-out',
  explanation: { code: 'SCALE_OUT', breach: { kind: 'above-target', metric: 'ECSServiceAverageCPUUtilization', latest: 130, target: 65, datapoints: 3 }, from: 4, to: 8, cooldownBase: null },
  proposed: 8,
};

export const AUTOSCALING_EVENT_DOCS = {
  'autoscaling.scaled': {
    when: "An autoscaler changes a service's desired count: ECS Service Auto Scaling (target tracking, step scaling) or the HorizontalPodAutoscaler; scaling.csv measures each scale-out from it.",
    fields: {
      service: 'The service.',
      from: 'The desired count before.',
      to: 'The desired count it sets.',
      decision: 'ECS: the winning policy (null: the capacity bounds alone) and every policy\'s verdict (see Scaling explanations); HPA: its reason and each metric\'s proposal.',
    },
    examples: [
      { type: 'autoscaling.scaled', time: 0, service: 'web', from: 4, to: 8, decision: { autoscaler: 'ecs', policy: 'cpu', decisions: [CPU_SCALE_OUT] } },
      {
        type: 'autoscaling.scaled',
        time: 0,
        service: 'web',
        from: 4,
        to: 6,
        decision: {
          autoscaler: 'hpa',
          reason: { code: 'MetricAboveTarget', metric: { type: 'Resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
          metrics: [
            { metric: { type: 'Resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } }, proposed: 6, usageRatio: 1.5, currentValue: 75 },
          ],
        },
      },
    ],
  },
  'asg.desired-changed': {
    when: "An Auto Scaling group's desired capacity changes (ECS managed scaling, a scenario event); the group launches or drains instances.",
    fields: {
      group: 'The Auto Scaling group.',
      from: 'The desired capacity before.',
      to: 'The desired capacity now (`requested` within minSize..maxSize).',
      requested: 'What was asked for.',
      minSize: "The group's minimum.",
      maxSize: "The group's maximum.",
      cause: 'SCENARIO, MANAGED_SCALING_OUT or MANAGED_SCALING_IN (with the reservation and target), CLUSTER_AUTOSCALER_SCALE_UP (the pods) or CLUSTER_AUTOSCALER_SCALE_DOWN (the node removed).',
    },
    examples: [
      { type: 'asg.desired-changed', time: 0, group: 'ecs-m5', from: 1, to: 6, requested: 6, minSize: 1, maxSize: 10, cause: { code: 'MANAGED_SCALING_OUT', reservation: 600, targetCapacity: 100 } },
      { type: 'asg.desired-changed', time: 0, group: 'ecs-m5', from: 6, to: 10, requested: 12, minSize: 1, maxSize: 10, cause: { code: 'SCENARIO' } },
    ],
  },
  'asg.capacity-unfulfilled': {
    when: "An Auto Scaling group (or managed node group) ends a round of launches with fewer instances than its desired capacity because launches failed: once when it happens, again when the shortfall or its reason changes. The group keeps retrying; the run summary lists the groups still short at the end.",
    fields: {
      group: 'The group.',
      instanceType: 'Its instance type.',
      desired: 'Its desired capacity.',
      launched: 'Its instances (launched, not terminated or draining).',
      reason: 'NO_FREE_ADDRESS (with the AZs whose subnets are full) or HOST_LIMIT (with the limit).',
    },
    examples: [
      { type: 'asg.capacity-unfulfilled', time: 0, group: 'nodes', instanceType: 'm5.large', desired: 1_000_000, launched: 3_057, reason: { code: 'NO_FREE_ADDRESS', azs: ['us-east-1a', 'us-east-1b', 'us-east-1c'] } },
      { type: 'asg.capacity-unfulfilled', time: 0, group: 'fleet', instanceType: 'm5.large', desired: 150_000, launched: 100_000, reason: { code: 'HOST_LIMIT', limit: 100_000 } },
    ],
  },
  'asg.capacity-fulfilled': {
    when: 'A group that was short of its desired capacity has it again (addresses freed up, or its desired capacity came down).',
    fields: { group: 'The group.', desired: 'Its desired capacity.' },
    examples: [{ type: 'asg.capacity-fulfilled', time: 0, group: 'nodes', desired: 12 }],
  },
  'capacity-provider.reservation': {
    when: "ECS managed scaling computes a capacity provider's CapacityProviderReservation, every minute.",
    fields: {
      capacityProvider: 'The capacity provider.',
      reservation: 'CapacityProviderReservation, percent (M / N x 100).',
      instances: 'N: instances in the group.',
      needed: 'M: instances needed.',
      targetCapacity: "The provider's targetCapacity, percent.",
    },
    examples: [{ type: 'capacity-provider.reservation', time: 0, capacityProvider: 'cp-m5', reservation: 150, instances: 2, needed: 3, targetCapacity: 100 }],
  },
} satisfies EventDocs<AutoscalingEvent>;
