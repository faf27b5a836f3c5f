import type { Simulation } from '../engine/simulation.js';
import { formatClock } from '../engine/time.js';
import type { Trace } from '../engine/trace.js';
import type { InstanceType } from '../model/catalog/instance-type.js';
import type { RegistryOutage } from '../model/app-failure.js';
import type { ClusterState } from '../model/cluster-state.js';
import { builtInAttributes, wellKnownLabels, type Host, type HostNetwork, type Taint } from '../model/host.js';
import { formatIp } from '../model/network/cidr.js';
import type { CniSettings } from '../model/network/cni-settings.js';
import { NodeIpam, type Eni } from '../model/network/node-ipam.js';
import { NO_ADDRESS } from '../model/network/subnet.js';
import { HostPortTable, usesHostPorts } from '../model/network/host-ports.js';
import type { VpcSubnet } from '../model/network/vpc.js';
import { taskPortMappings } from '../model/task-definition.js';
import { DEFAULT_DEPLOYMENT_CONFIGURATION, DEFAULT_ROLLING_UPDATE, emptyCounts, type Deployment, type RolloutState, type Service } from '../model/service.js';
import type { TaskDefinition } from '../model/task-definition.js';
import type { ServiceSpec } from '../model/simulation-spec.js';
import { TASK_TRANSITIONS, type StopCode, type Task, type TaskStatus } from '../model/task.js';
import type { FleetRecord, MinuteMetrics } from '../model/trace-record.js';

/**
 * The one place cluster state changes. Every method applies one change and emits one trace
 * record describing it, so the trace is a complete account of the run. Controllers call these;
 * they never assign state fields themselves. Methods check legality (a bug throws), not policy.
 */
export class Actions {
  /** Serving tasks whose instance failed (Service.deadServing counts them per service). */
  private readonly deadTargets = new Set<Task>();

  constructor(
    readonly state: ClusterState,
    readonly sim: Simulation,
    readonly trace: Trace<FleetRecord>,
  ) {}

