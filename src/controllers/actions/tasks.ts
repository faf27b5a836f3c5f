import { assignGpuIds, gpuMask } from '../../model/devices.js';
import type { ContainerStartPlan } from '../../model/container-start.js';
import type { Host } from '../../model/host.js';
import { scoringCpu, scoringMemoryMiB } from '../../model/pod-requests.js';
import { HostPortTable, usesHostPorts } from '../../model/network/host-ports.js';
import type { Service } from '../../model/service.js';
import { taskPortMappings, type TaskDefinition } from '../../model/task-definition.js';
import { TASK_TRANSITIONS, type StopCode, type Task, type TaskStatus } from '../../model/task.js';
import type { ImagePullFailure } from '../../model/app-failure.js';
import type { StartStep, UnhealthyReason } from '../../model/events/task.js';
import type { StopReason } from '../../model/reasons/stop.js';
import type { VolumeActions } from './volumes.js';
import type { ActionContext } from './context.js';
import type { ServingTargets } from './serving.js';

const NO_GPU_IDS: readonly number[] = Object.freeze([]);

/** ECS tasks and Kubernetes pods: creation, placement, start-up, health, stop. */
export class TaskActions {
  constructor(
    private readonly ctx: ActionContext,
    private readonly serving: ServingTargets,
    private readonly volumes: VolumeActions,
  ) {}

  /**
   * A new task or pod of `service`, UNPLACED, of `td`: the service's current revision unless its
   * controller says otherwise (a StatefulSet ordinal below its partition keeps the current one).
   */
  create(service: Service, capacityProvider: string | null = null, td: TaskDefinition = service.taskDefinition): Task {
    const task: Task = {
      id: this.ctx.state.nextTaskId(),
      service,
      taskDefinition: td,
      cpu: td.cpu,
      memoryMiB: td.memoryMiB,
      status: 'UNPLACED',
      host: null,
      createdAt: this.ctx.now,
      placedAt: null,
      pendingAt: null,
      runningAt: null,
      stoppingAt: null,
      stoppedAt: null,
      stopCode: null,
      stoppedReason: null,
      ip: null,
      ipSubnet: null,
      hostPorts: null,
      capacityProvider,
      pullMs: null,
      serving: false,
      servingAz: null,
      healthyAt: null,
      inServiceAt: null,
      containerStartedAt: null,
      targetFirstCheckAt: null,
      targetUnhealthyAt: null,
      restarts: 0,
      waiting: null,
      gpuIds: NO_GPU_IDS,
      proxyLagMs: 0,
    };
    service.tasks.add(task);
    service.counts.UNPLACED++;
    if (capacityProvider !== null) service.tasksPerCapacityProvider.set(capacityProvider, (service.tasksPerCapacityProvider.get(capacityProvider) ?? 0) + 1);
    this.ctx.emit({ type: 'task.created', time: this.ctx.now, task: task.id, service: service.name, taskDefinition: td, capacityProvider });
    return task;
  }

  /**
   * Reserves the host's resources for the task and moves it to PROVISIONING. The host must be
   * ACTIVE; a pod may also be bound to a cordoned (DRAINING) node, which kube-scheduler does
   * for a pod that tolerates its node.kubernetes.io/unschedulable taint.
   */
  place(task: Task, host: Host): void {
    if (task.status !== 'UNPLACED') throw new Error(`${task.id} cannot be placed from ${task.status}`);
    if (host.status !== 'ACTIVE' && !(host.status === 'DRAINING' && task.service.kind === 'deployment')) throw new Error(`${task.id} cannot be placed on ${host.status} host ${host.id}`);
    task.host = host;
    task.placedAt = this.ctx.now;
    host.tasks.add(task);
    host.allocatedCpu += task.cpu;
    host.allocatedMemoryMiB += task.memoryMiB;
    const td = task.taskDefinition;
    host.nonZeroRequestedCpu += scoringCpu(td);
    host.nonZeroRequestedMemoryMiB += scoringMemoryMiB(td);
    if (task.service.kind === 'ecs-service') {
      if (td.networkMode === 'awsvpc') host.taskEnisInUse++;
      else if (usesHostPorts(td.networkMode)) {
        host.ports ??= new HostPortTable();
        task.hostPorts = host.ports.allocate(taskPortMappings(td), td.networkMode);
      }
    }
    const devices = td.devices;
    if (devices !== undefined) {
      const a = host.allocatedDevices;
      a.nvidiaGpu += devices.nvidiaGpu;
      a.neuron += devices.neuron;
      a.neuronCore += devices.neuronCore;
      a.podEni += devices.podEni;
      if (devices.nvidiaGpu > 0) {
        // The ECS agent (or the NVIDIA device plugin) pins whole GPUs: the lowest free ids.
        const ids = assignGpuIds(host.gpusInUse, host.devices.nvidiaGpu, devices.nvidiaGpu);
        if (ids === null) throw new Error(`${task.id} needs ${devices.nvidiaGpu} GPUs, ${host.id} has fewer free`);
        task.gpuIds = ids;
        host.gpusInUse |= gpuMask(ids);
      }
    }
    // A StatefulSet pod's volumes count against the node's CSI volume limit (NodeVolumeLimits).
    if (task.service.statefulSet !== undefined) this.ctx.state.volumes.countInUse(host, this.ctx.state.volumes.claimsOf(task).length);
    const totals = this.ctx.state.totals;
    totals.allocatedCpu += task.cpu;
    totals.allocatedMemoryMiB += task.memoryMiB;
    this.transition(task, 'PROVISIONING');
    const now = this.ctx.now;
    const service = task.service.name;
    const type = host.instanceType.name;
    // Two literals rather than spreading a per-placement `{ gpuIds }` object on this hot path.
    if (task.gpuIds.length === 0) this.ctx.emit({ type: 'task.placed', time: now, task: task.id, service, host: host.id, instanceType: type, az: host.az });
    else this.ctx.emit({ type: 'task.placed', time: now, task: task.id, service, host: host.id, instanceType: type, az: host.az, gpuIds: task.gpuIds });
  }

