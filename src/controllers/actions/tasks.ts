import type { Host } from '../../model/host.js';
import { HostPortTable, usesHostPorts } from '../../model/network/host-ports.js';
import type { Service } from '../../model/service.js';
import { taskPortMappings } from '../../model/task-definition.js';
import { TASK_TRANSITIONS, type StopCode, type Task, type TaskStatus } from '../../model/task.js';
import type { ActionContext } from './context.js';
import type { ServingTargets } from './serving.js';

/** ECS tasks and Kubernetes pods: creation, placement, start-up, health, stop. */
export class TaskActions {
  constructor(
    private readonly ctx: ActionContext,
    private readonly serving: ServingTargets,
  ) {}

  create(service: Service, capacityProvider: string | null = null): Task {
    const td = service.taskDefinition;
    const task: Task = {
      id: this.ctx.state.nextTaskId(),
      service,
      taskDefinition: td,
      cpu: td.cpu,
      memoryMiB: td.memoryMiB,
      status: 'UNPLACED',
      host: null,
      createdAt: this.ctx.sim.now,
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
      healthyAt: null,
      inServiceAt: null,
      containerStartedAt: null,
      targetFirstCheckAt: null,
      restarts: 0,
      waiting: null,
    };
    service.tasks.add(task);
    service.counts.UNPLACED++;
    if (capacityProvider !== null) service.tasksPerCapacityProvider.set(capacityProvider, (service.tasksPerCapacityProvider.get(capacityProvider) ?? 0) + 1);
    this.ctx.emit('task.created', task.id, `${td.family}:${td.revision}${capacityProvider === null ? '' : ` on ${capacityProvider}`}`, {
      service: service.name,
      status: 'UNPLACED',
      ...(capacityProvider === null ? {} : { capacityProvider }),
    });
    return task;
  }

  /** Reserves the host's resources for the task and moves it to PROVISIONING. */
  place(task: Task, host: Host): void {
    if (task.status !== 'UNPLACED') throw new Error(`${task.id} cannot be placed from ${task.status}`);
    if (host.status !== 'ACTIVE') throw new Error(`${task.id} cannot be placed on ${host.status} host ${host.id}`);
    task.host = host;
    task.placedAt = this.ctx.sim.now;
    host.tasks.add(task);
    host.allocatedCpu += task.cpu;
    host.allocatedMemoryMiB += task.memoryMiB;
    const td = task.taskDefinition;
    if (task.service.kind === 'ecs-service') {
      if (td.networkMode === 'awsvpc') host.taskEnisInUse++;
      else if (usesHostPorts(td.networkMode)) {
        host.ports ??= new HostPortTable();
        task.hostPorts = host.ports.allocate(taskPortMappings(td), td.networkMode);
      }
    }
    const totals = this.ctx.state.totals;
    totals.allocatedCpu += task.cpu;
    totals.allocatedMemoryMiB += task.memoryMiB;
    this.transition(task, 'PROVISIONING');
    this.ctx.emit('task.placed', task.id, `on ${host.id} (${host.instanceType.name}, ${host.az})`, {
      service: task.service.name,
      host: host.id,
      az: host.az,
      status: 'PROVISIONING',
    });
  }

  /** A Fargate task leaves UNPLACED: AWS provisions a microVM for it (no host of ours). */
  startOnFargate(task: Task): void {
    if (task.status !== 'UNPLACED' || task.service.launchType !== 'FARGATE') throw new Error(`${task.id} is not an unplaced Fargate task`);
    task.placedAt = this.ctx.sim.now;
    this.transition(task, 'PROVISIONING');
    this.ctx.emit('task.placed', task.id, 'on Fargate (microVM provisioning)', { service: task.service.name, status: 'PROVISIONING' });
  }

  /** Moves a placed task along its start-up path (PROVISIONING -> PENDING -> RUNNING) or to STOPPING. */
  setStatus(task: Task, status: 'PENDING' | 'RUNNING' | 'STOPPING', detail: string): void {
    const from = task.status;
    const now = this.ctx.sim.now;
    this.transition(task, status);
    if (status === 'STOPPING') this.serving.stop(task);
    if (status === 'PENDING') task.pendingAt = now;
    else if (status === 'RUNNING') {
      task.runningAt = now;
      // Circuit breaker stage 1 ends when a task of the deployment reaches RUNNING.
      if (task.taskDefinition === task.service.deployment.taskDefinition) task.service.deployment.stage = 2;
    } else task.stoppingAt = now;
    this.ctx.emit('task.status-changed', task.id, `${from} -> ${status}${detail === '' ? '' : `: ${detail}`}`, {
      service: task.service.name,
      host: task.host?.id,
      status,
    });
  }

