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

/**
 * A pod's stub resolver (its /etc/resolv.conf as kubelet writes it for `dnsPolicy: ClusterFirst`,
 * and the resolver library reading it): docs/models.md, "CoreDNS", 6.
 */
export interface ResolverConfig {
  /** `options ndots:n`: a name with fewer dots goes through the search list first. */
  readonly ndots: number;
  /** The `search` line, in order. */
  readonly searchDomains: readonly string[];
  /** `options timeout:n`: how long one try waits for an answer. */
  readonly timeoutMs: number;
  /** `options attempts:n`: tries per name before the resolver gives up on it. */
  readonly attempts: number;
  /**
   * What a try that times out on a search-list candidate does: `go` (Go's resolver without
   * StrictErrors) moves on to the next candidate; `glibc` (res_search) ends the lookup, failed.
   */
  readonly library: 'go' | 'glibc';
}

/** The search list kubelet writes for a pod in `namespace`, then the VPC's own domain. */
export function podSearchDomains(namespace: string, clusterDomain: string, vpcDomain: string): string[] {
  return [`${namespace}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain, vpcDomain];
}

/**
 * The names the resolver asks for, in order, when it looks `name` up (resolv.conf(5)): a name
 * with a trailing dot is absolute and asked as is; one with at least `ndots` dots is asked as
 * is first, then with each search domain; any other goes through the search list first and is
 * asked as is last.
 */
export function searchCandidates(name: string, config: Pick<ResolverConfig, 'ndots' | 'searchDomains'>): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const dots = name.split('.').length - 1;
  const expanded = config.searchDomains.map((d) => `${name}.${d}`);
  return dots >= config.ndots ? [name, ...expanded] : [...expanded, name];
}

/**
 * How many of a lookup's candidate names are asked until one exists, counting that one: a
 * Service's name exists as `<service>.<namespace>.svc.<clusterDomain>`; any other name under the
 * cluster domain or the VPC's domain does not (NXDOMAIN); a name outside them is an external
 * name and exists as itself. At least 1 (a name that never resolves asks every candidate).
 */
export function candidatesAsked(name: string, config: Pick<ResolverConfig, 'ndots' | 'searchDomains'>, clusterDomain: string): number {
  const candidates = searchCandidates(name, config);
  const local = config.searchDomains.filter((d) => d !== clusterDomain && !d.endsWith(`.${clusterDomain}`));
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (c.endsWith(`.svc.${clusterDomain}`)) {
      if (c.split('.').length === 3 + clusterDomain.split('.').length) return i + 1;
      continue;
    }
    if (c === clusterDomain || c.endsWith(`.${clusterDomain}`) || local.some((d) => c.endsWith(`.${d}`))) continue;
    return i + 1;
  }
  return candidates.length;
}

/** What the resolver does with one lookup when a fraction of queries gets no answer. */
export interface LookupOutcome {
  /** Probability the lookup gets its answer. */
  readonly success: number;
  /** Mean time lost to timeouts by a lookup that succeeds, ms. */
  readonly delayMsIfSuccess: number;
  /** Mean queries the lookup sends, retries included (an A and an AAAA per try, in parallel). */
  readonly queries: number;
}

/**
 * One lookup that asks `candidates` names, the last of which exists, when each query is dropped
 * with probability `queryDrop`. Each try sends an A and an AAAA query in parallel and needs both
 * answers; an unanswered try costs `timeoutMs` and is retried up to `attempts` tries per name.
 * A name whose tries all time out fails the lookup if it is the one that exists; an earlier
 * candidate's timeout ends the lookup under glibc and is passed over under Go. So a dropped
 * query is latency first (a timeout, then a retry) and a failed lookup only when the tries run out.
 */
export function lookupOutcome(queryDrop: number, candidates: number, config: Pick<ResolverConfig, 'timeoutMs' | 'attempts' | 'library'>): LookupOutcome {
  const a = Math.max(1, config.attempts);
  const f = Math.min(1, Math.max(0, queryDrop));
  const q = 1 - (1 - f) ** 2; // a try fails when either of its two queries is dropped
  let answered = 0; // P(some try is answered)
  let delayIfAnswered = 0; // E[delay; answered]
  let tries = 0; // E[tries]
  for (let j = 1; j <= a; j++) {
    const reach = q ** (j - 1);
    tries += reach;
    answered += reach * (1 - q);
    delayIfAnswered += (j - 1) * config.timeoutMs * reach * (1 - q);
  }
  const delayAny = delayIfAnswered + q ** a * a * config.timeoutMs; // E[delay] whatever the outcome
  const k = Math.max(1, Math.floor(candidates));
  let success = answered;
  let delay = answered > 0 ? delayIfAnswered / answered : 0;
  for (let i = 1; i < k; i++) {
    if (config.library === 'glibc') {
      success *= answered;
      delay += answered > 0 ? delayIfAnswered / answered : 0;
    } else delay += delayAny;
  }
  return { success, delayMsIfSuccess: delay, queries: 2 * k * tries };
}

/**
 * The fraction of queries CoreDNS drops when clients retry what it dropped: offered queries grow
 * by the retries (`queriesPerLookup(f)` at drop fraction f), so the drop fraction is the fixed
 * point of f = 1 - capacity / (base lookups x queriesPerLookup(f)), found by iterating upward
 * from no retries (the right side grows with f and stays below 1, so it converges).
 */
export function dnsQueryDropWithRetries(lookupsPerSecond: number, capacityQps: number, queriesPerLookup: (drop: number) => number): number {
  if (lookupsPerSecond <= 0) return 0;
  let f = dnsQueryFailureFraction(lookupsPerSecond * queriesPerLookup(0), capacityQps);
  for (let i = 0; i < 60 && f > 0 && f < 1; i++) {
    const next = dnsQueryFailureFraction(lookupsPerSecond * queriesPerLookup(f), capacityQps);
    if (Math.abs(next - f) < 1e-9) return next;
    f = next;
  }
  return f;
}
