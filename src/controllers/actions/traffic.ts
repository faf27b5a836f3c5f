import type { Service } from '../../model/service.js';
import type { MinuteMetrics } from '../../model/trace-record.js';
import type { ActionContext } from './context.js';

/** Requests served and failed, per service. */
export class TrafficActions {
  constructor(private readonly ctx: ActionContext) {}

  /** A closed minute of the service's traffic (the load driver's per-minute metrics). */
  minute(service: Service, minute: MinuteMetrics, detail: string): void {
    service.traffic.requests += minute.requests;
    service.traffic.errors += minute.target5xx + minute.elb5xx;
    this.ctx.emit('metrics.minute', service.name, detail, { service: service.name, minute });
  }
}
