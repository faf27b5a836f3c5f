import { Priority, type Simulation, type Timer } from '../../engine/simulation.js';
import type { StopCode, Task } from '../../model/task.js';
import type { Actions } from '../actions.js';
import type { ContainerRuntime } from '../container-runtime.js';

/**
 * The ECS container agent on EC2 instances: takes a placed task from PROVISIONING through
 * PENDING (image pull, container start) to RUNNING, and stops tasks. One instance serves every
 * host; per-host state (image cache, pulls in flight) lives on the host.
 */
export class ContainerAgent {
  /** The pending lifecycle step of each task in flight, so a stop can cancel it. */
  private readonly timers = new Map<Task, Timer>();

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly runtime: ContainerRuntime,
    /** awsvpcConfiguration.subnets per service (empty or missing: any subnet). */
    private readonly serviceSubnets: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {}

  /** Last ENI failure reported per service, so a repeated one is not logged again. */
  private readonly eniFailureReported = new Set<string>();

  /**
   * Called right after `Actions.placeTask`. An awsvpc task first gets its own ENI, with an
   * address from one of the service's subnets in the instance's AZ (PROVISIONING); it waits
   * there, retrying, while those subnets have no free address.
   */
  start(task: Task): void {
    if (task.service.taskDefinition.networkMode === 'awsvpc') this.provisionEni(task);
    else this.schedule(task, this.runtime.handOffDelay(), this.onAccepted);
  }

  private readonly provisionEni = (task: Task): void => {
    this.timers.delete(task);
    const host = task.host!;
    const subnets = this.actions.state.vpc.subnetsIn(host.az).filter((s) => this.subnetIds(task).length === 0 || this.subnetIds(task).includes(s.id));
    if (!this.actions.attachTaskEni(task, subnets)) {
      const service = task.service.name;
      if (!this.eniFailureReported.has(service)) {
        this.eniFailureReported.add(service);
        this.actions.serviceEvent(
          task.service,
          `(service ${service}) task ${task.id} is waiting in PROVISIONING: CreateNetworkInterface failed in ${host.az} (${subnets.map((s) => s.id).join(', ') || 'no subnet'}): InsufficientFreeAddressesInSubnet`,
        );
      }
      this.schedule(task, this.runtime.params.eniRetryMs, this.provisionEni);
      return;
    }
    this.eniFailureReported.delete(task.service.name);
    const trunk = host.taskEniLimit > host.instanceType.maxEnis - 1;
    const attach = this.runtime.draw(trunk ? this.runtime.params.branchEniAttach : this.runtime.params.taskEniAttach);
    this.schedule(task, attach + this.runtime.handOffDelay(), this.onAccepted);
  };

  private subnetIds(task: Task): readonly string[] {
    return this.serviceSubnets.get(task.service.name) ?? [];
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
    this.timers.set(task, this.sim.after(this.runtime.gracefulExitDelay(), this.onExited, { task, stopCode, reason }, Priority.StateChange));
  }

  private readonly onAccepted = (task: Task): void => {
    this.actions.setTaskStatus(task, 'PENDING', 'agent accepted the task');
    this.schedule(task, this.runtime.pullAndStart(task, task.host!), this.onStarted);
  };

  private readonly onStarted = (task: Task): void => {
    this.timers.delete(task);
    this.actions.setTaskStatus(task, 'RUNNING', 'containers started');
  };

  private readonly onExited = (data: { task: Task; stopCode: StopCode; reason: string }): void => {
    this.timers.delete(data.task);
    this.actions.stopTask(data.task, data.stopCode, data.reason);
  };

  private schedule(task: Task, delay: number, fire: (task: Task) => void): void {
    this.timers.set(task, this.sim.after(Math.max(0, delay), fire, task, Priority.StateChange));
  }

  private cancelTimer(task: Task): void {
    const timer = this.timers.get(task);
    if (timer !== undefined) this.sim.cancel(timer);
    this.timers.delete(task);
  }
}
