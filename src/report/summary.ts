import { IncidentLog, type Incident } from './incidents.js';
import type { TaskStatus } from '../model/task.js';
import type { Platform, ProbabilityBound } from '../model/simulation-spec.js';
import type { EventOf, FleetEvent } from '../model/events/index.js';
import { describeEvent } from './describe/index.js';
import { describeCapacityShort } from './describe/autoscaling.js';
import { describeLaunchFailure } from './describe/host.js';
import { describeObserved } from './describe/observation.js';
import { percentile } from './percentile.js';
import type { ScaleOutRow } from './scaling-timeline.js';
import type { CostSummary } from './cost.js';
import type { InstanceType } from '../model/catalog/instance-type.js';
import { getInstanceType } from '../model/catalog/instance-types.js';
import { RunningVcpus, runningVcpuKey } from '../model/running-vcpus.js';
import { vcpuClassOf, VCPU_CLASS_NAMES, type VcpuClass } from '../model/ec2-vcpu-class.js';
import { EC2_VCPU_NOTICE, type Ec2Quotas } from '../model/params/ec2-quotas.js';
import { ECS_CONTAINER_INSTANCES_PER_CLUSTER } from '../model/params/ecs-container-instance.js';

export interface ServiceSummary {
  readonly name: string;
  readonly desiredCount: number;
  /** Seconds from the service's creation to its first RUNNING task. */
  readonly timeToFirstRunningS: number | null;
  /** Seconds from the service's creation until RUNNING first equalled the desired count. */
  readonly timeToAllRunningS: number | null;
  /** Every desired-count change and how long the service took to run that many tasks. */
  readonly convergence: readonly { readonly atS: number; readonly desiredCount: number; readonly reachedAfterS: number | null }[];
  /** Task start-up (created -> RUNNING) percentiles, seconds. */
  readonly startupS: Percentiles;
  /** Created -> healthy (ECS HEALTHY / Kubernetes Ready), seconds. */
  readonly toHealthyS: Percentiles;
  /** Created -> healthy in the load balancer (serving traffic), seconds; count 0 without a load balancer. */
  readonly toInServiceS: Percentiles;
  /** Tasks by status at the end of the run (STOPPED counts every task that stopped). */
  readonly finalCounts: Record<TaskStatus, number>;
  readonly placementFailures: number;
  readonly lastServiceEvent: string | null;
  /** Kubernetes events about the workload's pods, counted by reason (e.g. FailedCreatePodSandBox). */
  readonly podEvents: Readonly<Record<string, number>>;
  /** The most recent pod event's text, e.g. the CNI's "failed to assign an IP address to container". */
  readonly lastPodEvent: string | null;
  /** Traffic served (requests) and failed (ALB target and ELB 5XX) over the run. */
  /**
   * `dropped`: requests in flight when their task was killed (SIGKILL at the stop timeout) or
   * when its target's deregistration delay ran out; they are among `errors` too (ELB 5XX).
   */
  readonly traffic: { readonly requests: number; readonly errors: number; readonly dropped: number; readonly worstResponseTimeMs: number };
  /**
   * App failures (docs/models.md, "Application failures and back-off"): containers that exited
   * on their own, in-place restarts (Kubernetes restartCount, summed) and failed image pulls.
   * Present only when one happened, so runs without failures print what they always did.
   */
  readonly failures?: { readonly exits: number; readonly restarts: number; readonly pullFailures: number };
  /**
   * What went wrong and when (src/report/incidents.ts): the first of each kind of trouble with
   * its count, and every deployment state change. Present only when there was any.
   */
  readonly incidents?: readonly Incident[];
  /** RUNNING tasks per Availability Zone at the end, when the service could run in two or more. */
  readonly runningByAz?: Readonly<Record<string, number>>;
}

/** Per subnet, from the timeline samples: how close it came to running out of addresses. */
export interface SubnetSummary {
  readonly id: string;
  readonly freeAtStart: number;
  readonly freeAtEnd: number;
  readonly minFree: number;
  /** Seconds into the run when the subnet first had no free address (null: never). */
  readonly exhaustedAtS: number | null;
}