  /** A Fargate task leaves UNPLACED: AWS provisions a microVM for it (no host of ours). */
  startOnFargate(task: Task): void {
    if (task.status !== 'UNPLACED' || task.service.launchType !== 'FARGATE') throw new Error(`${task.id} is not an unplaced Fargate task`);
    task.placedAt = this.ctx.now;
    this.transition(task, 'PROVISIONING');
    this.ctx.emit({ type: 'task.placed', time: this.ctx.now, task: task.id, service: task.service.name, host: null, instanceType: null, az: null });
  }

  /** Moves a placed task along its start-up path (PROVISIONING -> PENDING -> RUNNING); `step` says who moved it. */
  setStatus(task: Task, status: 'PENDING' | 'RUNNING', step: StartStep): void {
    const from = task.status;
    const now = this.ctx.now;
    this.transition(task, status);
    if (status === 'PENDING') task.pendingAt = now;
    else {
      task.runningAt = now;
      // The containers run: no waiting reason (ImagePullBackOff, CreateContainerConfigError) is left.
      task.waiting = null;
      // Circuit breaker stage 1 ends when a task of the deployment reaches RUNNING.
      if (task.taskDefinition === task.service.deployment.taskDefinition) task.service.deployment.stage = 2;
    }
    this.ctx.emit({ type: 'task.status-changed', time: now, task: task.id, service: task.service.name, host: task.host?.id ?? null, from, to: status, step });
  }

  /** The stop begins (STOPPING): the task leaves its load balancer; it will be STOPPED for `reason`. */
  beginStop(task: Task, reason: StopReason): void {
    const from = task.status;
    this.transition(task, 'STOPPING');
    this.serving.stop(task);
    task.stoppingAt = this.ctx.now;
    this.ctx.emit({ type: 'task.status-changed', time: this.ctx.now, task: task.id, service: task.service.name, host: task.host?.id ?? null, from, to: 'STOPPING', reason });
  }

  /** The task's images are ready (pulled, joined a pull in flight, or cached): `pullMs` waited. */
  imagesReady(task: Task, pullMs: number): void {
    task.pullMs = pullMs;
    this.ctx.emit({ type: 'task.images-ready', time: this.ctx.now, task: task.id, service: task.service.name, host: task.host?.id ?? null, pullMs });
  }

  /**
   * The task's containers will start in `plan`'s order (dependencies, init containers, a mesh
   * proxy); called with imagesReady. Records when its mesh proxy is ready against its app.
   */
  containersOrdered(task: Task, plan: ContainerStartPlan): void {
    task.proxyLagMs = plan.proxyLagMs;
    this.ctx.emit({ type: 'task.containers-ordered', time: this.ctx.now, task: task.id, service: task.service.name, host: task.host?.id ?? null, order: plan.order, dependencyWaitMs: plan.dependencyWaitMs, proxyLagMs: plan.proxyLagMs });
  }

