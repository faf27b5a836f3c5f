import type { RandomStream } from '../../engine/rng.js';
import { Priority, type Simulation } from '../../engine/simulation.js';
import { candidatesAsked, dnsCapacityQps, dnsQueryDropWithRetries, lookupOutcome } from '../../model/dns.js';
import { rpsAt, type LoadSpec } from '../../model/load.js';
import type { CoreDnsParams } from '../../model/params/coredns.js';
import type { FaultArrival } from '../../model/events/fault.js';
import type { Service } from '../../model/service.js';
import type { TimedEventSpec } from '../../model/simulation-spec.js';
import type { Task } from '../../model/task.js';
import type { Actions } from '../actions/index.js';

/** The workload whose pods are the cluster's DNS servers (the kube-dns Service's endpoints). */
export const COREDNS_WORKLOAD = 'coredns';

/** One workload whose requests look names up, and its DNS failures in the current minute. */
interface DnsClient {
  readonly service: string;
  readonly load: LoadSpec;
  readonly lookupsPerRequest: number;
  /** Names its resolver asks per lookup until the one that exists (search-path expansion). */
  readonly candidates: number;
  readonly name: string;
  /** At the last refresh: the fraction of its requests that fail, and the time its successful ones lose to timeouts. */
  requestFailure: number;
  addedLatencyMs: number;
  queriesPerRequest: number;
  failedRequests: number;
  failedQueries: number;
  /** Its lookups at the last tick: all answered, some dropped (overload), none (no Ready replica); a service event on each change. */
  state: 'ok' | 'overloaded' | 'down';
}

/**
 * Cluster DNS on EKS (docs/models.md, "CoreDNS"): every load tick the load driver asks how many
 * of a workload's served requests failed because a DNS lookup ran out of tries (`failedRequests`)
 * and how long the others waited on timeouts (`addedLatencyMs`). The answer comes from the
 * offered queries of every workload with `dns` in its load (search-path expansion and retries
 * included) and the Ready replicas of the `coredns` Deployment (src/model/dns.ts). Posts a service event with the Go
 * resolver's error when a workload's lookups start and stop failing, and a `dns.lookups-failed`
 * record per minute with failures. `coredns-failure` events crash CoreDNS pods: kubelet restarts
 * them after its back-off, and the Deployment keeps its replicas.
 *
 * Created only when some workload makes DNS queries or a coredns-failure event exists, so other
 * scenarios schedule and draw nothing new.
 */
