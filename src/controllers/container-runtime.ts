import type { RandomStream } from '../engine/rng.js';
import { Priority, type Simulation } from '../engine/simulation.js';
import { toMillis } from '../engine/time.js';
import type { Host } from '../model/host.js';
import type { Ec2TaskStartupParams, LogNormalParams } from '../model/params/ec2-task-startup.js';
import type { ContainerDefinition } from '../model/task-definition.js';
import type { Task } from '../model/task.js';
import type { Actions } from './actions/index.js';

/**
 * The container runtime on an EC2 host (containerd under the ECS agent or kubelet): pulls
 * images into the host's cache and starts containers. Shared by the ECS agent and the kubelet,
 * which differ in how a task gets there, not in how its containers start.
 */
export class ContainerRuntime {
  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    readonly params: Ec2TaskStartupParams,
    private readonly rng: RandomStream,
  ) {}

  /**
   * Starts (or joins) the pulls of the task's images on its host and returns the delay, from
   * now, until they are all there (the node agent adds the containers' start). Cached images cost
   * nothing, unless `resolves` says the agent resolves the tag first (kubelet's imagePullPolicy
   * Always): that costs a registry round trip, modelled as a pull's fixed registry overhead
   * (authentication, manifest), without the layers. An image already being pulled on the host is
   * waited for, not pulled twice; an image that ships with the host (the Service Connect agent) is
   * never pulled.
   */
  pull(task: Task, host: Host, resolves?: (container: ContainerDefinition) => boolean): number {
    let done = this.sim.now;
    for (const container of task.taskDefinition.containers) {
      if (container.preloaded === true) continue;
      if (host.images.has(container.image)) {
        if (resolves !== undefined && resolves(container)) done = Math.max(done, this.sim.now + this.draw(this.params.registryOverhead));
        continue;
      }
      let finish = host.imagePullsInFlight.get(container.image);
      if (finish === undefined) {
        const seconds = container.imageSizeMiB / this.params.pullThroughputMiBps;
        finish = this.sim.now + this.draw(this.params.registryOverhead) + toMillis(seconds * 1000);
        this.actions.images.startPull(host, container.image, finish);
        this.sim.at(finish, this.onPulled, { host, image: container.image }, Priority.StateChange);
      }
      if (finish > done) done = finish;
    }
    this.actions.tasks.imagesReady(task, done - this.sim.now);
    return done - this.sim.now;
  }

  /**
   * The time the agent takes to resolve the tags of the task's cached images that `resolves` says
   * it resolves (a registry round trip each, concurrently: a pull's fixed registry overhead); 0,
   * drawing nothing, when there are none. For a container restart, whose images are on the host.
   */
  resolveMs(task: Task, resolves: (container: ContainerDefinition) => boolean): number {
    let ms = 0;
    for (const container of task.taskDefinition.containers) if (container.preloaded !== true && resolves(container)) ms = Math.max(ms, this.draw(this.params.registryOverhead));
    return ms;
  }

  /** One container start (the runtime creating and starting it), ms. */
  readonly containerStartDraw = (): number => this.draw(this.params.containerStart);

  /** Time from SIGTERM to exit for an application that handles it. */
  gracefulExitDelay(): number {
    return this.draw(this.params.gracefulExit);
  }

  /** The control plane's hand-off to the node agent (ECS agent or kubelet watch). */
  handOffDelay(): number {
    return this.draw(this.params.agentHandOff);
  }

  draw(p: LogNormalParams): number {
    return toMillis(this.rng.logNormal(p.median, p.sigma));
  }

  private readonly onPulled = (data: { host: Host; image: string }): void => {
    this.actions.images.finishPull(data.host, data.image);
  };
}
