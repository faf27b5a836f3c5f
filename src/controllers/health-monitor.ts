import { appContainer } from '../model/task-definition.js';
import type { RandomStream } from '../engine/rng.js';
import { Priority, type Simulation } from '../engine/simulation.js';
import { toMillis } from '../engine/time.js';
import { checkFails, firstTickAtOrAfter, thresholdReachedAt, type HealthFailureCause } from '../model/health-checks.js';
import type { HealthTimingParams } from '../model/params/health.js';
import type { Service } from '../model/service.js';
import type { Task } from '../model/task.js';
import type { FleetEvent } from '../model/events/index.js';
import type { Actions } from './actions/index.js';


/** Which of a task's checks a failure condition makes fail (bits). */
const CONTAINER = 1;
const TARGET = 2;
const READINESS = 4;
const LIVENESS = 8;
const ALL_CHECKS = CONTAINER | TARGET | READINESS | LIVENESS;

/** Why checks fail: the app's health endpoint fails (until the container restarts), or the task is overloaded. */
type Cause = HealthFailureCause;

/** A node agent's container kill (exit code 137; kubelet then restarts it after its back-off). */
export interface ContainerKiller {
  /** Kills the task's essential container; false when it is not running (nothing to kill). */
  killContainer(task: Task): boolean;
}

/**
 * What happens when a check fails, done by the parts that own it. The monitor is made before
 * them (they tell it when containers start), so the run reaches them through forward references.
 */
export interface HealthReactions extends ContainerKiller {
  /** ECS: the service scheduler replaces a task that failed its container or load balancer checks. */
  replaceUnhealthy(task: Task, check: 'container' | 'target', cause: HealthFailureCause): void;
}

/** A check that will reach its failure threshold, as scheduled when the failure began. */
interface Detection {
  readonly task: Task;
  /** The container run it concerns (task.restarts then). */
  readonly run: number;
  readonly check: number;
  readonly cause: Cause;
  /** Overload: the service's overload generation then (a later change makes this stale). */
  readonly generation: number;
}

/** A task's container run, for events that only matter while that run is up. */
interface Run {
  readonly task: Task;
  readonly run: number;
}

/**
 * Health checks, probes and load balancer target health (docs/models.md, "Health checks").
 * Checks run on fixed schedules (src/model/health-checks.ts), so instead of simulating every
 * probe it computes when a check changes state and schedules that one event:
 *
 * - the app answers its health check `readyAfter` (log-normal) after the containers start;
 * - ECS container health check (Docker HEALTHCHECK): checks at start + k x interval (k >= 1);
 *   HEALTHY at the first check after the app is ready. No health check: healthy at start.
 * - Kubernetes readiness probe: probes at start + initialDelay + k x period (k >= 0); Ready at
 *   the first passing probe. No probe: Ready at start.
 * - ALB target group: ECS registers the task when it is RUNNING; on EKS the load balancer
 *   controller registers the pod once Ready. The ALB checks every interval from a random phase
 *   and marks the target healthy after `healthyThreshold` consecutive passing checks.
 *
 * Checks fail (the app model's `healthEndpoint`) when the endpoint starts failing some time
 * after each start, or, for an endpoint queued with requests, while the task's response time
 * exceeds the check's timeout (a saturated task refuses requests, so it fails every check).
 * From the moment a failure begins, each check reaches its threshold on its own schedule:
 * ECS marks the task UNHEALTHY or its target unhealthy, and the service scheduler replaces it
 * (`HealthReactions.replaceUnhealthy`); a failed Kubernetes readiness probe takes the pod out of
 * its endpoints until a probe passes again; a failed liveness probe makes kubelet restart the
 * container (`HealthReactions.killContainer`); an unhealthy target on EKS gets no traffic until
 * it passes again.
 * An overloaded task that stops taking traffic is idle, so its checks pass again.
 *
 * A task that stops before an event fires simply skips it, and so does one whose container
 * exited (or was restarted) since the check was scheduled.
 */
