import type { Simulation } from '../engine/simulation.js';
import type { Trace } from '../engine/trace.js';
import type { InstanceType } from '../model/catalog/instance-type.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { Host } from '../model/host.js';
import { emptyCounts, type Service } from '../model/service.js';
import type { ServiceSpec } from '../model/simulation-spec.js';
import { TASK_TRANSITIONS, type StopCode, type Task, type TaskStatus } from '../model/task.js';
import type { FleetRecord } from '../model/trace-record.js';

/**
 * The one place cluster state changes. Every method applies one change and emits one trace
 * record describing it, so the trace is a complete account of the run. Controllers call these;
 * they never assign state fields themselves. Methods check legality (a bug throws), not policy.
 */
export class Actions {
  constructor(
    readonly state: ClusterState,
    readonly sim: Simulation,
    readonly trace: Trace<FleetRecord>,
  ) {}

  createService(spec: ServiceSpec): Service {
    const service: Service = {
      name: spec.name,
      launchType: spec.launchType,
      taskDefinition: spec.taskDefinition,
      desiredCount: spec.desiredCount,
      tasks: new Set(),
      counts: emptyCounts(),
    };
    this.state.services.set(service.name, service);
    this.emit('service.created', service.name, `desiredCount=${spec.desiredCount} taskDefinition=${spec.taskDefinition.family}:${spec.taskDefinition.revision}`, {
      service: service.name,
      value: spec.desiredCount,
    });
    return service;
  }

  setDesiredCount(service: Service, desiredCount: number, cause: string): void {
    const before = service.desiredCount;
    service.desiredCount = desiredCount;
    this.emit('service.desired-count-changed', service.name, `desiredCount ${before} -> ${desiredCount} (${cause})`, {
      service: service.name,
      value: desiredCount,
    });
  }

  /** An ECS service event (the messages `describe-services` lists), e.g. a placement failure. */
  serviceEvent(service: Service, message: string): void {
    this.emit('service.event', service.name, message, { service: service.name });
  }

  /** A new EC2 instance; it accepts tasks once `registerHost` marks it ACTIVE. */
  launchHost(group: string, instanceType: InstanceType, az: string, registered: { cpu: number; memoryMiB: number }): Host {
    const host: Host = {
      id: this.state.nextHostId(),
      index: this.state.hosts.length,
      instanceType,
      az,
      group,
      status: 'REGISTERING',
      cpu: registered.cpu,
      memoryMiB: registered.memoryMiB,
      allocatedCpu: 0,
      allocatedMemoryMiB: 0,
      tasks: new Set(),
      images: new Set(),
      imagePullsInFlight: new Map(),
      launchedAt: this.sim.now,
      activeAt: null,
      terminatedAt: null,
    };
    this.state.hosts.push(host);
    this.state.hostsById.set(host.id, host);
    this.emit('host.launched', host.id, `${instanceType.name} in ${az} (group ${group})`, { host: host.id, az });
    return host;
  }

  registerHost(host: Host): void {
    if (host.status !== 'REGISTERING') throw new Error(`${host.id} cannot register from ${host.status}`);
    host.status = 'ACTIVE';
    host.activeAt = this.sim.now;
    const totals = this.state.totals;
    totals.hostsActive++;
    totals.cpu += host.cpu;
    totals.memoryMiB += host.memoryMiB;
    this.emit('host.registered', host.id, `ACTIVE with ${host.cpu / 1000} CPU units and ${host.memoryMiB} MiB registered`, { host: host.id, az: host.az });
  }

  /** A host starts pulling an image; tasks needing it wait until `finishAt`. */
  startImagePull(host: Host, image: string, finishAt: number): void {
    host.imagePullsInFlight.set(image, finishAt);
    this.emit('image.pull-started', host.id, `${image} (done in ${finishAt - this.sim.now} ms)`, { host: host.id });
  }

  /** The pull finished: the image is in the host's cache from now on. */
  finishImagePull(host: Host, image: string): void {
    host.imagePullsInFlight.delete(image);
    host.images.add(image);
    this.emit('image.pulled', host.id, image, { host: host.id });
  }

