import { Priority, type Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import type { InstanceType } from '../../model/catalog/instance-type.js';
import type { Host } from '../../model/host.js';
import type { CniSettings } from '../../model/network/cni-settings.js';
import type { AutoScalingGroupSpec } from '../../model/simulation-spec.js';
import type { CapacityShortReason, GroupDesiredCause } from '../../model/events/autoscaling.js';
import type { FleetEvent } from '../../model/events/index.js';
import type { NodeHealthParams } from '../../model/params/node-health.js';
import { isLaunchFailure, type Actions } from '../actions/index.js';
import type { InstanceLauncher } from '../instance-launcher.js';

/** How a group's instances join the cluster: what they register and how many tasks they take. */
export interface HostProfile {
  registered(type: InstanceType, group: AutoScalingGroupSpec): { cpu: number; memoryMiB: number };
  maxTasks(type: InstanceType, group: AutoScalingGroupSpec): number;
  /** ECS awsvpc: task ENIs an instance of the type can attach. */
  taskEniLimit?(type: InstanceType): number;
  /** VPC CNI settings for EKS nodes (ipamd runs on them); undefined on ECS. */
  readonly cni?: CniSettings;
  /** ECS agent or kubelet. */
  readonly agent: 'ecs' | 'kubelet';
}

interface GroupState {
  readonly spec: AutoScalingGroupSpec;
  desired: number;
  /** Instances launched and not terminated, including ones still booting or draining. */
  readonly hosts: Set<Host>;
  /** Round-robin cursor over the group's AZs. */
  nextAz: number;
  retryPending: boolean;
  /** Managed termination protection: scale-in terminates only instances running no task. */
  emptyOnlyScaleIn: boolean;
  /** The shortfall last reported (`asg.capacity-unfulfilled`), as a key; null: not short. */
  shortfall: string | null;
}

/**
 * EC2 Auto Scaling groups (ECS) and managed node groups (EKS).
 *
 * At the start of a run each group's desired instances already exist and are registered (the
 * cluster a scenario describes is up). Afterwards a change of desired capacity launches
 * instances, which register after the launch, boot and agent/kubelet registration latencies, or
 * removes them: the instance is drained first (ECS DRAINING / cordon and drain: the schedulers
 * replace its tasks elsewhere) and terminated once it runs no task. Scale-in picks, as Auto
 * Scaling's default termination policy does, from the AZ with the most instances, preferring
 * instances still booting, then the newest. New instances go round-robin over the AZs; one whose
 * AZ has no free subnet address fails to launch and is retried.
 */
export class AutoScalingGroups {
  private readonly groups = new Map<string, GroupState>();

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    specs: readonly AutoScalingGroupSpec[],
    private readonly profile: HostProfile,
    private readonly launcher: InstanceLauncher,
    trace: Trace<FleetEvent>,
    private readonly health?: NodeHealthParams,
    /**
     * Groups whose capacity provider has managed termination protection: scale-in terminates
     * only instances without tasks (ECS sets instance scale-in protection on the others).
     */
    protectNonEmptyInstances: ReadonlySet<string> = new Set(),
  ) {
    for (const spec of specs) this.groups.set(spec.name, { spec, desired: spec.desiredCapacity, hosts: new Set(), nextAz: 0, retryPending: false, emptyOnlyScaleIn: protectNonEmptyInstances.has(spec.name), shortfall: null });
    trace.subscribe(this.onRecord);
  }

  /**
   * Launches every group's initial instances, already registered. Those that cannot exist (their
   * AZs' subnets are full, or the host limit is reached) are reported, and not retried until the
   * group's desired capacity changes.
   */
  start(): void {
    for (const g of this.groups.values()) this.reportShortfall(g, this.launchMany(g, g.desired, true));
  }

  /** The group's instances that are in service or booting (not draining, not terminated). */
  instancesOf(name: string): Host[] {
    const g = this.groups.get(name);
    return g === undefined ? [] : this.inService(g);
  }

  /** Desired capacity of a group (null when there is no such group). */
  desiredOf(name: string): number | null {
    return this.groups.get(name)?.desired ?? null;
  }

  /** Sets a group's desired capacity, clamped to [minSize, maxSize], and acts on it. */
  setDesired(name: string, desired: number, cause: GroupDesiredCause): void {
    const g = this.groups.get(name);
    if (g === undefined) throw new Error(`no Auto Scaling group ${name}`);
    const clamped = Math.min(g.spec.maxSize, Math.max(g.spec.minSize, desired));
    if (clamped === g.desired) return;
    this.actions.scaling.groupDesiredChanged({ group: name, from: g.desired, to: clamped, requested: desired, minSize: g.spec.minSize, maxSize: g.spec.maxSize, cause });
    g.desired = clamped;
    this.reconcile(g);
  }

  /** Live (not draining) instances of a group. */
  private inService(g: GroupState): Host[] {
    return [...g.hosts].filter((h) => h.status === 'ACTIVE' || h.status === 'REGISTERING' || h.status === 'UNREACHABLE');
  }

  private reconcile(g: GroupState): void {
    const live = this.inService(g);
    const failed = this.launchMany(g, g.desired - live.length, false);
    if (failed !== undefined && !g.retryPending) {
      g.retryPending = true;
      this.sim.after(this.launcher.launchRetryMs, this.retry, g, Priority.Decision);
    }
    this.reportShortfall(g, failed);
    let surplus = live.length - g.desired;
    while (surplus-- > 0) {
      const candidates = this.inService(g).filter((h) => !g.emptyOnlyScaleIn || h.tasks.size === 0);
      const victim = this.pickVictim(candidates);
      if (victim === undefined) break;
      this.actions.hosts.drain(victim, { code: 'ASG_SCALE_IN', group: g.spec.name });
      this.terminateIfEmpty(victim);
    }
  }

  /**
   * Launches up to `count` instances round-robin over the group's AZs. An AZ without a free
   * address is skipped for the rest of the round (Auto Scaling tries the group's other AZs);
   * returns why the round stopped short: every AZ full, or the host limit. Undefined: all launched.
   */
  private launchMany(g: GroupState, count: number, preExisting: boolean): CapacityShortReason | undefined {
    const zones = g.spec.availabilityZones;
    const full = new Set<string>();
    for (let launched = 0; launched < count; ) {
      let az: string | undefined;
      for (let k = 0; k < zones.length && az === undefined; k++) {
        const candidate = zones[g.nextAz % zones.length]!;
        g.nextAz++;
        if (!full.has(candidate)) az = candidate;
      }
      if (az === undefined) return { code: 'NO_FREE_ADDRESS', azs: zones.filter((z) => full.has(z)) };
      const failure = this.launchOne(g, az, preExisting);
      if (failure === undefined) launched++;
      else if (failure.code === 'HOST_LIMIT') return failure;
      else full.add(az);
    }
    return undefined;
  }

  /**
   * Reports a group's shortfall after a round of launches (`asg.capacity-unfulfilled`, once per
   * change of what it wants, has and why), and its end (`asg.capacity-fulfilled`).
   */
  private reportShortfall(g: GroupState, failed: CapacityShortReason | undefined): void {
    const launched = this.inService(g).length;
    if (failed === undefined || launched >= g.desired) {
      if (g.shortfall !== null && launched >= g.desired) {
        g.shortfall = null;
        this.actions.scaling.groupCapacityFulfilled(g.spec.name, g.desired);
      }
      return;
    }
    const key = `${g.desired}/${launched}/${JSON.stringify(failed)}`;
    if (key === g.shortfall) return;
    g.shortfall = key;
    this.actions.scaling.groupCapacityUnfulfilled({ group: g.spec.name, instanceType: g.spec.instanceType.name, desired: g.desired, launched, reason: failed });
  }

  /** Launches one instance in `az`; returns why it could not. */
  private launchOne(g: GroupState, az: string, preExisting: boolean): CapacityShortReason | { readonly code: 'NO_FREE_ADDRESS' } | undefined {
    const spec = g.spec;
    const host = this.launcher.launch({
      group: spec.name,
      instanceType: spec.instanceType,
      az,
      registered: this.profile.registered(spec.instanceType, spec),
      options: {
        maxTasks: this.profile.maxTasks(spec.instanceType, spec),
        cni: this.profile.cni,
        taskEniLimit: this.profile.taskEniLimit?.(spec.instanceType) ?? 0,
        ...(spec.attributes === undefined ? {} : { attributes: new Map(Object.entries(spec.attributes)) }),
        ...(spec.labels === undefined ? {} : { labels: new Map(Object.entries(spec.labels)) }),
        ...(spec.taints === undefined ? {} : { taints: spec.taints }),
      },
      agent: this.profile.agent,
      cachedImages: spec.cachedImages,
      preExisting,
    });
    if (isLaunchFailure(host)) return host.code === 'HOST_LIMIT' ? host : { code: 'NO_FREE_ADDRESS' };
    g.hosts.add(host);
    return undefined;
  }

  private readonly retry = (g: GroupState): void => {
    g.retryPending = false;
    this.reconcile(g);
  };

  /** Auto Scaling's default termination policy, simplified: AZ with most instances, booting ones first, newest first. */
  private pickVictim(live: readonly Host[]): Host | undefined {
    const perAz = new Map<string, number>();
    for (const h of live) perAz.set(h.az, (perAz.get(h.az) ?? 0) + 1);
    let best: Host | undefined;
    for (const h of live) {
      if (best === undefined) {
        best = h;
        continue;
      }
      const byAz = perAz.get(h.az)! - perAz.get(best.az)!;
      const byBoot = (h.status === 'REGISTERING' ? 1 : 0) - (best.status === 'REGISTERING' ? 1 : 0);
      if (byAz > 0 || (byAz === 0 && (byBoot > 0 || (byBoot === 0 && h.index > best.index)))) best = h;
    }
    return best;
  }

  private readonly onRecord = (r: FleetEvent): void => {
    if (r.type === 'host.failed') {
      const failed = this.actions.state.hostsById.get(r.host);
      if (failed !== undefined && this.health !== undefined) this.sim.after(this.health.ec2StatusCheckReplaceMs, this.replaceUnhealthy, failed, Priority.StateChange);
      return;
    }
    if (r.type !== 'task.stopped' || r.host === null) return;
    const host = this.actions.state.hostsById.get(r.host);
    // Only this group's instances: other provisioners (Karpenter) terminate their own.
    if (host !== undefined && host.status === 'DRAINING' && this.groups.get(host.group)?.hosts.has(host) === true) this.terminateIfEmpty(host);
  };

  /**
   * EC2 status checks failed: Auto Scaling terminates the instance (whatever ran on it is gone)
   * and launches a replacement to keep the desired capacity.
   */
  private readonly replaceUnhealthy = (host: Host): void => {
    if (host.status !== 'UNREACHABLE') return;
    for (const task of [...host.tasks]) this.actions.tasks.stop(task, 'TerminationNotice', { code: 'HOST_TERMINATED', host: host.id });
    this.actions.hosts.terminate(host, ASG_STATUS_CHECK_REPLACEMENT);
    const g = this.groups.get(host.group);
    if (g === undefined) return;
    g.hosts.delete(host);
    this.reconcile(g);
  };

  private terminateIfEmpty(host: Host): void {
    if (host.tasks.size > 0 || host.status !== 'DRAINING') return;
    this.actions.hosts.terminate(host, { code: 'ASG_SCALE_IN', group: host.group });
    this.groups.get(host.group)?.hosts.delete(host);
  }
}

const ASG_STATUS_CHECK_REPLACEMENT = Object.freeze({ code: 'ASG_STATUS_CHECK_REPLACEMENT' } as const);
