/**
 * The Application Load Balancer's nodes per Availability Zone and how clients' DNS follows them
 * (docs/models.md, "Load balancer rules", item 6; src/model/load-balancer-zones.ts).
 */
export interface LoadBalancerZoneParams {
  /**
   * The TTL of the load balancer's DNS records: "DNS failover removes the IP addresses for the
   * unhealthy zones from the DNS hostname for the load balancer. However, the local client DNS
   * cache might contain these IP addresses until the time-to-live (TTL) in the DNS record expires
   * (60 seconds)" (ELB user guide for ALBs, "Target group health"). Clients' cached answers are
   * taken to expire uniformly over it, so a removed (or re-added) node's share of requests falls
   * (or rises) linearly over the TTL.
   */
  readonly dnsTtlMs: number;
  /**
   * From a zone turning unhealthy (its node impaired, or, with cross-zone load balancing off, its
   * last healthy target gone) to its node's address leaving the load balancer's DNS answers; the
   * same delay before a recovered zone's address is answered again. Assumption: AWS publishes no
   * figure for ELB's own node health checks; 30 s is three failed checks at Route 53's fast
   * 10-second interval with its default failure threshold of 3 (Route 53 developer guide, "Values
   * that you specify when you create or update health checks").
   */
  readonly zoneFailoverDetectionMs: number;
}

export const LOAD_BALANCER_ZONES: LoadBalancerZoneParams = {
  dnsTtlMs: 60_000,
  zoneFailoverDetectionMs: 30_000,
};