  createService(spec: ServiceSpec): Service {
    const service: Service = {
      name: spec.name,
      kind: spec.kind,
      launchType: spec.launchType,
      taskDefinition: spec.taskDefinition,
      deploymentConfiguration: spec.deploymentConfiguration ?? DEFAULT_DEPLOYMENT_CONFIGURATION,
      rollingUpdate: spec.rollingUpdate ?? DEFAULT_ROLLING_UPDATE,
      podDisruptionBudget: spec.podDisruptionBudget ?? null,
      deployment: { id: deploymentId(spec.kind, spec.name, 1), taskDefinition: spec.taskDefinition, rolloutState: 'COMPLETED', failedTasks: 0, stage: 2, startedAt: this.sim.now, rollback: false },
      lastCompleted: spec.taskDefinition,
      rollbacks: 0,
      desiredCount: spec.desiredCount,
      loadBalancer: spec.loadBalancer,
      healthCheckGracePeriodMs: spec.healthCheckGracePeriodMs ?? 0,
      capacityProviderStrategy: spec.capacityProviderStrategy,
      podScheduling: spec.podScheduling,
      serving: 0,
      deadServing: 0,
      traffic: { requests: 0, errors: 0, dropped: 0 },
      desiredChanges: { ups: 0, downs: 0, reversals: 0, last: null },
      failures: { exits: 0, restarts: 0, pullFailures: 0 },
      tasksPerCapacityProvider: new Map(),
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
    const dc = service.desiredChanges;
    if (desiredCount !== before) {
      const direction = desiredCount > before ? 'up' : 'down';
      if (direction === 'up') dc.ups++;
      else dc.downs++;
      if (dc.last !== null && dc.last !== direction) dc.reversals++;
      dc.last = direction;
    }
    this.emit('service.desired-count-changed', service.name, `desiredCount ${before} -> ${desiredCount} (${cause})`, {
      service: service.name,
      value: desiredCount,
    });
  }

  /**
   * A new PRIMARY deployment of `taskDefinition` (ECS UpdateService with a new revision, or a
   * circuit-breaker rollback); the previous one becomes ACTIVE until its tasks are gone.
   */
  startDeployment(service: Service, taskDefinition: TaskDefinition, rollback: boolean): Deployment {
    const n = Number(/(\d+)$/.exec(service.deployment.id)![1]) + 1;
    const deployment: Deployment = { id: deploymentId(service.kind, service.name, n), taskDefinition, rolloutState: 'IN_PROGRESS', failedTasks: 0, stage: 1, startedAt: this.sim.now, rollback };
    service.deployment = deployment;
    service.taskDefinition = taskDefinition;
    if (rollback) service.rollbacks++;
    this.emit('service.deployment-started', service.name, `(service ${service.name}) deployment ${deployment.id} ${taskDefinition.family}:${taskDefinition.revision} rolloutState=IN_PROGRESS${rollback ? ' (rollback)' : ''}`, {
      service: service.name,
    });
    return deployment;
  }

  /** A deployment's rolloutState changes (COMPLETED, FAILED), with ECS's service-event wording. */
  setRolloutState(service: Service, deployment: Deployment, state: RolloutState, message: string): void {
    deployment.rolloutState = state;
    if (state === 'COMPLETED') service.lastCompleted = deployment.taskDefinition;
    this.emit('service.rollout-state', service.name, `${deployment.id} rolloutState=${state}: ${message}`, { service: service.name });
  }

  /** An ECS service event (the messages `describe-services` lists), e.g. a placement failure. */
  serviceEvent(service: Service, message: string): void {
    this.emit('service.event', service.name, message, { service: service.name });
  }

  /**
   * A new EC2 instance; it accepts tasks once `registerHost` marks it ACTIVE. With a VPC the
   * instance's primary ENI takes an address in the AZ; when no subnet there has one, the launch
   * fails as EC2's does (InsufficientFreeAddressesInSubnet) and null is returned.
   */
  launchHost(
    group: string,
    instanceType: InstanceType,
    az: string,
    registered: { cpu: number; memoryMiB: number },
    options: {
      maxTasks?: number;
      cni?: CniSettings;
      taskEniLimit?: number;
      region?: string;
      attributes?: ReadonlyMap<string, string>;
      labels?: ReadonlyMap<string, string>;
      taints?: readonly Taint[];
      capacityType?: 'on-demand' | 'spot';
      nodePool?: string;
    } = {},
  ): Host | null {
    let network: HostNetwork | null = null;
    if (this.state.vpc.subnets.length > 0) {
      const got = this.state.vpc.allocateIpIn(az);
      if (got === undefined) {
        this.emit('host.launch-failed', group, `${instanceType.name} in ${az}: InsufficientFreeAddressesInSubnet (no subnet in ${az} has a free address)`, { az });
        return null;
      }
      const ipam = options.cni === undefined ? null : new NodeIpam(instanceType, options.cni, { id: this.state.nextEniId(), subnet: got.subnet, ip: got.ip });
      network = { subnet: got.subnet, primaryIp: got.ip, ipam };
    }
    const id = this.state.nextHostId();
    const attributes = builtInAttributes(id, instanceType, az);
    for (const [k, v] of options.attributes ?? []) attributes.set(k, v);
    const capacityType = options.capacityType ?? 'on-demand';
    const labels = wellKnownLabels(id, instanceType, az, options.region ?? az.slice(0, -1), group);
    labels.set('eks.amazonaws.com/capacityType', capacityType === 'spot' ? 'SPOT' : 'ON_DEMAND');
    if (options.nodePool !== undefined) {
      labels.delete('eks.amazonaws.com/nodegroup');
      labels.set('karpenter.sh/nodepool', options.nodePool);
      labels.set('karpenter.sh/capacity-type', capacityType);
    }
    for (const [k, v] of options.labels ?? []) labels.set(k, v);
    const host: Host = {
      id,
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
      network,
      maxTasks: options.maxTasks ?? Number.POSITIVE_INFINITY,
      taskEniLimit: options.taskEniLimit ?? 0,
      taskEnisInUse: 0,
      ports: null,
      attributes,
      labels,
      taints: options.taints ?? [],
      capacityType,
      nodePool: options.nodePool ?? null,
      launchedAt: this.sim.now,
      activeAt: null,
      terminatedAt: null,
    };
    this.state.hosts.push(host);
    this.state.hostsById.set(host.id, host);
    const where = network === null ? az : `${az}, ${network.subnet.id} ${formatIp(network.primaryIp)}`;
    const how = capacityType === 'spot' ? ', spot' : '';
    this.emit('host.launched', host.id, `${instanceType.name}${how} in ${where} (${options.nodePool === undefined ? 'group' : 'NodePool'} ${group})`, {
      host: host.id,
      az,
      instanceType: instanceType.name,
      capacityType,
      group,
    });
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

  /**
   * The host takes no new tasks (ECS DRAINING; Kubernetes cordoned): its tasks are to be
   * replaced elsewhere. Its capacity leaves the cluster totals.
   */
  drainHost(host: Host, reason: string): void {
    if (host.status !== 'ACTIVE' && host.status !== 'REGISTERING') return;
    const wasActive = host.status === 'ACTIVE';
    host.status = 'DRAINING';
    if (wasActive) this.leaveTotals(host);
    this.emit('host.draining', host.id, reason, { host: host.id, az: host.az });
  }

  /** Adds a Kubernetes taint to a node. */
  taintNode(host: Host, taint: Taint, detail: string): void {
    host.taints = [...host.taints, taint];
    this.emit('node.tainted', host.id, `${taint.key}:${taint.effect}: ${detail}`, { host: host.id });
  }

  /** The instance fails (hardware, kernel, network): agent or kubelet stop reporting. */
  failHost(host: Host, reason: string): void {
    if (host.status !== 'ACTIVE' && host.status !== 'DRAINING') return;
    if (host.status === 'ACTIVE') this.leaveTotals(host);
    host.status = 'UNREACHABLE';
    // Its apps are gone, but their targets stay in service until the load balancer notices.
    for (const task of host.tasks) {
      if (!task.serving || this.deadTargets.has(task)) continue;
      this.deadTargets.add(task);
      task.service.deadServing++;
    }
    this.emit('host.failed', host.id, reason, { host: host.id, az: host.az });
  }

  /** Removes a Kubernetes taint (by key) from a node; no record when the node has none. */
  untaintNode(host: Host, key: string, detail: string): void {
    if (!host.taints.some((t) => t.key === key)) return;
    host.taints = host.taints.filter((t) => t.key !== key);
    this.emit('node.untainted', host.id, `${key}: ${detail}`, { host: host.id });
  }

  /**
   * The kubelet loses contact with the control plane while the instance keeps running (a
   * network partition): the node stops reporting, as after a failure, but EC2 status checks
   * pass, so Auto Scaling does not replace it. Only an ACTIVE node can be partitioned.
   */
  partitionNode(host: Host, reason: string): void {
    if (host.status !== 'ACTIVE') throw new Error(`${host.id} cannot be partitioned from ${host.status}`);
    this.leaveTotals(host);
    host.status = 'UNREACHABLE';
    this.emit('node.partitioned', host.id, reason, { host: host.id, az: host.az });
  }

  /** The partition ends: the kubelet reports again and the node is ACTIVE (Ready) with its pods. */
  reconnectNode(host: Host, reason: string): void {
    if (host.status !== 'UNREACHABLE') throw new Error(`${host.id} cannot reconnect from ${host.status}`);
    host.status = 'ACTIVE';
    const totals = this.state.totals;
    totals.hostsActive++;
    totals.cpu += host.cpu;
    totals.memoryMiB += host.memoryMiB;
    this.emit('node.reconnected', host.id, reason, { host: host.id, az: host.az });
  }

  /** A registry outage begins: pulls from it that start before `outage.until` fail. */
  startRegistryOutage(outage: RegistryOutage): void {
    this.state.registryOutages.push(outage);
    this.emit('registry.outage-started', outage.registry ?? 'all-registries', `image pulls fail (registry unreachable) until ${formatClock(outage.until)}`, {});
  }

  /** The outage ends: pulls from the registry succeed again. */
  endRegistryOutage(outage: RegistryOutage): void {
    const i = this.state.registryOutages.indexOf(outage);
    if (i < 0) throw new Error('ending a registry outage that is not in effect');
    this.state.registryOutages.splice(i, 1);
    this.emit('registry.outage-ended', outage.registry ?? 'all-registries', 'image pulls reach the registry again', {});
  }

  /**
   * A scenario fault was injected (`fault.injected`) or its window ended (`fault.ended`): the
   * account a person reads in the run summary. Changes no state; the fault's own actions do.
   */
  fault(type: 'fault.injected' | 'fault.ended', entity: string, detail: string, service?: string): void {
    this.emit(type, entity, detail, service === undefined ? {} : { service });
  }

  /** The instance is terminated: it must hold no task; its addresses go back to the subnet. */
  terminateHost(host: Host, reason: string): void {
    if (host.status === 'DEREGISTERED') return;
    if (host.tasks.size > 0) throw new Error(`${host.id} cannot terminate with ${host.tasks.size} tasks`);
    if (host.status === 'ACTIVE') this.leaveTotals(host);
    host.status = 'DEREGISTERED';
    host.terminatedAt = this.sim.now;
    if (host.network !== null) {
      if (host.network.ipam !== null) host.network.ipam.releaseAll();
      else host.network.subnet.pool.releaseIp(host.network.primaryIp);
    }
    this.emit('host.terminated', host.id, reason, { host: host.id, az: host.az });
  }

  private leaveTotals(host: Host): void {
    const totals = this.state.totals;
    totals.hostsActive--;
    totals.cpu -= host.cpu;
    totals.memoryMiB -= host.memoryMiB;
  }

  createTask(service: Service, capacityProvider: string | null = null): Task {
    const td = service.taskDefinition;
    const task: Task = {
      id: this.state.nextTaskId(),
      service,
      taskDefinition: td,
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
    this.emit('task.created', task.id, `${td.family}:${td.revision}${capacityProvider === null ? '' : ` on ${capacityProvider}`}`, {
      service: service.name,
      status: 'UNPLACED',
      ...(capacityProvider === null ? {} : { capacityProvider }),
    });
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
    const td = task.taskDefinition;
    if (task.service.kind === 'ecs-service') {
      if (td.networkMode === 'awsvpc') host.taskEnisInUse++;
      else if (usesHostPorts(td.networkMode)) {
        host.ports ??= new HostPortTable();
        task.hostPorts = host.ports.allocate(taskPortMappings(td), td.networkMode);
      }
    }
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

  /** A Fargate task leaves UNPLACED: AWS provisions a microVM for it (no host of ours). */
  startFargateTask(task: Task): void {
    if (task.status !== 'UNPLACED' || task.service.launchType !== 'FARGATE') throw new Error(`${task.id} is not an unplaced Fargate task`);
    task.placedAt = this.sim.now;
    this.transition(task, 'PROVISIONING');
    this.emit('task.placed', task.id, 'on Fargate (microVM provisioning)', { service: task.service.name, status: 'PROVISIONING' });
  }

  /** Moves a placed task along its start-up path (PROVISIONING -> PENDING -> RUNNING) or to STOPPING. */
  setTaskStatus(task: Task, status: 'PENDING' | 'RUNNING' | 'STOPPING', detail: string): void {
    const from = task.status;
    this.transition(task, status);
    if (status === 'STOPPING') this.stopServing(task);
    if (status === 'PENDING') task.pendingAt = this.sim.now;
    else if (status === 'RUNNING') {
      task.runningAt = this.sim.now;
      // Circuit breaker stage 1 ends when a task of the deployment reaches RUNNING.
      if (task.taskDefinition === task.service.deployment.taskDefinition) task.service.deployment.stage = 2;
    } else task.stoppingAt = this.sim.now;
    this.emit('task.status-changed', task.id, `${from} -> ${status}${detail === '' ? '' : `: ${detail}`}`, {
      service: task.service.name,
      host: task.host?.id,
      status,
    });
  }

  /** The task's images are ready (pulled, joined a pull in flight, or cached): `pullMs` waited. */
  recordImagesReady(task: Task, pullMs: number): void {
    task.pullMs = pullMs;
    this.emit('task.images-ready', task.id, pullMs === 0 ? 'cached' : `pulled in ${pullMs} ms`, { service: task.service.name, host: task.host?.id, value: pullMs });
  }

  /**
   * ECS healthStatus HEALTHY / Kubernetes Ready: the health check passed. `again`: it had failed
   * since the container started (a `task.recovered` record, so start-up figures count each task once).
   */
  markHealthy(task: Task, again = false): void {
    task.healthyAt = this.sim.now;
    if (task.service.loadBalancer === null) this.startServing(task);
    const what = task.service.kind === 'deployment' ? 'Ready' : 'healthStatus HEALTHY';
    this.emit(again ? 'task.recovered' : 'task.healthy', task.id, again ? `${what} again` : what, { service: task.service.name, host: task.host?.id });
  }

  /** Healthy in the load balancer's target group: it now receives traffic. `again`: as for markHealthy. */
  markInService(task: Task, again = false): void {
    task.inServiceAt = this.sim.now;
    this.startServing(task);
    const what = 'target healthy in the load balancer';
    this.emit(again ? 'task.recovered' : 'task.in-service', task.id, again ? `${what} again` : what, { service: task.service.name, host: task.host?.id });
  }

  /**
   * A check failed its threshold of times in a row (docs/models.md, "Health checks that fail"):
   * `health` (ECS container health check UNHEALTHY, Kubernetes readiness NotReady: a NotReady
   * pod also leaves its Service's endpoints and so its target group) or `target` (the load
   * balancer marks the target unhealthy). Either way the task takes no more traffic.
   */
  markUnhealthy(task: Task, check: 'health' | 'target', detail: string): void {
    this.stopServing(task);
    task.inServiceAt = null;
    if (check === 'health') {
      task.healthyAt = null;
      if (task.service.kind === 'deployment') task.targetFirstCheckAt = null;
    }
    this.emit('task.unhealthy', task.id, detail, { service: task.service.name, host: task.host?.id });
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

  private startServing(task: Task): void {
    if (task.serving) return;
    task.serving = true;
    task.service.serving++;
  }

  /** The task leaves its load balancer (deregistration) or stops: it no longer takes traffic. */
  private stopServing(task: Task): void {
    if (!task.serving) return;
    task.serving = false;
    task.service.serving--;
    if (task.service.deadServing > 0 && this.deadTargets.delete(task)) task.service.deadServing--;
  }

  /** Ends the task: releases its host resources and removes it from its service's live set. */
  stopTask(task: Task, stopCode: StopCode, reason: string): void {
    const host = task.host;
    this.stopServing(task);
    this.transition(task, 'STOPPED');
    task.stoppedAt = this.sim.now;
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
      this.state.totals.allocatedCpu -= task.cpu;
      this.state.totals.allocatedMemoryMiB -= task.memoryMiB;
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
    this.emit('task.stopped', task.id, `${stopCode}: ${reason}`, {
      service: task.service.name,
      host: host?.id,
      status: 'STOPPED',
      stopCode,
    });
  }

  /**
   * A Kubernetes event about a pod (kubectl describe's Events): `reason` is the event reason
   * (FailedScheduling, FailedCreatePodSandBox), `message` its text.
   */
  podEvent(task: Task, reason: string, message: string): void {
    this.emit('pod.event', task.id, `${reason}: ${message}`, { service: task.service.name, host: task.host?.id });
  }

  /**
   * The task's app exited on its own (crash, or the kernel's OOM kill): it stops serving and is
   * no longer healthy. `exitCode` goes on the record's value. The node agent then restarts the
   * container (Kubernetes) or stops the task (ECS).
   */
  containerExited(task: Task, exitCode: number, detail: string): void {
    if (task.status !== 'RUNNING') throw new Error(`${task.id} cannot exit in ${task.status}`);
    this.stopServing(task);
    task.healthyAt = null;
    task.inServiceAt = null;
    task.service.failures.exits++;
    this.emit('container.exited', task.id, detail, { service: task.service.name, host: task.host?.id, value: exitCode });
  }

  /**
   * kubelet waits before the next attempt (container state `waiting`, reason CrashLoopBackOff or
   * ImagePullBackOff) and says so with a BackOff event. `delayMs` goes on the record's value.
   */
  backOff(task: Task, waitingReason: string, message: string, delayMs: number): void {
    task.waiting = waitingReason;
    this.emit('pod.back-off', task.id, `${waitingReason}: BackOff: ${message} (back-off ${delayMs / 1000}s)`, { service: task.service.name, host: task.host?.id, value: delayMs });
  }

  /** kubelet restarts a crashed container in place (restartPolicy Always): restartCount + 1. */
  restartContainer(task: Task): void {
    if (task.status !== 'RUNNING') throw new Error(`${task.id} cannot restart a container in ${task.status}`);
    task.restarts++;
    task.waiting = null;
    task.service.failures.restarts++;
    this.emit('container.restarted', task.id, `restartCount ${task.restarts}`, { service: task.service.name, host: task.host?.id, value: task.restarts });
  }

  /** An image pull failed (`message`: the runtime's error as the agent or kubelet reports it). */
  failImagePull(task: Task, message: string): void {
    task.service.failures.pullFailures++;
    this.emit('task.image-pull-failed', task.id, message, { service: task.service.name, host: task.host?.id });
  }

  /** CNI ADD: the pod gets an address from its node's ipamd pool, or NO_ADDRESS. */
  assignPodIp(task: Task): number {
    const ipam = task.host?.network?.ipam;
    if (ipam === undefined || ipam === null) throw new Error(`${task.id} has no node with ipamd`);
    const ip = ipam.assign();
    if (ip === NO_ADDRESS) return ip;
    task.ip = ip;
    this.emit('pod.ip-assigned', task.id, formatIp(ip), { service: task.service.name, host: task.host!.id });
    return ip;
  }

  /**
   * ECS awsvpc: creates the task's ENI with an address from one of the service's subnets in the
   * instance's AZ. Returns false (and the task keeps waiting in PROVISIONING) when none has one.
   */
  attachTaskEni(task: Task, subnets: readonly VpcSubnet[]): boolean {
    for (const subnet of subnets) {
      const ip = subnet.pool.allocateIp();
      if (ip === NO_ADDRESS) continue;
      task.ip = ip;
      task.ipSubnet = subnet;
      this.emit('task.eni-attached', task.id, `ENI with ${formatIp(ip)} in ${subnet.id}`, { service: task.service.name, host: task.host?.id, az: subnet.az });
      return true;
    }
    return false;
  }

  /** ipamd asks EC2 for a new ENI (its addresses leave the subnet now; usable once attached). */
  startEniAttach(host: Host, slots: number): Eni | undefined {
    const ipam = host.network!.ipam!;
    const eni = ipam.startAttach(this.state.nextEniId(), [host.network!.subnet], slots);
    if (eni === undefined) {
      const error = ipam.prefixMode ? 'InsufficientCidrBlocks' : 'InsufficientFreeAddressesInSubnet';
      this.emit('eni.attach-failed', host.id, `CreateNetworkInterface in ${host.network!.subnet.id}: ${error}`, { host: host.id });
      return undefined;
    }
    const what = ipam.prefixMode ? 'prefixes' : 'secondary IPs';
    this.emit('eni.attach-started', host.id, `${eni.id} in ${eni.subnet.id} with ${eni.pendingSlots.length} ${what}`, { host: host.id });
    return eni;
  }

  /** ipamd asks EC2 for more addresses on an attached ENI; returns how many it got. */
  startIpAssign(host: Host, eni: Eni, slots: number): number {
    const got = host.network!.ipam!.startAssign(eni, slots);
    const what = host.network!.ipam!.prefixMode ? 'prefixes' : 'IPs';
    // EC2's error codes: no free address at all, or (prefixes) no aligned free /28 block.
    const error = host.network!.ipam!.prefixMode ? 'InsufficientCidrBlocks' : 'InsufficientFreeAddressesInSubnet';
    if (got === 0) this.emit('eni.assign-failed', host.id, `AssignPrivateIpAddresses on ${eni.id} (${eni.subnet.id}): ${error}`, { host: host.id });
    else this.emit('eni.assign-started', host.id, `${got} ${what} on ${eni.id}`, { host: host.id });
    return got;
  }

  /** The EC2 call finished: the ENI's new addresses join the node's pool. */
  completeEniOp(host: Host, eni: Eni): void {
    const ipam = host.network!.ipam!;
    ipam.complete(eni);
    this.emit('eni.ready', host.id, `${eni.id}: pool ${ipam.freeAddresses} free of ${ipam.totalAddresses}`, { host: host.id });
  }

  /** ipamd gives unused addresses (or a whole ENI) back to the subnet. */
  shrinkIpPool(host: Host, eni: Eni, slots: number | 'detach'): void {
    const ipam = host.network!.ipam!;
    if (slots === 'detach') {
      ipam.detach(eni);
      this.emit('eni.detached', host.id, `${eni.id} returned to ${eni.subnet.id}`, { host: host.id });
    } else {
      const n = ipam.releaseSlots(eni, slots);
      this.emit('eni.released', host.id, `${n} ${ipam.prefixMode ? 'prefixes' : 'IPs'} of ${eni.id} returned to ${eni.subnet.id}`, { host: host.id });
    }
  }

  /**
   * The stop path's signals: `signal` is SIGTERM (the stop begins for the app) or SIGKILL (the
   * stop timeout ran out with the process still there). `dropped` requests were in flight at
   * SIGKILL: their connections are reset, so they count against the service.
   */
  signalTask(task: Task, signal: 'SIGTERM' | 'SIGKILL', detail: string, dropped = 0): void {
    if (task.status !== 'STOPPING') throw new Error(`${task.id} cannot get ${signal} in ${task.status}`);
    task.service.traffic.dropped += dropped;
    this.emit(signal === 'SIGTERM' ? 'task.sigterm' : 'task.sigkill', task.id, detail, {
      service: task.service.name,
      host: task.host?.id,
      ...(signal === 'SIGKILL' ? { value: dropped } : {}),
    });
  }

  /** A closed minute of the service's traffic (the load driver's per-minute metrics). */
  recordTrafficMinute(service: Service, minute: MinuteMetrics, detail: string): void {
    service.traffic.requests += minute.requests;
    service.traffic.errors += minute.target5xx + minute.elb5xx;
    this.emit('metrics.minute', service.name, detail, { service: service.name, minute });
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

/**
 * The n-th deployment's id: ECS `ecs-svc/<n>`; a Kubernetes Deployment's n-th rollout is its
 * ReplicaSet, named `<workload>-<n>` in fleetsim's messages (kubectl's revision n).
 */
function deploymentId(kind: Service['kind'], name: string, n: number): string {
  return kind === 'deployment' ? `${name}-${n}` : `ecs-svc/${n}`;
}
