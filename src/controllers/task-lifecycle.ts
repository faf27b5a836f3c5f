import type { RandomStream } from '../engine/rng.js';
import { Priority, type Simulation, type Timer } from '../engine/simulation.js';
import { appExit, backOffMs, KILLED_EXIT_CODE, nextBackOffIndex, pullFailureDelayMs, registryDown, type AppExit } from '../model/app-failure.js';
import { containerStartPlan, needsStartPlan, startRefusal } from '../model/container-start.js';
import { asksRegistry, onHost, type PullDecider, type PullDecision } from '../model/image-pull-policy.js';
import type { ContainerExitCause } from '../model/events/pod.js';
import type { StopReason } from '../model/reasons/stop.js';
import { appContainer, requestsInFlight, shutdownOf, type ContainerDefinition } from '../model/task-definition.js';
import { requireTaskAz, type StopCode, type Task } from '../model/task.js';
import type { Actions } from './actions/index.js';
import type { HealthMonitor } from './health-monitor.js';
import type { StartupDependencies } from './startup-dependencies.js';
import type { TaskVolumes } from './task-volumes.js';
import { EBS_TIMING, ECS_EBS_VOLUME_READY_MS } from '../model/params/ebs.js';

/** How much traffic one serving task of a service handles now: the load driver's view. */
export interface TrafficReadout {
  /** Requests per second one serving task of `service` answers now (0 without traffic). */
  servedRps(service: string): number;
}

/** What every node agent is constructed with, besides the kernel and the actions. */
export interface NodeAgentParts {
  /** Told when a task's containers start, so its health checks and probes begin. */
  readonly health: HealthMonitor;
  /** Read at each stop: the requests a stopping task still has in flight. */
  readonly traffic: TrafficReadout;
  /** The named stream crash-on-start draws come from (drawn only when a scenario sets a probability). */
  readonly failureRng: RandomStream;
  /** Secrets, registry credentials and the VPC path to them (null: the scenario has none of these to model). */
  readonly dependencies: StartupDependencies | null;
  /** The volumes tasks mount as they start (null: no service mounts one). */
  readonly volumes: TaskVolumes | null;
}

/** A stop in progress: why, and the in-flight work the task had when it stopped serving. */
interface Stopping {
  readonly task: Task;
  readonly stopCode: StopCode;
  readonly reason: StopReason;
  /** Requests per second the task was serving when it left its load balancer. */
  readonly rps: number;
  /**
   * When the last request it accepted finishes (it accepts none after leaving the load
   * balancer); brought forward to the cut-off when the deregistration delay runs out first.
   */
  drainEnd: number;
}

/**
 * What every node agent shares (ECS agent, kubelet, Fargate): one pending lifecycle timer per
 * task, so a stop can cancel a start-up step; and the stop path (docs/models.md, "Graceful
 * shutdown"):
 *
 * - an UNPLACED task stops at once; one that is not RUNNING yet has no app to signal and exits
 *   after the agent's exit delay;
 * - a RUNNING task goes to STOPPING and leaves its load balancer. ECS deregisters the target
 *   first and sends SIGTERM only when deregistration completes: after the target group's
 *   deregistration delay, or as soon as the target has no request in flight, whichever is
 *   first (ELB completes deregistration early then). Kubernetes removes the endpoint and
 *   sends SIGTERM at the same time;
 * - after SIGTERM an app that handles it finishes its in-flight requests and exits (plus the
 *   runtime's exit delay); one that ignores it runs on. Either way SIGKILL comes at the stop
 *   timeout (ECS stopTimeout, Kubernetes terminationGracePeriodSeconds), and the requests
 *   still in flight then are dropped.
 *
 * In-flight requests follow Little's law: a task serving r requests/s with requests of d ms has
 * r x d / 1000 in flight, started uniformly over the last d ms, so t ms after it stops taking
 * new ones r x (d - t) / 1000 remain.
 *
 * App failures (docs/models.md, "Application failures and back-off"): when the task definition
 * has a failure model, each container start may end in a crash or an OOM kill, and pulls of a
 * failing image fail. ECS stops the task (EssentialContainerExited, or TaskFailedToStart with
 * CannotPullContainerError) and its service scheduler replaces it; kubelet restarts the
 * container in place, or retries the pull, after its back-off (CrashLoopBackOff,
 * ImagePullBackOff).
 */
/** A task with nothing to fetch or mount. */
const NOTHING_TO_WAIT_FOR = Object.freeze({ ok: true as const, delayMs: 0 });