export interface Percentiles {
  readonly count: number;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/** Scale-out rows summary.json keeps; the rest are in scaling.csv only. */
export const SCALING_ROWS_KEPT = 500;

export interface RunSummary {
  readonly scenario: string;
  readonly seed: string;
  readonly durationS: number;
  readonly events: number;
  readonly hostsLaunched: number;
  readonly services: readonly ServiceSummary[];
  readonly subnets: readonly SubnetSummary[];
  /**
   * The scale-outs and where their seconds went: the first SCALING_ROWS_KEPT of them
   * (scaling.csv has every one; a day on thousands of hosts has tens of thousands).
   */
  readonly scaling: readonly ScaleOutRow[];
  /** How many scale-outs are left out of `scaling` (in scaling.csv only); absent when none. */
  readonly scalingRowsOmitted?: number;
  readonly expectations: readonly ExpectationSummary[];
  readonly passed: boolean;
  /** What the run cost and its monthly projection (cost.csv has the lines); absent when not computed. */
  readonly cost?: CostSummary;
  /**
   * Injected faults (`fault.injected`, `fault.ended` records) in time order: registry outages,
   * task kills, node partitions and faults at a rate; and the control-plane troubles they or the
   * load cause on EKS (`dns.resolution-changed`: CoreDNS overloaded or down; `api.throttled`: an
   * API client gets 429s). Absent when the run had none.
   */
  readonly faults?: readonly { readonly atS: number; readonly detail: string }[];
  /**
   * Capacity that was asked for and never launched, with why: Auto Scaling groups (managed node
   * groups) still short of their desired capacity at the end (`asg.capacity-unfulfilled`), and
   * NodePools whose NodeClaims failed to launch (`karpenter.launch-failed`). Absent when none.
   */
  readonly capacityNotLaunched?: readonly CapacityNotLaunched[];
  /**
   * EC2 quotas the run hit (RequestLimitExceeded, VcpuLimitExceeded): one entry a quota, with
   * when it was first and last hit and how many launches it refused. Absent when none.
   */
  readonly ec2QuotasHit?: readonly Ec2QuotaHit[];
  /**
   * vCPU quota classes the scenario does not enforce (`quotas.ec2.vcpu`, `spotVcpu`) whose
   * running vCPUs peaked above EC2_VCPU_NOTICE (1,000): a real account's quota may refuse such a
   * fleet. Absent when none.
   */
  readonly ec2VcpuPeaks?: readonly Ec2VcpuPeak[];
  /**
   * An ECS cluster whose EC2 instances peaked above the 5,000 ECS registers per cluster
   * (ECS_CONTAINER_INSTANCES_PER_CLUSTER): not enforced, so the run placed tasks on instances a
   * real cluster would not have registered. Absent otherwise (and on EKS).
   */
  readonly ecsContainerInstancesPeak?: EcsContainerInstancesPeak;
}

/** An ECS cluster above the container instances it may register (RunSummary.ecsContainerInstancesPeak). */
export interface EcsContainerInstancesPeak {
  readonly peakInstances: number;
  /** Seconds into the run when the peak was first reached. */
  readonly atS: number;
  /** The warning as the printed summary shows it. */
  readonly notice: string;
}

/** One EC2 quota a run hit (RunSummary.ec2QuotasHit). */
export interface Ec2QuotaHit {
  /** EC2's error code: RequestLimitExceeded or VcpuLimitExceeded. */
  readonly error: string;
  readonly firstAtS: number;
  readonly lastAtS: number;
  /** Launches it refused. */
  readonly refusals: number;
  /** EC2's message, naming the bucket or quota. */
  readonly detail: string;
}

/** One unenforced vCPU quota class a run's fleet peaked above the notice threshold in (RunSummary.ec2VcpuPeaks). */
export interface Ec2VcpuPeak {
  readonly vcpuClass: VcpuClass;
  readonly capacityType: 'on-demand' | 'spot';
  readonly peakVcpus: number;
  /** Seconds into the run when the peak was first reached. */
  readonly atS: number;
  /** The warning as the printed summary shows it. */
  readonly notice: string;
}

/** One group or NodePool whose capacity did not launch (RunSummary.capacityNotLaunched). */
export type CapacityNotLaunched =
  | {
      readonly group: string;
      readonly instanceType: string;
      readonly desired: number;
      readonly launched: number;
      /** Seconds into the run when the group was first short (of this streak). */
      readonly sinceS: number;
      readonly reason: string;
    }
  | {
      readonly nodePool: string;
      /** NodeClaims that failed to launch. */
      readonly failedLaunches: number;
      readonly sinceS: number;
      /** The last failure's reason. */
      readonly reason: string;
    };

/** One expectation's outcome as summary.json shows it. */
export interface ExpectationSummary {
  readonly index: number;
  readonly label: string;
  /**
   * Whether it passed; null for one with a stated probability, which one run does not judge
   * (neither passed nor failed: `fleetsim run --seeds` judges it; docs/risk.md).
   */
  readonly passed: boolean | null;
  /** What was observed, e.g. `running = 18 (want >= 20)`. */
  readonly observed: string;
  /** Its stated probability (only for such an expectation). */
  readonly probability?: ProbabilityBound;
  /** With a stated probability: whether it held in this run. */
  readonly held?: boolean;
}

/** Whether an expectation held in this run, judged or not. */
export function heldInRun(e: ExpectationSummary): boolean {
  return e.held ?? e.passed === true;
}

interface ServiceTally {
  name: string;
  createdAt: number;
  desired: number;
  running: number;
  firstRunningAt: number | null;
  allRunningAt: number | null;
  convergence: { at: number; desired: number; reachedAt: number | null }[];
  startups: number[];
  toHealthy: number[];
  toInService: number[];
  taskStatus: Map<string, TaskStatus>;
  createdAtByTask: Map<string, number>;
  finalCounts: Record<TaskStatus, number>;
  placementFailures: number;
  lastEvent: string | null;
  podEvents: Map<string, number>;
  lastPodEvent: string | null;
  traffic: { requests: number; errors: number; dropped: number; worstResponseTimeMs: number };
  failures: { exits: number; restarts: number; pullFailures: number };
  incidents: IncidentLog;
}

/**
 * Builds summary.json from trace records alone. It holds per-task state only while a task is
 * alive and one startup figure per task that ran.
 */
export class SummaryBuilder {
  private readonly services = new Map<string, ServiceTally>();
  private readonly expectations: ExpectationSummary[] = [];
  private hostsLaunched = 0;
  private readonly subnets = new Map<string, { id: string; freeAtStart: number; freeAtEnd: number; minFree: number; exhaustedAt: number | null }>();
  private records = 0;
  private readonly faults: { atS: number; detail: string }[] = [];
  /** Groups short of their desired capacity now, with when the shortfall began. */
  private readonly shortGroups = new Map<string, { since: number; last: EventOf<'asg.capacity-unfulfilled'> }>();
  private readonly failedNodeClaims = new Map<string, { since: number; count: number; last: EventOf<'karpenter.launch-failed'> }>();
  /** EC2 quota refusals by message: first and last time, count. */
  private readonly quotaHits = new Map<string, { error: string; first: number; last: number; count: number }>();
  /**
   * Running vCPUs per quota class and capacity type (the tally Ec2Account refuses launches on,
   * here kept from host.launched and host.terminated), the instances counted, and each key's peak.
   */
  private readonly runningVcpus = new RunningVcpus();
  private readonly hostVcpus = new Map<string, { type: InstanceType; capacityType: 'on-demand' | 'spot' }>();
  private readonly peakVcpus = new Map<string, { vcpu: number; at: number }>();

