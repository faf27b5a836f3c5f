import { Priority, type Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import { circuitBreakerThreshold, rollingBounds, type Service } from '../../model/service.js';
import type { Deployment } from '../../model/rollout.js';
import { taskAz, type Task } from '../../model/task.js';
import type { FleetEvent } from '../../model/events/index.js';
import type { ReplacementCause, ServiceEventCause } from '../../model/events/service.js';
import type { HealthFailureCause } from '../../model/health-checks.js';
import { samePlacementFailure } from '../../model/reasons/placement.js';
import { CONTAINER_HEALTH_CHECK, SCALE_IN, type StopReason } from '../../model/reasons/stop.js';
import { requestOf, type PlacementPolicy } from '../../policy/placement-policy.js';
import { chooseCapacityProvider } from '../../model/capacity-provider.js';
import type { Actions } from '../actions/index.js';
import type { StopCode } from '../../model/task.js';
import { throttleDelayMs } from '../../model/params/ecs-service-throttle.js';
import { ECS_CONTROL_PLANE, type EcsControlPlaneParams } from '../../model/params/ecs-control-plane.js';

/** Runs and stops the tasks of one launch type (the ECS agent on EC2; Fargate). */
export interface TaskRunner {
  startTask(task: Task): void;
  stop(task: Task, stopCode: StopCode, reason: StopReason): void;
}

/**
 * The ECS service scheduler: a reconcile loop per service that keeps `desiredCount` tasks
 * wanted, places the unplaced ones through the placement policy, and stops the surplus.
 *
 * It is triggered, not polled: a reconcile runs (in the Decision band) the scheduler's reaction
 * time after a desired-count change, a stopped task or a newly registered host, the events that
 * can change its answer; triggers within that time share one pass (src/model/params/ecs-control-plane.ts).
 * A task that cannot be placed stays UNPLACED and the service records an ECS-worded event; it is
 * retried at the next trigger. A service that is healthy at its desired count says it has reached
 * a steady state, once each time it gets there and again every six hours while it stays.
 */
export class EcsServiceScheduler {
  private readonly due = new Set<Service>();
  /**
   * Services left with UNPLACED tasks after their last reconcile: the only ones freed or added
   * capacity can help, so a stopped task or new host wakes these rather than every service.
   */
  private readonly waitingForCapacity = new Set<Service>();
  /** Last placement failure reported per service, so an unchanged reason is not repeated. */
  private readonly lastFailure = new Map<Service, ServiceEventCause>();
  /**
   * Service throttle logic: consecutive launch attempts that failed to start a task, and the time
   * before which no task is launched (src/model/params/ecs-service-throttle.ts). Absent: not
   * throttled.
   */
  private readonly throttled = new Map<Service, { failedAttempts: number; until: number; wakeUp: boolean }>();
  /**
   * Per service, the launch attempt (its time) the last counted failure came from. Kept when a
   * task reaching RUNNING returns the service to normal: an attempt counted before that, whose
   * other tasks fail after it, is still the same attempt and counts no more.
   */
  private readonly lastCountedAttempt = new Map<Service, number>();
  /**
   * The launch attempt (the time of the scheduler pass that launched it) of each ECS task still
   * starting, by task id: what the throttle counts when the task fails to start. An entry lives
   * from the task's creation to its RUNNING or STOPPED, so only starting tasks are held.
   */
  private readonly launchedAt = new Map<string, number>();
  /** Services with tasks on DRAINING container instances still to replace. */
  private readonly draining = new Set<Service>();
  /** When each service last said it reached a steady state; absent: not steady since. */
  private readonly steadyReportedAt = new Map<Service, number>();
  /** Services whose steadiness is to be looked at at the end of the current instant. */
  private readonly steadyCheckDue = new Set<Service>();
  /**
   * Services that launched a task whose definition has a container health check: only their
   * RUNNING tasks can be unhealthy without a load balancer (every task is created by `launch`).
   */
  private readonly launchedHealthChecked = new Set<Service>();

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly policy: PlacementPolicy,
    private readonly agent: TaskRunner,
    trace: Trace<FleetEvent>,
    /** Fargate, when the cluster has Fargate services. */
    private readonly fargate?: TaskRunner,
    /** The Auto Scaling group behind each EC2 capacity provider. */
    private readonly capacityProviderGroups: ReadonlyMap<string, string> = new Map(),
    private readonly timing: EcsControlPlaneParams = ECS_CONTROL_PLANE,
  ) {
    trace.subscribe(this.onRecord);
  }

  /** Asks for a reconcile of `service` after the scheduler's reaction time (coalesced with any already due). */
  requestReconcile(service: Service): void {
    if (this.due.has(service)) return;
    this.due.add(service);
    this.sim.after(this.timing.serviceSchedulerReactionMs, this.reconcile, service, Priority.Decision);
  }

  /** Looks at whether `service` is in steady state once the current instant's changes are in (coalesced). */
  private requestSteadyCheck(service: Service): void {
    if (service.kind !== 'ecs-service' || this.steadyCheckDue.has(service)) return;
    this.steadyCheckDue.add(service);
    this.sim.after(0, this.checkSteady, service, Priority.Observation);
  }

  /**
   * SERVICE_STEADY_STATE: "The service is healthy and at the desired number of tasks" (no
   * deployment in progress, no task starting, stopping or to replace). Said once each time the
   * service gets there; a repeat is due six hours later if nothing changed in between.
   */
  private readonly checkSteady = (service: Service): void => {
    this.steadyCheckDue.delete(service);
    if (!this.isSteady(service)) {
      this.steadyReportedAt.delete(service);
      return;
    }
    const last = this.steadyReportedAt.get(service);
    if (last !== undefined && this.sim.now - last < this.timing.steadyStateRepeatMs) return;
    this.steadyReportedAt.set(service, this.sim.now);
    this.actions.services.event(service, STEADY_STATE);
    this.sim.after(this.timing.steadyStateRepeatMs, this.checkSteady, service, Priority.Observation);
  };

  private isSteady(service: Service): boolean {
    const desired = service.desiredCount;
    // Counts first: most calls end here without looking at the tasks.
    if (service.deployment.rolloutState !== 'COMPLETED' || this.draining.has(service) || this.due.has(service)) return false;
    if (service.tasks.size !== desired || service.counts.RUNNING !== desired) return false;
    // Every task is RUNNING; with no health check and no load balancer that is all `healthy` asks.
    if (service.loadBalancer === null && !this.launchedHealthChecked.has(service)) return true;
    for (const t of service.tasks) if (!EcsServiceScheduler.healthy(service, t)) return false;
    return true;
  }

  private readonly onRecord = (e: FleetEvent): void => {
    switch (e.type) {
      case 'service.created':
      case 'service.deployment-started':
      case 'service.desired-count-changed': {
        const service = this.actions.state.services.get(e.service);
        // A new task definition returns a throttled service to normal at once.
        if (service !== undefined && e.type === 'service.deployment-started') this.throttled.delete(service);
        if (service !== undefined) this.requestReconcile(service);
        break;
      }
      case 'task.status-changed':
      case 'task.healthy':
      case 'task.in-service': {
        // A rolling deployment advances as tasks come up and pass health checks.
        const own = this.actions.state.services.get(e.service);
        if (own !== undefined && e.type === 'task.status-changed' && e.to === 'RUNNING') {
          this.launchedAt.delete(e.task);
          this.unthrottle(own);
        }
        if (own !== undefined && own.kind === 'ecs-service' && (own.deployment.rolloutState === 'IN_PROGRESS' || this.draining.has(own))) this.requestReconcile(own);
        if (own !== undefined) this.requestSteadyCheck(own);
        break;
      }
      case 'host.draining':
        this.drainingStarted(e.host);
        break;
      case 'task.stopped':
      case 'host.registered':
      // A container agent that reconnects brings its instance back for placement.
      case 'node.reconnected': {
        // The stopped task's own service may need a replacement; and capacity was freed or
        // added, so every service waiting for capacity may now fit.
        if (e.type === 'task.stopped') {
          const own = this.actions.state.services.get(e.service);
          if (own !== undefined && own.kind === 'ecs-service') {
            const launchedAt = this.launchedAt.get(e.task);
            this.launchedAt.delete(e.task);
            if (e.stopCode === 'TaskFailedToStart') this.startFailed(own, launchedAt);
            this.requestReconcile(own);
            this.requestSteadyCheck(own);
          }
        }
        for (const service of this.waitingForCapacity) this.requestReconcile(service);
        break;
      }
    }
  };

  /**
   * A task of the service went from PENDING to STOPPED: the throttle counts the launch attempt it
   * came from, once. A later failure of the same attempt, or of an earlier one, adds nothing, even
   * after another task reached RUNNING in between: ten tasks launched together that all fail are
   * one failed attempt, not ten.
   */
  private startFailed(service: Service, launchedAt: number | undefined): void {
    let t = this.throttled.get(service);
    // A task the scheduler did not launch (none today) counts as an attempt of its own.
    const attempt = launchedAt ?? this.sim.now;
    if (attempt <= (this.lastCountedAttempt.get(service) ?? -1)) return;
    this.lastCountedAttempt.set(service, attempt);
    if (t === undefined) this.throttled.set(service, (t = { failedAttempts: 0, until: 0, wakeUp: false }));
    t.failedAttempts++;
    const delay = throttleDelayMs(t.failedAttempts);
    if (delay === 0) return;
    if (t.until <= this.sim.now) this.actions.services.event(service, UNABLE_TO_START_TASKS_CONSISTENTLY);
    t.until = this.sim.now + delay;
  }

  /**
   * A task of the service reached RUNNING: the service is back to normal. Launches it held back
   * (a wake-up is pending) are made now, not when the throttle's delay would have run out.
   */
  private unthrottle(service: Service): void {
    const t = this.throttled.get(service);
    if (t === undefined) return;
    this.throttled.delete(service);
    if (t.wakeUp) this.requestReconcile(service);
  }

  /** Whether the service may launch tasks now; if throttled, a reconcile is due when it may again. */
  private mayLaunch(service: Service): boolean {
    // "A deployment in a FAILED state doesn't launch any new tasks" (ECS developer guide,
    // deployment circuit breaker): without a rollback the service stays stalled until the next deployment.
    if (service.deployment.rolloutState === 'FAILED') return false;
    const t = this.throttled.get(service);
    if (t === undefined || t.until <= this.sim.now) return true;
    if (!t.wakeUp) {
      t.wakeUp = true;
      this.sim.at(t.until, this.wakeUp, service, Priority.Decision);
    }
    return false;
  }

  private readonly wakeUp = (service: Service): void => {
    const t = this.throttled.get(service);
    // Lifted meanwhile (a task reached RUNNING): unthrottle has asked for the reconcile already.
    if (t === undefined) return;
    t.wakeUp = false;
    if (t.until > this.sim.now) this.mayLaunch(service);
    else this.requestReconcile(service);
  };

  /**
   * A task failed its container or load balancer health checks (HealthMonitor). ECS stops it and
   * starts a replacement (the reconcile that follows); the deployment circuit breaker counts it
   * when it belongs to the deployment in progress. ECS starts the replacement before stopping
   * the unhealthy task when maximumPercent allows; fleetsim does both in the same instant, which
   * differs only in when the unhealthy task, already out of its target group, goes away.
   */
  readonly replaceUnhealthy = (task: Task, check: 'container' | 'target', cause: HealthFailureCause): void => {
    const service = task.service;
    if (service.kind !== 'ecs-service' || task.status !== 'RUNNING') return;
    this.actions.tasks.countHealthCheckReplacement(task);
    const targetGroup = `${service.name}-tg`;
    const port = task.taskDefinition.containers[0]?.portMappings[0]?.containerPort ?? null;
    this.actions.services.event(
      service,
      check === 'target'
        ? { code: 'TASK_UNHEALTHY_IN_TARGET_GROUP', task: task.id, port, targetGroup, cause }
        : { code: 'TASK_FAILED_CONTAINER_HEALTH_CHECKS', task: task.id },
    );
    const runner = this.runnerOf(service);
    runner.stop(task, 'ServiceSchedulerInitiated', check === 'target' ? { code: 'ELB_HEALTH_CHECK', targetGroup } : CONTAINER_HEALTH_CHECK);
    this.actions.services.event(service, { code: 'STOPPED_UNHEALTHY_TASK', task: task.id });
    this.requestReconcile(service);
  };

  private readonly reconcile = (service: Service): void => {
    this.due.delete(service);
    if (service.deployment.rolloutState === 'IN_PROGRESS') this.rollOut(service);
    else if (this.draining.has(service)) this.replaceDraining(service);
    else this.keepDesiredCount(service);
    this.placeUnplaced(service);
    if (service.counts.UNPLACED > 0) this.waitingForCapacity.add(service);
    else this.waitingForCapacity.delete(service);
    this.requestSteadyCheck(service);
  };

  /** Steady state: start tasks up to desiredCount, or stop the surplus. */
  private keepDesiredCount(service: Service): void {
    const wanted = service.tasks.size - service.counts.STOPPING;
    if (wanted < service.desiredCount && this.mayLaunch(service)) this.launch(service, service.desiredCount - wanted);
    else if (wanted > service.desiredCount) this.stopSurplus(service, wanted - service.desiredCount);
  }

  /** Tasks on draining instances are replaced step by step; the service waits until none is left there. */
  private replaceDraining(service: Service): void {
    const { remainingOld } = this.replaceStep(service, onDrainingHost, INSTANCE_DRAINING, drainReason);
    // Done once none is left there, stopping ones included: until they exit they count against maximumPercent.
    if (remainingOld === 0 && !hasTaskOnDrainingHost(service)) this.draining.delete(service);
  }

  /**
   * Creates `n` tasks of the service's current revision, each on a provider of its strategy (if
   * any): one launch attempt, as the service throttle counts them.
   */
  private launch(service: Service, n: number): void {
    if (n > 0 && service.taskDefinition.healthCheck !== undefined) this.launchedHealthChecked.add(service);
    const strategy = service.capacityProviderStrategy;
    for (let i = 0; i < n; i++) {
      const task = this.actions.tasks.create(service, strategy.length === 0 ? null : chooseCapacityProvider(strategy, service.tasksPerCapacityProvider));
      this.launchedAt.set(task.id, this.sim.now);
    }
  }

  /** The agent that runs and stops the service's tasks: Fargate, or the ECS agent on EC2. */
  private runnerOf(service: Service): TaskRunner {
    return service.launchType === 'FARGATE' ? this.fargate! : this.agent;
  }

  /** A task counts as healthy for minimumHealthyPercent: RUNNING, passing its health check, and in service behind a load balancer. */
  private static healthy(service: Service, task: Task): boolean {
    if (task.status !== 'RUNNING') return false;
    if (task.taskDefinition.healthCheck !== undefined && task.healthyAt === null) return false;
    return service.loadBalancer === null || task.inServiceAt !== null;
  }

  /**
   * One step of an ECS rolling update (docs/models.md, "Deployments and the circuit breaker"):
   * start PRIMARY tasks while the service stays at or below floor(desired x maximumPercent/100)
   * tasks, stop old-revision tasks while the healthy ones stay at or above
   * ceil(desired x minimumHealthyPercent/100), and complete once only PRIMARY tasks remain and
   * `desired` of them are healthy. The circuit breaker fails the deployment (and rolls back)
   * once failed PRIMARY tasks reach its threshold.
   */
  private rollOut(service: Service): void {
    const deployment = service.deployment;
    const config = service.deploymentConfiguration;
    const desired = service.desiredCount;
    if (config.circuitBreaker.enable && deployment.failedTasks >= circuitBreakerThreshold(desired)) {
      this.actions.services.setRolloutState(service, deployment, 'FAILED', {
        code: 'CIRCUIT_BREAKER',
        failedTasks: deployment.failedTasks,
        threshold: circuitBreakerThreshold(desired),
        stage: deployment.stage,
      });
      if (config.circuitBreaker.rollback && service.lastCompleted !== deployment.taskDefinition) {
        this.sim.after(this.timing.circuitBreakerRollbackMs, this.rollBack, { service, failed: deployment }, Priority.Decision);
      }
      return;
    }
    const td = deployment.taskDefinition;
    const { remainingOld, freshHealthy } = this.replaceStep(
      service,
      (t) => t.taskDefinition !== td || onDrainingHost(t),
      { code: 'DEPLOYMENT', deployment: deployment.id },
      (t) => (onDrainingHost(t) ? drainReason(t) : { code: 'DEPLOYMENT', deployment: deployment.id }),
    );
    if (remainingOld === 0 && service.counts.STOPPING === 0 && freshHealthy >= desired) {
      this.actions.services.setRolloutState(service, deployment, 'COMPLETED', DEPLOYMENT_COMPLETED);
      this.steadyReportedAt.set(service, this.sim.now);
      this.actions.services.event(service, STEADY_STATE);
      this.sim.after(this.timing.steadyStateRepeatMs, this.checkSteady, service, Priority.Observation);
    }
  }

  /**
   * The circuit breaker's rollback, a scheduler pass after the FAILED verdict: a new deployment of
   * the last COMPLETED revision, unless another deployment started in between.
   */
  private readonly rollBack = (data: { service: Service; failed: Deployment }): void => {
    const { service, failed } = data;
    if (service.deployment !== failed || service.lastCompleted === failed.taskDefinition) return;
    const back = this.actions.services.startDeployment(service, service.lastCompleted, true);
    this.actions.services.event(service, { code: 'DEPLOYMENT_ROLLING_BACK', deployment: back.id, taskDefinition: back.taskDefinition });
    this.due.delete(service);
    this.reconcile(service);
  };

  /**
   * One step of replacing the service's `old` tasks with tasks of its current revision, within
   * its deployment configuration (rolling deployments and draining container instances alike):
   * start new tasks while the service stays at or below floor(desired x maximumPercent/100),
   * counting stopping tasks, which ECS still shows RUNNING while they drain; stop old tasks,
   * unhealthy ones freely and healthy ones while the healthy count stays at or above
   * ceil(desired x minimumHealthyPercent/100). `why` is what the service events give as the cause.
   */
  private replaceStep(service: Service, isOld: (t: Task) => boolean, why: ReplacementCause, stopReason: (t: Task) => StopReason): { remainingOld: number; freshHealthy: number } {
    const desired = service.desiredCount;
    const { floor, ceiling } = rollingBounds(desired, service.deploymentConfiguration);
    const live = [...service.tasks].filter((t) => t.status !== 'STOPPING');
    const fresh = live.filter((t) => !isOld(t));
    const old = live.filter(isOld);
    const room = this.mayLaunch(service) ? Math.min(desired - fresh.length, Math.max(0, ceiling - live.length - service.counts.STOPPING)) : 0;
    this.launch(service, room);
    if (room > 0) this.actions.services.event(service, { code: 'STARTED_TASKS', count: room, why });
    if (fresh.length > desired) this.stopSurplus(service, fresh.length - desired);
    const runner = this.runnerOf(service);
    let healthy = live.filter((t) => EcsServiceScheduler.healthy(service, t)).length;
    const victims: Task[] = [];
    const oldOrdered = [...old].sort((a, b) => Number(EcsServiceScheduler.healthy(service, a)) - Number(EcsServiceScheduler.healthy(service, b)));
    for (const t of oldOrdered) {
      if (EcsServiceScheduler.healthy(service, t)) {
        if (healthy - 1 < floor) break;
        healthy--;
      }
      victims.push(t);
    }
    if (victims.length > 0) this.actions.services.event(service, { code: 'STOPPED_TASKS', count: victims.length, why });
    for (const t of victims) runner.stop(t, 'ServiceSchedulerInitiated', stopReason(t));
    return { remainingOld: old.length - victims.length, freshHealthy: fresh.filter((t) => EcsServiceScheduler.healthy(service, t)).length };
  }

  /**
   * A container instance is DRAINING: ECS replaces its service tasks using each service's
   * deployment configuration ("the service scheduler ... replaces tasks on a draining
   * container instance ... using minimumHealthyPercent and maximumPercent"): with the default
   * 100/200 % the replacements start first and the draining tasks stop once they are healthy.
   */
  private drainingStarted(hostId: string): void {
    const host = this.actions.state.hostsById.get(hostId);
    if (host === undefined) return;
    for (const task of host.tasks) {
      if (task.service.kind !== 'ecs-service' || task.status === 'STOPPING') continue;
      this.draining.add(task.service);
      this.requestReconcile(task.service);
    }
  }

  private placeUnplaced(service: Service): void {
    if (service.counts.UNPLACED === 0) return;
    if (service.launchType === 'FARGATE') {
      // No placement: AWS finds capacity for every Fargate task (the runner may still wait for an address).
      for (const task of [...service.tasks]) if (task.status === 'UNPLACED') this.fargate!.startTask(task);
      return;
    }
    const blocked = new Set<string | null>();
    for (const task of service.tasks) {
      if (task.status !== 'UNPLACED' || blocked.has(task.capacityProvider)) continue;
      const group = task.capacityProvider === null ? undefined : this.capacityProviderGroups.get(task.capacityProvider);
      const decision = this.policy.place(requestOf(task, group), this.actions.state);
      if (!decision.ok) {
        // The service's tasks on one provider all ask for the same, so the rest would fail too.
        blocked.add(task.capacityProvider);
        // With a capacity provider the task waits (ECS shows it as PROVISIONING) while managed
        // scaling adds instances; without one ECS reports that it cannot place the task.
        const cause: ServiceEventCause =
          task.capacityProvider === null
            ? { code: 'UNABLE_TO_PLACE', failure: decision.failure }
            : { code: 'WAITING_FOR_CAPACITY_PROVIDER', capacityProvider: task.capacityProvider };
        const last = this.lastFailure.get(service);
        if (last === undefined || !sameWaitingCause(last, cause)) {
          this.lastFailure.set(service, cause);
          this.actions.services.event(service, cause);
        }
        continue;
      }
      this.lastFailure.delete(service);
      this.actions.tasks.place(task, decision.host);
      this.agent.startTask(task);
    }
  }

  /**
   * Scale-in picks the tasks that cost least to lose: unplaced ones, then those still starting,
   * then running tasks from the Availability Zone where the service has the most, newest first,
   * which keeps the service balanced across AZs as ECS does when it stops tasks: on EC2 the
   * service's default placement strategy, spread over `attribute:ecs.availability-zone`, also
   * picks the tasks to terminate; "Fargate tasks are spread across Availability Zones" (ECS
   * developer guide, "How Amazon ECS places tasks on container instances"). A task's AZ is its
   * ENI's subnet's (awsvpc, Fargate) or its instance's (`taskAz`).
   */
  private stopSurplus(service: Service, surplus: number): void {
    // Candidates by rank, then by AZ ('' for tasks with no AZ yet: neither an instance nor an
    // ENI). `service.tasks` iterates in creation order (createdAt never decreases along it), so
    // each list is in that order as built, and newest first is from its end: no sort. The victim
    // each round is the head of the lowest rank's list whose AZ has the most candidates left, the
    // newest head among equals (the later in creation order): the same choice as comparing every
    // candidate, in O(n) rather than O(surplus x n).
    const byRank: Map<string, Candidates>[] = [new Map(), new Map(), new Map()];
    const perAz = new Map<string, number>();
    let seq = 0;
    for (const t of service.tasks) {
      if (t.status === 'STOPPING') continue;
      const az = taskAz(t) ?? '';
      if (az !== '') perAz.set(az, (perAz.get(az) ?? 0) + 1);
      const lists = byRank[t.status === 'UNPLACED' ? 0 : t.status === 'RUNNING' ? 2 : 1]!;
      let list = lists.get(az);
      if (list === undefined) lists.set(az, (list = { tasks: [], seq: [], head: -1 }));
      list.tasks.push(t);
      list.seq.push(seq++);
      list.head++;
    }
    const victims: Task[] = [];
    for (const lists of byRank) {
      while (victims.length < surplus) {
        let bestAz: string | undefined;
        let best: Candidates | undefined;
        for (const [az, list] of lists) {
          if (list.head < 0) continue;
          if (best === undefined) {
            bestAz = az;
            best = list;
            continue;
          }
          const byAz = (perAz.get(az) ?? 0) - (perAz.get(bestAz!) ?? 0);
          if (byAz > 0 || (byAz === 0 && list.seq[list.head]! > best.seq[best.head]!)) {
            bestAz = az;
            best = list;
          }
        }
        if (best === undefined) break;
        victims.push(best.tasks[best.head]!);
        best.head--;
        if (bestAz !== '') perAz.set(bestAz!, perAz.get(bestAz!)! - 1);
      }
    }
    const runner = this.runnerOf(service);
    for (const victim of victims) runner.stop(victim, 'ServiceSchedulerInitiated', SCALE_IN);
  }
}

