/**
 * Cluster DNS (CoreDNS) under load: pure arithmetic, no state, no randomness.
 *
 * Every pod resolves names through the kube-dns Service, i.e. the Ready CoreDNS replicas, each of
 * which answers at most `perReplicaQps` queries per second. Offered queries above the total are
 * dropped (UDP, no answer): the client times out. Dropping is spread evenly over all queries
 * (kube-proxy balances the Service across replicas at random), so a fraction
 * `max(0, 1 - capacity / offered)` of queries fail. A request that makes `k` queries succeeds
 * only when all of them are answered: it fails with probability `1 - (1 - f)^k`.
 */

/** DNS queries per second the Ready replicas can answer. */
export function dnsCapacityQps(readyReplicas: number, perReplicaQps: number): number {
  return Math.max(0, readyReplicas) * perReplicaQps;
}

/** Fraction of offered queries that get no answer (0 when within capacity). */
export function dnsQueryFailureFraction(offeredQps: number, capacityQps: number): number {
  if (offeredQps <= 0) return 0;
  if (capacityQps <= 0) return 1;
  return offeredQps <= capacityQps ? 0 : 1 - capacityQps / offeredQps;
}

/** Fraction of requests that fail because one of their `queriesPerRequest` lookups failed. */
export function dnsRequestFailureFraction(queryFailure: number, queriesPerRequest: number): number {
  if (queryFailure <= 0 || queriesPerRequest <= 0) return 0;
  if (queryFailure >= 1) return 1;
  return 1 - (1 - queryFailure) ** queriesPerRequest;
}
