import type { RandomStream } from '../../engine/rng.js';
import type { Simulation } from '../../engine/simulation.js';
import { effectivePullPolicy, kubeletPullDecision, onHost, type PullDecision } from '../../model/image-pull-policy.js';
import type { EksTimingParams } from '../../model/params/eks-timing.js';
import { STARTUP_DEPENDENCIES } from '../../model/params/startup-dependencies.js';
import { NO_ADDRESS } from '../../model/network/subnet.js';
import type { StopReason } from '../../model/reasons/stop.js';
import type { ContainerDefinition } from '../../model/task-definition.js';
import type { StopCode, Task } from '../../model/task.js';
import type { Actions } from '../actions/index.js';
import type { ContainerRuntime } from '../container-runtime.js';
import { TaskLifecycle, type NodeAgentParts } from '../task-lifecycle.js';
import type { VolumeAttachWait } from './attach-detach.js';

/**
 * The kubelet on EKS nodes: for a bound pod, creates the sandbox, whose CNI ADD asks ipamd for
 * an address; without one the pod stays in ContainerCreating with a FailedCreatePodSandBox event
 * and kubelet retries after its back-off. Before the sandbox it mounts the pod's volumes
 * (task-lifecycle.ts, `mountPodVolumes`). With an address, images are pulled and containers
 * started (Running). Stopping releases the address (CNI DEL).
 */
export class Kubelet extends TaskLifecycle {
  private readonly sandboxFailures = new Map<Task, number>();

  constructor(
    sim: Simulation,
    actions: Actions,
    agent: NodeAgentParts,
    private readonly runtime: ContainerRuntime,
    private readonly timing: EksTimingParams,
    private readonly rng: RandomStream,
    /** The attach-detach controller, when pods mount volumes: the sandbox waits for them to attach. */
    private readonly volumes?: VolumeAttachWait,
  ) {
    super(sim, actions, agent);
  }

  /** Called right after the scheduler binds the pod: kubelet mounts its volumes, then creates its sandbox. */
  startTask(task: Task): void {
    // The volume manager's WaitForAttachAndMount comes before the sandbox (ContainerCreating
    // meanwhile): EBS volumes attach (attach-detach controller), then EFS volumes mount.
    if (this.volumes?.waitForAttach(task, this.afterAttach) === true) return;
    this.schedule(task, this.runtime.handOffDelay(), this.mountVolumes);
  }

  private readonly afterAttach = (task: Task): void => {
    if (task.status !== 'PROVISIONING') return;
    this.schedule(task, this.runtime.handOffDelay(), this.mountVolumes);
  };

  private readonly mountVolumes = (task: Task): void => {
    if (!this.beginStep(task)) return;
    this.mountPodVolumes(task, this.createSandbox);
  };

  override stop(task: Task, stopCode: StopCode, reason: StopReason): void {
    this.sandboxFailures.delete(task);
    super.stop(task, stopCode, reason);
  }

  protected exitDelay(): number {
    return this.runtime.gracefulExitDelay();
  }

  private readonly createSandbox = (task: Task): void => {
    if (!this.beginStep(task)) return;
    if (this.actions.network.assignPodIp(task) === NO_ADDRESS) {
      const failures = (this.sandboxFailures.get(task) ?? 0) + 1;
      this.sandboxFailures.set(task, failures);
      // One event on the first failure and then on every tenth retry, as `kubectl describe`
      // shows them aggregated ("x10 over 2m").
      if (failures === 1 || failures % 10 === 0) {
        this.actions.pods.event(task, { reason: 'FailedCreatePodSandBox', failures });
      }
      this.schedule(task, this.timing.sandboxRetryMs * (1 + 0.5 * this.rng.random()), this.createSandbox);
      return;
    }
    this.sandboxFailures.delete(task);
    this.schedule(task, this.runtime.draw(this.timing.sandboxCreate), this.onSandboxReady);
  };

  private readonly onSandboxReady = (task: Task): void => {
    if (!this.beginStep(task)) return;
    this.actions.tasks.setStatus(task, 'PENDING', 'SANDBOX_READY');
    this.pull(task);
  };

  /**
   * kubelet's image pull policy (docs/models.md, "Image pull policy"): the container's
   * imagePullPolicy, defaulted by its image's tag (Always for `:latest` or no tag).
   */
  protected override pullDecision(task: Task, container: ContainerDefinition): PullDecision {
    return kubeletPullDecision(effectivePullPolicy(container), onHost(task.host!, container.image));
  }

  /**
   * A pull attempt (the first, or a retry after ImagePullBackOff or ErrImageNeverPull). An image
   * with imagePullPolicy Never that is not on the node: the container cannot be created
   * (ErrImageNeverPull) and the pod worker re-syncs the pod after its back-off period.
   */
  private readonly pull = (task: Task): void => {
    const absent = task.taskDefinition.containers.find((c) => this.decide(task, c) === 'absent');
    if (absent !== undefined) {
      const delay = Math.round(STARTUP_DEPENDENCIES.kubeletSyncRetryMs * (1 + STARTUP_DEPENDENCIES.kubeletSyncRetryJitter * this.rng.random()));
      this.actions.pods.backOff(task, { waiting: 'ErrImageNeverPull', image: absent.image }, delay);
      this.schedule(task, delay, (t) => {
        if (this.beginStep(t)) this.pull(t);
      });
      return;
    }
    if (this.pullFails(task, this.pull)) return;
    this.afterPull(task, this.runtime.pull(task, task.host!, this.resolves), () => this.containersStartIn(task, this.runtime.containerStartDraw));
  };

  /**
   * A container restart is a container start: kubelet ensures its image first. With Always it
   * resolves the tag (a registry round trip), and when the registry cannot be reached the restart
   * fails like a pull (ErrImagePull, ImagePullBackOff) and is tried again after the back-off.
   */
  protected override restartContainer(task: Task): void {
    if (this.pullFails(task, (t) => this.restartContainer(t))) return;
    const resolveMs = this.runtime.resolveMs(task, this.resolves);
    if (resolveMs === 0) super.restartContainer(task);
    else
      this.schedule(task, resolveMs, (t) => {
        if (this.beginStep(t)) super.restartContainer(t);
      });
  }

  /** Whether kubelet asks the registry about a container's image although it is on the node (Always). */
  private readonly resolves = (container: ContainerDefinition): boolean => effectivePullPolicy(container) === 'Always';
}