  /** Pulling `image` failed (`failure`: what the registry answered); the ECS agent or kubelet reports it. */
  failImagePull(task: Task, image: string, failure: ImagePullFailure, usedCachedImage = false): void {
    task.service.failures.pullFailures++;
    const agent = task.service.kind === 'ecs-service' ? 'ecs' : 'kubelet';
    this.ctx.emit({
      type: 'task.image-pull-failed',
      time: this.ctx.now,
      task: task.id,
      service: task.service.name,
      host: task.host?.id ?? null,
      image,
      failure,
      agent,
      // Only when true, so the events of failures that stop a task keep their fields.
      ...(usedCachedImage ? { usedCachedImage: true as const } : {}),
    });
  }

  /**
   * ECS healthStatus HEALTHY / Kubernetes Ready: the health check passed. `again`: it had failed
   * since the container started (a `task.recovered` record, so start-up figures count each task once).
   */
  markHealthy(task: Task, again = false): void {
    task.healthyAt = this.ctx.now;
    if (task.service.loadBalancer === null) this.serving.start(task);
    const host = task.host?.id ?? null;
    const workload = task.service.kind;
    if (again) this.ctx.emit({ type: 'task.recovered', time: this.ctx.now, task: task.id, service: task.service.name, host, check: 'health', workload });
    else this.ctx.emit({ type: 'task.healthy', time: this.ctx.now, task: task.id, service: task.service.name, host, workload });
  }

  /** Healthy in the load balancer's target group: it now receives traffic. `again`: as for markHealthy. */
  markInService(task: Task, again = false): void {
    task.inServiceAt = this.ctx.now;
    task.targetUnhealthyAt = null;
    this.serving.start(task);
    const host = task.host?.id ?? null;
    if (again) this.ctx.emit({ type: 'task.recovered', time: this.ctx.now, task: task.id, service: task.service.name, host, check: 'target', workload: task.service.kind });
    else this.ctx.emit({ type: 'task.in-service', time: this.ctx.now, task: task.id, service: task.service.name, host });
  }

  /**
   * A check failed its threshold of times in a row (docs/models.md, "Health checks that fail"):
   * the task's own health (ECS container health check UNHEALTHY, Kubernetes readiness NotReady,
   * or its node NotReady: a NotReady pod also leaves its Service's endpoints and so its target
   * group) or its target (the load balancer marks it unhealthy). Either way the task takes no
   * more traffic.
   */
  markUnhealthy(task: Task, reason: UnhealthyReason): void {
    this.serving.stop(task);
    task.inServiceAt = null;
    if (reason.code === 'TARGET_UNHEALTHY') task.targetUnhealthyAt = this.ctx.now;
    else {
      task.healthyAt = null;
      if (task.service.kind === 'deployment') task.targetFirstCheckAt = null;
    }
    this.ctx.emit({ type: 'task.unhealthy', time: this.ctx.now, task: task.id, service: task.service.name, host: task.host?.id ?? null, reason });
  }

  /**
   * ECS replaces `task` because it failed health checks. The deployment circuit breaker's stage 2
   * counts such replacements among the deployment's own tasks (ECS developer guide, "How the
   * Amazon ECS deployment circuit breaker detects failures").
   */
  countHealthCheckReplacement(task: Task): void {
    const deployment = task.service.deployment;
    if (deployment.rolloutState === 'IN_PROGRESS' && task.taskDefinition === deployment.taskDefinition) deployment.failedTasks++;
  }

  /** SIGTERM once the target finished deregistering (`deregisteredAfterMs` after STOPPING): the stop begins for the app. */
  sigterm(task: Task, deregisteredAfterMs: number, stopTimeoutMs: number): void {
    if (task.status !== 'STOPPING') throw new Error(`${task.id} cannot get SIGTERM in ${task.status}`);
    this.ctx.emit({ type: 'task.sigterm', time: this.ctx.now, task: task.id, service: task.service.name, host: task.host?.id ?? null, deregisteredAfterMs, stopTimeoutMs });
  }

  /**
   * SIGKILL: the stop timeout ran out with the process still there (still draining, or ignoring
   * SIGTERM). `dropped` requests were in flight: their connections are reset, so they count
   * against the service.
   */
  sigkill(task: Task, dropped: number, handlesSigterm: boolean): void {
    if (task.status !== 'STOPPING') throw new Error(`${task.id} cannot get SIGKILL in ${task.status}`);
    task.service.traffic.dropped += dropped;
    this.ctx.emit({ type: 'task.sigkill', time: this.ctx.now, task: task.id, service: task.service.name, host: task.host?.id ?? null, dropped, handlesSigterm });
  }

