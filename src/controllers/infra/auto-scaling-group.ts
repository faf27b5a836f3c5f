import { Priority, type Simulation, type Timer } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import type { InstanceType } from '../../model/catalog/instance-type.js';
import type { DeviceCounts } from '../../model/devices.js';
import type { Host } from '../../model/host.js';
import type { HostLaunchFailure, RemovalDrain } from '../../model/events/host.js';
import { TERMINATE_AT_ONCE, type InstanceRemoval } from '../../model/instance-removal.js';
import type { StopReason } from '../../model/reasons/stop.js';
import { launchOrder, nextCapacityType } from '../../model/mixed-instances-policy.js';
import type { CniSettings } from '../../model/network/cni-settings.js';
import type { AutoScalingGroupSpec } from '../../model/simulation-spec.js';
import type { CapacityShortReason, GroupDesiredCause } from '../../model/events/autoscaling.js';
import type { FleetEvent } from '../../model/events/index.js';
import type { NodeHealthParams } from '../../model/params/node-health.js';
import { SPOT_INTERRUPTION_NOTICE_MS } from '../../model/params/spot-interruption.js';
import type { SpotResponse } from '../../model/spot-interruption-response.js';
import type { StopCode } from '../../model/task.js';
import { isLaunchFailure, type Actions } from '../actions/index.js';
import { Ec2Call, type InstanceLauncher } from '../instance-launcher.js';
import type { TrafficReadout } from '../task-lifecycle.js';
import { requestsInFlight, shutdownOf } from '../../model/task-definition.js';

/** How a group's instances join the cluster: what they register and how many tasks they take. */
export interface HostProfile {
  /** `devices`: the GPUs, Neuron devices and branch ENIs a node advertises (absent: none). */
  registered(type: InstanceType, group: AutoScalingGroupSpec): { cpu: number; memoryMiB: number; devices?: DeviceCounts };
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
  /** Round-robin cursor over the group's AZs: the tie-break between AZs with as many instances. */
  nextAz: number;
  /** Instances AZRebalance drained: terminated as AZ_REBALANCE once empty. */
  readonly rebalancing: Set<Host>;
  /** How Auto Scaling removes the instances it chooses (scale-in, AZRebalance): drained or not. */
  readonly removal: InstanceRemoval;
  retryPending: boolean;
  /** Managed termination protection: scale-in terminates only instances running no task. */
  emptyOnlyScaleIn: boolean;
  /** Instances Cluster Autoscaler is removing (drained; terminated once empty, as its scale-down). */
  readonly removing: Set<Host>;
  /** The shortfall last reported (`asg.capacity-unfulfilled`), as a key; null: not short. */
  shortfall: string | null;
  /** Who drains a Spot instance on EC2's interruption notice, and when it is replaced (src/model/spot-interruption-response.ts). */
  readonly spot: SpotResponse;
  /**
   * Spot instances under EC2's interruption notice, until EC2 interrupts them: still in service
   * for the group unless it replaces them at the notice (Auto Scaling otherwise replaces an
   * instance only once it is interrupted), and never terminated by the group when their drain
   * empties them (EC2 takes them at the end of the notice).
   */
  readonly noticed: Set<Host>;
}

