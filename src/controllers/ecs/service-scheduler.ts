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
  /**
   * Services left with UNPLACED tasks after their last reconcile: the only ones freed or added
   * capacity can help, so a stopped task or new host wakes these rather than every service.
   */
  private readonly waitingForCapacity = new Set<Service>();
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
      case 'host.registered': {
        // The stopped task's own service may need a replacement; and capacity was freed or
        // added, so every service waiting for capacity may now fit.
        if (record.type === 'task.stopped') {
          const own = this.actions.state.services.get(record.service!);
          if (own !== undefined && own.kind === 'ecs-service') this.requestReconcile(own);
        }
        for (const service of this.waitingForCapacity) this.requestReconcile(service);
        break;
      }
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
    if (service.counts.UNPLACED > 0) this.waitingForCapacity.add(service);
    else this.waitingForCapacity.delete(service);
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
    // Candidates by rank, then by AZ ('' for tasks without a host), each list newest first (the
    // later of equal creation times first). The victim each round is the head of the lowest
    // rank's list whose AZ has the most candidates left, the newest head among equals: the same
    // choice as comparing every candidate, in O(n log n) rather than O(surplus x n).
    const byRank: Map<string, Task[]>[] = [new Map(), new Map(), new Map()];
    const perAz = new Map<string, number>();
    const order = new Map<Task, number>();
    for (const t of service.tasks) {
      if (t.status === 'STOPPING') continue;
      order.set(t, order.size);
      const az = t.host?.az ?? '';
      if (t.host !== null) perAz.set(az, (perAz.get(az) ?? 0) + 1);
      const lists = byRank[t.status === 'UNPLACED' ? 0 : t.status === 'RUNNING' ? 2 : 1]!;
      let list = lists.get(az);
      if (list === undefined) lists.set(az, (list = []));
      list.push(t);
    }
    const newerFirst = (a: Task, b: Task): number => b.createdAt - a.createdAt || order.get(b)! - order.get(a)!;
    for (const lists of byRank) for (const list of lists.values()) list.sort(newerFirst);
    const victims: Task[] = [];
    for (const lists of byRank) {
      const heads = new Map<string, number>([...lists.keys()].map((az) => [az, 0]));
      while (victims.length < surplus) {
        let bestAz: string | undefined;
        for (const [az, at] of heads) {
          const list = lists.get(az)!;
          if (at >= list.length) continue;
          if (bestAz === undefined) {
            bestAz = az;
            continue;
          }
          const byAz = (perAz.get(az) ?? 0) - (perAz.get(bestAz) ?? 0);
          if (byAz > 0 || (byAz === 0 && newerFirst(list[at]!, lists.get(bestAz)![heads.get(bestAz)!]!) < 0)) bestAz = az;
        }
        if (bestAz === undefined) break;
        const at = heads.get(bestAz)!;
        const victim = lists.get(bestAz)![at]!;
        heads.set(bestAz, at + 1);
        if (victim.host !== null) perAz.set(bestAz, perAz.get(bestAz)! - 1);
        victims.push(victim);
      }
    }
    const runner = service.launchType === 'FARGATE' ? this.fargate! : this.agent;
    for (const victim of victims) runner.stop(victim, 'ServiceSchedulerInitiated', 'Scaling activity initiated by (deployment)');
  }
}
