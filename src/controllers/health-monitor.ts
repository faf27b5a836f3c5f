import type { RandomStream } from '../engine/rng.js';
import { Priority, type Simulation } from '../engine/simulation.js';
import { toMillis } from '../engine/time.js';
import type { HealthTimingParams } from '../model/params/health.js';
import type { Task } from '../model/task.js';
import type { Actions } from './actions.js';

/**
 * Health checks and load balancer target health for tasks whose containers have started.
 * Checks run on fixed schedules, so instead of simulating every probe it computes when the
 * first passing check happens and schedules that one event:
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
 * A task that stops before an event fires simply skips it, and so does one whose container
 * exited (or was restarted) since the check was scheduled.
 */
export class HealthMonitor {
  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly timing: HealthTimingParams,
    private readonly rng: RandomStream,
  ) {}

  /** Called when a task's containers have started (RUNNING). */
  containersStarted(task: Task): void {
    const now = this.sim.now;
    const td = task.taskDefinition;
    const readyAt = now + toMillis(this.rng.logNormal(td.readyAfterMs, this.timing.readySigma));
    const hc = td.healthCheck;
    let healthyAt = now;
    if (hc !== undefined) {
      const first = now + (hc.kind === 'ecs-container' ? hc.intervalMs : hc.initialDelayMs);
      healthyAt = firstTickAtOrAfter(first, hc.intervalMs, readyAt);
    }
    this.sim.at(healthyAt, this.onHealthy, { task, run: task.restarts }, Priority.StateChange);

    const tg = task.service.loadBalancer;
    if (tg === null) return;
    const registeredAt = (task.service.kind === 'deployment' ? healthyAt : now) + toMillis(this.rng.logNormal(this.timing.targetRegistration.median, this.timing.targetRegistration.sigma));
    const firstCheck = registeredAt + Math.floor(this.rng.random() * tg.healthCheckIntervalMs);
    const firstPass = firstTickAtOrAfter(firstCheck, tg.healthCheckIntervalMs, readyAt);
    this.sim.at(firstPass + (tg.healthyThreshold - 1) * tg.healthCheckIntervalMs, this.onInService, { task, run: task.restarts }, Priority.StateChange);
  }

  private readonly onHealthy = (c: Run): void => {
    if (upSince(c)) this.actions.markHealthy(c.task);
  };

  private readonly onInService = (c: Run): void => {
    if (upSince(c)) this.actions.markInService(c.task);
  };
}

/** One container run of a task: the task and its restart count when the container started. */
interface Run {
  readonly task: Task;
  readonly run: number;
}

/** The container that started at `c` is still up: the task runs, not restarted or waiting since. */
function upSince(c: Run): boolean {
  return c.task.status === 'RUNNING' && c.task.restarts === c.run && c.task.waiting === null;
}

/** The first time `first + k * interval` (k >= 0) that is at or after `t`. */
export function firstTickAtOrAfter(first: number, interval: number, t: number): number {
  if (t <= first) return first;
  return first + Math.ceil((t - first) / interval) * interval;
}