  /**
   * The deregistration delay ran out with `cut` requests in flight to the stopping task: the load
   * balancer closes them. Counted with the requests dropped at SIGKILL (ELB 5XX).
   */
  deregistrationCut(task: Task, cut: number, deregistrationDelayMs: number): void {
    task.service.traffic.dropped += cut;
    this.ctx.emit({ type: 'task.deregistration-cut', time: this.ctx.now, task: task.id, service: task.service.name, host: task.host?.id ?? null, cut, deregistrationDelayMs });
  }

  /**
   * The task's instance was terminated under it while it served: `lost` requests in flight die
   * with it. Counted with the requests dropped at SIGKILL (ELB 5XX).
   */
  inFlightLost(task: Task, lost: number): void {
    task.service.traffic.dropped += lost;
    this.ctx.emit({ type: 'task.in-flight-lost', time: this.ctx.now, task: task.id, service: task.service.name, host: task.host?.id ?? null, lost });
  }

  /** Ends the task: releases its host resources and removes it from its service's live set. */
  stop(task: Task, stopCode: StopCode, reason: StopReason): void {
    const host = task.host;
    this.serving.stop(task);
    this.transition(task, 'STOPPED');
    task.stoppedAt = this.ctx.now;
    task.stopCode = stopCode;
    task.stoppedReason = reason;
    if (task.ip !== null) {
      // CNI DEL: a pod's address goes back to its node's pool (ipamd); an awsvpc task's ENI is
      // deleted and its address goes back to the subnet.
      if (task.ipSubnet !== null) {
        task.ipSubnet.pool.releaseIp(task.ip);
        // An ECS task's own ENI on its instance (a pod's branch ENI is not counted there).
        if (host !== null && task.service.kind === 'ecs-service') host.taskEnisAttached--;
      } else host?.network?.ipam?.release(task.ip);
      task.ip = null;
      task.ipSubnet = null;
    }
    if (host !== null && task.service.kind === 'ecs-service') {
      if (task.taskDefinition.networkMode === 'awsvpc') host.taskEnisInUse--;
      if (task.hostPorts !== null) host.ports!.release(task.hostPorts);
      task.hostPorts = null;
    }
    if (host !== null) {
      host.tasks.delete(task);
      host.allocatedCpu -= task.cpu;
      host.allocatedMemoryMiB -= task.memoryMiB;
      host.nonZeroRequestedCpu -= scoringCpu(task.taskDefinition);
      host.nonZeroRequestedMemoryMiB -= scoringMemoryMiB(task.taskDefinition);
      const devices = task.taskDefinition.devices;
      if (devices !== undefined) {
        const a = host.allocatedDevices;
        a.nvidiaGpu -= devices.nvidiaGpu;
        a.neuron -= devices.neuron;
        a.neuronCore -= devices.neuronCore;
        a.podEni -= devices.podEni;
        host.gpusInUse &= ~gpuMask(task.gpuIds);
      }
      if (task.service.statefulSet !== undefined) this.ctx.state.volumes.countInUse(host, -this.ctx.state.volumes.claimsOf(task).length);
      const totals = this.ctx.state.totals;
      totals.allocatedCpu -= task.cpu;
      totals.allocatedMemoryMiB -= task.memoryMiB;
      task.host = null;
    }
    task.service.tasks.delete(task);
    // The deployment circuit breaker counts the deployment's tasks that fail to start or exit.
    const deployment = task.service.deployment;
    if (deployment.rolloutState === 'IN_PROGRESS' && task.taskDefinition === deployment.taskDefinition && (stopCode === 'TaskFailedToStart' || stopCode === 'EssentialContainerExited')) {
      deployment.failedTasks++;
    }
    if (task.capacityProvider !== null) {
      const m = task.service.tasksPerCapacityProvider;
      m.set(task.capacityProvider, m.get(task.capacityProvider)! - 1);
    }
    const ebs = task.service.managedEbsVolume !== undefined;
    if (ebs) this.volumes.beginTaskVolumeDetach(task);
    this.ctx.emit({ type: 'task.stopped', time: this.ctx.now, task: task.id, service: task.service.name, host: host?.id ?? null, stopCode, reason });
    if (ebs) this.volumes.releaseTaskVolume(task);
  }

  private transition(task: Task, to: TaskStatus): void {
    const from = task.status;
    if (!TASK_TRANSITIONS[from].includes(to)) throw new Error(`illegal task transition ${task.id}: ${from} -> ${to}`);
    task.status = to;
    const counts = task.service.counts;
    counts[from]--;
    counts[to]++;
  }
}
