import type { Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import type { FleetEvent } from '../../model/events/index.js';
import type { StopReason } from '../../model/reasons/stop.js';
import { ecsEbsSlotsFree } from '../../model/ecs-ebs-attachments.js';
import type { Host } from '../../model/host.js';
import { DEFAULT_ECS_IMAGE_PULL_BEHAVIOR, ecsPullDecision, onHost, type EcsImagePullBehavior, type PullDecision } from '../../model/image-pull-policy.js';
import { ecsTaskEnisOnTrunk } from '../../model/params/host-profiles.js';
import type { ContainerDefinition } from '../../model/task-definition.js';
import type { StopCode, Task } from '../../model/task.js';
import type { Actions } from '../actions/index.js';
import type { ContainerRuntime } from '../container-runtime.js';
import { TaskLifecycle, type NodeAgentParts } from '../task-lifecycle.js';

/**
 * The ECS container agent on EC2 instances: takes a placed task from PROVISIONING through
 * PENDING (image pull, container start) to RUNNING, and stops tasks. One instance serves every
 * host; per-host state (image cache, pulls in flight) lives on the host.
 *
 * An agent that lost the control plane (a nodeNotReady fault: agentConnected false) gets no stop
 * request: ECS records the stop (desired status STOPPED) and takes the target out of its load
 * balancer, but the containers run on, holding the instance's resources, until the agent
 * reconnects and stops them (ECS Developer Guide, "Task lifecycle": a stop takes effect when
 * the request reaches the agent).
 */
export class ContainerAgent extends TaskLifecycle {
  /** Services whose ENI failure was reported and not yet resolved (reported once, not per retry). */
  private readonly eniFailureReported = new Set<string>();
  /**
   * Stops ECS recorded while the task's agent was disconnected, by task id: carried out when it
   * reconnects, dropped if the task stops otherwise first (its instance terminated while disconnected).
   */
  private readonly awaitingAgent = new Map<string, { stopCode: StopCode; reason: StopReason; running: boolean }>();

  constructor(
    sim: Simulation,
    actions: Actions,
    agent: NodeAgentParts,
    private readonly runtime: ContainerRuntime,
    /** awsvpcConfiguration.subnets per service (empty or missing: any subnet). */
    private readonly serviceSubnets: ReadonlyMap<string, readonly string[]> = new Map(),
    /** The ECS account setting `awsvpcTrunking`: tasks on trunk-capable types get branch ENIs. */
    private readonly awsvpcTrunking = false,
    /** ECS_IMAGE_PULL_BEHAVIOR of each Auto Scaling group's instances; a group not in it: default. */
    private readonly pullBehaviors: ReadonlyMap<string, EcsImagePullBehavior> = new Map(),
    trace?: Trace<FleetEvent>,
  ) {
    super(sim, actions, agent);
    trace?.subscribe(this.onRecord);
  }

  /** Per instance, the images a task on it pulled (the agent's image state; an image baked into the AMI is not one). */
  private readonly pulledByTasks = new WeakMap<Host, Set<string>>();

  /**
   * The agent's ECS_IMAGE_PULL_BEHAVIOR (docs/models.md, "Image pull policy"): with `default` and
   * `always` it asks the registry even for an image it has; `once` only for one no task on the
   * instance pulled; `prefer-cached` only for one it does not have.
   */
  protected override pullDecision(task: Task, container: ContainerDefinition): PullDecision {
    const host = task.host!;
    const behavior = this.pullBehaviors.get(host.group) ?? DEFAULT_ECS_IMAGE_PULL_BEHAVIOR;
    return ecsPullDecision(behavior, onHost(host, container.image), this.pulledByTasks.get(host)?.has(container.image) === true);
  }

  override stop(task: Task, stopCode: StopCode, reason: StopReason): void {
    const host = task.host;
    if (host === null || !host.partitioned || task.status === 'UNPLACED' || task.status === 'STOPPING' || task.status === 'STOPPED') return super.stop(task, stopCode, reason);
    // The agent would run the start-up's next step locally; fleetsim holds it, with the stop.
    this.forget(task);
    this.awaitingAgent.set(task.id, { stopCode, reason, running: task.status === 'RUNNING' });
    this.actions.tasks.beginStop(task, reason);
  }

  private readonly onRecord = (r: FleetEvent): void => {
    if (this.awaitingAgent.size === 0) return;
    if (r.type === 'task.stopped') {
      this.awaitingAgent.delete(r.task);
      return;
    }
    if (r.type !== 'node.reconnected') return;
    const host = this.actions.state.hostsById.get(r.host);
    if (host === undefined) return;
    for (const task of [...host.tasks]) {
      const stop = this.awaitingAgent.get(task.id);
      if (stop === undefined) continue;
      this.awaitingAgent.delete(task.id);
      // The target left its load balancer when ECS recorded the stop: SIGTERM at once.
      if (task.status === 'STOPPING') this.carryOutStop(task, stop.stopCode, stop.reason, stop.running, false, 0);
    }
  };

  /**
   * Called right after `actions.tasks.place`. An awsvpc task first gets its own ENI, with an
   * address from one of the service's subnets in the instance's AZ (PROVISIONING); it waits
   * there, retrying, while those subnets have no free address.
   */
  startTask(task: Task): void {
    if (task.taskDefinition.networkMode === 'awsvpc') this.provisionEni(task);
    else this.schedule(task, this.runtime.handOffDelay(), this.onAccepted);
  }

  /**
   * EC2 attaches the task's volume only while the instance has an attachment slot left: its
   * root volume, ENIs (shared limit) and the task volumes already attached or attaching count
   * (src/model/ecs-ebs-attachments.ts). ECS's placement does not count them (docs/models.md,
   * "ECS EBS volumes"), so a task placed on a full instance fails to start.
   */
  protected override ebsAttachmentFits(task: Task): boolean {
    const host = task.host!;
    return ecsEbsSlotsFree(host, ecsTaskEnisOnTrunk(host.instanceType, this.awsvpcTrunking), this.actions.state.volumes) > 0;
  }

  protected exitDelay(): number {
    return this.runtime.gracefulExitDelay();
  }

  private readonly provisionEni = (task: Task): void => {
    if (!this.beginStep(task)) return;
    const host = task.host!;
    const wanted = this.serviceSubnets.get(task.service.name) ?? [];
    const subnets = this.actions.state.vpc.subnetsIn(host.az).filter((s) => wanted.length === 0 || wanted.includes(s.id));
    const service = task.service.name;
    if (!this.actions.network.attachTaskEni(task, subnets)) {
      if (!this.eniFailureReported.has(service)) {
        this.eniFailureReported.add(service);
        this.actions.services.event(task.service, { code: 'TASK_WAITING_FOR_ENI', task: task.id, az: host.az, subnets: subnets.map((s) => s.id) });
      }
      this.schedule(task, this.runtime.params.eniRetryMs, this.provisionEni);
      return;
    }
    this.eniFailureReported.delete(service);
    const trunk = ecsTaskEnisOnTrunk(host.instanceType, this.awsvpcTrunking);
    const attach = this.runtime.draw(trunk ? this.runtime.params.branchEniAttach : this.runtime.params.taskEniAttach);
    this.schedule(task, attach + this.runtime.handOffDelay(), this.onAccepted);
  };

  private readonly onAccepted = (task: Task): void => {
    if (!this.beginStep(task)) return;
    this.actions.tasks.setStatus(task, 'PENDING', 'AGENT_ACCEPTED');
    this.retrieveResources(task, this.pull);
  };

  /**
   * After the task's secrets are fetched: the image pull, then the containers. Called again after
   * a failed pull the agent falls back from (ECS_IMAGE_PULL_BEHAVIOR default), the image then
   * counting as cached.
   */
  private readonly pull = (task: Task): void => {
    if (this.pullFails(task, this.pull)) return;
    const host = task.host!;
    for (const c of task.taskDefinition.containers) {
      const d = this.decide(task, c);
      if (d === 'pull' || d === 'resolve') this.pulledBy(host).add(c.image);
    }
    this.schedule(task, this.runtime.pull(task, host) + this.containersStartIn(task, this.runtime.containerStartDraw), this.onStarted);
  };

  private pulledBy(host: Host): Set<string> {
    let images = this.pulledByTasks.get(host);
    if (images === undefined) this.pulledByTasks.set(host, (images = new Set()));
    return images;
  }
}
