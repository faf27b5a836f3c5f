import type { Task } from '../../model/task.js';
import type { ActionContext } from './context.js';

/** What kubelet and the control plane say about a pod: Kubernetes events and back-offs. */
export class PodActions {
  constructor(private readonly ctx: ActionContext) {}

  /**
   * A Kubernetes event about a pod (kubectl describe's Events): `reason` is the event reason
   * (FailedScheduling, FailedCreatePodSandBox), `message` its text.
   */
  event(task: Task, reason: string, message: string): void {
    this.ctx.emit('pod.event', task.id, `${reason}: ${message}`, { service: task.service.name, host: task.host?.id });
  }

  /**
   * kubelet waits before the next attempt (container state `waiting`, reason CrashLoopBackOff or
   * ImagePullBackOff) and says so with a BackOff event. `delayMs` goes on the record's value.
   */
  backOff(task: Task, waitingReason: string, message: string, delayMs: number): void {
    task.waiting = waitingReason;
    this.ctx.emit('pod.back-off', task.id, `${waitingReason}: BackOff: ${message} (back-off ${delayMs / 1000}s)`, { service: task.service.name, host: task.host?.id, value: delayMs });
  }
}