export abstract class TaskLifecycle {
  private readonly timers = new Map<Task, Timer>();
  private readonly health: HealthMonitor;
  private readonly traffic: TrafficReadout;
  private readonly failureRng: RandomStream;
  private readonly dependencies: StartupDependencies | null;
  private readonly taskVolumes: TaskVolumes | null;
  /** Failed mounts of a pod's volumes so far (kubelet's back-off and its event's count). */
  private readonly mountFailures = new Map<Task, number>();
  /** kubelet's back-off index per pod (crash restarts and image pulls), -1 or absent: none yet. */
  private readonly backOffIndex = new Map<Task, number>();
  /** Tasks whose agent could not reach the registry and uses its cached images (ECS_IMAGE_PULL_BEHAVIOR default). */
  private readonly usingCache = new Set<Task>();

  constructor(
    protected readonly sim: Simulation,
    protected readonly actions: Actions,
    agent: NodeAgentParts,
  ) {
    this.health = agent.health;
    this.traffic = agent.traffic;
    this.failureRng = agent.failureRng;
    this.dependencies = agent.dependencies;
    this.taskVolumes = agent.volumes;
  }

  /** Time from SIGTERM until the task's processes have exited (an app with nothing in flight). */
  protected abstract exitDelay(task: Task): number;

  stop(task: Task, stopCode: StopCode, reason: StopReason): void {
    this.forget(task);
    if (task.status === 'UNPLACED') {
      this.actions.tasks.stop(task, stopCode, reason);
      return;
    }
    if (task.status === 'STOPPING' || task.status === 'STOPPED') return;
    const running = task.status === 'RUNNING';
    const serving = task.serving;
    const rps = serving ? this.traffic.servedRps(task.service.name) : 0;
    // STOPPING takes the task out of its load balancer: no new request reaches it from now on.
    this.actions.tasks.beginStop(task, reason);
    this.carryOutStop(task, stopCode, reason, running, serving, rps);
  }

  /**
   * The agent's part of a stop, once the task is STOPPING: exit at once when no container is up,
   * else SIGTERM (after the ECS target's deregistration while it was `serving` `rps`), SIGKILL at
   * the stop timeout.
   */
  protected carryOutStop(task: Task, stopCode: StopCode, reason: StopReason, running: boolean, serving: boolean, rps: number): void {
    const now = this.sim.now;
    const requestMs = shutdownOf(task.taskDefinition).requestDurationMs;
    const stopping: Stopping = { task, stopCode, reason, rps, drainEnd: rps > 0 ? now + requestMs : now };
    if (!running) {
      // No container is up yet: nothing handles or ignores SIGTERM, the agent just cleans up.
      this.timers.set(task, this.sim.after(this.exitDelay(task), this.onExited, stopping, Priority.StateChange));
      return;
    }
    const tg = task.service.loadBalancer;
    // ECS: SIGTERM waits for the target's deregistration (connection draining); Kubernetes
    // sends it while the endpoint is being removed.
    const deregistering = task.service.kind === 'ecs-service' && tg !== null && serving ? Math.min(tg.deregistrationDelayMs, stopping.drainEnd - now) : 0;
    if (deregistering > 0) this.timers.set(task, this.sim.after(deregistering, this.onSigterm, stopping, Priority.StateChange));
    else this.sigterm(stopping, false);
  }

  /**
   * The task is gone at once with what ran it (a Fargate task in an impaired AZ): no SIGTERM, no
   * deregistration delay; requests in flight to it are lost. Its pending step is cancelled.
   */
  lose(task: Task, stopCode: StopCode, reason: StopReason): void {
    if (task.status === 'STOPPED') return;
    this.forget(task);
    if (task.status !== 'UNPLACED') this.beforeStopped(task);
    this.actions.tasks.stop(task, stopCode, reason);
  }

  /** Runs `fire(task)` after `delay` ms as the task's one pending lifecycle step. */
  protected schedule(task: Task, delay: number, fire: (task: Task) => void): void {
    this.timers.set(task, this.sim.after(Math.max(0, Math.round(delay)), fire, task, Priority.StateChange));
  }


  /**
   * Call first in every scheduled step: the step is no longer pending. False when the step must
   * not run because the control plane stopped the task behind the agent's back (the node
   * lifecycle controller's eviction from an unreachable node, or Auto Scaling's replacement of a
   * failed instance, stop a task directly); the agent then forgets it.
   */
  protected beginStep(task: Task): boolean {
    this.timers.delete(task);
    if (task.status !== 'STOPPED') return true;
    this.backOffIndex.delete(task);
    this.usingCache.delete(task);
    return false;
  }

