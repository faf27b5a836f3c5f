import type { RandomStream } from '../../engine/rng.js';
import { Priority, type Simulation, type Timer } from '../../engine/simulation.js';
import { toMillis } from '../../engine/time.js';
import type { Host } from '../../model/host.js';
import type { Ec2TaskStartupParams, LogNormalParams } from '../../model/params/ec2-task-startup.js';
import type { StopCode, Task } from '../../model/task.js';
import type { Actions } from '../actions.js';

/**
 * The ECS container agent on EC2 instances: takes a placed task from PROVISIONING through
 * PENDING (image pull, container start) to RUNNING, and stops tasks. One instance serves every
 * host; per-host state (image cache, pulls in flight) lives on the host.
 */
export class ContainerAgent {
  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly params: Ec2TaskStartupParams,
    private readonly rng: RandomStream,
  ) {}

  /** The pending lifecycle step of each task in flight, so a stop can cancel it. */
  private readonly timers = new Map<Task, Timer>();

  /** Called right after `Actions.placeTask`. */
  start(task: Task): void {
    const handOff = this.draw(this.params.agentHandOff);
    this.schedule(task, handOff, this.onAccepted);
  }

  /**
   * Stops a task that the scheduler no longer wants. UNPLACED tasks stop at once; placed ones
   * go through STOPPING (SIGTERM, the app exits) and release their host when STOPPED.
   */
  stop(task: Task, stopCode: StopCode, reason: string): void {
    this.cancelTimer(task);
    if (task.status === 'UNPLACED') {
      this.actions.stopTask(task, stopCode, reason);
      return;
    }
    if (task.status === 'STOPPING' || task.status === 'STOPPED') return;
    this.actions.setTaskStatus(task, 'STOPPING', reason);
    const exit = this.draw(this.params.gracefulExit);
    this.timers.set(task, this.sim.after(exit, this.onExited, { task, stopCode, reason }, Priority.StateChange));
  }

  private readonly onAccepted = (task: Task): void => {
    this.actions.setTaskStatus(task, 'PENDING', 'agent accepted the task');
    const host = task.host!;
    const pullDone = this.pullAll(task, host);
    const start = this.draw(this.params.containerStart);
    this.schedule(task, pullDone - this.sim.now + start, this.onStarted);
  };

  private readonly onStarted = (task: Task): void => {
    this.timers.delete(task);
    this.actions.setTaskStatus(task, 'RUNNING', 'containers started');
  };

  private readonly onExited = (data: { task: Task; stopCode: StopCode; reason: string }): void => {
    this.timers.delete(data.task);
    this.actions.stopTask(data.task, data.stopCode, data.reason);
  };

  /**
   * Starts (or joins) the pulls of the task's images on the host and returns when all are done.
   * Cached images cost nothing; an image already being pulled is waited for, not pulled twice.
   */
  private pullAll(task: Task, host: Host): number {
    let done = this.sim.now;
    for (const container of task.service.taskDefinition.containers) {
      if (host.images.has(container.image)) continue;
      let finish = host.imagePullsInFlight.get(container.image);
      if (finish === undefined || finish < this.sim.now) {
        const seconds = container.imageSizeMiB / this.params.pullThroughputMiBps;
        finish = this.sim.now + this.draw(this.params.registryOverhead) + toMillis(seconds * 1000);
        this.actions.startImagePull(host, container.image, finish);
        this.sim.at(finish, this.onPulled, { host, image: container.image }, Priority.StateChange);
      }
      if (finish > done) done = finish;
    }
    return done;
  }

  private readonly onPulled = (data: { host: Host; image: string }): void => {
    this.actions.finishImagePull(data.host, data.image);
  };

  private schedule(task: Task, delay: number, fire: (task: Task) => void): void {
    this.timers.set(task, this.sim.after(Math.max(0, delay), fire, task, Priority.StateChange));
  }

  private cancelTimer(task: Task): void {
    const timer = this.timers.get(task);
    if (timer !== undefined) this.sim.cancel(timer);
    this.timers.delete(task);
  }

  private draw(p: LogNormalParams): number {
    return toMillis(this.rng.logNormal(p.median, p.sigma));
  }
}
