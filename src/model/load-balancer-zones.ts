import type { LoadBalancerZoneParams } from './params/load-balancer-zones.js';

/**
 * One load balancer node (an ALB has one in each enabled Availability Zone) as clients' DNS sees
 * it (docs/models.md, "Load balancer rules", item 6). Clients resolve the load balancer's name to
 * the addresses of its healthy nodes and spread requests over them in equal shares. A zone that
 * turns unhealthy leaves the answers `zoneFailoverDetectionMs` later, and clients that cached it
 * keep sending to it until their cache expires (the DNS TTL, taken to expire uniformly): its
 * weight falls linearly from where it was to 0 over the TTL; a zone healthy again comes back the
 * same way. Pure data, updated by {@link observeZone} and read by {@link zoneDnsWeight}.
 */
export interface ZoneDns {
  readonly az: string;
  /** Whether the zone was healthy when last observed. */
  healthy: boolean;
  /** When it last changed health; null: it never did (a full share). */
  changedAt: number | null;
  /** Its weight when it changed (a change in mid-transition starts from there). */
  fromWeight: number;
}

/** A zone's record at the start of a run: healthy, a full share. */
export function healthyZone(az: string): ZoneDns {
  return { az, healthy: true, changedAt: null, fromWeight: 1 };
}

/**
 * The zone's weight in clients' DNS answers at `now`, 0..1: its share of the load balancer's
 * requests is weight / (sum of all zones' weights). Held at its value when health changed for
 * the detection delay, then linear toward 1 (healthy) or 0 (unhealthy) over the TTL.
 */
export function zoneDnsWeight(zone: ZoneDns, now: number, p: LoadBalancerZoneParams): number {
  if (zone.changedAt === null) return 1;
  const moving = now - zone.changedAt - p.zoneFailoverDetectionMs;
  if (moving <= 0) return zone.fromWeight;
  const step = moving / p.dnsTtlMs;
  return zone.healthy ? Math.min(1, zone.fromWeight + step) : Math.max(0, zone.fromWeight - step);
}

/**
 * Tells the record whether the zone is healthy at `now` (the caller observes it each load tick).
 * Returns whether the zone is settled (healthy at a full share: nothing to compute for it), so a
 * caller can skip the zones' arithmetic while every zone is settled.
 */
export function observeZone(zone: ZoneDns, healthy: boolean, now: number, p: LoadBalancerZoneParams): boolean {
  if (healthy !== zone.healthy) {
    zone.fromWeight = zoneDnsWeight(zone, now, p);
    zone.healthy = healthy;
    zone.changedAt = now;
  } else if (healthy && zone.changedAt !== null && zoneDnsWeight(zone, now, p) >= 1) {
    zone.changedAt = null;
    zone.fromWeight = 1;
  }
  return healthy && zone.changedAt === null;
}
