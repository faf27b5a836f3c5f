import type { ContainerExitCause } from '../../model/events/pod.js';
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
   * The task's app (its essential container) exited on its own: a crash, the kernel's OOM kill
   * at `memoryLimitMiB`, or a SIGKILL from outside. It stops serving and is no longer healthy.
   * The node agent then restarts the container (Kubernetes) or stops the task (ECS).
   */
  exited(task: Task, container: string, exitCode: number, oom: boolean, memoryLimitMiB: number, cause?: ContainerExitCause): void {
    if (task.status !== 'RUNNING') throw new Error(`${task.id} cannot exit in ${task.status}`);
    this.serving.stop(task);
    task.healthyAt = null;
    task.inServiceAt = null;
    task.service.failures.exits++;
    const agent = task.service.kind === 'deployment' ? 'kubelet' : 'ecs';
    this.ctx.emit({ type: 'container.exited', time: this.ctx.now, task: task.id, service: task.service.name, host: task.host?.id ?? null, agent, container, exitCode, oom, memoryLimitMiB, ...(cause === undefined ? {} : { cause }) });
  }

  /** kubelet restarts a crashed container in place (restartPolicy Always): restartCount + 1. */
  restart(task: Task): void {
    if (task.status !== 'RUNNING') throw new Error(`${task.id} cannot restart a container in ${task.status}`);
    task.restarts++;
    task.waiting = null;
    task.service.failures.restarts++;
    this.ctx.emit({ type: 'container.restarted', time: this.ctx.now, task: task.id, service: task.service.name, host: task.host?.id ?? null, restartCount: task.restarts });
  }
}