  /**
   * The delay from the images being ready until every container has started. Without an order or
   * a mesh proxy, one `drawStart()` (the runtime starts them together); with one, the plan of
   * src/model/container-start.ts (a draw per container), which the trace records.
   */
  protected containersStartIn(task: Task, drawStart: () => number): number {
    const containers = task.taskDefinition.containers;
    if (!needsStartPlan(containers)) return drawStart();
    const plan = containerStartPlan(containers, drawStart);
    this.actions.tasks.containersOrdered(task, plan);
    return plan.allStartedMs;
  }

  /** The containers are up: the task is RUNNING. */
  protected readonly onStarted = (task: Task): void => {
    if (!this.beginStep(task)) return;
    this.usingCache.delete(task);
    this.actions.tasks.setStatus(task, 'RUNNING', 'CONTAINERS_STARTED');
    this.containerUp(task);
  };

  /**
   * Call at PENDING, before the pull (docs/models.md, "Start-up dependencies", "EFS volumes"):
   * ECS fetches the task's secrets (and on Fargate ECR's credentials) and mounts its EFS volumes
   * first, concurrently, then `pull` runs. A fetch or mount that fails stops the task
   * (TaskFailedToStart, ResourceInitializationError on Fargate) after the attempt has failed
   * (the earlier of the two when both fail); its service scheduler launches a replacement with
   * its back-off. A pod on Fargate mounts its volumes as kubelet does (`mountPodVolumes`).
   */
  protected retrieveResources(task: Task, pull: (task: Task) => void): void {
    if (task.service.kind !== 'ecs-service' && this.taskVolumes !== null) {
      this.mountPodVolumes(task, pull);
      return;
    }
    const deps = this.dependencies;
    const volumes = this.taskVolumes;
    const ebs = task.service.managedEbsVolume;
    if (deps === null && volumes === null && ebs === undefined) {
      pull(task);
      return;
    }
    const r = deps === null ? NOTHING_TO_WAIT_FOR : deps.resourceRetrieval(task);
    const v = volumes === null ? NOTHING_TO_WAIT_FOR : volumes.setUp(task);
    // ECS creates the task's managed EBS volume in its AZ and attaches it (docs/models.md, "ECS
    // EBS volumes"); billed from CreateVolume, so also when the task then fails to start. On an
    // instance with no attachment slot left, EC2 refuses the AttachVolume once the volume exists.
    let ebsMs = 0;
    let ebsRefused: StopReason | null = null;
    if (ebs !== undefined) {
      const attaches = this.ebsAttachmentFits(task);
      const volume = this.actions.volumes.provisionTaskVolume(task, ebs, requireTaskAz(task, 'to create its volume in'), attaches);
      ebsMs = ECS_EBS_VOLUME_READY_MS;
      if (!attaches) ebsRefused = { code: 'EBS_ATTACHMENT_FAILED', volume: volume.id, name: ebs.name, host: task.host!.id };
    }
    // The first failure stops the task; at the same time a fetch goes before a mount before an attach.
    let first: { afterMs: number; reason: StopReason } | null = r.ok ? null : { afterMs: r.afterMs, reason: { code: 'RESOURCE_INITIALIZATION', dependency: r.failure } };
    if (!v.ok && (first === null || v.afterMs < first.afterMs)) first = { afterMs: v.afterMs, reason: { code: 'EFS_MOUNT_FAILED', mount: v.failure } };
    if (ebsRefused !== null && (first === null || EBS_TIMING.createMs < first.afterMs)) first = { afterMs: EBS_TIMING.createMs, reason: ebsRefused };
    if (first !== null) {
      this.failToStart(task, first.afterMs, first.reason);
      return;
    }
    const delay = Math.max(r.ok ? r.delayMs : 0, v.ok ? v.delayMs : 0, ebsMs);
    if (delay === 0) pull(task);
    else this.schedule(task, delay, (t) => {
      if (!this.beginStep(t)) return;
      if (ebs !== undefined) this.actions.volumes.attachedTaskVolume(t, ebs);
      pull(t);
    });
  }

  /**
   * Whether the task's managed EBS volume can attach to its host: always where no instance is
   * involved (Fargate attaches it to the task's own micro-VM); the ECS agent on EC2 counts the
   * instance's attachment slots.
   */
  protected ebsAttachmentFits(_task: Task): boolean {
    return true;
  }

