import type { AzImpairment } from '../../model/az-impairment.js';
import { healthyZone, observeZone, zoneDnsWeight, type ZoneDns } from '../../model/load-balancer-zones.js';
import { LOAD_BALANCER_ZONES, type LoadBalancerZoneParams } from '../../model/params/load-balancer-zones.js';
import type { Service } from '../../model/service.js';

/**
 * The load balancer in front of each service, node by node (docs/models.md, "Load balancer
 * rules", item 6): one node in each of `azs` (the AZs of the cluster's subnets, where the load
 * balancer's subnets go), clients' DNS spreading requests over the healthy ones. A node stops
 * routing while its AZ is impaired (a full `azImpairment`: `instances` 1); its zone is unhealthy
 * then and, with cross-zone load balancing off, also while none of the service's targets there
 * is in service (DNS failover at its default threshold, one healthy target). Each load tick the
 * load driver calls {@link update} and reads `shares` and `routes`.
 */
export class LoadBalancerNodes {
  /** Per service, each zone's DNS record in `azs` order (created on first use). */
  private readonly zones = new Map<Service, ZoneDns[]>();
  /** Each zone's share of the service's requests as of the last `update`, in `azs` order. */
  readonly shares: number[];
  /** Whether each zone's node routes requests (its AZ is not impaired), as of the last `update`. */
  readonly routes: boolean[];

  constructor(
    /** The load balancer's Availability Zones, one node each. */
    readonly azs: readonly string[],
    private readonly impairments: ReadonlyMap<string, AzImpairment>,
    private readonly params: LoadBalancerZoneParams = LOAD_BALANCER_ZONES,
  ) {
    this.shares = azs.map(() => 1 / Math.max(1, azs.length));
    this.routes = azs.map(() => true);
  }

  /**
   * Observes the service's zones at `now` and fills `shares` and `routes`. Returns true when
   * every zone is healthy at a full share (equal shares, every node routing): a caller with
   * cross-zone load balancing on has nothing to do then, and its outputs stay as without nodes.
   */
  update(service: Service, crossZone: boolean, now: number): boolean {
    let zones = this.zones.get(service);
    if (zones === undefined) this.zones.set(service, (zones = this.azs.map(healthyZone)));
    let settled = true;
    let total = 0;
    for (let i = 0; i < zones.length; i++) {
      const zone = zones[i]!;
      const routes = !nodeDown(this.impairments.get(zone.az));
      const healthy = routes && (crossZone || (service.servingPerAz.get(zone.az) ?? 0) > 0);
      if (!observeZone(zone, healthy, now, this.params)) settled = false;
      this.routes[i] = routes;
      const w = zoneDnsWeight(zone, now, this.params);
      this.shares[i] = w;
      total += w;
    }
    // "If all load balancer zones are considered unhealthy, the load balancer sends traffic to all
    // zones, including the unhealthy zones" (ELB user guide, "Target group health").
    for (let i = 0; i < zones.length; i++) this.shares[i] = total > 0 ? this.shares[i]! / total : 1 / zones.length;
    return settled;
  }
}

/** A node stops routing only in a full impairment: a partial one fails some instances, and the load balancer's node keeps answering (an assumption; docs/models.md). */
function nodeDown(impairment: AzImpairment | undefined): boolean {
  return impairment !== undefined && impairment.instanceFraction >= 1;
}
