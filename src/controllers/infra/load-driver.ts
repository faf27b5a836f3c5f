import { Priority, type Simulation } from '../../engine/simulation.js';
import { rpsAt, slowStartWeight, taskLoad, type LoadSpec, type ServingShape, type TaskLoad } from '../../model/load.js';
import { PROXY_CPU_PER_REQUEST_MS, PROXY_HOP_LATENCY_MS } from '../../model/params/service-mesh.js';
import { inboundProxyHops, proxyCpu, servingCpu, type TaskDefinition } from '../../model/task-definition.js';
import { CPU_SHARES_PER_VCPU } from '../../model/resources.js';
import type { Service } from '../../model/service.js';
import { taskAz, type Task } from '../../model/task.js';
import type { MinuteMetrics } from '../../model/events/traffic.js';
import type { Actions } from '../actions/index.js';
import type { LoadBalancerNodes } from './load-balancer-nodes.js';

/** Where each tick's response time goes: the health monitor (checks queued with requests fail when slow). */
export interface ServiceLoadListener {
  serviceLoad(service: Service, responseMs: number): void;
}

/** Cluster DNS (EKS CoreDNS): how many of a tick's served requests failed a DNS lookup, and how long the others waited on its timeouts. */
export interface DnsFailureSource {
  failedRequests(service: Service, served: number): number;
  addedLatencyMs(service: Service): number;
}

interface Accumulator {
  requests: number;
  served: number;
  target5xx: number;
  elb5xx: number;
  latencyTimesServed: number;
  cpuTime: number;
  servingTime: number;
  duration: number;
}

/**
 * Drives each service's traffic: every tick it reads the offered requests per second, shares
 * them among the tasks that are serving (src/model/load.ts), and accumulates what the ALB and
 * CloudWatch report per minute. At each minute boundary it emits a `metrics.minute` record
 * (metrics.csv) and keeps the datapoint for the autoscalers, which see it only after CloudWatch's
 * publication delay. `current(service)` is the instantaneous load the metrics-server scrapes.
 */
