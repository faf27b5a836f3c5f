import type { GroupCapacityUnfulfilled, GroupDesiredChanged, ReservationMeasured, ScalingDecision } from '../../model/events/autoscaling.js';
import type { Service } from '../../model/service.js';
import type { ActionContext } from './context.js';

type Fields<E> = Omit<E, 'type' | 'time'>;

/**
 * What the autoscalers decided. They change state through other actions (a service's desired
 * count, a group's desired capacity); these record the decision and why.
 */
export class ScalingActions {
  constructor(private readonly ctx: ActionContext) {}

  /** An autoscaler (ECS Service Auto Scaling, the HPA) scales the service from `from` to `to`. */
  scaled(service: Service, from: number, to: number, decision: ScalingDecision): void {
    this.ctx.emit({ type: 'autoscaling.scaled', time: this.ctx.now, service: service.name, from, to, decision });
  }

  /** An Auto Scaling group's desired capacity changed (the group acts on it). */
  groupDesiredChanged(fields: Fields<GroupDesiredChanged>): void {
    this.ctx.emit({ type: 'asg.desired-changed', time: this.ctx.now, ...fields });
  }

  /** A group ended a round of launches short of its desired capacity (its launches failed for `reason`). */
  groupCapacityUnfulfilled(fields: Fields<GroupCapacityUnfulfilled>): void {
    this.ctx.emit({ type: 'asg.capacity-unfulfilled', time: this.ctx.now, ...fields });
  }

  /** A group that was short has its desired capacity again. */
  groupCapacityFulfilled(group: string, desired: number): void {
    this.ctx.emit({ type: 'asg.capacity-fulfilled', time: this.ctx.now, group, desired });
  }

  /** ECS managed scaling computed a capacity provider's CapacityProviderReservation. */
  reservationMeasured(fields: Fields<ReservationMeasured>): void {
    this.ctx.emit({ type: 'capacity-provider.reservation', time: this.ctx.now, ...fields });
  }
}
