import type { BackOff, PodEventCause } from '../../model/events/pod.js';
import type { Task } from '../../model/task.js';
import type { ActionContext } from './context.js';

/** What kubelet and the control plane say about a pod: Kubernetes events and back-offs. */
export class PodActions {
  constructor(private readonly ctx: ActionContext) {}

  /** A Kubernetes event about a pod (kubectl describe's Events): its reason and what it says. */
  event(task: Task, cause: PodEventCause): void {
    this.ctx.emit({ type: 'pod.event', time: this.ctx.now, task: task.id, service: task.service.name, host: task.host?.id ?? null, cause });
  }

  /**
   * kube-scheduler's preemption nominated `host` for the pending pod (status.nominatedNodeName)
   * after preempting `victims` pods there; `host` null clears the nomination.
   */
  nominate(task: Task, host: string | null, victims: number): void {
    this.ctx.emit({ type: 'pod.nominated', time: this.ctx.now, task: task.id, service: task.service.name, host, victims });
  }

  /**
   * kubelet waits `delayMs` before the next attempt (container state `waiting`, reason
   * CrashLoopBackOff or ImagePullBackOff) and says so with a BackOff event.
   */
  backOff(task: Task, backOff: BackOff, delayMs: number): void {
    task.waiting = backOff.waiting;
    this.ctx.emit({ type: 'pod.back-off', time: this.ctx.now, task: task.id, service: task.service.name, host: task.host?.id ?? null, backOff, delayMs });
  }
}
