import { formatClock } from '../../engine/time.js';
import type { RegistryOutage } from '../../model/app-failure.js';
import type { ActionContext } from './context.js';

/** Scenario faults: registry outages, and the account of each fault injected or ended. */
export class FaultActions {
  constructor(private readonly ctx: ActionContext) {}

  /** A registry outage begins: pulls from it that start before `outage.until` fail. */
  startRegistryOutage(outage: RegistryOutage): void {
    this.ctx.state.registryOutages.push(outage);
    this.ctx.emit('registry.outage-started', outage.registry ?? 'all-registries', `image pulls fail (registry unreachable) until ${formatClock(outage.until)}`, {});
  }

  /** The outage ends: pulls from the registry succeed again. */
  endRegistryOutage(outage: RegistryOutage): void {
    const outages = this.ctx.state.registryOutages;
    const i = outages.indexOf(outage);
    if (i < 0) throw new Error('ending a registry outage that is not in effect');
    outages.splice(i, 1);
    this.ctx.emit('registry.outage-ended', outage.registry ?? 'all-registries', 'image pulls reach the registry again', {});
  }

  /**
   * A scenario fault was injected (`fault.injected`) or its window ended (`fault.ended`): the
   * account a person reads in the run summary. Changes no state; the fault's own actions do.
   */
  record(type: 'fault.injected' | 'fault.ended', entity: string, detail: string, service?: string): void {
    this.ctx.emit(type, entity, detail, service === undefined ? {} : { service });
  }
}
