import { Priority, type Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import { cappedBackoffMs } from '../../model/backoff.js';
import type { EksTimingParams } from '../../model/params/eks-timing.js';
import { nodeSchedulingCondition } from '../../model/node-heartbeat.js';
import { podPriority, type Task } from '../../model/task.js';
import type { FleetEvent } from '../../model/events/index.js';
import type { PodSchedulingFailure } from '../../model/events/pod.js';
import { samePlacementFailure } from '../../model/reasons/placement.js';
import { podRequestOf, type PlacementPolicy, type PreemptionDecision } from '../../policy/placement-policy.js';
import type { Actions } from '../actions/index.js';
import type { Kubelet } from './kubelet.js';
import { KUBE_SCHEDULER, REPLICASET_CONTROLLER, type ApiServer } from './api-server.js';

/**
 * kube-scheduler's queue and binding cycle. New pods are scheduled by priority, then in creation
 * order (PrioritySort); a pod no node can take gets a FailedScheduling event with the
 * scheduler's message and waits among the unschedulable pods until a cluster event that could
 * help (a node becomes Ready, a pod is deleted) moves it back, no sooner than its back-off (1 s
 * doubling to 10 s) allows, or until the periodic flush finds it there longer than
 * `podMaxInUnschedulablePodsDuration` (5 min). When preemption nominates a node for it, the pods
 * it preempts there are deleted gracefully and the pod waits for them.
 */
export class KubeScheduler {
  private readonly active: Task[] = [];
  private readonly unschedulable = new Set<Task>();
  /** Time of the pending back-off sweep, if any, so at most one is scheduled. */
  private sweepAt = Number.POSITIVE_INFINITY;
  /** Time of the pending leftover flush, if any (one at a time, like the sweep). */
  private flushAt = Number.POSITIVE_INFINITY;
  private readonly attempts = new Map<Task, { count: number; lastAt: number; failure: PodSchedulingFailure }>();
  private cycleScheduled = false;

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly policy: PlacementPolicy,
    private readonly kubelet: Kubelet,
    private readonly timing: EksTimingParams,
    trace: Trace<FleetEvent>,
    /** The API server, when a scenario loads it (api-load events): pod creations and bindings go through it. */
    private readonly api?: ApiServer,
  ) {
    trace.subscribe(this.onRecord);
  }

  private readonly onRecord = (r: FleetEvent): void => {
    // Cluster events that can make an unschedulable pod fit: a node joins, a pod goes away, or a
    // pod lands (topology spread and anti-affinity count placed pods).
    // A node that is Ready again after a partition counts as joining.
    // A claim bound to its volume (an Immediate StorageClass's) can make its pod fit.
    if (r.type === 'host.registered' || r.type === 'task.stopped' || r.type === 'task.placed' || r.type === 'node.untainted' || r.type === 'node.reconnected' || r.type === 'volume.provisioned') this.moveUnschedulableToActive();
  };

  /** A new pod (from the deployment controller) joins the active queue. */
  enqueue(task: Task): void {
    // The ReplicaSet controller's create call: the pod reaches the queue once the API server accepts it.
    if (this.api !== undefined) return this.api.call(REPLICASET_CONTROLLER, 'create', 'create-pods', task, this.admit, KubeScheduler.unplaced);
    this.admit(task);
  }

  private static unplaced(task: Task): boolean {
    return task.status === 'UNPLACED';
  }

  private readonly admit = (task: Task): void => {
    this.active.push(task);
    this.requestCycle(0);
  };

  private readonly startOnNode = (task: Task): void => this.kubelet.startTask(task);

  /** A bound pod is still wanted (the ReplicaSet controller has not deleted it meanwhile). */
  private static live(task: Task): boolean {
    return task.status !== 'STOPPING' && task.status !== 'STOPPED';
  }

  private requestCycle(delay: number): void {
    if (this.cycleScheduled) return;
    this.cycleScheduled = true;
    this.sim.after(delay, this.cycle, undefined, Priority.Decision);
  }

  /** Cluster events move unschedulable pods back, respecting each pod's back-off. */
  private moveUnschedulableToActive(): void {
    if (this.unschedulable.size === 0) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const task of this.unschedulable) {
      const ready = this.backoffUntil(task);
      if (ready <= this.sim.now) {
        this.unschedulable.delete(task);
        this.active.push(task);
      } else earliest = Math.min(earliest, ready);
    }
    if (this.active.length > 0) this.requestCycle(0);
    if (earliest < this.sweepAt) {
      this.sweepAt = earliest;
      this.sim.at(earliest, this.sweep, undefined, Priority.Decision);
    }
  }

  private readonly sweep = (): void => {
    if (this.sim.now !== this.sweepAt) return; // superseded by an earlier sweep
    this.sweepAt = Number.POSITIVE_INFINITY;
    this.moveUnschedulableToActive();
  };

  /**
   * flushUnschedulablePodsLeftover: at each of its 30-s passes, pods among the unschedulable for
   * longer than podMaxInUnschedulablePodsDuration go back to the queue (their back-off, at most
   * 10 s, is long over). A pass is scheduled only while some pod will be due.
   */
  private scheduleFlush(enteredAt: number): void {
    const due = enteredAt + this.timing.schedulerMaxInUnschedulableMs;
    const period = this.timing.schedulerUnschedulableFlushMs;
    // The first pass (multiples of the period from the start) strictly after the pod is due.
    const at = (Math.floor(due / period) + 1) * period;
    if (at >= this.flushAt) return;
    this.flushAt = at;
    this.sim.at(at, this.flush, undefined, Priority.Decision);
  }

  private readonly flush = (): void => {
    if (this.sim.now !== this.flushAt) return; // superseded by an earlier flush
    this.flushAt = Number.POSITIVE_INFINITY;
    let earliest = Number.POSITIVE_INFINITY;
    for (const task of this.unschedulable) {
      const enteredAt = this.attempts.get(task)?.lastAt ?? this.sim.now;
      if (this.sim.now - enteredAt > this.timing.schedulerMaxInUnschedulableMs) {
        this.unschedulable.delete(task);
        this.active.push(task);
      } else earliest = Math.min(earliest, enteredAt);
    }
    if (this.active.length > 0) this.requestCycle(0);
    if (Number.isFinite(earliest)) this.scheduleFlush(earliest);
  };

  private backoffUntil(task: Task): number {
    const a = this.attempts.get(task);
    if (a === undefined) return this.sim.now;
    const backoff = cappedBackoffMs(this.timing.schedulerBackoffInitialMs, this.timing.schedulerBackoffMaxMs, a.count - 1);
    return a.lastAt + backoff;
  }

  private readonly cycle = (): void => {
    this.cycleScheduled = false;
    const queue = this.active.splice(0, this.active.length);
    // PrioritySort: higher priority first, arrival order among equals (the sort is stable).
    if (queue.some((t) => podPriority(t) !== podPriority(queue[0]!))) queue.sort((a, b) => podPriority(b) - podPriority(a));
    for (const task of queue) {
      if (task.status !== 'UNPLACED') continue;
      const decision = this.policy.place(podRequestOf(task), this.actions.state);
      if (!decision.ok && decision.preemption !== undefined) this.preempt(task, decision.preemption);
      // kube-scheduler binds a pod that tolerates node.kubernetes.io/unschedulable to a cordoned
      // node, as upstream does, and binds to a node whose kubelet went silent while the node still
      // looks Ready (or to a NotReady one, for a pod that tolerates its taints): the pod waits
      // there unseen (Kubelet.startTask). A pod that tolerates every taint could also be bound to
      // a node that has never been Ready; fleetsim keeps it pending instead.
      if (decision.ok && nodeSchedulingCondition(decision.host) !== 'not-ready') {
        this.attempts.delete(task);
        this.actions.tasks.place(task, decision.host);
        // The binding call: kubelet sees the pod once the API server stored it (the scheduler has assumed the node meanwhile).
        if (this.api !== undefined) this.api.call(KUBE_SCHEDULER, 'create', 'bind-pods', task, this.startOnNode, KubeScheduler.live);
        else this.kubelet.startTask(task);
        continue;
      }
      const failure: PodSchedulingFailure = decision.ok
        ? { by: 'node-not-ready', host: decision.host.id, status: decision.host.status }
        : { by: 'scheduler', failure: decision.failure };
      const previous = this.attempts.get(task);
      this.attempts.set(task, { count: (previous?.count ?? 0) + 1, lastAt: this.sim.now, failure });
      // kube-scheduler records an event per attempt; fleetsim keeps one per change of message.
      if (previous === undefined || !sameSchedulingFailure(previous.failure, failure)) this.actions.pods.event(task, { reason: 'FailedScheduling', failure });
      this.unschedulable.add(task);
      this.scheduleFlush(this.sim.now);
    }
  };

  /**
   * Acts on preemption's decision for `task`: deletes the victims on the nominated node
   * (gracefully, each told by a Preempted event; the ReplicaSet controller replaces them) and
   * records the nomination. The pod itself waits among the unschedulable pods; the victims'
   * deletions bring it back.
   */
  private preempt(task: Task, p: PreemptionDecision): void {
    for (const other of p.displaced) this.actions.pods.nominate(other, null, 0);
    if (p.nominated === null) return this.actions.pods.nominate(task, null, 0);
    const host = p.nominated.id;
    for (const victim of p.victims) {
      // One already terminating (an earlier preemption's) needs no second deletion.
      if (victim.status === 'STOPPING' || victim.status === 'STOPPED') continue;
      this.actions.pods.event(victim, { reason: 'Preempted', by: task.id, host });
      this.kubelet.stop(victim, 'ServiceSchedulerInitiated', { code: 'PREEMPTED', by: task.id, host });
    }
    this.actions.pods.nominate(task, host, p.victims.length);
  }

  /** The deployment controller deleted a pod that was still queued. */
  forget(task: Task): void {
    this.unschedulable.delete(task);
    this.attempts.delete(task);
  }
}

/** Whether two FailedScheduling causes say the same (kube-scheduler's message would not change). */
function sameSchedulingFailure(a: PodSchedulingFailure, b: PodSchedulingFailure): boolean {
  if (a.by === 'scheduler' && b.by === 'scheduler') return samePlacementFailure(a.failure, b.failure);
  if (a.by === 'node-not-ready' && b.by === 'node-not-ready') return a.host === b.host && a.status === b.status;
  return false;
}
