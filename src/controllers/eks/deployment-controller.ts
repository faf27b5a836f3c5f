import { Priority, type Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import { kubeRollingBounds, pdbDesiredHealthy, pdbDisruptionsAllowed, podAvailable, podReady, readyPods, type Service } from '../../model/service.js';
import type { Task } from '../../model/task.js';
import type { FleetEvent } from '../../model/events/index.js';
import { REPLICASET_ROLLING_UPDATE, REPLICASET_SCALE_DOWN, type StopReason } from '../../model/reasons/stop.js';
import type { Actions } from '../actions/index.js';
import type { StopCode } from '../../model/task.js';
import type { EksTimingParams } from '../../model/params/eks-timing.js';
import type { KubeScheduler } from './kube-scheduler.js';
import type { Kubelet } from './kubelet.js';

/** Runs pods that a Fargate profile selects (no kube-scheduler, no node of ours). */
export interface FargatePodRunner {
  startTask(task: Task): void;
  stop(task: Task, stopCode: StopCode, reason: StopReason): void;
}

/**
 * The Deployment/ReplicaSet controller: keeps `replicas` pods. Scale-down deletes pods in the
 * ReplicaSet controller's order of preference: unscheduled before scheduled, pending before
 * running, then the most recently created first. It syncs a workload a reaction time after a
 * change it watches (the informer's event and the workqueue, `workloadControllerReactionMs`);
 * a change to the Deployment itself (created, scaled, a new revision) goes through the
 * Deployment controller, which scales the ReplicaSet, and then the ReplicaSet controller: two
 * reactions. Changes within a reaction share one sync.
 */
export class DeploymentController {
  private readonly due = new Set<Service>();
  /** Per rollout in progress: its last progress signature and when it changed. */
  private readonly progress = new Map<Service, { signature: string; at: number; exceeded: boolean }>();

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly scheduler: KubeScheduler,
    private readonly kubelet: Kubelet,
    private readonly timing: Pick<EksTimingParams, 'workloadControllerReactionMs'>,
    trace: Trace<FleetEvent>,
    private readonly fargate?: FargatePodRunner,
  ) {
    trace.subscribe(this.onRecord);
  }

  private readonly onRecord = (r: FleetEvent): void => {
    if (r.type === 'host.draining') return this.evictFrom(r.host);
    const rollout =
      r.type === 'service.deployment-started' || r.type === 'task.status-changed' || r.type === 'task.healthy' || r.type === 'task.recovered' || r.type === 'task.unhealthy' || r.type === 'container.exited';
    if (r.type !== 'service.created' && r.type !== 'service.desired-count-changed' && r.type !== 'task.stopped' && !rollout) return;
    const service = this.actions.state.services.get(r.service);
    // StatefulSets have their own controller (stateful-set-controller.ts).
    if (service === undefined || service.kind !== 'deployment' || service.statefulSet !== undefined) return;
    if (rollout && r.type !== 'service.deployment-started' && service.deployment.rolloutState === 'COMPLETED') return;
    // With minReadySeconds a Ready pod becomes available later: look again then.
    const minReady = service.rollingUpdate.minReadyMs;
    // The controller's own AddAfter: the sync follows at once, no watch event in between.
    if (minReady > 0 && (r.type === 'task.healthy' || r.type === 'task.recovered')) this.sim.after(minReady, this.requestOwnReconcile, service, Priority.Decision);
    // The Deployment's own spec changed: the Deployment controller reacts, then the ReplicaSet one.
    const specChange = r.type === 'service.created' || r.type === 'service.desired-count-changed' || r.type === 'service.deployment-started';
    this.requestReconcile(service, specChange ? 2 : 1);
  };

  private readonly requestOwnReconcile = (service: Service): void => this.requestReconcile(service, 0);

  /** Syncs the workload after `hops` controller reactions (one: the controller watching the change). */
  private readonly requestReconcile = (service: Service, hops = 1): void => {
    if (this.due.has(service)) return;
    this.due.add(service);
    this.sim.after(hops * this.timing.workloadControllerReactionMs, this.reconcile, service, Priority.Decision);
  };

  /** Drained nodes with an eviction refused by a PodDisruptionBudget, waiting for the 5 s retry. */
  private readonly evictionRetries = new Set<string>();

  /**
   * `kubectl drain`: the cordoned node's pods are evicted (graceful) and replaced elsewhere. An
   * eviction its PodDisruptionBudget does not allow is refused (429) and retried every 5 s.
   */
  private evictFrom(hostId: string): void {
    const host = this.actions.state.hostsById.get(hostId);
    if (host === undefined) return;
    let refused = false;
    for (const pod of [...host.tasks]) {
      if (pod.service.kind !== 'deployment' || pod.status === 'STOPPING') continue;
      if (!this.evictionAllowed(pod)) {
        refused = true;
        this.actions.pods.event(pod, EVICTION_REFUSED);
        continue;
      }
      this.kubelet.stop(pod, 'TerminationNotice', { code: 'EVICTED_NODE_DRAINING', host: host.id });
    }
    if (refused && !this.evictionRetries.has(hostId)) {
      this.evictionRetries.add(hostId);
      this.sim.after(5_000, this.retryEvictions, hostId, Priority.Decision);
    }
  }

  private readonly retryEvictions = (hostId: string): void => {
    this.evictionRetries.delete(hostId);
    if (this.actions.state.hostsById.get(hostId)?.status === 'DRAINING') this.evictFrom(hostId);
  };

  /**
   * The Eviction API's budget check: disruptionsAllowed = Ready pods - desiredHealthy must be
   * positive for a Ready pod; a pod that is not Ready may go while the budget is met
   * (unhealthyPodEvictionPolicy IfHealthyBudget, the default).
   */
  private evictionAllowed(pod: Task): boolean {
    const pdb = pod.service.podDisruptionBudget;
    if (pdb === null) return true;
    // The disruption controller counts Ready pods (minReadySeconds is the Deployment's notion).
    if (podReady(pod)) return pdbDisruptionsAllowed(pdb, pod.service.tasks, pod.service.desiredCount) > 0;
    return readyPods(pod.service.tasks) >= pdbDesiredHealthy(pdb, pod.service.desiredCount);
  }

  private readonly reconcile = (service: Service): void => {
    this.due.delete(service);
    if (service.deployment.rolloutState !== 'COMPLETED') return this.rollOut(service);
    const wanted = service.tasks.size - service.counts.STOPPING;
    const onFargate = service.launchType === 'FARGATE';
    for (let i = wanted; i < service.desiredCount; i++) {
      const pod = this.actions.tasks.create(service);
      if (onFargate) this.fargate!.startTask(pod);
      else this.scheduler.enqueue(pod);
    }
    if (wanted > service.desiredCount) this.scaleDown(service, [...service.tasks], wanted - service.desiredCount);
  };

  /**
   * Deletes `n` of the pods (none STOPPING counted) in the ReplicaSet controller's order of
   * preference: unscheduled before scheduled, pending before running, the newest first.
   */
  private scaleDown(service: Service, pods: readonly Task[], n: number): void {
    const rank = (t: Task): number => (t.status === 'UNPLACED' ? 0 : t.status === 'RUNNING' ? 2 : 1);
    const victims = pods
      .filter((t) => t.status !== 'STOPPING')
      .sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
      .slice(0, n);
    for (const pod of victims) {
      this.scheduler.forget(pod);
      (service.launchType === 'FARGATE' ? this.fargate! : this.kubelet).stop(pod, 'ServiceSchedulerInitiated', REPLICASET_SCALE_DOWN);
    }
  }


  /** Available to a rollout: Ready for at least minReadySeconds. */
  private available(t: Task): boolean {
    return podAvailable(t, t.service.rollingUpdate.minReadyMs, this.sim.now);
  }

  private startPod(service: Service, pod: Task): void {
    if (service.launchType === 'FARGATE') this.fargate!.startTask(pod);
    else this.scheduler.enqueue(pod);
  }

  /**
   * One step of a Kubernetes rolling update (docs/models.md, "Deployments and the circuit
   * breaker"): scale the new ReplicaSet up while all pods stay at or below replicas + maxSurge,
   * scale the old ones down while available pods stay at or above replicas - maxUnavailable, and
   * complete once only new pods remain and `replicas` of them are available. A rollout that makes
   * no progress for progressDeadlineSeconds gets Progressing=False (ProgressDeadlineExceeded);
   * Kubernetes does not roll back on its own, so the controller keeps trying.
   */
  private rollOut(service: Service): void {
    const deployment = service.deployment;
    const td = deployment.taskDefinition;
    const replicas = service.desiredCount;
    const recreate = service.rollingUpdate.type === 'Recreate';
    const { maxSurge, maxUnavailable } = recreate ? { maxSurge: 0, maxUnavailable: replicas } : kubeRollingBounds(replicas, service.rollingUpdate);
    const live = [...service.tasks].filter((t) => t.status !== 'STOPPING');
    // A scale-down during the rollout first shrinks every ReplicaSet (a step of its own, as in Kubernetes).
    if (!recreate && this.scaleDownProportionally(service, live, replicas, maxSurge)) return;
    const fresh = live.filter((t) => t.taskDefinition === td);
    const old = live.filter((t) => t.taskDefinition !== td);
    // Recreate: no new pod until every old one is gone, terminating ones included.
    const oldLeft = recreate && [...service.tasks].some((t) => t.taskDefinition !== td);
    const room = oldLeft ? 0 : Math.min(replicas - fresh.length, Math.max(0, replicas + maxSurge - live.length));
    for (let i = 0; i < room; i++) this.startPod(service, this.actions.tasks.create(service));
    // Scaled down during the rollout: the new ReplicaSet never keeps more than `replicas` pods.
    if (fresh.length > replicas) this.scaleDown(service, fresh, fresh.length - replicas);
    if (room > 0) this.actions.services.event(service, { code: 'SCALED_UP_REPLICA_SET', revision: td.revision, replicas: fresh.length + room });
    // Old pods: unavailable ones go first and freely; available ones while the floor holds.
    let available = live.filter((t) => this.available(t)).length;
    const floor = replicas - maxUnavailable;
    const victims: Task[] = [];
    const ordered = [...old].sort((a, b) => Number(this.available(a)) - Number(this.available(b)) || b.createdAt - a.createdAt);
    for (const t of ordered) {
      if (this.available(t)) {
        if (available - 1 < floor) break;
        available--;
      }
      victims.push(t);
    }
    if (victims.length > 0) this.actions.services.event(service, { code: 'SCALED_DOWN_OLD_REPLICA_SETS', by: victims.length, to: old.length - victims.length });
    for (const t of victims) {
      this.scheduler.forget(t);
      (service.launchType === 'FARGATE' ? this.fargate! : this.kubelet).stop(t, 'ServiceSchedulerInitiated', REPLICASET_ROLLING_UPDATE);
    }
    const freshAvailable = fresh.filter((t) => this.available(t)).length;
    if (old.length - victims.length === 0 && service.counts.STOPPING === 0 && freshAvailable >= replicas && fresh.length === replicas) {
      this.progress.delete(service);
      this.actions.services.setRolloutState(service, deployment, 'COMPLETED', { code: 'NEW_REPLICASET_AVAILABLE', revision: td.revision });
      return;
    }
    const signature = `${deployment.id}/${fresh.length + room}/${freshAvailable}/${old.length - victims.length}`;
    const seen = this.progress.get(service);
    if (seen === undefined || seen.signature !== signature) {
      const at = this.sim.now;
      this.progress.set(service, { signature, at, exceeded: false });
      this.sim.after(service.rollingUpdate.progressDeadlineMs, this.checkDeadline, { service, at }, Priority.Decision);
    }
  }

  /**
   * Kubernetes' proportional scaling (deployment/sync.go `scale`) for a Deployment scaled down
   * during a rollout: when its pods exceed the allowed size (replicas + maxSurge; 0 for 0
   * replicas), each ReplicaSet keeps round(size x allowed / pods) of its pods, the largest (the
   * older among equals) giving up what rounding leaves over; each deletes in the ReplicaSet
   * controller's order. Returns whether it deleted anything. (Kubernetes also spreads a
   * scale-up over the old ReplicaSets; here new pods come only from the rollout, which ends
   * in the same place.)
   */
  private scaleDownProportionally(service: Service, live: readonly Task[], replicas: number, maxSurge: number): boolean {
    const allowed = replicas === 0 ? 0 : replicas + maxSurge;
    const surplus = live.length - allowed;
    if (surplus <= 0) return false;
    const sets = new Map<Task['taskDefinition'], Task[]>();
    for (const t of live) {
      const set = sets.get(t.taskDefinition);
      if (set === undefined) sets.set(t.taskDefinition, [t]);
      else set.push(t);
    }
    // ReplicaSetsBySizeOlder: the largest first, the older (lower revision) among equals.
    const ordered = [...sets].sort(([a, x], [b, y]) => y.length - x.length || a.revision - b.revision).map(([, pods]) => pods);
    let cut = 0;
    const cuts = ordered.map((pods) => {
      const share = Math.min(pods.length - Math.round((pods.length * allowed) / live.length), surplus - cut);
      cut += share;
      return share;
    });
    cuts[0] = Math.min(ordered[0]!.length, cuts[0]! + surplus - cut);
    ordered.forEach((pods, i) => {
      if (cuts[i]! > 0) this.scaleDown(service, pods, cuts[i]!);
    });
    return true;
  }

  private readonly checkDeadline = ({ service, at }: { service: Service; at: number }): void => {
    const seen = this.progress.get(service);
    if (seen === undefined || seen.at !== at || seen.exceeded || service.deployment.rolloutState !== 'IN_PROGRESS') return;
    seen.exceeded = true;
    const d = service.deployment;
    this.actions.services.setRolloutState(service, d, 'FAILED', { code: 'PROGRESS_DEADLINE_EXCEEDED', revision: d.taskDefinition.revision });
  };
}

const EVICTION_REFUSED = Object.freeze({ reason: 'EvictionRefused' } as const);
