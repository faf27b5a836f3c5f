import type { Host } from '../../model/host.js';
import type { Task } from '../../model/task.js';

/** A pending pod that preemption nominated a node for (its status.nominatedNodeName). */
export interface Nominee {
  readonly task: Task;
  readonly node: Host;
  readonly priority: number;
  /** The pods it preempted there. */
  readonly victims: readonly Task[];
}

/**
 * kube-scheduler's nominated pods (the PodNominator of its scheduling queue): which pending
 * pods wait for which node after preempting pods there, and which pods are being deleted by
 * preemption. Kept by KubeSchedulerPolicy: filtering reserves a node's room for its nominees
 * of equal or higher priority (RunFilterPluginsWithNominatedPods), and preemption reads it to
 * decide whether a pod may preempt again. A nomination ends when its pod is bound or stops, or
 * when a later cycle finds preemption does not help (the policy clears it).
 */
export class Nominations {
  private readonly byTask = new Map<string, Nominee>();
  private readonly byNode = new Map<number, Nominee[]>();
  /** Pods deleted by preemption that have not stopped yet. */
  private readonly preempted = new Set<string>();

  /** How many pods hold a nomination. */
  get size(): number {
    return this.byTask.size;
  }

  /** Whether anything is tracked (a nomination or a pod being deleted by preemption). */
  get active(): boolean {
    return this.byTask.size > 0 || this.preempted.size > 0;
  }

  of(task: string): Nominee | undefined {
    return this.byTask.get(task);
  }

  /** The pods nominated to a node (by host index). */
  on(hostIndex: number): readonly Nominee[] {
    return this.byNode.get(hostIndex) ?? NONE;
  }

  /** Whether the pod is being deleted by a preemption (it counts as terminating by preemption). */
  isPreempted(task: string): boolean {
    return this.preempted.has(task);
  }

  /**
   * Nominates `node` for the pod and marks its victims. Returns the nominees of lower priority
   * whose nomination to that node it clears (prepareCandidate: they may no longer fit there).
   */
  nominate(task: Task, node: Host, priority: number, victims: readonly Task[]): Task[] {
    this.clear(task.id);
    const displaced: Task[] = [];
    for (const other of [...this.on(node.index)]) {
      if (other.priority < priority) {
        this.clear(other.task.id);
        displaced.push(other.task);
      }
    }
    const nominee: Nominee = { task, node, priority, victims };
    this.byTask.set(task.id, nominee);
    let list = this.byNode.get(node.index);
    if (list === undefined) this.byNode.set(node.index, (list = []));
    list.push(nominee);
    for (const v of victims) this.preempted.add(v.id);
    return displaced;
  }

  /** Ends the pod's nomination; false when it had none. */
  clear(task: string): boolean {
    const nominee = this.byTask.get(task);
    if (nominee === undefined) return false;
    this.byTask.delete(task);
    const list = this.byNode.get(nominee.node.index)!;
    list.splice(list.indexOf(nominee), 1);
    if (list.length === 0) this.byNode.delete(nominee.node.index);
    return true;
  }

  /** The pod was bound or stopped: its nomination (if any) ends, and it is no longer a victim being deleted. */
  forget(task: string): void {
    this.clear(task);
    this.preempted.delete(task);
  }
}

const NONE: readonly Nominee[] = Object.freeze([]);
