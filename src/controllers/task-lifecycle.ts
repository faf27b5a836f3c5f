import { Priority, type Simulation, type Timer } from '../engine/simulation.js';
import type { StopCode, Task } from '../model/task.js';
import type { Actions } from './actions.js';
import type { HealthMonitor } from './health-monitor.js';

/**
 * What every node agent shares (ECS agent, kubelet, Fargate): one pending lifecycle timer per
 * task, so a stop can cancel a start-up step; and the stop path — an UNPLACED task stops at
 * once, a placed one goes to STOPPING (SIGTERM), exits after the agent's exit delay and is
 * STOPPED, releasing what it held.
 */
export abstract class TaskLifecycle {
  private readonly timers = new Map<Task, Timer>();

  constructor(
    protected readonly sim: Simulation,
    protected readonly actions: Actions,
    private readonly health: HealthMonitor,
  ) {}

  /** Time from SIGTERM until the task's processes have exited. */
  protected abstract exitDelay(task: Task): number;

  stop(task: Task, stopCode: StopCode, reason: string): void {
    this.cancel(task);
    if (task.status === 'UNPLACED') {
      this.actions.stopTask(task, stopCode, reason);
      return;
    }
    if (task.status === 'STOPPING' || task.status === 'STOPPED') return;
    this.actions.setTaskStatus(task, 'STOPPING', reason);
    this.timers.set(task, this.sim.after(this.exitDelay(task), this.onExited, { task, stopCode, reason }, Priority.StateChange));
  }

  /** Runs `fire(task)` after `delay` ms as the task's one pending lifecycle step. */
  protected schedule(task: Task, delay: number, fire: (task: Task) => void): void {
    this.timers.set(task, this.sim.after(Math.max(0, Math.round(delay)), fire, task, Priority.StateChange));
  }

  /** Call first in every scheduled step: the step is no longer pending. */
  protected stepFired(task: Task): void {
    this.timers.delete(task);
  }

  /** The containers are up: the task is RUNNING. */
  protected readonly onStarted = (task: Task): void => {
    this.stepFired(task);
    this.actions.setTaskStatus(task, 'RUNNING', 'containers started');
    this.health.containersStarted(task);
  };

  /** Hook for subclasses, called just before a stopping task becomes STOPPED. */
  protected beforeStopped(_task: Task): void {}

  private cancel(task: Task): void {
    const timer = this.timers.get(task);
    if (timer !== undefined) this.sim.cancel(timer);
    this.timers.delete(task);
  }

  private readonly onExited = (data: { task: Task; stopCode: StopCode; reason: string }): void => {
    this.stepFired(data.task);
    this.beforeStopped(data.task);
    this.actions.stopTask(data.task, data.stopCode, data.reason);
  };
}