  /** EC2 instances running now, and their peak (the ECS container instances per cluster). */
  private runningInstances = 0;
  private peakInstances = 0;
  private peakInstancesAt = 0;

  /**
   * `ec2Quotas`: the run's EC2 quotas, so vCPU peaks are noted only for classes it does not
   * enforce. `platform`: an ECS cluster's instances are checked against the container instances
   * ECS registers per cluster.
   */
  constructor(
    private readonly ec2Quotas?: Ec2Quotas,
    private readonly platform?: Platform,
  ) {}

  readonly listener = (r: FleetEvent): void => {
    this.records++;
    if ('service' in r && r.service !== null) this.services.get(r.service)?.incidents.add(r);
    switch (r.type) {
      case 'service.created': {
        const desired = r.desiredCount;
        this.services.set(r.service, {
          name: r.service,
          createdAt: r.time,
          desired,
          running: 0,
          firstRunningAt: null,
          allRunningAt: null,
          convergence: [{ at: r.time, desired, reachedAt: desired === 0 ? r.time : null }],
          startups: [],
          toHealthy: [],
          toInService: [],
          taskStatus: new Map(),
          createdAtByTask: new Map(),
          finalCounts: { UNPLACED: 0, PROVISIONING: 0, PENDING: 0, RUNNING: 0, STOPPING: 0, STOPPED: 0 },
          placementFailures: 0,
          lastEvent: null,
          podEvents: new Map(),
          lastPodEvent: null,
          traffic: { requests: 0, errors: 0, dropped: 0, worstResponseTimeMs: 0 },
          failures: { exits: 0, restarts: 0, pullFailures: 0 },
          incidents: new IncidentLog(),
        });
        break;
      }
      case 'service.desired-count-changed': {
        const s = this.services.get(r.service);
        if (s === undefined) return;
        s.desired = r.to;
        s.convergence.push({ at: r.time, desired: s.desired, reachedAt: s.running === s.desired ? r.time : null });
        break;
      }
      case 'service.event': {
        const s = this.services.get(r.service);
        if (s === undefined) return;
        s.lastEvent = describeEvent(r);
        if (r.cause.code === 'UNABLE_TO_PLACE') s.placementFailures++;
        break;
      }
      case 'pod.event': {
        const s = this.services.get(r.service);
        if (s === undefined) return;
        const reason = r.cause.reason;
        s.podEvents.set(reason, (s.podEvents.get(reason) ?? 0) + 1);
        s.lastPodEvent = describeEvent(r);
        if (reason === 'FailedScheduling') s.placementFailures++;
        break;
      }
      case 'container.exited':
      case 'container.restarted':
      case 'task.image-pull-failed': {
        const s = this.services.get(r.service);
        if (s === undefined) return;
        if (r.type === 'container.exited') s.failures.exits++;
        else if (r.type === 'container.restarted') s.failures.restarts++;
        else s.failures.pullFailures++;
        break;
      }
      case 'task.sigkill': {
        const s = this.services.get(r.service);
        if (s !== undefined) s.traffic.dropped += r.dropped;
        break;
      }
      case 'task.deregistration-cut': {
        const s = this.services.get(r.service);
        if (s !== undefined) s.traffic.dropped += r.cut;
        break;
      }
      case 'task.in-flight-lost': {
        const s = this.services.get(r.service);
        if (s !== undefined) s.traffic.dropped += r.lost;
        break;
      }
      case 'metrics.minute': {
        const s = this.services.get(r.service);
        const m = r.minute;
        if (s === undefined) return;
        s.traffic.requests += m.requests;
        s.traffic.errors += m.target5xx + m.elb5xx;
        s.traffic.worstResponseTimeMs = Math.max(s.traffic.worstResponseTimeMs, m.targetResponseTimeMs);
        break;
      }
      case 'host.launched':
        this.hostsLaunched++;
        if (++this.runningInstances > this.peakInstances) {
          this.peakInstances = this.runningInstances;
          this.peakInstancesAt = r.time;
        }
        this.onHostLaunched(r);
        break;
      case 'host.terminated': {
        this.runningInstances--;
        const h = this.hostVcpus.get(r.host);
        if (h === undefined) break;
        this.hostVcpus.delete(r.host);
        this.runningVcpus.remove(h.type, h.capacityType);
        break;
      }
      case 'host.launch-failed': {
        const code = r.reason.code;
        if (code !== 'REQUEST_LIMIT_EXCEEDED' && code !== 'VCPU_LIMIT_EXCEEDED') break;
        const detail = describeLaunchFailure(r.reason);
        const hit = this.quotaHits.get(detail);
        if (hit === undefined) this.quotaHits.set(detail, { error: code === 'VCPU_LIMIT_EXCEEDED' ? 'VcpuLimitExceeded' : 'RequestLimitExceeded', first: r.time, last: r.time, count: 1 });
        else {
          hit.last = r.time;
          hit.count++;
        }
        break;
      }
      case 'asg.capacity-unfulfilled':
        this.shortGroups.set(r.group, { since: this.shortGroups.get(r.group)?.since ?? r.time, last: r });
        break;
      case 'asg.capacity-fulfilled':
        this.shortGroups.delete(r.group);
        break;
      case 'karpenter.launch-failed': {
        const f = this.failedNodeClaims.get(r.nodePool);
        this.failedNodeClaims.set(r.nodePool, { since: f?.since ?? r.time, count: (f?.count ?? 0) + 1, last: r });
        break;
      }
      case 'fault.injected':
      case 'fault.ended':
      case 'dns.resolution-changed':
      case 'api.throttled':
        this.faults.push({ atS: round3(r.time / 1000), detail: describeEvent(r) });
        break;
      case 'task.healthy':
      case 'task.in-service': {
        const s = this.services.get(r.service);
        const created = s?.createdAtByTask.get(r.task);
        if (s === undefined || created === undefined) return;
        (r.type === 'task.healthy' ? s.toHealthy : s.toInService).push(r.time - created);
        break;
      }
      case 'task.created':
        this.onTask(r.time, r.service, r.task, 'UNPLACED', true);
        break;
      case 'task.placed':
        this.onTask(r.time, r.service, r.task, 'PROVISIONING', false);
        break;
      case 'task.status-changed':
        this.onTask(r.time, r.service, r.task, r.to, false);
        break;
      case 'task.stopped':
        this.onTask(r.time, r.service, r.task, 'STOPPED', false);
        break;
      case 'timeline.sampled':
        for (const sn of r.sample.subnets) {
          let t = this.subnets.get(sn.id);
          if (t === undefined) this.subnets.set(sn.id, (t = { id: sn.id, freeAtStart: sn.free, freeAtEnd: sn.free, minFree: sn.free, exhaustedAt: null }));
          t.freeAtEnd = sn.free;
          t.minFree = Math.min(t.minFree, sn.free);
          if (sn.free === 0) t.exhaustedAt ??= r.time;
        }
        break;
      case 'expectation.checked': {
        const x = r.expectation;
        const judged = x.probability === undefined;
        this.expectations.push({ index: x.index, label: x.label, passed: judged ? x.passed : null, observed: describeObserved(x), ...(judged ? {} : { probability: x.probability, held: x.passed }) });
        break;
      }
    }
  };

