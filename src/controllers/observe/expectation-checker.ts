import { candidateAzs, runningPerAz } from '../../model/az-spread.js';
import { Priority, type Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import type { Bound, ExpectationSpec, ServiceMetric } from '../../model/simulation-spec.js';
import type { ClusterView } from '../../model/cluster-state.js';
import type { Service } from '../../model/service.js';
import { taskAz } from '../../model/task.js';
import type { FleetEvent } from '../../model/events/index.js';
import type { Observation } from '../../model/events/observation.js';
import type { Actions } from '../actions/index.js';
import { DEFAULT_PRICING, type PricingSpec } from '../../model/pricing.js';
import { ec2CostSoFarUsd } from '../../model/spec-pricing.js';

/** An event's ECS/Kubernetes wording (src/report/describe's, injected by the composition root). */
export type EventWording = (event: FleetEvent) => string;

/**
 * Checks the scenario's `expect` blocks: timed ones in the Observation band at their instant,
 * the rest when the run ends (`finish`). Each outcome is emitted as an `expectation.checked`
 * event, so reports see them like any other event.
 *
 * A `reason:` expectation holds when the text appears in the wording of an event about the
 * service (since `reasonSince`): users copy that text from the ECS or Kubernetes console, so it
 * is matched against the rendered wording, not against codes.
 */
export class ExpectationChecker {
  /** For `reason` expectations: the first time the text appeared about the service. */
  private readonly reasonSeenAt = new Map<ExpectationSpec, number>();
  private readonly checked = new Set<ExpectationSpec>();
  private passedCount = 0;
  private failedCount = 0;
  private notJudgedCount = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly expectations: readonly ExpectationSpec[],
    trace: Trace<FleetEvent>,
    /** Renders an event's wording; needed only when an expectation has a `reason`. */
    private readonly wording: EventWording,
    /** The prices `ec2CostUsd` expectations count with (the scenario's: pricingOf). */
    private readonly pricing: PricingSpec = DEFAULT_PRICING,
  ) {
    if (expectations.some((e) => e.reason !== undefined)) trace.subscribe(this.onRecord);
    if (expectations.some((e) => e.bounds.some((b) => b.metric === 'dnsFailures'))) trace.subscribe(this.onDnsRecord);
  }

  /** Requests that failed a DNS lookup so far, per workload (CoreDNS's per-minute records). */
  private readonly dnsFailures = new Map<string, number>();

  private readonly onDnsRecord = (record: FleetEvent): void => {
    if (record.type === 'dns.lookups-failed') this.dnsFailures.set(record.service, (this.dnsFailures.get(record.service) ?? 0) + record.requests);
  };

  get passed(): number {
    return this.passedCount;
  }

  get failed(): number {
    return this.failedCount;
  }

  /** Expectations with a stated probability: each run records whether they held; none judges them. */
  get notJudged(): number {
    return this.notJudgedCount;
  }

  start(): void {
    for (const e of this.expectations) if (e.at !== null) this.sim.at(e.at, this.check, e, Priority.Verdict);
  }

  /**
   * Checks every expectation not checked yet: those without `at` (judged on the final state).
   * One timed after the end (`at` past the duration, or a shorter `--until`) was never reached:
   * it fails as "not reached", never passes on the state of another time. The run calls it last,
   * after every other part has finished (the final timeline row, the last minute's traffic).
   */
  judgeAtEnd(): void {
    for (const e of this.expectations) {
      if (this.checked.has(e)) continue;
      if (e.at !== null && e.at > this.sim.now) this.notReached(e);
      else this.check(e);
    }
  }

  private notReached(e: ExpectationSpec): void {
    this.checked.add(e);
    this.record(e, false, [{ kind: 'not-reached', endedAt: this.sim.now }]);
  }

  /** Counts the outcome (a probabilistic one as not judged) and emits it. */
  private record(e: ExpectationSpec, passed: boolean, observed: Observation[]): void {
    if (e.probability !== undefined) this.notJudgedCount++;
    else if (passed) this.passedCount++;
    else this.failedCount++;
    const probability = e.probability === undefined ? {} : { probability: e.probability };
    this.actions.observations.expectationChecked({ index: e.index, label: e.label, passed, observed, ...probability }, e.service);
  }

  private readonly onRecord = (record: FleetEvent): void => {
    const service = 'service' in record ? record.service : null;
    let wording: string | undefined;
    for (const e of this.expectations) {
      if (e.reason === undefined || this.reasonSeenAt.has(e)) continue;
      const about = e.service === null || service === e.service;
      if (!about || record.time < e.reasonSince) continue;
      wording ??= this.wording(record);
      if (wording.includes(e.reason)) this.reasonSeenAt.set(e, record.time);
    }
  };

  /**
   * ACTIVE hosts in `az` and of `instanceType` (either filter may be absent), or (given a
   * service) its RUNNING tasks there. Only at check time.
   */
  private countWhere(az: string | undefined, instanceType: string | undefined, service: Service | null): number {
    let n = 0;
    if (service === null) {
      for (const h of this.actions.state.hosts) n += h.status === 'ACTIVE' && (az === undefined || h.az === az) && matchesInstanceType(h.instanceType.name, instanceType) ? 1 : 0;
    } else {
      for (const t of service.tasks) {
        if (t.status !== 'RUNNING' || (az !== undefined && taskAz(t) !== az)) continue;
        // A filter on the type counts only tasks on hosts of it (never Fargate's).
        if (instanceType !== undefined && (t.host === null || !matchesInstanceType(t.host.instanceType.name, instanceType))) continue;
        n++;
      }
    }
    return n;
  }

  private readonly check = (e: ExpectationSpec): void => {
    this.checked.add(e);
    const service = e.service === null ? null : this.actions.state.services.get(e.service);
    const observed: Observation[] = [];
    let passed = service !== undefined;
    if (service === undefined) observed.push({ kind: 'missing-service', service: e.service ?? '' });
    else {
      for (const { metric, bound } of e.bounds) {
        const value =
          (e.az !== undefined || e.instanceType !== undefined) && (metric === 'hosts' || metric === 'running')
            ? this.countWhere(e.az, e.instanceType, metric === 'hosts' ? null : service!)
            : metric === 'hosts'
            ? this.actions.state.totals.hostsActive
            : metric === 'ec2CostUsd'
              ? // In cents, as a bill shows it.
                Math.round(ec2CostSoFarUsd(this.pricing, this.actions.state.hosts, this.sim.now) * 100) / 100
            : metric === 'azSkew'
              ? azSkew(service!, this.actions.state)
              : metric === 'dnsFailures'
                ? (this.dnsFailures.get(service!.name) ?? 0)
                : metric === 'volumes'
                  ? this.actions.state.volumes.volumesOf(service!.name)
                  : metricValue(service!, metric);
        const ok = withinBound(value, bound);
        passed &&= ok;
        observed.push({ kind: 'bound', metric, value, ok, bound });
      }
    }
    if (e.reason !== undefined) {
      const seen = this.reasonSeenAt.get(e);
      passed &&= seen !== undefined;
      observed.push({ kind: 'reason', reason: e.reason, seenAt: seen ?? null });
    }
    this.record(e, passed, observed);
  };
}

