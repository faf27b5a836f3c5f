import { taskPerformance } from '../../model/params/cpu-performance.js';
import { taskAz, type Task } from '../../model/task.js';

/**
 * Which tasks take traffic: `Task.serving` and the per-service counts (Service.serving,
 * Service.deadServing, Service.servingPerformance) kept in step. Shared by the task actions (in
 * service, out of service) and the host actions (an instance failure leaves its targets in
 * service, dead, until the load balancer notices).
 */
export class ServingTargets {
  /** Serving tasks whose instance failed (Service.deadServing counts them per service). */
  private readonly dead = new Set<Task>();

  start(task: Task): void {
    if (task.serving) return;
    task.serving = true;
    task.service.serving++;
    task.service.servingPerformance += taskPerformance(task);
    // Behind a load balancer a task serves from markInService, which has just set inServiceAt.
    if (task.service.slowStart !== null && task.inServiceAt !== null) task.service.slowStart.enter(task, task.inServiceAt);
    // Kept on the task (not a Map beside it): this runs on every serving change.
    const az = taskAz(task);
    if (az !== undefined) {
      task.servingAz = az;
      bump(task.service.servingPerAz, az, 1);
    }
  }

  /** The task leaves its load balancer (deregistration) or stops: it no longer takes traffic. */
  stop(task: Task): void {
    if (!task.serving) return;
    task.serving = false;
    task.service.serving--;
    task.service.slowStart?.leave(task);
    // Back to exactly 0 with the last one, so sums of floats do not drift over a long run.
    task.service.servingPerformance = task.service.serving === 0 ? 0 : task.service.servingPerformance - taskPerformance(task);
    const az = task.servingAz;
    if (az !== null) {
      task.servingAz = null;
      bump(task.service.servingPerAz, az, -1);
    }
    if (task.service.deadServing > 0 && this.dead.delete(task)) {
      task.service.deadServing--;
      if (az !== null) bump(task.service.deadServingPerAz, az, -1);
    }
  }

  /** The task's instance failed: it stays a target, but requests sent to it fail. */
  markDead(task: Task): void {
    if (!task.serving || this.dead.has(task)) return;
    this.dead.add(task);
    task.service.deadServing++;
    if (task.servingAz !== null) bump(task.service.deadServingPerAz, task.servingAz, 1);
  }
}

/** Counts per AZ without zero entries. */
function bump(counts: Map<string, number>, az: string, delta: 1 | -1): void {
  const n = (counts.get(az) ?? 0) + delta;
  if (n === 0) counts.delete(az);
  else counts.set(az, n);
}