  /** Counts the instance's vCPUs in its quota class and capacity type, and the class's peak. */
  private onHostLaunched(r: EventOf<'host.launched'>): void {
    const type = getInstanceType(r.instanceType);
    if (type === undefined) return;
    this.hostVcpus.set(r.host, { type, capacityType: r.capacityType });
    const running = this.runningVcpus.add(type, r.capacityType);
    const key = runningVcpuKey(vcpuClassOf(type.family), r.capacityType);
    const peak = this.peakVcpus.get(key);
    if (peak === undefined || running > peak.vcpu) this.peakVcpus.set(key, { vcpu: running, at: r.time });
  }

  private ec2QuotaFindings(): { ec2QuotasHit?: Ec2QuotaHit[]; ec2VcpuPeaks?: Ec2VcpuPeak[] } {
    const hits: Ec2QuotaHit[] = [...this.quotaHits].map(([detail, h]) => ({ error: h.error, firstAtS: round3(h.first / 1000), lastAtS: round3(h.last / 1000), refusals: h.count, detail }));
    const peaks: Ec2VcpuPeak[] = [];
    for (const [key, peak] of this.peakVcpus) {
      const [vcpuClass, capacityType] = key.split('/') as [VcpuClass, 'on-demand' | 'spot'];
      const quotas = capacityType === 'spot' ? this.ec2Quotas?.spotVcpu : this.ec2Quotas?.onDemandVcpu;
      if (peak.vcpu <= EC2_VCPU_NOTICE || quotas?.[vcpuClass] !== undefined) continue;
      peaks.push({ vcpuClass, capacityType, peakVcpus: peak.vcpu, atS: round3(peak.at / 1000), notice: vcpuPeakNotice(vcpuClass, capacityType, peak.vcpu) });
    }
    return { ...(hits.length === 0 ? {} : { ec2QuotasHit: hits }), ...(peaks.length === 0 ? {} : { ec2VcpuPeaks: peaks }) };
  }