export class HealthMonitor {
  /** Per service whose endpoint is queued with requests: which checks its load fails now, and a generation per change. */
  private readonly overload = new Map<Service, { mask: number; generation: number }>();
  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly timing: HealthTimingParams,
    private readonly rng: RandomStream,
    /** Who acts on a failed check: the ECS service scheduler, or the node agent (liveness). */
    private readonly reactions: HealthReactions,
  ) {}

  /**
   * Trace listener: an instance that failed takes its tasks' apps with it, so their load balancer
   * checks fail from now on (the agent or kubelet that would run container checks and probes is
   * gone with it): ECS replaces the tasks, an EKS target leaves service. A partitioned node's
   * pods keep running and are handled by the node lifecycle controller instead.
   */
  readonly onRecord = (r: FleetEvent): void => {
    if (r.type !== 'host.failed') return;
    const host = this.actions.state.hostsById.get(r.host);
    if (host === undefined) return;
    for (const task of host.tasks) if (task.status === 'RUNNING' && task.waiting === null) this.failingFrom(task, this.sim.now, 'endpoint', TARGET, 0);
  };

  /** A pod marked not Ready from outside (its node went NotReady) is Ready again: as after a passing probe. */
  readyAgain(task: Task): void {
    if (task.status !== 'RUNNING' || task.healthyAt !== null) return;
    this.onReadyAgain({ task, run: task.restarts });
  }

  /** Called when a task's containers have started (RUNNING), and after each in-place restart. */
  containersStarted(task: Task): void {
    const now = this.sim.now;
    task.containerStartedAt = now;
    task.targetFirstCheckAt = null;
    const td = task.taskDefinition;
    const readyAt = now + toMillis(this.rng.logNormal(td.readyAfterMs, this.timing.readySigma));
    const failsAfter = td.failure?.healthEndpoint?.failsAfterMs ?? null;
    const failsAt = failsAfter === null ? Number.POSITIVE_INFINITY : now + failsAfter;
    const hc = td.healthCheck;
    let healthyAt = now;
    if (hc !== undefined) {
      const first = now + (hc.kind === 'ecs-container' ? hc.intervalMs : hc.initialDelayMs);
      // Ready after successThreshold passing probes in a row (Kubernetes; 1 for ECS).
      healthyAt = firstTickAtOrAfter(first, hc.intervalMs, readyAt) + (hc.successThreshold - 1) * hc.intervalMs;
      // A check at or after the endpoint started failing does not pass.
      if (healthyAt >= failsAt) healthyAt = Number.POSITIVE_INFINITY;
    }
    const run: Run = { task, run: task.restarts };
    if (Number.isFinite(healthyAt)) this.sim.at(healthyAt, this.onHealthy, run, Priority.StateChange);
    if (Number.isFinite(failsAt)) this.sim.at(failsAt, this.onEndpointFails, run, Priority.StateChange);

    const tg = task.service.loadBalancer;
    if (tg === null) return;
    // Always drawn, so the stream does not depend on whether the task ever registers.
    const registration = toMillis(this.rng.logNormal(this.timing.targetRegistration.median, this.timing.targetRegistration.sigma));
    const phase = Math.floor(this.rng.random() * tg.healthCheckIntervalMs);
    // On EKS only a Ready pod is an endpoint, and so a target.
    if (task.service.kind === 'deployment' && !Number.isFinite(healthyAt)) return;
    this.registerTarget(task, (task.service.kind === 'deployment' ? healthyAt : now) + registration + phase, readyAt, failsAt, false);
  }

  /**
   * The traffic the load driver measured for `service` this tick: the response time of a serving
   * task (Infinity: saturated, refusing requests). Only services whose endpoint is queued with
   * requests care; a change in which checks that fails starts or cancels their failures.
   */
  serviceLoad(service: Service, responseMs: number): void {
    // The current revision's checks decide which ones the load fails (a deployment's old tasks
    // are checked with the same target group; their own endpoint model is checked per task).
    const td = service.taskDefinition;
    if (td.failure?.healthEndpoint?.queuedWithRequests !== true && !this.overload.has(service)) return;
    let state = this.overload.get(service);
    if (state === undefined) this.overload.set(service, (state = { mask: 0, generation: 0 }));
    let mask = 0;
    if (td.healthCheck?.kind === 'ecs-container' && checkFails(responseMs, td.healthCheck.timeoutMs)) mask |= CONTAINER;
    if (td.healthCheck?.kind === 'k8s-readiness' && checkFails(responseMs, td.healthCheck.timeoutMs)) mask |= READINESS;
    if (td.livenessProbe !== undefined && checkFails(responseMs, td.livenessProbe.timeoutMs)) mask |= LIVENESS;
    if (service.loadBalancer !== null && checkFails(responseMs, service.loadBalancer.healthCheckTimeoutMs)) mask |= TARGET;
    if (mask === state.mask) return;
    state.mask = mask;
    state.generation++;
    if (mask === 0) return;
    for (const task of service.tasks) if (task.serving) this.failingFrom(task, this.sim.now, 'overload', mask, state.generation);
  }

  /** The target is registered; its checks run every interval from `firstCheck`. */
  private registerTarget(task: Task, firstCheck: number, readyAt: number, failsAt: number, again: boolean): void {
    const tg = task.service.loadBalancer!;
    task.targetFirstCheckAt = firstCheck;
    const firstPass = firstTickAtOrAfter(firstCheck, tg.healthCheckIntervalMs, readyAt);
    const inService = firstPass + (tg.healthyThreshold - 1) * tg.healthCheckIntervalMs;
    if (inService < failsAt) this.sim.at(inService, again ? this.onInServiceAgain : this.onInService, { task, run: task.restarts }, Priority.StateChange);
  }

  private readonly onHealthy = (c: Run): void => {
    if (!upSince(c)) return;
    this.actions.tasks.markHealthy(c.task);
    this.startedServing(c.task);
  };

  private readonly onInService = (c: Run): void => {
    if (!upSince(c)) return;
    this.actions.tasks.markInService(c.task);
    this.startedServing(c.task);
  };

  private readonly onInServiceAgain = (c: Run): void => {
    if (!upSince(c) || c.task.serving || c.task.healthyAt === null) return;
    this.actions.tasks.markInService(c.task, true);
    this.startedServing(c.task);
  };

  /** A pod that went NotReady while overloaded passes its next probe: it is idle now. */
  private readonly onReadyAgain = (c: Run): void => {
    if (!upSince(c) || c.task.healthyAt !== null || c.task.host?.status === 'UNREACHABLE') return;
    const task = c.task;
    this.actions.tasks.markHealthy(task, true);
    this.startedServing(task);
    const tg = task.service.loadBalancer;
    if (tg === null) return;
    // Back in the endpoints: the load balancer controller registers the address again.
    const registration = toMillis(this.rng.logNormal(this.timing.targetRegistration.median, this.timing.targetRegistration.sigma));
    const phase = Math.floor(this.rng.random() * tg.healthCheckIntervalMs);
    this.registerTarget(task, this.sim.now + registration + phase, this.sim.now, Number.POSITIVE_INFINITY, true);
  };

  private readonly onEndpointFails = (c: Run): void => {
    if (upSince(c)) this.failingFrom(c.task, this.sim.now, 'endpoint', ALL_CHECKS, 0);
  };

  /** A task just started taking traffic: if its service is overloaded, its checks fail from now. */
  private startedServing(task: Task): void {
    if (!task.serving) return;
    const state = this.overload.get(task.service);
    if (state !== undefined && state.mask !== 0) this.failingFrom(task, this.sim.now, 'overload', state.mask, state.generation);
  }

  /** The checks in `mask` fail from `from` on: schedules each one's threshold (ECS: the first to reach it acts). */
  private failingFrom(task: Task, from: number, cause: Cause, mask: number, generation: number): void {
    const td = task.taskDefinition;
    // Mid-deployment the revisions may differ: only a task whose own endpoint queues with requests slows down.
    if (cause === 'overload' && td.failure?.healthEndpoint?.queuedWithRequests !== true) return;
    const start = task.containerStartedAt!;
    const hc = td.healthCheck;
    const tg = task.service.loadBalancer;
    const run = task.restarts;
    if (task.service.kind === 'ecs-service') {
      let at = Number.POSITIVE_INFINITY;
      let check = 0;
      if (hc !== undefined && (mask & CONTAINER) !== 0) {
        at = thresholdReachedAt(start + hc.intervalMs, hc.intervalMs, Math.max(from, start + hc.startPeriodMs), hc.failureThreshold);
        check = CONTAINER;
      }
      if (tg !== null && task.targetFirstCheckAt !== null && (mask & TARGET) !== 0) {
        const t = thresholdReachedAt(task.targetFirstCheckAt, tg.healthCheckIntervalMs, from, tg.unhealthyThreshold);
        if (t < at) [at, check] = [t, TARGET];
      }
      // ECS ignores failed checks during the service's health check grace period after the task started.
      const graceEnds = (task.runningAt ?? start) + task.service.healthCheckGracePeriodMs;
      if (check !== 0) this.sim.at(Math.max(at, graceEnds), this.onDetected, { task, run, check, cause, generation }, Priority.StateChange);
      return;
    }
    if (hc !== undefined && (mask & READINESS) !== 0) {
      const at = thresholdReachedAt(start + hc.initialDelayMs, hc.intervalMs, from, hc.failureThreshold);
      this.sim.at(at, this.onDetected, { task, run, check: READINESS, cause, generation }, Priority.StateChange);
    }
    const lp = td.livenessProbe;
    if (lp !== undefined && (mask & LIVENESS) !== 0) {
      const at = thresholdReachedAt(start + lp.initialDelayMs, lp.intervalMs, from, lp.failureThreshold);
      this.sim.at(at, this.onDetected, { task, run, check: LIVENESS, cause, generation }, Priority.StateChange);
    }
    if (tg !== null && task.targetFirstCheckAt !== null && (mask & TARGET) !== 0) {
      const at = thresholdReachedAt(task.targetFirstCheckAt, tg.healthCheckIntervalMs, from, tg.unhealthyThreshold);
      this.sim.at(at, this.onDetected, { task, run, check: TARGET, cause, generation }, Priority.StateChange);
    }
  }

  private readonly onDetected = (d: Detection): void => {
    const task = d.task;
    if (!upSince(d)) return;
    if (d.cause === 'overload') {
      // Stale if the load changed since, or if the task stopped taking traffic (idle, it passes).
      const state = this.overload.get(task.service);
      if (state === undefined || state.generation !== d.generation || !task.serving) return;
    }
    const cause = d.cause;
    if (task.service.kind === 'ecs-service') {
      if (d.check === CONTAINER) this.actions.tasks.markUnhealthy(task, { code: 'CONTAINER_HEALTH_CHECK', failureThreshold: task.taskDefinition.healthCheck!.failureThreshold, cause });
      else this.actions.tasks.markUnhealthy(task, { code: 'TARGET_UNHEALTHY', cause });
      this.reactions.replaceUnhealthy(task, d.check === CONTAINER ? 'container' : 'target', cause);
      return;
    }
    const start = task.containerStartedAt!;
    const next = this.sim.now + 1;
    switch (d.check) {
      case READINESS: {
        if (task.healthyAt === null) return;
        const hc = task.taskDefinition.healthCheck!;
        this.actions.pods.event(task, { reason: 'Unhealthy', probe: 'Readiness', cause, ip: task.ip, port: probePort(task) });
        this.actions.tasks.markUnhealthy(task, { code: 'READINESS_PROBE', failureThreshold: hc.failureThreshold });
        // Out of the endpoints an overloaded pod is idle: its next probe passes.
        if (d.cause === 'overload') this.sim.at(thresholdReachedAt(start + hc.initialDelayMs, hc.intervalMs, next, hc.successThreshold), this.onReadyAgain, { task, run: d.run }, Priority.StateChange);
        return;
      }
      case LIVENESS: {
        const container = appContainer(task.taskDefinition).name;
        this.actions.pods.event(task, { reason: 'Unhealthy', probe: 'Liveness', cause, ip: task.ip, port: probePort(task) });
        this.actions.pods.event(task, { reason: 'Killing', container });
        this.reactions.killContainer(task);
        return;
      }
      default: {
        if (!task.serving) return;
        this.actions.tasks.markUnhealthy(task, { code: 'TARGET_UNHEALTHY', cause });
        // Idle once out of service, an overloaded target passes its next checks.
        if (d.cause === 'overload') this.registerTarget(task, task.targetFirstCheckAt!, next, Number.POSITIVE_INFINITY, true);
      }
    }
  };
}

/** The port kubelet's HTTP probe reaches: the first container's first mapping (8080 without one). */
function probePort(task: Task): number {
  return task.taskDefinition.containers[0]?.portMappings[0]?.containerPort ?? 8080;
}

/** The container that started at `c` is still up: the task runs, not restarted or waiting since. */
function upSince(c: Run): boolean {
  return c.task.status === 'RUNNING' && c.task.restarts === c.run && c.task.waiting === null;
}