/**
 * EC2 Auto Scaling groups (ECS) and managed node groups (EKS).
 *
 * At the start of a run each group's desired instances already exist and are registered (the
 * cluster a scenario describes is up). Afterwards a change of desired capacity launches
 * instances, which register after the launch, boot and agent/kubelet registration latencies, or
 * removes them as the group's kind removes them (src/model/instance-removal.ts): terminated at
 * once with its tasks (a plain ECS group, a self-managed node group), or drained first (ECS
 * DRAINING / cordon and drain: the schedulers replace its tasks elsewhere) and terminated once it
 * runs no task or when the drain's bound runs out, with what is left. Scale-in picks, as Auto
 * Scaling's default termination policy does, from the AZ with the most instances, preferring
 * instances still booting, then the newest. A new instance goes to the AZ with the fewest of the
 * group's instances (ties round-robin); when EC2 refuses it there (no free subnet address, or the
 * AZ is impaired: InsufficientInstanceCapacity) the group tries its other AZs, fewest first, and
 * retries later if none takes it. A scaling activity's launches are one RunInstances call: when
 * EC2 refuses it on the account's quotas (RequestLimitExceeded: throttled; VcpuLimitExceeded: past
 * a vCPU quota set in `quotas.ec2`) the activity ends there, the group reports it
 * (`asg.capacity-unfulfilled`) and retries after `launchRetryMs` (docs/models.md, "Service
 * quotas"). When an impaired AZ recovers, AZRebalance moves instances back:
 * it removes one in the fullest AZ (drained or not, as on scale-in) while it launches its
 * replacement in the emptiest (docs/models.md, "AZ impairment"). A Spot instance EC2 gives its
 * two-minute interruption notice (`spotNotice`) is drained if the group has a drainer, then
 * terminated with what is left when the notice runs out, and replaced (docs/models.md, "Spot
 * interruptions").
 */
