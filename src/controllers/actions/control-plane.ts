import type { ApiThrottled, DnsLookupsFailed, DnsResolutionChanged } from '../../model/events/traffic.js';
import type { ActionContext } from './context.js';

type Fields<E> = Omit<E, 'type' | 'time'>;

/** What the EKS control plane's shared services report: cluster DNS and API server throttling. */
export class ControlPlaneActions {
  constructor(private readonly ctx: ActionContext) {}

  /** Cluster DNS as a whole changed state (ok, overloaded, down). */
  dnsResolutionChanged(fields: Fields<DnsResolutionChanged>): void {
    this.ctx.emit({ type: 'dns.resolution-changed', time: this.ctx.now, ...fields });
  }

  /** A workload's requests failed a DNS lookup during the last minute. */
  dnsLookupsFailed(fields: Fields<DnsLookupsFailed>): void {
    this.ctx.emit({ type: 'dns.lookups-failed', time: this.ctx.now, ...fields });
  }

  /** A noisy API client's share of 429s changed. */
  apiThrottled(fields: Fields<ApiThrottled>): void {
    this.ctx.emit({ type: 'api.throttled', time: this.ctx.now, ...fields });
  }
}