export class CoreDns {
  private readonly clients = new Map<string, DnsClient>();
  private computedAt = -1;
  private queryFailure = 0;
  private offeredQps = 0;
  private ready = 0;
  /** Cluster DNS at the last refresh, for a `dns.resolution-changed` record on each change. */
  private clusterState: 'ok' | 'overloaded' | 'down' = 'ok';

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly params: CoreDnsParams,
    loads: ReadonlyMap<string, LoadSpec>,
    private readonly events: readonly TimedEventSpec[],
    /** kubelet's container kill (exit 137, restart after the back-off). */
    private readonly containers: { killContainer(task: Task): boolean },
    private readonly rng: RandomStream,
  ) {
    for (const [service, load] of loads) {
      if (load.dns === undefined || load.dns.lookupsPerRequest <= 0) continue;
      const candidates = candidatesAsked(load.dns.name, params.resolver, params.clusterDomain);
      this.clients.set(service, { service, load, lookupsPerRequest: load.dns.lookupsPerRequest, candidates, name: load.dns.name, requestFailure: 0, addedLatencyMs: 0, queriesPerRequest: 0, failedRequests: 0, failedQueries: 0, state: 'ok' });
    }
  }

  /** True when the scenario gives this model anything to do. */
  static needed(loads: ReadonlyMap<string, LoadSpec>, events: readonly TimedEventSpec[]): boolean {
    for (const l of loads.values()) if (l.dns !== undefined && l.dns.lookupsPerRequest > 0) return true;
    return events.some((e) => e.kind === 'coredns-failure');
  }

  start(): void {
    if (this.clients.size > 0) this.sim.every(60_000, this.closeMinute, { start: 60_000, priority: Priority.Observation });
  }

  /**
   * Called by the load driver each tick for each workload with traffic: of `served` requests
   * (this tick), how many failed because a lookup they needed timed out. They still reached a
   * task, which answers 5XX (the ALB's target 5XX).
   */
  failedRequests(service: Service, served: number): number {
    const client = this.clients.get(service.name);
    if (client === undefined) return 0;
    this.refresh();
    const f = client.requestFailure;
    const state = this.queryFailure <= 0 ? 'ok' : this.ready === 0 ? 'down' : 'overloaded';
    if (state !== client.state) {
      client.state = state;
      const dns = { name: client.name, readyReplicas: this.ready, capacityQps: this.capacity(), offeredQps: this.offeredQps };
      this.actions.services.event(
        service,
        state === 'ok'
          ? { code: 'DNS_LOOKUPS_RECOVERED', ...dns }
          : { code: 'DNS_LOOKUPS_FAILING', ...dns, dnsServerIp: this.params.clusterDnsIp, queryFailure: this.queryFailure, requestFailure: f },
      );
    }
    if (state === 'ok') return 0;
    const failed = served * f;
    client.failedRequests += failed;
    client.failedQueries += served * client.queriesPerRequest * this.queryFailure;
    return failed;
  }

  /** Mean time the workload's served requests lose to DNS timeouts and retries now, ms (0 when no query is dropped). */
  addedLatencyMs(service: Service): number {
    const client = this.clients.get(service.name);
    if (client === undefined) return 0;
    this.refresh();
    return client.addedLatencyMs;
  }

  private capacity(): number {
    return dnsCapacityQps(this.ready, this.params.queriesPerSecondPerReplica);
  }

  /**
   * Offered queries and Ready replicas, once per instant. Clients retry what CoreDNS drops, so
   * the drop fraction is the fixed point over every client's retries (dnsQueryDropWithRetries);
   * each client's request failures and timeout delay follow from it.
   */
  private refresh(): void {
    if (this.computedAt === this.sim.now) return;
    this.computedAt = this.sim.now;
    const resolver = this.params.resolver;
    // Lookups per second of each client whose requests reach a task (the load balancer's own answers make none).
    const lookups = new Map<DnsClient, number>();
    for (const c of this.clients.values()) {
      const s = this.actions.state.services.get(c.service);
      lookups.set(c, s === undefined || s.serving === 0 ? 0 : rpsAt(c.load.rps, this.sim.now) * c.lookupsPerRequest);
    }
    const queriesAt = (drop: number): number => {
      let q = 0;
      for (const [c, perSecond] of lookups) if (perSecond > 0) q += perSecond * lookupOutcome(drop, c.candidates, resolver).queries;
      return q;
    };
    this.ready = this.readyReplicas();
    this.queryFailure = dnsQueryDropWithRetries(1, this.capacity(), queriesAt);
    this.offeredQps = queriesAt(this.queryFailure);
    for (const c of this.clients.values()) {
      const outcome = lookupOutcome(this.queryFailure, c.candidates, resolver);
      c.requestFailure = this.queryFailure <= 0 ? 0 : 1 - outcome.success ** c.lookupsPerRequest;
      c.addedLatencyMs = this.queryFailure <= 0 ? 0 : c.lookupsPerRequest * outcome.delayMsIfSuccess;
      c.queriesPerRequest = c.lookupsPerRequest * outcome.queries;
    }
    const state = this.queryFailure <= 0 ? 'ok' : this.ready === 0 ? 'down' : 'overloaded';
    if (state === this.clusterState) return;
    this.clusterState = state;
    this.actions.controlPlane.dnsResolutionChanged({
      service: COREDNS_WORKLOAD,
      state,
      readyReplicas: this.ready,
      capacityQps: this.capacity(),
      offeredQps: this.offeredQps,
      queryFailure: this.queryFailure,
    });
  }

  /** CoreDNS pods that are Running and Ready (the kube-dns Service's endpoints). */
  private readyReplicas(): number {
    const dns = this.actions.state.services.get(COREDNS_WORKLOAD);
    if (dns === undefined) return 0;
    let n = 0;
    for (const t of dns.tasks) if (t.status === 'RUNNING' && t.healthyAt !== null && t.waiting === null) n++;
    return n;
  }

  private readonly closeMinute = (): void => {
    for (const c of this.clients.values()) {
      if (c.failedRequests <= 0) continue;
      const requests = Math.round(c.failedRequests);
      this.actions.controlPlane.dnsLookupsFailed({ service: c.service, requests, queries: Math.round(c.failedQueries), name: c.name, dnsServerIp: this.params.clusterDnsIp });
      c.failedRequests = 0;
      c.failedQueries = 0;
    }
  };

  /**
   * `replicas` CoreDNS pods crash at once (e.g. OOMKilled at their memory limit): a
   * corednsFailure fault, played by ScenarioEvents at its time or rate (`arrival` says which).
   */
  crashReplicas(replicas: number, arrival: FaultArrival | null = null): void {
    const dns = this.actions.state.services.get(COREDNS_WORKLOAD);
    const up: Task[] = [];
    if (dns !== undefined) for (const t of dns.tasks) if (t.status === 'RUNNING' && t.waiting === null) up.push(t);
    // Chosen from the run's `coredns` stream.
    const victims = this.rng.sample(up, replicas);
    this.actions.faults.injected({ kind: 'coredns-failure', crashed: victims.map((t) => t.id), running: up.length, arrival }, COREDNS_WORKLOAD);
    for (const t of victims) this.containers.killContainer(t);
  }
}