  /** A task event of `service`'s task `task`, which is now in `status`. */
  private onTask(time: number, service: string, task: string, status: TaskStatus, created: boolean): void {
    const s = this.services.get(service);
    if (s === undefined) return;
    const before = s.taskStatus.get(task);
    if (created) s.createdAtByTask.set(task, time);
    if (before === 'RUNNING') s.running--;
    if (status === 'RUNNING') {
      s.running++;
      s.firstRunningAt ??= time;
      const createdAt = s.createdAtByTask.get(task);
      if (createdAt !== undefined) s.startups.push(time - createdAt);
    }
    if (status === 'STOPPED') {
      s.taskStatus.delete(task);
      s.createdAtByTask.delete(task);
      s.finalCounts.STOPPED++;
    } else s.taskStatus.set(task, status);
    const latest = s.convergence[s.convergence.length - 1]!;
    if (latest.reachedAt === null && s.running === latest.desired) {
      latest.reachedAt = time;
      if (s.allRunningAt === null && latest.desired > 0) s.allRunningAt = time;
    }
  }

  build(meta: {
    scenario: string;
    seed: string;
    durationMs: number;
    events: number;
    scaling?: readonly ScaleOutRow[];
    cost?: CostSummary;
    /** Per service, RUNNING tasks per AZ at the end (from the final cluster state). */
    runningByAz?: ReadonlyMap<string, ReadonlyMap<string, number>>;
  }): RunSummary {
    const services: ServiceSummary[] = [];
    for (const s of this.services.values()) {
      const counts = { ...s.finalCounts };
      for (const status of s.taskStatus.values()) counts[status]++;

      services.push({
        name: s.name,
        desiredCount: s.desired,
        timeToFirstRunningS: s.firstRunningAt === null ? null : round3((s.firstRunningAt - s.createdAt) / 1000),
        timeToAllRunningS: s.allRunningAt === null ? null : round3((s.allRunningAt - s.createdAt) / 1000),
        convergence: s.convergence.map((c) => ({
          atS: round3(c.at / 1000),
          desiredCount: c.desired,
          reachedAfterS: c.reachedAt === null ? null : round3((c.reachedAt - c.at) / 1000),
        })),
        startupS: percentiles(s.startups),
        toHealthyS: percentiles(s.toHealthy),
        toInServiceS: percentiles(s.toInService),
        finalCounts: counts,
        placementFailures: s.placementFailures,
        lastServiceEvent: s.lastEvent,
        traffic: { ...s.traffic, worstResponseTimeMs: round3(s.traffic.worstResponseTimeMs) },
        podEvents: Object.fromEntries([...s.podEvents].sort(([a], [b]) => (a < b ? -1 : 1))),
        lastPodEvent: s.lastPodEvent,
        ...(s.failures.exits + s.failures.restarts + s.failures.pullFailures > 0 ? { failures: { ...s.failures } } : {}),
        ...(s.incidents.size === 0 ? {} : { incidents: s.incidents.list().map((i) => ({ ...i, atS: round3(i.atS), lastAtS: round3(i.lastAtS) })) }),
        ...byAz(meta.runningByAz?.get(s.name)),
      });
    }
    return {
      scenario: meta.scenario,
      seed: meta.seed,
      durationS: meta.durationMs / 1000,
      events: meta.events,
      hostsLaunched: this.hostsLaunched,
      services,
      scaling: (meta.scaling ?? []).slice(0, SCALING_ROWS_KEPT),
      ...((meta.scaling?.length ?? 0) > SCALING_ROWS_KEPT ? { scalingRowsOmitted: meta.scaling!.length - SCALING_ROWS_KEPT } : {}),
      subnets: [...this.subnets.values()].map((t) => ({
        id: t.id,
        freeAtStart: t.freeAtStart,
        freeAtEnd: t.freeAtEnd,
        minFree: t.minFree,
        exhaustedAtS: t.exhaustedAt === null ? null : t.exhaustedAt / 1000,
      })),
      expectations: this.expectations,
      // Not judged is not failed: only a run over seeds judges a stated probability.
      passed: this.expectations.every((e) => e.passed !== false),
      ...(meta.cost === undefined ? {} : { cost: meta.cost }),
      ...(this.faults.length === 0 ? {} : { faults: this.faults }),
      ...this.capacityNotLaunched(),
      ...this.ec2QuotaFindings(),
      ...this.ecsClusterFinding(),
    };
  }