/** A service's scale-in candidates of one rank in one AZ, in creation order; `head`: the newest not yet chosen (-1: none left). */
interface Candidates {
  readonly tasks: Task[];
  /** Each task's place in the service's creation order. */
  readonly seq: number[];
  head: number;
}

function hasTaskOnDrainingHost(service: Service): boolean {
  for (const t of service.tasks) if (onDrainingHost(t)) return true;
  return false;
}

/** A task on a DRAINING container instance, which its service scheduler must replace. */
function onDrainingHost(t: Task): boolean {
  return t.host !== null && t.host.status === 'DRAINING';
}

function drainReason(t: Task): StopReason {
  return { code: 'INSTANCE_DRAINING', host: t.host!.id };
}

const INSTANCE_DRAINING: ReplacementCause = Object.freeze({ code: 'INSTANCE_DRAINING' });
const UNABLE_TO_START_TASKS_CONSISTENTLY: ServiceEventCause = Object.freeze({ code: 'UNABLE_TO_START_TASKS_CONSISTENTLY' });
const STEADY_STATE: ServiceEventCause = Object.freeze({ code: 'STEADY_STATE' });
const DEPLOYMENT_COMPLETED = Object.freeze({ code: 'DEPLOYMENT_COMPLETED' } as const);

/** Whether two reports of why a service's tasks wait say the same (so the second is not repeated). */
function sameWaitingCause(a: ServiceEventCause, b: ServiceEventCause): boolean {
  if (a.code === 'UNABLE_TO_PLACE' && b.code === 'UNABLE_TO_PLACE') return samePlacementFailure(a.failure, b.failure);
  if (a.code === 'WAITING_FOR_CAPACITY_PROVIDER' && b.code === 'WAITING_FOR_CAPACITY_PROVIDER') return a.capacityProvider === b.capacityProvider;
  return false;
}