export class LoadDriver {
  private readonly acc = new Map<Service, Accumulator>();
  /** Per service, `traffic.dropped` as of the last tick (the rest failed since, at the load balancer). */
  private readonly droppedSeen = new Map<Service, number>();
  /** Services whose load balancer is failing open now (told once per episode). */
  private readonly failingOpen = new Set<Service>();
  private readonly now = new Map<Service, TaskLoad>();
  private readonly published = new Map<string, MinuteMetrics[]>();
  /** The offered load last reported per service, to mark significant changes. */
  private readonly reportedRps = new Map<Service, number>();
  /** Per task definition: the CPU its app serves with and the latency its proxies add (fixed per revision). */
  private readonly shapes = new WeakMap<TaskDefinition, Required<Omit<ServingShape, 'speed'>>>();
  /** The shape handed to taskLoad, reused each tick (no allocation on the tick path). */
  private readonly scratch = { vcpu: 0, speed: 1, addedLatencyMs: 0, proxyVcpu: 0, proxyCpuPerRequestMs: 0 };
  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly loads: ReadonlyMap<string, LoadSpec>,
    private readonly tickMs: number,
    /** Told each tick how fast a serving task answers (health endpoints queued with requests fail when slow). */
    private readonly health: ServiceLoadListener,
    /** Asked each tick how many served requests failed a DNS lookup (EKS CoreDNS); null: none do. */
    private readonly dns: DnsFailureSource | null,
    /** The load balancers' nodes per AZ (which route, and their shares of requests); null: one node that always routes. */
    private readonly nodes: LoadBalancerNodes | null = null,
  ) {}

  start(): void {
    if (this.loads.size === 0) return;
    this.sim.every(this.tickMs, this.tick, { start: 0, priority: Priority.Observation });
    this.sim.every(60_000, this.closeMinute, { start: 60_000, priority: Priority.Observation });
  }

  /** Requests per second one serving task of the service answers now (0 without traffic): what a stopping task has in flight. */
  servedRps(service: string): number {
    return this.current(service)?.servedRps ?? 0;
  }

  /** The load on each serving task of the service right now. */
  current(service: string): TaskLoad | undefined {
    const s = this.actions.state.services.get(service);
    return s === undefined ? undefined : this.now.get(s);
  }

  /** The service's closed minutes, oldest first (the caller applies CloudWatch's delay). */
  minutes(service: string): readonly MinuteMetrics[] {
    return this.published.get(service) ?? [];
  }

  private readonly tick = (): void => {
    const dt = this.tickMs / 1000;
    for (const [name, spec] of this.loads) {
      const service = this.actions.state.services.get(name);
      if (service === undefined) continue;
      const rps = rpsAt(spec.rps, this.sim.now);
      const before = this.reportedRps.get(service);
      // A change of more than 10 % is a load change the scaling timeline measures from.
      if (before === undefined || Math.abs(rps - before) > 0.1 * Math.max(before, 1)) {
        this.reportedRps.set(service, rps);
        if (before !== undefined) {
          this.actions.traffic.loadChanged(service, before, rps);
        }
      }
      // The load balancer's nodes: requests clients send to a node in an impaired AZ fail there,
      // until DNS stops answering its address and clients' caches expire (load-balancer-nodes.ts).
      // With cross-zone load balancing off each node shares its requests among its own zone's
      // targets only (shareByZone). `routed` is what the nodes pass on to targets.
      const tg = service.loadBalancer;
      const perZone = tg !== null && this.nodes !== null && !tg.crossZone;
      let routed = rps;
      if (tg !== null && this.nodes !== null && !this.nodes.update(service, tg.crossZone, this.sim.now) && !perZone) {
        let unrouted = 0;
        for (let i = 0; i < this.nodes.routes.length; i++) if (!this.nodes.routes[i]) unrouted += this.nodes.shares[i]!;
        routed = rps * (1 - unrouted);
      }
      const load = taskLoad(spec, routed, service.serving, this.shape(service, spec));
      // ALB slow start: while a target ramps up, the targets' shares differ (shareBySlowStart).
      // The ledger is kept as targets come and go (src/model/slow-start.ts): no scan here.
      const ledger = service.slowStart;
      if (ledger !== null) ledger.advance(this.sim.now);
      const ramping = ledger !== null && service.serving > 0 && ledger.ramping.size > 0;
      if (!ramping && !perZone) {
        this.now.set(service, load);
        // A saturated task refuses requests: a check queued with them gets no answer.
        this.health.serviceLoad(service, load.errorFraction > 0 && service.serving > 0 ? Number.POSITIVE_INFINITY : load.latencyMs);
      }
      let a = this.acc.get(service);
      if (a === undefined) this.acc.set(service, (a = { requests: 0, served: 0, target5xx: 0, elb5xx: 0, latencyTimesServed: 0, cpuTime: 0, servingTime: 0, duration: 0 }));
      const offered = rps * dt;
      a.requests += offered;
      // Requests cut since the last tick (SIGKILL at the stop timeout, the deregistration delay
      // running out) fail at the load balancer: ELB 5XX (502) in the minute they fail.
      const dropped = service.traffic.dropped - (this.droppedSeen.get(service) ?? 0);
      if (dropped > 0) {
        this.droppedSeen.set(service, service.traffic.dropped);
        a.elb5xx += dropped;
      }
      a.duration += dt;
      a.servingTime += service.serving * dt;
      if (perZone) {
        this.shareByZone(service, spec, rps, dt, a);
        continue;
      }
      // Sent to a node that does not route: the client's connection fails (counted with ELB 5XX).
      if (routed !== rps) a.elb5xx += offered - routed * dt;
      const passed = routed === rps ? offered : routed * dt;
      if (service.serving === 0) {
        if (!this.failOpen(service, spec, routed, passed, dt, a, null)) this.failingOpen.delete(service);
        continue;
      }
      this.failingOpen.delete(service);
      if (ramping) {
        this.shareBySlowStart(service, spec, routed, passed, dt, a);
        continue;
      }
      // Targets whose instance failed still get their share until the load balancer marks them
      // unhealthy; those requests fail at the load balancer (502/504: ELB 5XX).
      const dead = service.deadServing;
      const lost = dead === 0 ? 0 : (passed * dead) / service.serving;
      const processed = load.servedRps * (service.serving - dead) * dt;
      // EKS: requests whose DNS lookup timed out fail in the task (src/controllers/eks/core-dns.ts).
      const served = this.dns === null ? processed : processed - this.dns.failedRequests(service, processed);
      a.served += served;
      a.elb5xx += lost;
      a.target5xx += passed - lost - served;
      // A lookup whose query was dropped and retried answers a timeout later (src/model/dns.ts).
      a.latencyTimesServed += (load.latencyMs + (this.dns === null ? 0 : this.dns.addedLatencyMs(service))) * served;
      // CloudWatch's CPUUtilization averages over every RUNNING task of the service, so tasks
      // still warming up (not yet serving, nearly idle) pull the average down.
      a.cpuTime += (load.utilization * service.serving * dt) / Math.max(service.serving, service.counts.RUNNING);
    }
  };

  /**
   * A tick while some target ramps up under slow start: each serving target takes
   * rps x weight / total weight (slowStartWeight), and is loaded by what it takes, so the targets
   * with full shares carry what the ramping ones do not. What autoscalers and health checks see
   * (`current`) is a full-share target's load, the most loaded.
   */
  private shareBySlowStart(service: Service, spec: LoadSpec, rps: number, offered: number, dt: number, a: Accumulator): void {
    const ledger = service.slowStart!;
    const now = this.sim.now;
    const shape = this.shape(service, spec);
    const total = ledger.totalWeight(now);
    let processed = 0;
    let lost = 0;
    let latencyTimesProcessed = 0;
    let utilization = 0;
    let rampingDead = 0;
    // The ramping targets one by one (a few); the full-share ones all alike, at once.
    for (const [t, since] of ledger.ramping) {
      const share = total > 0 ? (rps * slowStartWeight(now, since, ledger.durationMs)) / total : 0;
      // A target on a failed instance still gets its share until the load balancer notices.
      if (appGone(t)) {
        rampingDead++;
        lost += share * dt;
        continue;
      }
      const load = taskLoad(spec, share, 1, shape);
      processed += load.servedRps * dt;
      latencyTimesProcessed += load.latencyMs * load.servedRps * dt;
      utilization += load.utilization * dt;
    }
    const fullShare = ledger.fullShareTargets;
    let shown: TaskLoad;
    if (fullShare > 0) {
      const share = total > 0 ? rps / total : 0;
      shown = taskLoad(spec, share, 1, shape);
      const dead = Math.min(fullShare, Math.max(0, service.deadServing - rampingDead));
      const alive = fullShare - dead;
      lost += share * dead * dt;
      processed += shown.servedRps * alive * dt;
      latencyTimesProcessed += shown.latencyMs * shown.servedRps * alive * dt;
      utilization += shown.utilization * alive * dt;
    } else shown = taskLoad(spec, rps, service.serving, shape);
    this.now.set(service, shown);
    this.health.serviceLoad(service, shown.errorFraction > 0 ? Number.POSITIVE_INFINITY : shown.latencyMs);
    const served = this.dns === null ? processed : processed - this.dns.failedRequests(service, processed);
    a.served += served;
    a.elb5xx += lost;
    a.target5xx += offered - lost - served;
    const meanLatency = processed > 0 ? latencyTimesProcessed / processed : 0;
    a.latencyTimesServed += (meanLatency + (this.dns === null ? 0 : this.dns.addedLatencyMs(service))) * served;
    a.cpuTime += utilization / Math.max(service.serving, service.counts.RUNNING);
  }

  /**
   * No target is healthy. Without a load balancer, or with no target registered, every request
   * fails at the load balancer (503). With targets registered that all failed their checks, the
   * ALB fails open: it routes to all of them (ELB User Guide, "Target group health checks": "If
   * there are no healthy targets in a target group, the load balancer routes requests to all
   * targets"), and those whose app still runs serve them. Scans the service's tasks, but only
   * while nothing is healthy. With `az` (cross-zone load balancing off), the same within one
   * zone: its node fails open to its own zone's targets ("Routing failover": the threshold
   * "applies to the number of targets in each enabled zone separately", ELB user guide, "Target
   * group health"). Returns whether it failed open (the caller ends an episode otherwise).
   */
  private failOpen(service: Service, spec: LoadSpec, rps: number, offered: number, dt: number, a: Accumulator, az: string | null): boolean {
    let registered = 0;
    let alive = 0;
    if (service.loadBalancer !== null) {
      for (const t of service.tasks) {
        if (t.status !== 'RUNNING' || !targetUnhealthy(t, this.sim.now)) continue;
        if (az !== null && taskAz(t) !== az) continue;
        registered++;
        if (!appGone(t)) alive++;
      }
    }
    if (registered === 0) {
      a.elb5xx += offered;
      return false;
    }
    if (!this.failingOpen.has(service)) {
      this.failingOpen.add(service);
      this.actions.services.event(service, { code: 'ALB_FAIL_OPEN', targets: registered });
    }
    const lost = (offered * (registered - alive)) / registered;
    const load = taskLoad(spec, rps, registered, this.shape(service, spec));
    const served = Math.min(offered - lost, load.servedRps * alive * dt);
    a.served += served;
    a.elb5xx += lost;
    a.target5xx += offered - lost - served;
    a.latencyTimesServed += load.latencyMs * served;
    return true;
  }

  /**
   * A tick with cross-zone load balancing off: each zone's node takes its DNS share of the
   * requests and shares it among the service's targets in its own AZ only, so a zone with fewer
   * targets loads each of them more (its share / its targets; the same M/M/1-PS model per zone).
   * A node that does not route fails its share; a zone with no target in service fails open to its
   * registered ones, or answers 503. What autoscalers and health checks see (`current`) is the
   * load on a target of the zone with the most targets (the per-service signal cannot tell zones
   * apart; docs/models.md).
   */
  private shareByZone(service: Service, spec: LoadSpec, rps: number, dt: number, a: Accumulator): void {
    const nodes = this.nodes!;
    const shape = this.shape(service, spec);
    let nodeLost = 0;
    let passed = 0;
    let deadLost = 0;
    let processed = 0;
    let latencyTimesProcessed = 0;
    let cpuTime = 0;
    let failedOpen = false;
    let shown: TaskLoad | undefined;
    let shownTargets = 0;
    for (let i = 0; i < nodes.azs.length; i++) {
      const zoneRps = rps * nodes.shares[i]!;
      const zoneOffered = zoneRps * dt;
      if (!nodes.routes[i]) {
        nodeLost += zoneOffered;
        continue;
      }
      const az = nodes.azs[i]!;
      const targets = service.servingPerAz.get(az) ?? 0;
      if (targets === 0) {
        if (this.failOpen(service, spec, zoneRps, zoneOffered, dt, a, az)) failedOpen = true;
        continue;
      }
      const load = taskLoad(spec, zoneRps, targets, shape);
      if (targets > shownTargets) {
        shown = load;
        shownTargets = targets;
      }
      const dead = service.deadServingPerAz.get(az) ?? 0;
      passed += zoneOffered;
      deadLost += (zoneOffered * dead) / targets;
      const p = load.servedRps * (targets - dead) * dt;
      processed += p;
      latencyTimesProcessed += load.latencyMs * p;
      cpuTime += load.utilization * targets * dt;
    }
    if (!failedOpen) this.failingOpen.delete(service);
    const now = shown ?? taskLoad(spec, rps, service.serving, shape);
    this.now.set(service, now);
    this.health.serviceLoad(service, now.errorFraction > 0 && service.serving > 0 ? Number.POSITIVE_INFINITY : now.latencyMs);
    const served = this.dns === null ? processed : processed - this.dns.failedRequests(service, processed);
    a.served += served;
    a.elb5xx += nodeLost + deadLost;
    a.target5xx += passed - deadLost - served;
    const meanLatency = processed > 0 ? latencyTimesProcessed / processed : 0;
    a.latencyTimesServed += (meanLatency + (this.dns === null ? 0 : this.dns.addedLatencyMs(service))) * served;
    if (service.serving > 0) a.cpuTime += cpuTime / Math.max(service.serving, service.counts.RUNNING);
  }

  /**
   * How the service's serving tasks serve: its task definition's app CPU and proxy latency, and,
   * for a load measured on a reference family, their vCPUs' mean speed against it.
   */
  private shape(service: Service, spec: LoadSpec): ServingShape {
    const td = service.taskDefinition;
    let fixed = this.shapes.get(td);
    if (fixed === undefined) {
      const hops = inboundProxyHops(td);
      fixed = { vcpu: servingCpu(td) / CPU_SHARES_PER_VCPU, addedLatencyMs: hops * PROXY_HOP_LATENCY_MS, proxyVcpu: proxyCpu(td) / CPU_SHARES_PER_VCPU, proxyCpuPerRequestMs: hops * PROXY_CPU_PER_REQUEST_MS };
      this.shapes.set(td, fixed);
    }
    const reference = spec.referencePerformance;
    const speed = reference === undefined || service.serving === 0 ? 1 : service.servingPerformance / service.serving / reference;
    const out = this.scratch;
    out.vcpu = fixed.vcpu;
    out.speed = speed;
    out.addedLatencyMs = fixed.addedLatencyMs;
    out.proxyVcpu = fixed.proxyVcpu;
    out.proxyCpuPerRequestMs = fixed.proxyCpuPerRequestMs;
    return out;
  }

  /**
   * The run ends: closes the minute in progress, whose close falls at (or after) the end and so
   * never fires, so the last minute's traffic is reported too. Nothing when no tick ran since.
   */
  finish(): void {
    this.close(true);
  }

  private readonly closeMinute = (): void => this.close(false);

  private close(final: boolean): void {
    for (const [service, a] of this.acc) {
      if (final && a.duration === 0) continue;
      const servingAvg = a.duration > 0 ? a.servingTime / a.duration : 0;
      const minute: MinuteMetrics = {
        service: service.name,
        endMs: this.sim.now,
        requests: Math.round(a.requests),
        target5xx: Math.round(a.target5xx),
        elb5xx: Math.round(a.elb5xx),
        targetResponseTimeMs: a.served > 0 ? a.latencyTimesServed / a.served : 0,
        cpuUtilization: a.duration > 0 ? (100 * a.cpuTime) / a.duration : 0,
        servingTasks: servingAvg,
        requestCountPerTarget: servingAvg > 0 ? a.requests / servingAvg : a.requests,
      };
      let list = this.published.get(service.name);
      if (list === undefined) this.published.set(service.name, (list = []));
      list.push(minute);
      // Autoscalers look back at most 15 datapoints; keep a little more.
      if (list.length > 32) list.splice(0, list.length - 32);
      this.actions.traffic.minute(service, minute);
      a.requests = a.served = a.target5xx = a.elb5xx = a.latencyTimesServed = a.cpuTime = a.servingTime = a.duration = 0;
    }
  }
}

/**
 * The target is registered and unhealthy: the load balancer marked it so, or it never passed its
 * checks and its health endpoint has failed `unhealthyThreshold` checks in a row (a target leaves
 * the `initial` state for `unhealthy` that way).
 */
function targetUnhealthy(t: Task, now: number): boolean {
  if (t.targetFirstCheckAt === null) return false;
  if (t.targetUnhealthyAt !== null) return true;
  const tg = t.service.loadBalancer;
  const failsAfter = t.taskDefinition.failure?.healthEndpoint?.failsAfterMs;
  if (tg === null || t.inServiceAt !== null || failsAfter === undefined || failsAfter === null || t.containerStartedAt === null) return false;
  const failingFrom = Math.max(t.targetFirstCheckAt, t.containerStartedAt + failsAfter);
  return now >= failingFrom + (tg.unhealthyThreshold - 1) * tg.healthCheckIntervalMs;
}

/** The task's app went with its instance (failed); a partitioned instance's tasks run on and serve. */
function appGone(t: Task): boolean {
  const host = t.host;
  return host !== null && host.status === 'UNREACHABLE' && !host.partitioned;
}
