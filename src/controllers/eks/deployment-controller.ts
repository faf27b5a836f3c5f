import { Priority, type Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import type { Service } from '../../model/service.js';
import type { Task } from '../../model/task.js';
import type { FleetRecord } from '../../model/trace-record.js';
import type { Actions } from '../actions.js';
import type { StopCode } from '../../model/task.js';
import type { KubeScheduler } from './kube-scheduler.js';
import type { Kubelet } from './kubelet.js';

/** Runs pods that a Fargate profile selects (no kube-scheduler, no node of ours). */
export interface FargatePodRunner {
  start(task: Task): void;
  stop(task: Task, stopCode: StopCode, reason: string): void;
}

/**
 * The Deployment/ReplicaSet controller: keeps `replicas` pods. Scale-down deletes pods in the
 * ReplicaSet controller's order of preference: unscheduled before scheduled, pending before
 * running, then the most recently created first.
 */
export class DeploymentController {
  private readonly due = new Set<Service>();

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly scheduler: KubeScheduler,
    private readonly kubelet: Kubelet,
    trace: Trace<FleetRecord>,
    private readonly fargate?: FargatePodRunner,
  ) {
    trace.subscribe(this.onRecord);
  }

  private readonly onRecord = (r: FleetRecord): void => {
    if (r.type === 'host.draining') return this.evictFrom(r.host!);
    if (r.type !== 'service.created' && r.type !== 'service.desired-count-changed' && r.type !== 'task.stopped') return;
    const service = r.service === undefined ? undefined : this.actions.state.services.get(r.service);
    if (service === undefined || service.kind !== 'deployment' || this.due.has(service)) return;
    this.due.add(service);
    this.sim.after(0, this.reconcile, service, Priority.Decision);
  };

  /** `kubectl drain`: the cordoned node's pods are evicted (graceful) and replaced elsewhere. */
  private evictFrom(hostId: string): void {
    const host = this.actions.state.hostsById.get(hostId);
    if (host === undefined) return;
    for (const pod of [...host.tasks]) {
      if (pod.service.kind !== 'deployment' || pod.status === 'STOPPING') continue;
      this.kubelet.stop(pod, 'TerminationNotice', `Evicted: node ${host.id} is being drained`);
    }
  }

  private readonly reconcile = (service: Service): void => {
    this.due.delete(service);
    const wanted = service.tasks.size - service.counts.STOPPING;
    const onFargate = service.launchType === 'FARGATE';
    for (let i = wanted; i < service.desiredCount; i++) {
      const pod = this.actions.createTask(service);
      if (onFargate) this.fargate!.start(pod);
      else this.scheduler.enqueue(pod);
    }
    if (wanted > service.desiredCount) {
      const rank = (t: Task): number => (t.status === 'UNPLACED' ? 0 : t.status === 'RUNNING' ? 2 : 1);
      const victims = [...service.tasks]
        .filter((t) => t.status !== 'STOPPING')
        .sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
        .slice(0, wanted - service.desiredCount);
      for (const pod of victims) {
        this.scheduler.forget(pod);
        (onFargate ? this.fargate! : this.kubelet).stop(pod, 'ServiceSchedulerInitiated', 'Deleted by the ReplicaSet controller (scale down)');
      }
    }
  };
}