/**
 * RUNNING tasks in the service's fullest AZ minus its emptiest, over the AZs where it could run
 * (those with registered hosts or subnets): 0 is perfectly even.
 */
export function azSkew(service: Service, view: ClusterView): number {
  const perAz = runningPerAz(service, candidateAzs(view));
  if (perAz.size === 0) return 0;
  const counts = [...perAz.values()];
  return Math.max(...counts) - Math.min(...counts);
}


/** Whether the type's name is `pattern`, or starts with it less a trailing `*`; true without a pattern. */
export function matchesInstanceType(name: string, pattern: string | undefined): boolean {
  if (pattern === undefined) return true;
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

export function metricValue(service: Service, metric: Exclude<ServiceMetric, 'hosts' | 'azSkew' | 'dnsFailures' | 'volumes' | 'ec2CostUsd'>): number {
  const c = service.counts;
  switch (metric) {
    case 'desired':
      return service.desiredCount;
    case 'running':
      return c.RUNNING;
    case 'pending':
      return c.PROVISIONING + c.PENDING + (service.kind === 'deployment' ? c.UNPLACED : 0);
    case 'unplaced':
      return c.UNPLACED;
    case 'stopped':
      return c.STOPPED;
    case 'http5xx':
      return service.traffic.errors;
    case 'dropped':
      return service.traffic.dropped;
    case 'restarts':
      return service.failures.restarts;
    case 'exits':
      return service.failures.exits;
    case 'scaleReversals':
      return service.desiredChanges.reversals;
    case 'revision':
      return service.deployment.taskDefinition.revision;
    case 'primaryRunning': {
      let n = 0;
      for (const t of service.tasks) if (t.status === 'RUNNING' && t.taskDefinition === service.deployment.taskDefinition) n++;
      return n;
    }
    case 'rollbacks':
      return service.rollbacks;
  }
}

export function withinBound(value: number, bound: Bound): boolean {
  if (bound.equals !== undefined && value !== bound.equals) return false;
  if (bound.min !== undefined && value < bound.min) return false;
  if (bound.max !== undefined && value > bound.max) return false;
  return true;
}
