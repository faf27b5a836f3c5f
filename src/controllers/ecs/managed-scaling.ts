import { Priority, type Simulation } from '../../engine/simulation.js';
import type { CapacityProviderSpec, ManagedScalingSpec } from '../../model/capacity-provider.js';
import type { DeviceCounts } from '../../model/devices.js';
import type { Host } from '../../model/host.js';
import type { AutoScalingGroupSpec } from '../../model/simulation-spec.js';
import type { Task } from '../../model/task.js';
import type { GroupDesiredCause } from '../../model/events/autoscaling.js';
import type { Actions } from '../actions/index.js';

/** What managed scaling needs of the Auto Scaling groups. */
export interface ScalableGroups {
  instancesOf(name: string): Host[];
  desiredOf(name: string): number | null;
  setDesired(name: string, desired: number, cause: GroupDesiredCause): void;
}

/**
 * ECS cluster auto scaling for one Auto Scaling group capacity provider with managed scaling
 * (ECS developer guide, "Automatically manage Amazon ECS capacity with cluster auto scaling"):
 *
 * Every minute ECS computes CapacityProviderReservation = M / N x 100, N the instances in the
 * group, M the instances needed. With tasks waiting for this provider, M = N + the instances a
 * binpack of the waiting tasks onto the group's instance type needs, at least
 * minimumScalingStepSize and at most maximumScalingStepSize; tasks too big for one instance are
 * left out. Otherwise M = the instances running at least one task. The target tracking policy
 * sets the desired capacity to ceil(M x 100 / targetCapacity): scale-out on one datapoint (and
 * not while any instance is inside instanceWarmupPeriod), scale-in only after 15 consecutive
 * datapoints below the target, by at most half the instances per minute.
 */
export class ManagedScaling {
  private lowDatapoints = 0;
  private readonly scaling: ManagedScalingSpec;

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly provider: CapacityProviderSpec,
    private readonly group: AutoScalingGroupSpec,
    private readonly groups: ScalableGroups,
    /** Registered CPU, memory and GPUs of one instance of the group's type. */
    private readonly instance: { cpu: number; memoryMiB: number; devices: DeviceCounts; taskEniLimit: number },
  ) {
    this.scaling = provider.managedScaling!;
  }

  start(): void {
    this.sim.every(60_000, this.evaluate, { start: 60_000, priority: Priority.Decision });
  }

  private readonly evaluate = (): void => {
    const name = this.group.name;
    const hosts = this.groups.instancesOf(name);
    const n = hosts.length;
    const waiting = this.waitingTasks();
    let needed: number;
    if (waiting.length > 0) {
      const extra = this.instancesFor(waiting);
      if (extra === 0) return; // Nothing waiting fits one instance: ECS leaves the metric at 100 %.
      const step = Math.max(this.scaling.minimumScalingStepSize, Math.min(this.scaling.maximumScalingStepSize, extra));
      needed = n + step;
    } else {
      needed = hosts.filter((h) => h.tasks.size > 0 || h.status === 'REGISTERING').length;
    }
    const reservation = n === 0 ? (needed === 0 ? 100 : 200) : (needed / n) * 100;
    const target = this.scaling.targetCapacity;
    const desired = Math.ceil((needed * 100) / target);
    const current = this.groups.desiredOf(name) ?? n;
    this.actions.scaling.reservationMeasured({ capacityProvider: this.provider.name, reservation, instances: n, needed, targetCapacity: target });
    if (reservation > target && desired > current) {
      this.lowDatapoints = 0;
      if (hosts.some((h) => this.sim.now - h.launchedAt < this.scaling.instanceWarmupMs && h.launchedAt > 0)) return;
      this.groups.setDesired(name, desired, { code: 'MANAGED_SCALING_OUT', reservation, targetCapacity: target });
    } else if (reservation < target && desired < current) {
      this.lowDatapoints++;
      if (this.lowDatapoints < 15) return;
      const floor = Math.max(desired, current - Math.max(1, Math.floor(current / 2)));
      this.groups.setDesired(name, floor, { code: 'MANAGED_SCALING_IN', reservation, targetCapacity: target });
    } else this.lowDatapoints = 0;
  };

  private waitingTasks(): Task[] {
    const out: Task[] = [];
    for (const service of this.actions.state.services.values()) {
      if (!service.capacityProviderStrategy.some((s) => s.capacityProvider === this.provider.name) || service.counts.UNPLACED === 0) continue;
      for (const task of service.tasks) if (task.status === 'UNPLACED' && task.capacityProvider === this.provider.name) out.push(task);
    }
    return out;
  }

  /** Instances a binpack of the tasks needs, grouped by identical requirements; 0 if none fits one instance. */
  private instancesFor(tasks: readonly Task[]): number {
    const groups = new Map<string, { cpu: number; memoryMiB: number; gpus: number; awsvpc: boolean; count: number }>();
    for (const t of tasks) {
      const awsvpc = t.taskDefinition.networkMode === 'awsvpc';
      const gpus = t.taskDefinition.devices?.nvidiaGpu ?? 0;
      const key = `${t.cpu}/${t.memoryMiB}/${gpus}/${awsvpc}`;
      const g = groups.get(key);
      if (g === undefined) groups.set(key, { cpu: t.cpu, memoryMiB: t.memoryMiB, gpus, awsvpc, count: 1 });
      else g.count++;
    }
    let instances = 0;
    for (const g of groups.values()) {
      let perInstance = Math.min(Math.floor(this.instance.cpu / Math.max(1, g.cpu)), Math.floor(this.instance.memoryMiB / Math.max(1, g.memoryMiB)));
      if (g.awsvpc) perInstance = Math.min(perInstance, this.instance.taskEniLimit);
      // GPUs are whole and never shared: an instance takes as many such tasks as it has GPUs for.
      if (g.gpus > 0) perInstance = Math.min(perInstance, Math.floor(this.instance.devices.nvidiaGpu / g.gpus));
      if (perInstance > 0) instances += Math.ceil(g.count / perInstance);
    }
    return instances;
  }
}
