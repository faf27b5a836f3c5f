import type { InstanceType } from '../../model/catalog/instance-type.js';
import { NO_DAEMONS, type DaemonPlacement } from '../../model/daemon-set.js';
import { NO_DEVICES, noAllocatedDevices, type DeviceCounts } from '../../model/devices.js';
import { builtInAttributes, wellKnownLabels, type Host, type HostNetwork, type Taint } from '../../model/host.js';
import type { CniSettings } from '../../model/network/cni-settings.js';
import { NodeIpam } from '../../model/network/node-ipam.js';
import type { DrainReason, HostFailureReason, HostLaunchFailure, TerminationReason } from '../../model/events/host.js';
import type { SpotDrainer } from '../../model/spot-interruption-response.js';
import type { ActionContext } from './context.js';
import type { ServingTargets } from './serving.js';

/** How a host is launched beyond its type, AZ and registered resources. */
export interface LaunchOptions {
  maxTasks?: number;
  cni?: CniSettings;
  taskEniLimit?: number;
  region?: string;
  attributes?: ReadonlyMap<string, string>;
  labels?: ReadonlyMap<string, string>;
  taints?: readonly Taint[];
  capacityType?: 'on-demand' | 'spot';
  nodePool?: string;
}

/** Whether a launch returned a failure rather than a host. */
export function isLaunchFailure(result: Host | HostLaunchFailure): result is HostLaunchFailure {
  return 'code' in result;
}

/** EC2 instances (ECS container instances, EKS nodes): launch, registration, drain, failure, termination. */
export class HostActions {
  /** Hosts launched and not terminated: what the host limit counts. */
  private live = 0;

  constructor(
    private readonly ctx: ActionContext,
    private readonly serving: ServingTargets,
    /** The most hosts the run may have at once (SimulationSpec.maxHosts). */
    private readonly maxHosts: number = Number.POSITIVE_INFINITY,
    /** The user DaemonSets: their pods without hostNetwork hold addresses of an EKS node's pool. */
    private readonly daemons: DaemonPlacement = NO_DAEMONS,
  ) {}

  /**
   * A new EC2 instance; it accepts tasks once `register` marks it ACTIVE. With a VPC the
   * instance's primary ENI takes an address in the AZ; when no subnet there has one, the launch
   * fails as EC2's does (InsufficientFreeAddressesInSubnet). A launch past the run's host limit
   * fails too (HOST_LIMIT). A failure is emitted and returned instead of a host.
   */
  /** EC2 refused a launch in `az` before it began (an impaired AZ: InsufficientInstanceCapacity). */
  launchFailed(group: string, instanceType: InstanceType, az: string, reason: HostLaunchFailure): void {
    this.ctx.emit({ type: 'host.launch-failed', time: this.ctx.now, group, instanceType: instanceType.name, az, reason });
  }

  /** The node's DaemonSet pods that take a VPC CNI address, matched as its node group or NodePool describes it. */
  private daemonPodAddresses(group: string, type: InstanceType, options: LaunchOptions): number {
    const labels = options.labels === undefined ? undefined : Object.fromEntries(options.labels);
    return this.daemons(type, { group, ...(options.nodePool === undefined ? {} : { nodePool: true }), ...(labels === undefined ? {} : { labels }), ...(options.taints === undefined ? {} : { taints: options.taints }) }).ownAddresses;
  }

