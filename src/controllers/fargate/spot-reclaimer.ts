import type { RandomStream } from '../../engine/rng.js';
import { Priority, type Simulation } from '../../engine/simulation.js';
import { toMillis } from '../../engine/time.js';
import { FARGATE_SPOT } from '../../model/capacity-provider.js';
import { SPOT_INTERRUPTION } from '../../model/reasons/stop.js';
import type { Task } from '../../model/task.js';
import type { Actions } from '../actions/index.js';
import type { FargateLauncher } from './fargate-launcher.js';

/**
 * Fargate Spot interruptions. AWS reclaims Spot capacity with a two-minute warning, sent as a
 * task state change event and a SIGTERM to the task (ECS developer guide, "Fargate capacity
 * providers"); the task then stops like any other (stopCode SpotInterruption), and the service
 * scheduler replaces it. Interruptions come from scenario events (`spotInterruption`, whose
 * victims src/controllers/infra/spot-notice.ts draws) or at a rate per task-hour, from `rng`.
 */
export class SpotReclaimer {
  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly fargate: FargateLauncher,
    private readonly rng: RandomStream,
    /** Random interruptions, per Spot task and hour (0: only those the scenario's events inject). */
    private readonly interruptionsPerTaskHour: number,
  ) {}

  /** The Fargate Spot tasks running or starting (not stopping): a `spotInterruption` fault's candidates (src/controllers/infra/spot-notice.ts). */
  spotCandidates(): Task[] {
    return this.spotTasks();
  }

  /** The two-minute warning for one of them. */
  spotNotice(task: Task): void {
    this.reclaim(task);
  }

  /** Random interruptions at the configured rate for every Spot task, as a Poisson process over the run. */
  start(): void {
    const perTaskHour = this.interruptionsPerTaskHour;
    if (perTaskHour <= 0) return;
    const tick = (): void => {
      const spot = this.spotTasks();
      if (spot.length > 0) this.reclaim(spot[Math.floor(this.rng.random() * spot.length)]!);
      this.scheduleNext(perTaskHour, tick);
    };
    this.scheduleNext(perTaskHour, tick);
  }

  private scheduleNext(perTaskHour: number, tick: () => void): void {
    // The cluster-wide rate grows with the number of Spot tasks; at least one task's worth so
    // the process keeps running when none are up yet.
    const tasks = Math.max(1, this.spotTasks().length);
    this.sim.after(Math.max(1, toMillis(this.rng.exponential(3_600_000 / (perTaskHour * tasks)))), tick, undefined, Priority.StateChange);
  }

  private spotTasks(): Task[] {
    const out: Task[] = [];
    for (const service of this.actions.state.services.values()) {
      if ((service.tasksPerCapacityProvider.get(FARGATE_SPOT) ?? 0) === 0) continue;
      for (const t of service.tasks) if (t.capacityProvider === FARGATE_SPOT && t.status !== 'STOPPING' && t.status !== 'UNPLACED') out.push(t);
    }
    return out;
  }

  private reclaim(task: Task): void {
    this.actions.services.event(task.service, { code: 'SPOT_TASK_RECLAIMED', task: task.id });
    this.fargate.stop(task, 'SpotInterruption', SPOT_INTERRUPTION);
  }
}
