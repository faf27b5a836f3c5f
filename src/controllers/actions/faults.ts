import type { RegistryOutage } from '../../model/app-failure.js';
import type { AzImpairment } from '../../model/az-impairment.js';
import type { CapacityShortage } from '../../model/capacity-shortage.js';
import type { EndedFault, InjectedFault } from '../../model/events/fault.js';
import type { ActionContext } from './context.js';

/** Scenario faults: registry outages, AZ impairments, and the account of each fault injected or ended. */
export class FaultActions {
  constructor(private readonly ctx: ActionContext) {}

  /** A registry outage begins: pulls from it that start before `outage.until` fail. */
  startRegistryOutage(outage: RegistryOutage): void {
    this.ctx.state.registryOutages.push(outage);
    this.ctx.emit({ type: 'registry.outage-started', time: this.ctx.now, registry: outage.registry, untilMs: outage.until });
  }

  /** The outage ends: pulls from the registry succeed again. */
  endRegistryOutage(outage: RegistryOutage): void {
    const outages = this.ctx.state.registryOutages;
    const i = outages.indexOf(outage);
    if (i < 0) throw new Error('ending a registry outage that is not in effect');
    outages.splice(i, 1);
    this.ctx.emit({ type: 'registry.outage-ended', time: this.ctx.now, registry: outage.registry });
  }

  /** An AZ impairment begins: launchers consult it (model/az-impairment.ts) until it ends. */
  startAzImpairment(impairment: AzImpairment): void {
    this.ctx.state.azImpairments.set(impairment.az, impairment);
  }

  /** The AZ is healthy again. */
  endAzImpairment(az: string): void {
    this.ctx.state.azImpairments.delete(az);
  }

  /** EC2 runs short of capacity: launchers consult it (model/capacity-shortage.ts) until it ends. */
  startCapacityShortage(shortage: CapacityShortage): void {
    this.ctx.state.capacityShortages.push(shortage);
  }

  /** The shortage is over: launches it covered succeed again. */
  endCapacityShortage(shortage: CapacityShortage): void {
    const shortages = this.ctx.state.capacityShortages;
    const i = shortages.indexOf(shortage);
    if (i < 0) throw new Error('ending a capacity shortage that is not in effect');
    shortages.splice(i, 1);
  }

  /**
   * A scenario fault was injected (about `service`, if one): the account a person reads in the
   * run summary. Changes no state; the fault's own actions do.
   */
  injected(fault: InjectedFault, service: string | null = null): void {
    this.ctx.emit({ type: 'fault.injected', time: this.ctx.now, service, fault });
  }

  /** A fault's window ended. Changes no state; the fault's own actions do. */
  ended(fault: EndedFault): void {
    this.ctx.emit({ type: 'fault.ended', time: this.ctx.now, fault });
  }
}