  createTask(service: Service): Task {
    const td = service.taskDefinition;
    const task: Task = {
      id: this.state.nextTaskId(),
      service,
      cpu: td.cpu,
      memoryMiB: td.memoryMiB,
      status: 'UNPLACED',
      host: null,
      createdAt: this.sim.now,
      placedAt: null,
      pendingAt: null,
      runningAt: null,
      stoppingAt: null,
      stoppedAt: null,
      stopCode: null,
      stoppedReason: null,
    };
    service.tasks.add(task);
    service.counts.UNPLACED++;
    this.emit('task.created', task.id, `${td.family}:${td.revision}`, { service: service.name, status: 'UNPLACED' });
    return task;
  }

  /** Reserves the host's resources for the task and moves it to PROVISIONING. */
  placeTask(task: Task, host: Host): void {
    if (task.status !== 'UNPLACED') throw new Error(`${task.id} cannot be placed from ${task.status}`);
    if (host.status !== 'ACTIVE') throw new Error(`${task.id} cannot be placed on ${host.status} host ${host.id}`);
    task.host = host;
    task.placedAt = this.sim.now;
    host.tasks.add(task);
    host.allocatedCpu += task.cpu;
    host.allocatedMemoryMiB += task.memoryMiB;
    this.state.totals.allocatedCpu += task.cpu;
    this.state.totals.allocatedMemoryMiB += task.memoryMiB;
    this.transition(task, 'PROVISIONING');
    this.emit('task.placed', task.id, `on ${host.id} (${host.instanceType.name}, ${host.az})`, {
      service: task.service.name,
      host: host.id,
      az: host.az,
      status: 'PROVISIONING',
    });
  }

  /** Moves a placed task along its start-up path (PROVISIONING -> PENDING -> RUNNING) or to STOPPING. */
  setTaskStatus(task: Task, status: 'PENDING' | 'RUNNING' | 'STOPPING', detail: string): void {
    const from = task.status;
    this.transition(task, status);
    if (status === 'PENDING') task.pendingAt = this.sim.now;
    else if (status === 'RUNNING') task.runningAt = this.sim.now;
    else task.stoppingAt = this.sim.now;
    this.emit('task.status-changed', task.id, `${from} -> ${status}${detail === '' ? '' : `: ${detail}`}`, {
      service: task.service.name,
      host: task.host?.id,
      status,
    });
  }

  /** Ends the task: releases its host resources and removes it from its service's live set. */
  stopTask(task: Task, stopCode: StopCode, reason: string): void {
    const host = task.host;
    this.transition(task, 'STOPPED');
    task.stoppedAt = this.sim.now;
    task.stopCode = stopCode;
    task.stoppedReason = reason;
    if (host !== null) {
      host.tasks.delete(task);
      host.allocatedCpu -= task.cpu;
      host.allocatedMemoryMiB -= task.memoryMiB;
      this.state.totals.allocatedCpu -= task.cpu;
      this.state.totals.allocatedMemoryMiB -= task.memoryMiB;
      task.host = null;
    }
    task.service.tasks.delete(task);
    this.emit('task.stopped', task.id, `${stopCode}: ${reason}`, {
      service: task.service.name,
      host: host?.id,
      status: 'STOPPED',
      stopCode,
    });
  }

  /** Observers (sampler, expectations) report through the trace too. */
  record(record: FleetRecord): void {
    this.trace.emit(record);
  }

  private transition(task: Task, to: TaskStatus): void {
    const from = task.status;
    if (!TASK_TRANSITIONS[from].includes(to)) throw new Error(`illegal task transition ${task.id}: ${from} -> ${to}`);
    task.status = to;
    const counts = task.service.counts;
    counts[from]--;
    counts[to]++;
  }

  private emit(type: string, entity: string, detail: string, extra: Partial<FleetRecord>): void {
    this.trace.emit({ time: this.sim.now, type, entity, detail, ...extra });
  }
}
