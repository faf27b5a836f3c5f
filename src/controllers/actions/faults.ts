import type { RegistryOutage } from '../../model/app-failure.js';
import type { AzImpairment } from '../../model/az-impairment.js';
import type { CapacityShortage } from '../../model/capacity-shortage.js';
import type { EndedFault, InjectedFault } from '../../model/events/fault.js';
import type { AwsServiceEndpoint } from '../../model/network/egress.js';
import type { SecretFault } from '../../model/secrets.js';
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

  /** The VPC endpoint of `endpoint` is deleted (`+1`) or exists again (`-1`): calls to it route elsewhere meanwhile. */
  endpointDown(endpoint: AwsServiceEndpoint, delta: 1 | -1): void {
    bump(this.ctx.state.egressFaults.endpointsDown, endpoint, delta);
  }

  /** The NAT gateway in `az` (ALL_NAT_GATEWAYS: every one) fails (`+1`) or is back (`-1`). */
  natGatewayDown(az: string, delta: 1 | -1): void {
    bump(this.ctx.state.egressFaults.natDown, az, delta);
  }

  /** Fetches of a secret start failing. */
  startSecretFault(fault: SecretFault): void {
    this.ctx.state.secretFaults.push(fault);
  }

  /** The secret can be fetched again. */
  endSecretFault(fault: SecretFault): void {
    const faults = this.ctx.state.secretFaults;
    const i = faults.indexOf(fault);
    if (i < 0) throw new Error('ending a secret fault that is not in effect');
    faults.splice(i, 1);
  }

  /** Nodes Karpenter launches for `nodePool` never register until `untilMs` (null: the end): the instance launcher consults it. */
  startRegistrationFailure(nodePool: string, untilMs: number | null): void {
    this.ctx.state.registrationFailures.set(nodePool, untilMs);
  }

  /** New nodes of `nodePool` register again. */
  endRegistrationFailure(nodePool: string): void {
    this.ctx.state.registrationFailures.delete(nodePool);
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

/** Overlapping windows count: the key is in effect while its count is above 0. */
function bump<K>(counts: Map<K, number>, key: K, delta: 1 | -1): void {
  const n = (counts.get(key) ?? 0) + delta;
  if (n < 0) throw new Error(`ending a fault on ${String(key)} that is not in effect`);
  if (n === 0) counts.delete(key);
  else counts.set(key, n);
}
