import type { Task } from '../../model/task.js';
import type { ActionContext } from './context.js';
import type { ServingTargets } from './serving.js';

/** A task's containers after start: the app exiting on its own, and kubelet's in-place restarts. */
export class ContainerActions {
  constructor(
    private readonly ctx: ActionContext,
    private readonly serving: ServingTargets,
  ) {}

  /**
   * The task's app exited on its own (crash, or the kernel's OOM kill): it stops serving and is
   * no longer healthy. `exitCode` goes on the record's value. The node agent then restarts the
   * container (Kubernetes) or stops the task (ECS).
   */
  exited(task: Task, exitCode: number, detail: string): void {
    if (task.status !== 'RUNNING') throw new Error(`${task.id} cannot exit in ${task.status}`);
    this.serving.stop(task);
    task.healthyAt = null;
    task.inServiceAt = null;
    task.service.failures.exits++;
    this.ctx.emit('container.exited', task.id, detail, { service: task.service.name, host: task.host?.id, value: exitCode });
  }

  /** kubelet restarts a crashed container in place (restartPolicy Always): restartCount + 1. */
  restart(task: Task): void {
    if (task.status !== 'RUNNING') throw new Error(`${task.id} cannot restart a container in ${task.status}`);
    task.restarts++;
    task.waiting = null;
    task.service.failures.restarts++;
    this.ctx.emit('container.restarted', task.id, `restartCount ${task.restarts}`, { service: task.service.name, host: task.host?.id, value: task.restarts });
  }
}