  launch(group: string, instanceType: InstanceType, az: string, registered: { cpu: number; memoryMiB: number; devices?: DeviceCounts }, options: LaunchOptions = {}): Host | HostLaunchFailure {
    const state = this.ctx.state;
    const refuse = (reason: HostLaunchFailure): HostLaunchFailure => {
      this.ctx.emit({ type: 'host.launch-failed', time: this.ctx.now, group, instanceType: instanceType.name, az, reason });
      return reason;
    };
    if (this.live >= this.maxHosts) return refuse({ code: 'HOST_LIMIT', limit: this.maxHosts });
    let network: HostNetwork | null = null;
    if (state.vpc.subnets.length > 0) {
      const got = state.vpc.allocateIpIn(az);
      if (got === undefined) return refuse({ code: 'NO_FREE_ADDRESS', az });
      const ipam = options.cni === undefined ? null : new NodeIpam(instanceType, options.cni, { id: state.nextEniId(), subnet: got.subnet, ip: got.ip }, this.daemonPodAddresses(group, instanceType, options));
      network = { subnet: got.subnet, primaryIp: got.ip, ipam };
    }
    const id = state.nextHostId();
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
      index: state.hosts.length,
      instanceType,
      az,
      group,
      status: 'REGISTERING',
      cpu: registered.cpu,
      memoryMiB: registered.memoryMiB,
      allocatedCpu: 0,
      nonZeroRequestedCpu: 0,
      nonZeroRequestedMemoryMiB: 0,
      allocatedMemoryMiB: 0,
      devices: registered.devices ?? NO_DEVICES,
      allocatedDevices: noAllocatedDevices(),
      gpusInUse: 0,
      tasks: new Set(),
      images: new Set(),
      imagePullsInFlight: new Map(),
      network,
      maxTasks: options.maxTasks ?? Number.POSITIVE_INFINITY,
      taskEniLimit: options.taskEniLimit ?? 0,
      taskEnisInUse: 0,
      taskEnisAttached: 0,
      ports: null,
      attributes,
      labels,
      taints: options.taints ?? [],
      cordoned: false,
      partitioned: false,
      capacityType,
      nodePool: options.nodePool ?? null,
      launchedAt: this.ctx.now,
      activeAt: null,
      terminatedAt: null,
    };
    state.hosts.push(host);
    state.hostsById.set(host.id, host);
    this.live++;
    this.ctx.emit({
      type: 'host.launched',
      time: this.ctx.now,
      host: host.id,
      group,
      nodePool: host.nodePool,
      instanceType: instanceType.name,
      capacityType,
      az,
      subnet: network === null ? null : network.subnet.id,
      ip: network === null ? null : network.primaryIp,
    });
    return host;
  }

  register(host: Host): void {
    if (host.status !== 'REGISTERING') throw new Error(`${host.id} cannot register from ${host.status}`);
    host.status = 'ACTIVE';
    host.activeAt = this.ctx.now;
    this.ctx.joinTotals(host);
    this.ctx.emit({ type: 'host.registered', time: this.ctx.now, host: host.id, az: host.az, cpu: host.cpu, memoryMiB: host.memoryMiB });
  }

  /** EC2's Spot interruption notice for an instance of a group (it changes nothing by itself: `drainer`, if any, drains it). */
  spotInterruptionNotice(host: Host, drainer: SpotDrainer | null, interruptAt: number): void {
    this.ctx.emit({ type: 'host.spot-interruption-notice', time: this.ctx.now, host: host.id, az: host.az, group: host.group, drainer, interruptAt });
  }

  /**
   * The host takes no new tasks (ECS DRAINING; Kubernetes cordoned): its tasks are to be
   * replaced elsewhere. Its capacity leaves the cluster totals.
   */
  drain(host: Host, reason: DrainReason): void {
    if (host.status !== 'ACTIVE' && host.status !== 'REGISTERING') return;
    const wasActive = host.status === 'ACTIVE';
    host.status = 'DRAINING';
    host.cordoned = true;
    if (wasActive) this.ctx.leaveTotals(host);
    this.ctx.emit({ type: 'host.draining', time: this.ctx.now, host: host.id, az: host.az, reason });
  }

  /** The instance fails (hardware, kernel, network): agent or kubelet stop reporting; one still booting never registers. */
  fail(host: Host, reason: HostFailureReason): void {
    if (host.status !== 'ACTIVE' && host.status !== 'DRAINING' && host.status !== 'REGISTERING') return;
    if (host.status === 'ACTIVE') this.ctx.leaveTotals(host);
    host.status = 'UNREACHABLE';
    // Its apps are gone, but their targets stay in service until the load balancer notices.
    for (const task of host.tasks) this.serving.markDead(task);
    this.ctx.emit({ type: 'host.failed', time: this.ctx.now, host: host.id, az: host.az, reason });
  }

  /** The instance is terminated: it must hold no task; its addresses go back to the subnet. */
  terminate(host: Host, reason: TerminationReason): void {
    if (host.status === 'DEREGISTERED') return;
    if (host.tasks.size > 0) throw new Error(`${host.id} cannot terminate with ${host.tasks.size} tasks`);
    if (host.status === 'ACTIVE') this.ctx.leaveTotals(host);
    host.status = 'DEREGISTERED';
    host.terminatedAt = this.ctx.now;
    this.live--;
    if (host.network !== null) {
      if (host.network.ipam !== null) host.network.ipam.releaseAll();
      else host.network.subnet.pool.releaseIp(host.network.primaryIp);
    }
    this.ctx.emit({ type: 'host.terminated', time: this.ctx.now, host: host.id, az: host.az, reason });
  }
}
