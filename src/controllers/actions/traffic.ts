import type { MinuteMetrics } from '../../model/events/traffic.js';
import type { Service } from '../../model/service.js';
import type { ActionContext } from './context.js';

/** Requests offered, served and failed, per service. */
export class TrafficActions {
  constructor(private readonly ctx: ActionContext) {}

  /** A closed minute of the service's traffic (the load driver's per-minute metrics). */
  minute(service: Service, minute: MinuteMetrics): void {
    service.traffic.requests += minute.requests;
    service.traffic.errors += minute.target5xx + minute.elb5xx;
    this.ctx.emit({ type: 'metrics.minute', time: this.ctx.now, service: service.name, minute });
  }

  /** The offered load changed by more than 10 % (where the scaling timeline measures from). */
  loadChanged(service: Service, fromRps: number, toRps: number): void {
    this.ctx.emit({ type: 'load.changed', time: this.ctx.now, service: service.name, fromRps, toRps });
  }
}