export class AutoScalingGroups {
  private readonly groups = new Map<string, GroupState>();
  /** Draining instances Auto Scaling chose, by the timer that terminates them when the drain's bound runs out. */
  private readonly drainDeadlines = new Map<Host, Timer>();

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
    /** Per group, how Auto Scaling removes the instances it chooses (absent: terminated at once). */
    removals: ReadonlyMap<string, InstanceRemoval> = new Map(),
    /** The load on each serving task: what an instance terminated under its tasks loses in flight (null: no traffic). */
    private readonly traffic: TrafficReadout | null = null,
    /** Per group, how it answers a Spot interruption notice (absent: nobody drains, replaced after the interruption). */
    spotResponses: ReadonlyMap<string, SpotResponse> = new Map(),
  ) {
    for (const spec of specs) {
      const removal = removals.get(spec.name) ?? TERMINATE_AT_ONCE;
      const spot = spotResponses.get(spec.name) ?? NO_SPOT_RESPONSE;
      this.groups.set(spec.name, { spec, desired: spec.desiredCapacity, hosts: new Set(), nextAz: 0, rebalancing: new Set(), removal, removing: new Set(), retryPending: false, emptyOnlyScaleIn: protectNonEmptyInstances.has(spec.name), shortfall: null, spot, noticed: new Set() });
    }
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

  /** The group's spec (null when there is no such group). */
  specOf(name: string): AutoScalingGroupSpec | null {
    return this.groups.get(name)?.spec ?? null;
  }

  /**
   * Every instance of the group launched and not terminated (booting, in service, draining or
   * unreachable): the live set itself, for readers that must not copy it on every scan.
   */
  members(name: string): ReadonlySet<Host> {
    return this.groups.get(name)?.hosts ?? NO_HOSTS;
  }

  /**
   * Cluster Autoscaler removes one instance: TerminateInstanceInAutoScalingGroup with
   * ShouldDecrementDesiredCapacity, so the group does not replace it. A node in service is
   * cordoned and drained first (its pods evicted, PodDisruptionBudgets respected) and terminated
   * once empty; one still booting (max-node-provision-time passed) is terminated at once. The
   * desired capacity goes down now, so no reconcile in between launches a replacement. Returns
   * false, doing nothing, when the group is at its minSize (the API refuses to go below it) or the
   * host is not the group's, in service or booting.
   */
  removeInstance(host: Host, cause: GroupDesiredCause): boolean {
    const g = this.groups.get(host.group);
    if (g === undefined || !g.hosts.has(host) || (host.status !== 'ACTIVE' && host.status !== 'REGISTERING') || g.desired - 1 < g.spec.minSize) return false;
    this.actions.scaling.groupDesiredChanged({ group: g.spec.name, from: g.desired, to: g.desired - 1, requested: g.desired - 1, minSize: g.spec.minSize, maxSize: g.spec.maxSize, cause });
    g.desired--;
    if (host.status === 'REGISTERING') {
      this.actions.hosts.terminate(host, { code: 'NODE_PROVISION_TIMEOUT', group: g.spec.name });
      g.hosts.delete(host);
      return true;
    }
    g.removing.add(host);
    this.actions.hosts.drain(host, { code: 'CLUSTER_AUTOSCALER_SCALE_DOWN', group: g.spec.name });
    this.terminateIfEmpty(host);
    return true;
  }

  /**
   * The instances the group counts toward its desired capacity: the live ones (in service, booting,
   * unreachable; not draining), and those under a Spot interruption notice until EC2 takes them,
   * unless the group replaces at the notice.
   */
  private inService(g: GroupState): Host[] {
    const counted = g.spot.replaceAtNotice ? NO_HOSTS : g.noticed;
    return [...g.hosts].filter((h) => counted.has(h) || (!g.noticed.has(h) && (h.status === 'ACTIVE' || h.status === 'REGISTERING' || h.status === 'UNREACHABLE')));
  }

  /**
   * The group's Spot instances EC2 may still interrupt (in service or booting, not yet under a
   * notice), in launch order: the candidates of a `spotInterruption` fault (src/controllers/infra/spot-notice.ts).
   */
  spotCandidates(): Host[] {
    const out: Host[] = [];
    for (const g of this.groups.values()) for (const h of g.hosts) if (h.capacityType === 'spot' && (h.status === 'ACTIVE' || h.status === 'REGISTERING') && !g.noticed.has(h)) out.push(h);
    return out;
  }

  /**
   * EC2's Spot interruption notice for one of the groups' instances: whoever drains the group's
   * Spot instances (ECS with Spot Instance draining, EKS for a managed node group, the AWS Node
   * Termination Handler) drains it now; two minutes later EC2 interrupts it, with whatever still
   * runs there, and the group launches a replacement then, or at once where it replaces at the
   * notice (docs/models.md, "Spot interruptions").
   */
  spotNotice(host: Host): void {
    const g = this.groups.get(host.group);
    if (g === undefined || !g.hosts.has(host)) throw new Error(`${host.id} is not an instance of an Auto Scaling group`);
    g.noticed.add(host);
    const drainer = g.spot.drainer;
    this.actions.hosts.spotInterruptionNotice(host, drainer, this.sim.now + SPOT_INTERRUPTION_NOTICE_MS);
    if (drainer !== null) this.actions.hosts.drain(host, { code: 'SPOT_INTERRUPTION_NOTICE', group: g.spec.name, drainer });
    this.sim.after(SPOT_INTERRUPTION_NOTICE_MS, this.spotInterrupted, host, Priority.StateChange);
    if (g.spot.replaceAtNotice) this.reconcile(g);
  }

  /**
   * The notice ran out: EC2 terminates the instance (Auto Scaling's Spot interruption behavior)
   * with its tasks, which stop with SpotInterruption, and the group replaces it. One already gone
   * (failed and replaced, or scaled in meanwhile) is left alone.
   */
  private readonly spotInterrupted = (host: Host): void => {
    const g = this.groups.get(host.group);
    if (g === undefined || !g.noticed.delete(host) || host.status === 'DEREGISTERED') return;
    g.hosts.delete(host);
    g.rebalancing.delete(host);
    g.removing.delete(host);
    this.cancelDrainDeadline(host);
    this.loseRequestsInFlight(host);
    this.stopTasksWithInstance(host, this.profile.agent === 'kubelet' ? { code: 'NODE_RECLAIMED', host: host.id } : { code: 'HOST_TERMINATED', host: host.id }, 'SpotInterruption');
    this.actions.hosts.terminate(host, SPOT_RECLAIMED);
    this.reconcile(g);
  };

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
      this.remove(g, victim, 'ASG_SCALE_IN');
    }
  }

  /**
   * Launches up to `count` instances, each in the AZ with the fewest of the group's instances (ties
   * round-robin). An AZ that refuses one (no free address, or impaired) is skipped for the rest of
   * the round (Auto Scaling tries the group's other AZs);
   * returns why the round stopped short: every AZ full, or the host limit. Undefined: all launched.
   */
  private launchMany(g: GroupState, count: number, preExisting: boolean): CapacityShortReason | undefined {
    const zones = g.spec.availabilityZones;
    const full = new Set<string>();
    let impaired = false;
    // Counted once and kept up to date here: a group of thousands launches without rescanning.
    const counts = count > 0 ? this.perAz(g) : new Map<string, number>();
    // One scaling activity is one RunInstances call: one request token, one resource token an instance.
    const round: LaunchRound = { refused: new Set(), mix: count > 0 && g.spec.mixedInstancesPolicy !== undefined ? this.capacityMix(g) : { onDemand: 0, spot: 0 }, call: new Ec2Call('RunInstances') };
    for (let launched = 0; launched < count; ) {
      // The AZ with the fewest of the group's instances, ties round-robin (docs/models.md, "AZ impairment").
      const az = this.azsByPreference(g, counts).find((z) => !full.has(z));
      if (az === undefined) return { code: impaired ? 'INSUFFICIENT_INSTANCE_CAPACITY' : 'NO_FREE_ADDRESS', azs: zones.filter((z) => full.has(z)) };
      g.nextAz = zones.indexOf(az) + 1;
      const failure = this.launchOne(g, az, preExisting, round);
      if (failure === undefined) {
        launched++;
        counts.set(az, (counts.get(az) ?? 0) + 1);
      } else if (failure.code === 'HOST_LIMIT' || failure.code === 'REQUEST_LIMIT_EXCEEDED' || failure.code === 'VCPU_LIMIT_EXCEEDED') return failure;
      else {
        impaired ||= failure.code === 'INSUFFICIENT_INSTANCE_CAPACITY';
        full.add(az);
      }
    }
    return undefined;
  }

  /** Launches one instance in `az` as a scaling activity of its own; why it could not, or undefined. */
  private launchIn(g: GroupState, az: string): ReturnType<AutoScalingGroups['launchOne']> {
    const mix = g.spec.mixedInstancesPolicy !== undefined ? this.capacityMix(g) : { onDemand: 0, spot: 0 };
    g.nextAz = g.spec.availabilityZones.indexOf(az) + 1;
    return this.launchOne(g, az, false, { refused: new Set(), mix, call: new Ec2Call('RunInstances') });
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
    const types = g.spec.mixedInstancesPolicy?.instanceTypes.map((t) => t.name).join(', ') ?? g.spec.instanceType.name;
    this.actions.scaling.groupCapacityUnfulfilled({ group: g.spec.name, instanceType: types, desired: g.desired, launched, reason: failed });
  }

  /**
   * Launches one instance in `az`; returns why it could not. A group with a mixed instances
   * policy launches the capacity type its distribution asks for next and tries its instance types
   * in the strategy's order: one EC2 refuses with InsufficientInstanceCapacity is skipped for the
   * rest of the round in that AZ, and the next type is tried (Auto Scaling User Guide, "Allocation
   * strategies": "If Amazon EC2 Auto Scaling can't launch ... it tries the next"). Only when every
   * type is refused does the AZ count as full. A single-type group has one type to try.
   */
  private launchOne(g: GroupState, az: string, preExisting: boolean, round: LaunchRound): CapacityShortReason | { readonly code: 'NO_FREE_ADDRESS' | 'INSUFFICIENT_INSTANCE_CAPACITY' } | undefined {
    const policy = g.spec.mixedInstancesPolicy;
    const capacityType = policy === undefined ? 'on-demand' : nextCapacityType(policy, round.mix.onDemand, round.mix.spot);
    const types = policy === undefined ? [g.spec.instanceType] : launchOrder(policy, capacityType, onDemandPrice);
    for (const type of types) {
      const key = `${type.name}/${az}/${capacityType}`;
      if (round.refused.has(key)) continue;
      const host = this.launchType(g, type, az, capacityType, preExisting, round.call);
      if (!isLaunchFailure(host)) {
        round.mix[capacityType === 'spot' ? 'spot' : 'onDemand']++;
        return undefined;
      }
      // The account's quotas refuse the whole activity (every AZ shares them): it ends, and the group retries later.
      if (host.code === 'HOST_LIMIT' || host.code === 'REQUEST_LIMIT_EXCEEDED' || host.code === 'VCPU_LIMIT_EXCEEDED') return host;
      if (host.code !== 'INSUFFICIENT_INSTANCE_CAPACITY') return { code: host.code };
      round.refused.add(key);
    }
    return INSUFFICIENT_CAPACITY;
  }

  /** Launches one instance of `type` in `az` for the group. */
  private launchType(g: GroupState, type: InstanceType, az: string, capacityType: 'on-demand' | 'spot', preExisting: boolean, call: Ec2Call): Host | HostLaunchFailure {
    const spec = g.spec;
    const host = this.launcher.launch({
      group: spec.name,
      instanceType: type,
      az,
      registered: this.profile.registered(type, spec),
      options: {
        maxTasks: this.profile.maxTasks(type, spec),
        cni: this.profile.cni,
        taskEniLimit: this.profile.taskEniLimit?.(type) ?? 0,
        ...(capacityType === 'spot' ? { capacityType } : {}),
        ...(spec.attributes === undefined ? {} : { attributes: new Map(Object.entries(spec.attributes)) }),
        ...(spec.labels === undefined ? {} : { labels: new Map(Object.entries(spec.labels)) }),
        ...(spec.taints === undefined ? {} : { taints: spec.taints }),
      },
      agent: this.profile.agent,
      cachedImages: spec.cachedImages,
      preExisting,
      call,
    });
    if (!isLaunchFailure(host)) g.hosts.add(host);
    return host;
  }

  /** The group's live On-Demand and Spot instances (booting ones count), for its distribution. */
  private capacityMix(g: GroupState): { onDemand: number; spot: number } {
    const mix = { onDemand: 0, spot: 0 };
    for (const h of this.inService(g)) mix[h.capacityType === 'spot' ? 'spot' : 'onDemand']++;
    return mix;
  }

  /**
   * The group's AZs, fewest live instances first; ties in round-robin order from the cursor (so a
   * balanced group launches a, b, c, a, ...). Auto Scaling's balance across AZs.
   */
  private azsByPreference(g: GroupState, counts: ReadonlyMap<string, number>): string[] {
    const azs = g.spec.availabilityZones;
    const n = azs.length;
    const order = (az: string): number => (azs.indexOf(az) - (g.nextAz % n) + n) % n;
    return [...azs].sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0) || order(a) - order(b));
  }

  /** Live instances of the group per AZ (booting ones count: they are on their way). */
  private perAz(g: GroupState): Map<string, number> {
    const counts = new Map<string, number>();
    for (const h of this.inService(g)) counts.set(h.az, (counts.get(h.az) ?? 0) + 1);
    return counts;
  }

  /**
   * Auto Scaling removes `victim`, which it chose (scale-in, or AZRebalance once the replacement
   * launched). A group that drains drains it, terminates it once empty, and at the latest when
   * the drain's bound runs out; one that does not terminates it now, with its tasks.
   */
  private remove(g: GroupState, victim: Host, code: 'ASG_SCALE_IN' | 'AZ_REBALANCE'): void {
    const removal = g.removal;
    if (removal.kind === 'terminate') {
      this.terminateWithTasks(victim, code, 'none');
      return;
    }
    if (code === 'AZ_REBALANCE') g.rebalancing.add(victim);
    this.actions.hosts.drain(victim, { code, group: g.spec.name });
    this.drainDeadlines.set(victim, this.sim.after(removal.forceAfterMs, this.drainRanOut, victim, Priority.StateChange));
    this.terminateIfEmpty(victim);
  }

  /** The drain's bound ran out (the lifecycle hook's wait ended): Auto Scaling terminates the instance with what still runs on it. */
  private readonly drainRanOut = (host: Host): void => {
    this.drainDeadlines.delete(host);
    if (host.status !== 'DRAINING') return;
    const g = this.groups.get(host.group);
    const rebalanced = g?.rebalancing.delete(host) === true;
    this.terminateWithTasks(host, rebalanced ? 'AZ_REBALANCE' : 'ASG_SCALE_IN', 'forced');
  };

  /**
   * Terminates an instance Auto Scaling chose with whatever runs on it: its tasks stop as on an
   * instance terminated under them (ECS: "Host EC2 (instance ...) terminated."; EKS: the node is
   * gone and the pod garbage collector deletes its pods), and their services replace them.
   */
  private terminateWithTasks(host: Host, code: 'ASG_SCALE_IN' | 'AZ_REBALANCE', drain: RemovalDrain): void {
    // Out of the group first: the last task's stop must not look like a drain that emptied it (onRecord).
    this.groups.get(host.group)?.hosts.delete(host);
    this.loseRequestsInFlight(host);
    this.stopTasksWithInstance(host, this.profile.agent === 'kubelet' ? { code: 'DELETED_BY_POD_GC', host: host.id } : { code: 'HOST_TERMINATED', host: host.id });
    this.actions.hosts.terminate(host, { code, group: host.group, drain });
  }

  /** The instance goes under its serving tasks: as for a stop (task-lifecycle.ts), every request of its duration is still in flight, and lost. */
  private loseRequestsInFlight(host: Host): void {
    if (this.traffic === null) return;
    for (const task of host.tasks) {
      if (!task.serving) continue;
      const lost = requestsInFlight(this.traffic.servedRps(task.service.name), shutdownOf(task.taskDefinition).requestDurationMs);
      if (lost > 0) this.actions.tasks.inFlightLost(task, lost);
    }
  }

  /** The instance is gone under its tasks: each stops at once (no SIGTERM, no deregistration delay). */
  private stopTasksWithInstance(host: Host, reason: StopReason, stopCode: StopCode = 'TerminationNotice'): void {
    for (const task of [...host.tasks]) this.actions.tasks.stop(task, stopCode, reason);
  }

  /**
   * AZRebalance after an AZ recovers: while the group's fullest AZ has two or more instances than
   * its emptiest healthy one, launch an instance in the emptiest and then remove one of the
   * fullest (drained first where the group drains). "Auto Scaling always launches new instances
   * before attempting to terminate old ones, so a rebalancing activity will not compromise the
   * performance or availability of your application" (Auto Scaling developer guide, "Rebalancing
   * activities"): when the emptiest AZ refuses the launch, nothing is removed and the rebalancing
   * stops until the next AZ recovery. (The victim goes as its replacement launches, not once the
   * replacement is in service: a simplification, docs/models.md "Scale-in and draining".)
   */
  private rebalance(g: GroupState): void {
    const azs = g.spec.availabilityZones.filter((az) => !this.actions.state.azImpairments.has(az));
    if (azs.length < 2) return;
    for (;;) {
      const counts = this.perAz(g);
      const fewest = azs.reduce((a, b) => ((counts.get(b) ?? 0) < (counts.get(a) ?? 0) ? b : a));
      const most = azs.reduce((a, b) => ((counts.get(b) ?? 0) > (counts.get(a) ?? 0) ? b : a));
      if ((counts.get(most) ?? 0) - (counts.get(fewest) ?? 0) < 2) return;
      const victim = this.pickVictim(this.inService(g).filter((h) => h.az === most && h.status === 'ACTIVE'));
      if (victim === undefined) return;
      if (this.launchIn(g, fewest) !== undefined) return;
      this.remove(g, victim, 'AZ_REBALANCE');
    }
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
    if (r.type === 'fault.ended' && r.fault.kind === 'az-impairment') {
      const az = r.fault.az;
      for (const g of this.groups.values()) if (g.spec.availabilityZones.includes(az)) this.rebalance(g);
      return;
    }
    if (r.type === 'host.failed') {
      const failed = this.actions.state.hostsById.get(r.host);
      // Only the groups' own instances: a failed Karpenter node stays (node repair is opt-in).
      if (failed !== undefined && this.health !== undefined && this.groups.get(failed.group)?.hosts.has(failed) === true) this.sim.after(this.health.ec2StatusCheckReplaceMs, this.replaceUnhealthy, failed, Priority.StateChange);
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
    this.stopTasksWithInstance(host, { code: 'HOST_TERMINATED', host: host.id });
    this.actions.hosts.terminate(host, ASG_STATUS_CHECK_REPLACEMENT);
    // It may have been draining (a scale-in or AZRebalance under way): its drain is over.
    this.cancelDrainDeadline(host);
    const g = this.groups.get(host.group);
    if (g === undefined) return;
    g.rebalancing.delete(host);
    g.noticed.delete(host);
    g.hosts.delete(host);
    this.reconcile(g);
  };

  /** The instance's drain ended (emptied, or the instance is gone): its bound no longer applies. */
  private cancelDrainDeadline(host: Host): void {
    const deadline = this.drainDeadlines.get(host);
    if (deadline === undefined) return;
    this.sim.cancel(deadline);
    this.drainDeadlines.delete(host);
  }

  private terminateIfEmpty(host: Host): void {
    if (host.tasks.size > 0 || host.status !== 'DRAINING') return;
    const g = this.groups.get(host.group);
    // Drained on a Spot notice: EC2, not the group, terminates it when the notice runs out.
    if (g?.noticed.has(host) === true) return;
    const rebalanced = g?.rebalancing.delete(host) === true;
    const removed = g?.removing.delete(host) === true;
    this.cancelDrainDeadline(host);
    const group = host.group;
    this.actions.hosts.terminate(host, removed ? { code: 'CLUSTER_AUTOSCALER_SCALE_DOWN', group } : { code: rebalanced ? 'AZ_REBALANCE' : 'ASG_SCALE_IN', group, drain: 'emptied' });
    g?.hosts.delete(host);
  }
}

const NO_HOSTS: ReadonlySet<Host> = new Set();
const NO_SPOT_RESPONSE: SpotResponse = Object.freeze({ drainer: null, replaceAtNotice: false });
const ASG_STATUS_CHECK_REPLACEMENT = Object.freeze({ code: 'ASG_STATUS_CHECK_REPLACEMENT' } as const);
const SPOT_RECLAIMED = Object.freeze({ code: 'SPOT_RECLAIMED' } as const);
const INSUFFICIENT_CAPACITY = Object.freeze({ code: 'INSUFFICIENT_INSTANCE_CAPACITY' } as const);

/** Auto Scaling's order by price: On-Demand and Spot prices keep the same order across types. */
const onDemandPrice = (type: InstanceType): number => type.onDemandHourlyUsd;

/** One round of launches: the (type, AZ, capacity type) EC2 refused in it, and the group's mix so far. */
interface LaunchRound {
  readonly refused: Set<string>;
  readonly mix: { onDemand: number; spot: number };
  /** The round's RunInstances call. */
  readonly call: Ec2Call;
}