  /** ECS stops a task whose resources could not be set up, `afterMs` from now (stopCode TaskFailedToStart). */
  private failToStart(task: Task, afterMs: number, reason: StopReason): void {
    this.schedule(task, afterMs, (t) => {
      if (!this.beginStep(t)) return;
      this.beforeStopped(t);
      this.actions.tasks.stop(t, 'TaskFailedToStart', reason);
    });
  }

  /**
   * kubelet, before it creates the pod's sandbox (docs/models.md, "EFS volumes"): mounts the
   * pod's volumes, then `next` runs. While a mount fails the pod stays ContainerCreating with a
   * FailedMount event (the first, then every tenth) and kubelet retries with its exponential
   * back-off.
   */
  protected mountPodVolumes(task: Task, next: (task: Task) => void): void {
    const volumes = this.taskVolumes;
    if (volumes === null) {
      next(task);
      return;
    }
    const v = volumes.setUp(task);
    if (v.ok) {
      this.mountFailures.delete(task);
      if (v.delayMs === 0) next(task);
      else this.schedule(task, v.delayMs, (t) => {
        if (this.beginStep(t)) next(t);
      });
      return;
    }
    const failures = (this.mountFailures.get(task) ?? 0) + 1;
    this.mountFailures.set(task, failures);
    this.schedule(task, v.afterMs, (t) => {
      if (!this.beginStep(t)) return;
      if (failures === 1 || failures % 10 === 0) this.actions.pods.event(t, { reason: 'FailedMount', mount: v.failure, failures });
      this.schedule(t, volumes.kubeletRetryMs(failures), (r) => {
        if (this.beginStep(r)) this.mountPodVolumes(r, next);
      });
    });
  }

  /**
   * The images are being pulled (`pullMs` from now): then the containers are created and start
   * (`startMs()` more). kubelet creates them only with every Secret they read: while one is
   * missing the pod waits in CreateContainerConfigError and kubelet re-syncs it after its
   * back-off period (docs/models.md, "Start-up dependencies").
   */
  protected afterPull(task: Task, pullMs: number, startMs: () => number): void {
    if (this.dependencies?.missingKubernetesSecret(task) == null) {
      this.schedule(task, pullMs + startMs(), this.onStarted);
      return;
    }
    this.schedule(task, pullMs, (t) => this.createContainers(t, startMs));
  }

  private createContainers(task: Task, startMs: () => number): void {
    if (!this.beginStep(task)) return;
    const missing = this.dependencies!.missingKubernetesSecret(task);
    if (missing !== null) {
      const delay = this.dependencies!.kubeletRetryMs();
      this.actions.pods.backOff(task, { waiting: 'CreateContainerConfigError', secret: missing }, delay);
      this.schedule(task, delay, (t) => this.createContainers(t, startMs));
      return;
    }
    this.schedule(task, startMs(), this.onStarted);
  }

  /**
   * What the agent does about `container`'s image for `task` now (docs/models.md, "Image pull
   * policy"). The base, for agents without a policy of their own: an image on the task's host (or
   * being pulled there) is used as it is; without a host (Fargate, no image cache) every image is
   * pulled. kubelet and the ECS agent override it with imagePullPolicy and ECS_IMAGE_PULL_BEHAVIOR.
   */
  protected pullDecision(task: Task, container: ContainerDefinition): PullDecision {
    const host = task.host;
    return host !== null && onHost(host, container.image) ? 'cached' : 'pull';
  }

  /**
   * `pullDecision`, except that a task whose agent already failed to reach the registry and fell
   * back on its cached images (`resolve-or-cached`) now uses them.
   */
  protected readonly decide: PullDecider = (task, container) => {
    const d = this.pullDecision(task, container);
    return d === 'resolve-or-cached' && this.usingCache.has(task) ? 'cached' : d;
  };