  /** The task's images are ready (pulled, joined a pull in flight, or cached): `pullMs` waited. */
  imagesReady(task: Task, pullMs: number): void {
    task.pullMs = pullMs;
    this.ctx.emit('task.images-ready', task.id, pullMs === 0 ? 'cached' : `pulled in ${pullMs} ms`, { service: task.service.name, host: task.host?.id, value: pullMs });
  }

  /** An image pull failed (`message`: the runtime's error as the agent or kubelet reports it). */
  failImagePull(task: Task, message: string): void {
    task.service.failures.pullFailures++;
    this.ctx.emit('task.image-pull-failed', task.id, message, { service: task.service.name, host: task.host?.id });
  }

  /**
   * ECS healthStatus HEALTHY / Kubernetes Ready: the health check passed. `again`: it had failed
   * since the container started (a `task.recovered` record, so start-up figures count each task once).
   */
  markHealthy(task: Task, again = false): void {
    task.healthyAt = this.ctx.sim.now;
    if (task.service.loadBalancer === null) this.serving.start(task);
    const what = task.service.kind === 'deployment' ? 'Ready' : 'healthStatus HEALTHY';
    this.ctx.emit(again ? 'task.recovered' : 'task.healthy', task.id, again ? `${what} again` : what, { service: task.service.name, host: task.host?.id });
  }

  /** Healthy in the load balancer's target group: it now receives traffic. `again`: as for markHealthy. */
  markInService(task: Task, again = false): void {
    task.inServiceAt = this.ctx.sim.now;
    this.serving.start(task);
    const what = 'target healthy in the load balancer';
    this.ctx.emit(again ? 'task.recovered' : 'task.in-service', task.id, again ? `${what} again` : what, { service: task.service.name, host: task.host?.id });
  }

  /**
   * A check failed its threshold of times in a row (docs/models.md, "Health checks that fail"):
   * `health` (ECS container health check UNHEALTHY, Kubernetes readiness NotReady: a NotReady
   * pod also leaves its Service's endpoints and so its target group) or `target` (the load
   * balancer marks the target unhealthy). Either way the task takes no more traffic.
   */
  markUnhealthy(task: Task, check: 'health' | 'target', detail: string): void {
    this.serving.stop(task);
    task.inServiceAt = null;
    if (check === 'health') {
      task.healthyAt = null;
      if (task.service.kind === 'deployment') task.targetFirstCheckAt = null;
    }
    this.ctx.emit('task.unhealthy', task.id, detail, { service: task.service.name, host: task.host?.id });
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

  /**
   * The stop path's signals: `signal` is SIGTERM (the stop begins for the app) or SIGKILL (the
   * stop timeout ran out with the process still there). `dropped` requests were in flight at
   * SIGKILL: their connections are reset, so they count against the service.
   */
  signal(task: Task, signal: 'SIGTERM' | 'SIGKILL', detail: string, dropped = 0): void {
    if (task.status !== 'STOPPING') throw new Error(`${task.id} cannot get ${signal} in ${task.status}`);
    task.service.traffic.dropped += dropped;
    this.ctx.emit(signal === 'SIGTERM' ? 'task.sigterm' : 'task.sigkill', task.id, detail, {
      service: task.service.name,
      host: task.host?.id,
      ...(signal === 'SIGKILL' ? { value: dropped } : {}),
    });
  }

  /** Ends the task: releases its host resources and removes it from its service's live set. */
  stop(task: Task, stopCode: StopCode, reason: string): void {
    const host = task.host;
    this.serving.stop(task);
    this.transition(task, 'STOPPED');
    task.stoppedAt = this.ctx.sim.now;
    task.stopCode = stopCode;
    task.stoppedReason = reason;
    if (task.ip !== null) {
      // CNI DEL: a pod's address goes back to its node's pool (ipamd); an awsvpc task's ENI is
      // deleted and its address goes back to the subnet.
      if (task.ipSubnet !== null) task.ipSubnet.pool.releaseIp(task.ip);
      else host?.network?.ipam?.release(task.ip);
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
    this.ctx.emit('task.stopped', task.id, `${stopCode}: ${reason}`, {
      service: task.service.name,
      host: host?.id,
      status: 'STOPPED',
      stopCode,
    });
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
