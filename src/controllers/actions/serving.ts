import { taskPerformance } from '../../model/params/cpu-performance.js';
import type { Task } from '../../model/task.js';

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
  }

  /** The task leaves its load balancer (deregistration) or stops: it no longer takes traffic. */
  stop(task: Task): void {
    if (!task.serving) return;
    task.serving = false;
    task.service.serving--;
    // Back to exactly 0 with the last one, so sums of floats do not drift over a long run.
    task.service.servingPerformance = task.service.serving === 0 ? 0 : task.service.servingPerformance - taskPerformance(task);
    if (task.service.deadServing > 0 && this.dead.delete(task)) task.service.deadServing--;
  }

  /** The task's instance failed: it stays a target, but requests sent to it fail. */
  markDead(task: Task): void {
    if (!task.serving || this.dead.has(task)) return;
    this.dead.add(task);
    task.service.deadServing++;
  }
}
