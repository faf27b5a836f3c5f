import { Priority, type Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import type { FleetEvent } from '../../model/events/index.js';
import type { AzCount } from '../../model/events/service.js';
import type { StopReason } from '../../model/reasons/stop.js';
import type { Service } from '../../model/service.js';
import type { ServiceSpec } from '../../model/simulation-spec.js';
import { taskAz, type StopCode, type Task } from '../../model/task.js';
import type { Actions } from '../actions/index.js';

/** Stops a task through whatever runs it (the ECS agent, or Fargate). */
export interface TaskStopper {
  stop(task: Task, stopCode: StopCode, reason: StopReason): void;
}

interface Rebalance {
  /** A task was stopped; the next step waits until a task of the service is RUNNING again. */
  awaiting: boolean;
  /** The imbalance (sum of squared differences from the mean) before the last step, to see it shrink. */
  lastImbalance: number | null;
}

/**
 * ECS Availability Zone rebalancing (Developer Guide, "Balancing an Amazon ECS service across
 * Availability Zones"; docs/models.md, "AZ impairment"). ENABLED by default for services created
 * since June 2025, except those with a binpack placement strategy. When a service in steady state
 * has RUNNING tasks two or more apart between the AZs it can use (its subnets' AZs on Fargate, the
 * AZs with ACTIVE container instances on EC2, never an impaired one), ECS announces
 * SERVICE_REBALANCING_STARTED, moves tasks from the fullest AZ to the emptiest one at a time, and
 * announces SERVICE_REBALANCING_COMPLETED once they are at most one apart.
 *
 * ECS starts the new task before it stops the old one (within maximumPercent); fleetsim stops the
 * old one first and lets the service scheduler, whose placement favours the emptiest AZ, start its
 * replacement: one task fewer for a task start's time per move. A move that does not shrink the
 * imbalance (no room in the emptiest AZ) ends the attempt until capacity changes again.
 *
 * Checked when an AZ impairment ends and, after that, when a container instance registers (the
 * run has this part only when the scenario impairs an AZ, so other scenarios keep their spread).
 */
export class EcsAzRebalancing {
  private readonly active = new Map<Service, Rebalance>();
  /** An AZ impairment has ended: from then on new container instances are a reason to check too. */
  private armed = false;

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    trace: Trace<FleetEvent>,
    private readonly runners: { readonly ec2: TaskStopper | undefined; readonly fargate: TaskStopper },
    private readonly specs: readonly ServiceSpec[],
    /** awsvpcConfiguration.subnets per service (empty: every subnet). */
    private readonly serviceSubnets: ReadonlyMap<string, readonly string[]>,
  ) {
    trace.subscribe(this.onRecord);
  }

  /** Whether ECS enables AZ rebalancing for the service by default (not with binpack). */
  static enabledFor(spec: ServiceSpec): boolean {
    return spec.placement.strategies.every((s) => s.type !== 'binpack');
  }

  private readonly onRecord = (e: FleetEvent): void => {
    if (e.type === 'fault.ended' && e.fault.kind === 'az-impairment') {
      this.armed = true;
      this.sim.after(0, this.checkAll, undefined, Priority.Decision);
      return;
    }
    if (e.type === 'host.registered') {
      if (this.armed && this.anyImbalance()) this.sim.after(0, this.checkAll, undefined, Priority.Decision);
      return;
    }
    if (e.type === 'task.status-changed' && e.to === 'RUNNING') {
      const service = this.actions.state.services.get(e.service);
      const r = service === undefined ? undefined : this.active.get(service);
      if (r === undefined || !r.awaiting) return;
      r.awaiting = false;
      this.sim.after(0, this.check, service!, Priority.Decision);
    }
  };

  /** Cheap pre-check for host registrations: any rebalancing-enabled service imbalanced now. */
  private anyImbalance(): boolean {
    for (const spec of this.specs) {
      const service = this.actions.state.services.get(spec.name);
      if (service === undefined || !EcsAzRebalancing.enabledFor(spec)) continue;
      const counts = this.counts(service);
      if (counts !== null && spread(counts) >= 2) return true;
    }
    return false;
  }

  private readonly checkAll = (): void => {
    for (const spec of this.specs) {
      const service = this.actions.state.services.get(spec.name);
      if (service !== undefined && service.kind === 'ecs-service' && EcsAzRebalancing.enabledFor(spec)) this.check(service);
    }
  };

  private readonly check = (service: Service): void => {
    let r = this.active.get(service);
    if (r?.awaiting === true) return;
    const counts = this.counts(service);
    if (counts === null || !this.steady(service)) return;
    if (spread(counts) < 2) {
      if (r !== undefined) {
        this.active.delete(service);
        this.actions.services.event(service, { code: 'SERVICE_REBALANCING_COMPLETED', tasksPerAz: counts });
      }
      return;
    }
    const imbalance = squaredDeviation(counts);
    if (r !== undefined && r.lastImbalance !== null && imbalance >= r.lastImbalance) {
      // The last move did not help (no room in the emptiest AZ): wait for capacity to change.
      this.active.delete(service);
      return;
    }
    if (r === undefined) {
      this.active.set(service, (r = { awaiting: false, lastImbalance: null }));
      this.actions.services.event(service, { code: 'SERVICE_REBALANCING_STARTED', tasksPerAz: counts });
    }
    const fullest = counts.reduce((a, b) => (b.tasks > a.tasks ? b : a)).az;
    const victim = this.newestRunningIn(service, fullest);
    if (victim === undefined) return;
    r.awaiting = true;
    r.lastImbalance = imbalance;
    this.actions.services.event(service, { code: 'REBALANCING_TASK_STOPPED', task: victim.id, az: fullest });
    const runner = service.launchType === 'FARGATE' ? this.runners.fargate : this.runners.ec2;
    runner?.stop(victim, 'ServiceSchedulerInitiated', { code: 'AZ_REBALANCING', az: fullest });
  };

  /** Steady: every wanted task RUNNING, nothing starting, no deployment under way. */
  private steady(service: Service): boolean {
    const c = service.counts;
    return c.UNPLACED === 0 && c.PROVISIONING === 0 && c.PENDING === 0 && c.STOPPING === 0 && c.RUNNING === service.desiredCount && service.deployment.rolloutState !== 'IN_PROGRESS';
  }

  /** RUNNING tasks per AZ the service can use, in AZ order; null when it can use fewer than two. */
  private counts(service: Service): AzCount[] | null {
    const azs = this.usableAzs(service);
    if (azs.length < 2) return null;
    const perAz = new Map<string, number>(azs.map((az) => [az, 0]));
    for (const t of service.tasks) {
      if (t.status !== 'RUNNING') continue;
      const az = taskAz(t);
      if (az !== undefined && perAz.has(az)) perAz.set(az, perAz.get(az)! + 1);
    }
    return azs.map((az) => ({ az, tasks: perAz.get(az)! }));
  }

  private usableAzs(service: Service): string[] {
    const state = this.actions.state;
    const azs = new Set<string>();
    if (service.launchType === 'FARGATE') {
      const wanted = this.serviceSubnets.get(service.name) ?? [];
      for (const s of state.vpc.subnets) if (wanted.length === 0 || wanted.includes(s.id)) azs.add(s.az);
    } else {
      for (const h of state.hosts) if (h.status === 'ACTIVE') azs.add(h.az);
    }
    return [...azs].filter((az) => !state.azImpairments.has(az)).sort();
  }

  private newestRunningIn(service: Service, az: string): Task | undefined {
    let newest: Task | undefined;
    for (const t of service.tasks) if (t.status === 'RUNNING' && taskAz(t) === az && (newest === undefined || t.createdAt >= newest.createdAt)) newest = t;
    return newest;
  }
}

function spread(counts: readonly AzCount[]): number {
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const c of counts) {
    min = Math.min(min, c.tasks);
    max = Math.max(max, c.tasks);
  }
  return max - min;
}

function squaredDeviation(counts: readonly AzCount[]): number {
  const mean = counts.reduce((s, c) => s + c.tasks, 0) / counts.length;
  return counts.reduce((s, c) => s + (c.tasks - mean) ** 2, 0);
}
