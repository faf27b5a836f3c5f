import { Priority, type Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import type { Service } from '../../model/service.js';
import type { Task } from '../../model/task.js';
import type { FleetRecord } from '../../model/trace-record.js';
import { requestOf, type PlacementPolicy } from '../../policy/placement-policy.js';
import { chooseCapacityProvider } from '../../model/capacity-provider.js';
import type { Actions } from '../actions.js';
import type { StopCode } from '../../model/task.js';

/** Runs and stops the tasks of one launch type (the ECS agent on EC2; Fargate). */
export interface TaskRunner {
  start(task: Task): void;
  stop(task: Task, stopCode: StopCode, reason: string): void;
}

/**
 * The ECS service scheduler: a reconcile loop per service that keeps `desiredCount` tasks
 * wanted, places the unplaced ones through the placement policy, and stops the surplus.
 *
 * It is triggered, not polled: a reconcile runs (once per instant, in the Decision band) after a
 * desired-count change, a stopped task or a newly registered host, the events that can change
 * its answer. A task that cannot be placed stays UNPLACED and the service records an ECS-worded
 * event; it is retried at the next trigger.
 */
export class EcsServiceScheduler {
  private readonly due = new Set<Service>();
  /** Last placement failure reported per service, so an unchanged reason is not repeated. */
  private readonly lastFailure = new Map<Service, string>();

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly policy: PlacementPolicy,
    private readonly agent: TaskRunner,
    trace: Trace<FleetRecord>,
    /** Fargate, when the cluster has Fargate services. */
    private readonly fargate?: TaskRunner,
    /** The Auto Scaling group behind each EC2 capacity provider. */
    private readonly capacityProviderGroups: ReadonlyMap<string, string> = new Map(),
  ) {
    trace.subscribe(this.onRecord);
  }

  /** Asks for a reconcile of `service` at the current instant (coalesced). */
  requestReconcile(service: Service): void {
    if (this.due.has(service)) return;
    this.due.add(service);
    this.sim.after(0, this.reconcile, service, Priority.Decision);
  }

  private readonly onRecord = (record: FleetRecord): void => {
    switch (record.type) {
      case 'service.created':
      case 'service.desired-count-changed': {
        const service = this.actions.state.services.get(record.entity);
        if (service !== undefined) this.requestReconcile(service);
        break;
      }
      case 'host.draining':
        this.replaceTasksOn(record.host!);
        break;
      case 'task.stopped':
      case 'host.registered':
        // Capacity was freed or added: every service with unplaced tasks may now fit.
        for (const service of this.actions.state.services.values()) {
          if (service.counts.UNPLACED > 0 || record.type === 'task.stopped') this.requestReconcile(service);
        }
        break;
    }
  };

  private readonly reconcile = (service: Service): void => {
    this.due.delete(service);
    const wanted = service.tasks.size - service.counts.STOPPING;
    if (wanted < service.desiredCount) {
      const strategy = service.capacityProviderStrategy;
      for (let i = wanted; i < service.desiredCount; i++) {
        this.actions.createTask(service, strategy.length === 0 ? null : chooseCapacityProvider(strategy, service.tasksPerCapacityProvider));
      }
    } else if (wanted > service.desiredCount) {
      this.stopSurplus(service, wanted - service.desiredCount);
    }
    this.placeUnplaced(service);
  };

  /**
   * A DRAINING container instance: its service tasks are stopped and the reconcile that follows
   * starts replacements elsewhere. (ECS first starts the replacements when minimumHealthyPercent
   * requires it; deployment configuration is modelled with rolling deployments.)
   */
  private replaceTasksOn(hostId: string): void {
    const host = this.actions.state.hostsById.get(hostId);
    if (host === undefined) return;
    for (const task of [...host.tasks]) {
      if (task.service.kind !== 'ecs-service' || task.status === 'STOPPING') continue;
      this.agent.stop(task, 'ServiceSchedulerInitiated', `Container instance ${host.id} is being drained`);
    }
  }

  private placeUnplaced(service: Service): void {
    if (service.counts.UNPLACED === 0) return;
    if (service.launchType === 'FARGATE') {
      // No placement: AWS finds capacity for every Fargate task (the runner may still wait for an address).
      for (const task of [...service.tasks]) if (task.status === 'UNPLACED') this.fargate!.start(task);
      return;
    }
    const blocked = new Set<string | null>();
    for (const task of service.tasks) {
      if (task.status !== 'UNPLACED' || blocked.has(task.capacityProvider)) continue;
      const group = task.capacityProvider === null ? undefined : this.capacityProviderGroups.get(task.capacityProvider);
      const decision = this.policy.place(requestOf(task, group), this.actions.state);
      if (!decision.ok) {
        // The service's tasks on one provider all ask for the same, so the rest would fail too.
        blocked.add(task.capacityProvider);
        // With a capacity provider the task waits (ECS shows it as PROVISIONING) while managed
        // scaling adds instances; without one ECS reports that it cannot place the task.
        const reason =
          task.capacityProvider === null ? decision.reason : `(service ${service.name}) has tasks waiting in PROVISIONING for capacity from capacity provider ${task.capacityProvider}`;
        if (this.lastFailure.get(service) !== reason) {
          this.lastFailure.set(service, reason);
          this.actions.serviceEvent(service, reason);
        }
        continue;
      }
      this.lastFailure.delete(service);
      this.actions.placeTask(task, decision.host);
      this.agent.start(task);
    }
  }

  /**
   * Scale-in picks the tasks that cost least to lose: unplaced ones, then those still starting,
   * then running tasks from the Availability Zone where the service has the most, newest first,
   * which keeps the service balanced across AZs as ECS does when it stops tasks.
   */
  private stopSurplus(service: Service, surplus: number): void {
    const victims: Task[] = [];
    const candidates = [...service.tasks].filter((t) => t.status !== 'STOPPING');
    const rank = (t: Task): number => (t.status === 'UNPLACED' ? 0 : t.status === 'RUNNING' ? 2 : 1);
    const perAz = new Map<string, number>();
    for (const t of candidates) if (t.host !== null) perAz.set(t.host.az, (perAz.get(t.host.az) ?? 0) + 1);
    while (victims.length < surplus && candidates.length > 0) {
      let best = 0;
      for (let i = 1; i < candidates.length; i++) {
        const a = candidates[i]!;
        const b = candidates[best]!;
        const byRank = rank(a) - rank(b);
        const byAz = (perAz.get(b.host?.az ?? '') ?? 0) - (perAz.get(a.host?.az ?? '') ?? 0);
        if (byRank < 0 || (byRank === 0 && (byAz < 0 || (byAz === 0 && a.createdAt >= b.createdAt)))) best = i;
      }
      const victim = candidates.splice(best, 1)[0]!;
      if (victim.host !== null) perAz.set(victim.host.az, perAz.get(victim.host.az)! - 1);
      victims.push(victim);
    }
    const runner = service.launchType === 'FARGATE' ? this.fargate! : this.agent;
    for (const victim of victims) runner.stop(victim, 'ServiceSchedulerInitiated', 'Scaling activity initiated by (deployment)');
  }
}