  /**
   * Call where the agent would pull the task's images. When one of them fails to pull, handles
   * the failure and returns true: ECS stops the task with CannotPullContainerError after the
   * failed attempt; kubelet reports ErrImagePull, backs off (ImagePullBackOff) and calls `retry`.
   * An image the ECS agent has cached under ECS_IMAGE_PULL_BEHAVIOR default is used once the
   * attempt has failed: the agent records the failure and calls `retry`, which now finds it cached.
   */
  protected pullFails(task: Task, retry: (task: Task) => void): boolean {
    const pull = task.taskDefinition.failure?.imagePull ?? this.outagePull(task) ?? this.dependencies?.pullFailure(task, this.sim.now, this.decide);
    if (pull === undefined) return false;
    this.schedule(task, pullFailureDelayMs(pull.fails), (t) => {
      if (!this.beginStep(t)) return;
      if ('fallBack' in pull && pull.fallBack) {
        this.actions.tasks.failImagePull(t, pull.image, pull.fails, true);
        this.usingCache.add(t);
        retry(t);
        return;
      }
      this.actions.tasks.failImagePull(t, pull.image, pull.fails);
      if (t.service.kind === 'ecs-service') {
        this.beforeStopped(t);
        this.actions.tasks.stop(t, 'TaskFailedToStart', { code: 'CANNOT_PULL_CONTAINER', image: pull.image, failure: pull.fails });
        return;
      }
      const delay = this.nextBackOff(t, 0);
      this.actions.pods.backOff(t, { waiting: 'ImagePullBackOff', image: pull.image }, delay);
      this.schedule(t, delay, (r) => {
        // The next pull attempt; the pod stays waiting (ImagePullBackOff) unless it succeeds.
        if (!this.beginStep(r)) return;
        retry(r);
      });
    });
    return true;
  }

  /**
   * The pull a scenario registry outage breaks (docs/models.md, "Injected faults"): the first of
   * the task's images the agent asks the registry about now (`decide`: one it must pull, or a
   * cached one its policy resolves first) from a registry that is down. It fails as
   * registry-unreachable; `fallBack` when the agent then uses its cached copy.
   */
  private outagePull(task: Task): { image: string; fails: 'registry-unreachable'; fallBack: boolean } | undefined {
    const outages = this.actions.state.registryOutages;
    if (outages.length === 0) return undefined;
    for (const c of task.taskDefinition.containers) {
      if (c.preloaded === true) continue;
      const d = this.decide(task, c);
      if (!asksRegistry(d)) continue;
      if (registryDown(c.image, outages)) return { image: c.image, fails: 'registry-unreachable', fallBack: d === 'resolve-or-cached' };
    }
    return undefined;
  }

  /**
   * A scenario fault kills the task's essential container (SIGKILL from outside, exit code 137):
   * the same path as an app exit, so ECS stops the task (EssentialContainerExited) and kubelet
   * restarts the container after its back-off. Only a RUNNING task whose container is up (not
   * waiting in a back-off) can be killed; returns false otherwise.
   */
  killContainer(task: Task): boolean {
    if (task.status !== 'RUNNING' || task.waiting !== null) return false;
    this.cancel(task);
    this.appExited(task, { afterMs: 0, exitCode: KILLED_EXIT_CODE, oom: false });
    return true;
  }

  /** A container (re)started: health checks begin and the app's failure model, if any, runs. */
  private containerUp(task: Task): void {
    this.health.containersStarted(task);
    const td = task.taskDefinition;
    const refused = startRefusal(td, task.host?.instanceType.architecture ?? td.cpuArchitecture ?? 'x86_64', task.proxyLagMs, task.restarts === 0);
    if (refused !== null) {
      this.schedule(task, refused.afterMs, (t) => this.appExited(t, refused, refused.container, refused.cause));
      return;
    }
    const failure = task.taskDefinition.failure;
    if (failure === undefined) return;
    let crashed = false;
    if (failure.crashOnStartProbability !== undefined) {
      crashed = this.failureRng.random() < failure.crashOnStartProbability;
    }
    const exit = appExit(failure, failure.memoryLimitMiB ?? task.memoryMiB, crashed);
    if (exit === null) return;
    this.schedule(task, exit.afterMs, (t) => this.appExited(t, exit));
  }

  /**
   * The app exited on its own: kubelet restarts it after its back-off; ECS stops the task.
   * `name`: the container that exited (default the essential one); `cause`: why, when known.
   */
  private appExited(task: Task, exit: AppExit, name?: string, cause?: ContainerExitCause): void {
    if (!this.beginStep(task)) return;
    const td = task.taskDefinition;
    const container = name ?? appContainer(td).name;
    this.actions.containers.exited(task, container, exit.exitCode, exit.oom, td.failure?.memoryLimitMiB ?? task.memoryMiB, cause);
    if (task.service.kind === 'deployment') {
      const delay = this.nextBackOff(task, this.sim.now - (task.containerStartedAt ?? this.sim.now));
      this.actions.pods.backOff(task, { waiting: 'CrashLoopBackOff', container }, delay);
      this.schedule(task, delay, this.onRestart);
      return;
    }
    // ECS never restarts the task in place: nothing of its back-off state is needed again.
    const reason: StopReason = { code: 'ESSENTIAL_CONTAINER_EXITED', container, exitCode: exit.exitCode, oom: exit.oom };
    // The essential container is gone; the agent stops the rest of the task's containers.
    this.actions.tasks.beginStop(task, reason);
    const stopping: Stopping = { task, stopCode: 'EssentialContainerExited', reason, rps: 0, drainEnd: this.sim.now };
    this.timers.set(task, this.sim.after(this.exitDelay(task), this.onExited, stopping, Priority.StateChange));
  }

