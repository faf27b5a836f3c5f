import type { AutoscalingEvent, CapacityShortReason, GroupDesiredCause, ScalingDecision } from '../../model/events/autoscaling.js';
import { describeLaunchFailure } from './host.js';
import { describeHpaMetric, describeHpaReason, describePolicyDecision } from './scaling-reasons.js';
import { assertNever, type Wording } from './wording.js';

export const AUTOSCALING_WORDING: Wording<AutoscalingEvent> = {
  'autoscaling.scaled': { entity: (e) => e.service, text: (e) => describeScaling(e.from, e.to, e.decision) },
  'asg.desired-changed': {
    entity: (e) => e.group,
    text: (e) => `desired ${e.from} -> ${e.to} (${describeGroupCause(e.cause)}${e.to !== e.requested ? `; asked ${e.requested}, limits ${e.minSize}..${e.maxSize}` : ''})`,
  },
  'asg.capacity-unfulfilled': {
    entity: (e) => e.group,
    text: (e) => `${e.launched.toLocaleString('en-US')} of ${e.desired.toLocaleString('en-US')} ${e.instanceType} instances launched; the other ${(e.desired - e.launched).toLocaleString('en-US')} did not: ${describeCapacityShort(e.reason)}`,
  },
  'asg.capacity-fulfilled': { entity: (e) => e.group, text: (e) => `all ${e.desired.toLocaleString('en-US')} instances launched` },
  'capacity-provider.reservation': {
    entity: (e) => e.capacityProvider,
    text: (e) => `CapacityProviderReservation ${e.reservation.toFixed(1)}% (N=${e.instances}, M=${e.needed}, target ${e.targetCapacity}%)`,
  },
};

/** The scaling activity, e.g. `ECS Service Auto Scaling (cpu) from 4 to 8: cpu: ...`. */
export function describeScaling(from: number, to: number, d: ScalingDecision): string {
  switch (d.autoscaler) {
    case 'ecs': {
      const reasons = d.decisions
        .filter((x) => x.action !== 'none')
        .map((x) => `${x.policy}: ${describePolicyDecision(x)}`)
        .join('; ');
      return `ECS Service Auto Scaling (${d.policy ?? 'capacity bounds'}) from ${from} to ${to}: ${reasons}`;
    }
    case 'hpa': {
      const metrics = d.metrics.map((m) => `${describeHpaMetric(m.metric)} ${m.currentValue ?? '?'} (proposes ${m.proposed ?? '?'})`).join(', ');
      return `HorizontalPodAutoscaler from ${from} to ${to}: ${describeHpaReason(d.reason)}; ${metrics}`;
    }
    default:
      return assertNever(d);
  }
}

/** Why a group is short of instances. */
export function describeCapacityShort(r: CapacityShortReason): string {
  switch (r.code) {
    case 'NO_FREE_ADDRESS':
      return `InsufficientFreeAddressesInSubnet (no free address in the subnets of ${r.azs.join(', ')})`;
    case 'INSUFFICIENT_INSTANCE_CAPACITY':
      return `InsufficientInstanceCapacity (no capacity, or no free address, in ${r.azs.join(', ')})`;
    case 'HOST_LIMIT':
    case 'REQUEST_LIMIT_EXCEEDED':
    case 'VCPU_LIMIT_EXCEEDED':
      return describeLaunchFailure(r);
    default:
      return assertNever(r);
  }
}

function describeGroupCause(c: GroupDesiredCause): string {
  switch (c.code) {
    case 'SCENARIO':
      return 'scenario event';
    case 'MANAGED_SCALING_OUT':
      return `managed scaling: CapacityProviderReservation ${c.reservation.toFixed(0)}% > target ${c.targetCapacity}%`;
    case 'MANAGED_SCALING_IN':
      return `managed scaling: CapacityProviderReservation ${c.reservation.toFixed(0)}% < target ${c.targetCapacity}% for 15 minutes`;
    case 'CLUSTER_AUTOSCALER_SCALE_UP':
      return `Cluster Autoscaler scale-up for ${c.pods} unschedulable pod(s)`;
    case 'CLUSTER_AUTOSCALER_SCALE_DOWN':
      return `Cluster Autoscaler removes ${c.host}`;
    default:
      return assertNever(c);
  }
}