  private ecsClusterFinding(): { ecsContainerInstancesPeak?: EcsContainerInstancesPeak } {
    const count = this.peakInstances;
    if (this.platform !== 'ecs' || count <= ECS_CONTAINER_INSTANCES_PER_CLUSTER) return {};
    return { ecsContainerInstancesPeak: { peakInstances: count, atS: round3(this.peakInstancesAt / 1000), notice: ecsClusterPeakNotice(count) } };
  }

  private capacityNotLaunched(): { capacityNotLaunched?: CapacityNotLaunched[] } {
    const list: CapacityNotLaunched[] = [];
    for (const { since, last } of this.shortGroups.values()) {
      list.push({ group: last.group, instanceType: last.instanceType, desired: last.desired, launched: last.launched, sinceS: round3(since / 1000), reason: describeCapacityShort(last.reason) });
    }
    for (const [nodePool, f] of this.failedNodeClaims) {
      list.push({ nodePool, failedLaunches: f.count, sinceS: round3(f.since / 1000), reason: `${f.last.instanceType} in ${f.last.az}: ${describeLaunchFailure(f.last.reason)}` });
    }
    return list.length === 0 ? {} : { capacityNotLaunched: list };
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function percentiles(valuesMs: readonly number[]): Percentiles {
  const sorted = [...valuesMs].sort((a, b) => a - b);
  const q = (p: number): number | null => {
    const v = percentile(sorted, p);
    return v === undefined ? null : round3(v / 1000);
  };
  return { count: sorted.length, p50: q(50), p90: q(90), p99: q(99), max: q(100) };
}

/** The summary's runningByAz field: present when the service could run in two or more AZs. */
function byAz(perAz: ReadonlyMap<string, number> | undefined): { runningByAz?: Record<string, number> } {
  return perAz === undefined || perAz.size < 2 ? {} : { runningByAz: Object.fromEntries(perAz) };
}

/** The printed summary's warning for an ECS cluster above the container instances ECS registers (ECS_CONTAINER_INSTANCES_PER_CLUSTER). */
export function ecsClusterPeakNotice(instances: number): string {
  return `peak ${instances.toLocaleString('en-US')} EC2 instances in the ECS cluster: ECS registers at most ${ECS_CONTAINER_INSTANCES_PER_CLUSTER.toLocaleString('en-US')} container instances per cluster, so the rest would not take tasks (not enforced here: split the fleet over clusters)`;
}

/** `peak 1,536 Standard On-Demand vCPUs; check your account's quota: VcpuLimitExceeded above it (...)`. */
export function vcpuPeakNotice(vcpuClass: VcpuClass, capacityType: 'on-demand' | 'spot', vcpus: number): string {
  const name = VCPU_CLASS_NAMES[vcpuClass].replace(/ \(.*\)$/, '');
  const field = `quotas.ec2.${capacityType === 'spot' ? 'spotVcpu' : 'vcpu'}.${vcpuClass}`;
  return `peak ${vcpus.toLocaleString('en-US')} ${name} ${capacityType === 'spot' ? 'Spot' : 'On-Demand'} vCPUs; check your account's quota: VcpuLimitExceeded above it (not enforced: set ${field} to enforce yours)`;
}