  private readonly onRestart = (task: Task): void => {
    if (this.beginStep(task)) this.restartContainer(task);
  };

  /**
   * kubelet restarts a crashed container once its back-off is over. The base restarts it at once;
   * kubelet on a node first makes sure of its image, as at every container start (imagePullPolicy).
   */
  protected restartContainer(task: Task): void {
    this.actions.containers.restart(task);
    this.containerUp(task);
  }

  /** The pod's next back-off delay; a container that ran `ranMs` >= 10 min resets the schedule. */
  private nextBackOff(task: Task, ranMs: number): number {
    const index = nextBackOffIndex(this.backOffIndex.get(task) ?? -1, ranMs);
    this.backOffIndex.set(task, index);
    return backOffMs(index);
  }

  /** Hook for subclasses, called just before a stopping task becomes STOPPED. */
  protected beforeStopped(_task: Task): void {}

  /** The task's pending step cancelled and what the agent kept on its start-up (back-off, mount failures, the cached-image fallback) dropped: it is stopping. */
  protected forget(task: Task): void {
    this.cancel(task);
    this.backOffIndex.delete(task);
    this.mountFailures.delete(task);
    this.usingCache.delete(task);
  }

  protected cancel(task: Task): void {
    const timer = this.timers.get(task);
    if (timer !== undefined) this.sim.cancel(timer);
    this.timers.delete(task);
  }

  /**
   * Deregistration completed: early when nothing was left in flight, else when the delay ran
   * out, and then the load balancer closes the requests still in flight (counted, ELB 5XX).
   */
  private readonly onSigterm = (s: Stopping): void => {
    if (!this.beginStep(s.task)) return;
    const left = requestsInFlight(s.rps, s.drainEnd - this.sim.now);
    if (left > 0) {
      this.actions.tasks.deregistrationCut(s.task, left, s.task.service.loadBalancer!.deregistrationDelayMs);
      s.drainEnd = this.sim.now;
    }
    this.sigterm(s, true);
  };

  /**
   * SIGTERM: schedules the exit, or SIGKILL at the stop timeout. A SIGTERM at the same instant
   * as STOPPING needs no trace record of its own (the status change is it); one deferred by
   * deregistration gets one, so the trace shows the wait.
   */
  private sigterm(s: Stopping, deferred: boolean): void {
    const now = this.sim.now;
    const shutdown = shutdownOf(s.task.taskDefinition);
    if (deferred) this.actions.tasks.sigterm(s.task, now - s.task.stoppingAt!, shutdown.stopTimeoutMs);
    // Drawn whether or not the app uses it, so the stream's draws do not depend on the app.
    const exitMs = this.exitDelay(s.task);
    const exitAfter = shutdown.handlesSigterm ? Math.max(0, s.drainEnd - now) + exitMs : Number.POSITIVE_INFINITY;
    if (exitAfter <= shutdown.stopTimeoutMs) this.timers.set(s.task, this.sim.after(exitAfter, this.onExited, s, Priority.StateChange));
    else this.timers.set(s.task, this.sim.after(shutdown.stopTimeoutMs, this.onKilled, s, Priority.StateChange));
  }

  private readonly onKilled = (s: Stopping): void => {
    if (!this.beginStep(s.task)) return;
    const inFlight = requestsInFlight(s.rps, s.drainEnd - this.sim.now);
    this.actions.tasks.sigkill(s.task, inFlight, shutdownOf(s.task.taskDefinition).handlesSigterm);
    this.beforeStopped(s.task);
    this.actions.tasks.stop(s.task, s.stopCode, s.reason);
  };

  private readonly onExited = (s: Stopping): void => {
    if (!this.beginStep(s.task)) return;
    this.beforeStopped(s.task);
    this.actions.tasks.stop(s.task, s.stopCode, s.reason);
  };
}
