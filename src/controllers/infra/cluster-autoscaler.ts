import type { RandomStream } from '../../engine/rng.js';
import { Priority, type Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import { hasDevices, NO_DEVICES, type AllocatedDevices } from '../../model/devices.js';
import type { NoScaleUpReason, ScaleDownBlocker } from '../../model/events/cluster-autoscaler.js';
import type { FleetEvent } from '../../model/events/index.js';
import { wellKnownLabels, type Host } from '../../model/host.js';
import type { ClusterAutoscalerParams } from '../../model/params/cluster-autoscaler.js';
import type { AutoScalingGroupSpec } from '../../model/simulation-spec.js';
import { podPriority, type Task } from '../../model/task.js';
import { nodeUtilization, peakUtilization, ScaleDownSimulation, type DaemonSetRequests } from '../../policy/cluster-autoscaler/scale-down.js';
import { freeDeviceShortfall, planScaleUp, takeDevices, templateMisfit, type NodeGroupState, type NodeGroupTemplate, type PendingPod } from '../../policy/cluster-autoscaler/scale-up.js';
import { resourceShortfall } from '../../policy/resource-fit.js';
import type { Actions } from '../actions/index.js';
import type { AutoScalingGroups, HostProfile } from './auto-scaling-group.js';

/** A managed node group: its spec, its template node and what the DaemonSets on each of its nodes request. */
interface ManagedGroup {
  readonly spec: AutoScalingGroupSpec;
  readonly template: NodeGroupTemplate;
  readonly daemonSets: DaemonSetRequests;
}

/** A pending pod with what the scan needs of it. */
interface Unschedulable extends PendingPod {
  readonly task: Task;
  readonly since: number;
}

/**
 * Cluster Autoscaler (kubernetes/autoscaler) for EKS managed and self-managed node groups: a
 * loop every `--scan-interval` (docs/models.md, "Cluster Autoscaler"; parameters in
 * src/model/params/cluster-autoscaler.ts; decisions in src/policy/cluster-autoscaler).
 *
 * 1. Nodes requested more than max-node-provision-time ago that have not registered are removed
 *    (their group decremented) and the group is backed off.
 * 2. Scale-up: pods kube-scheduler found no node for (FailedScheduling) that the nodes already on
 *    their way would not take go through the scale-up plan; the chosen groups' desired sizes go
 *    up (the Auto Scaling group launches). Pods no group would help get NotTriggerScaleUp.
 * 3. Scale-down, in a scan without scale-up: nodes below the utilization threshold whose pods
 *    could move are unneeded; once unneeded for scale-down-unneeded-time, outside the delays after
 *    a scale-up, a deletion and a failure, and above the group's minSize, they are removed: empty
 *    ones up to max-empty-bulk-delete at once, non-empty ones one at a time (drained through the
 *    Eviction API, so PodDisruptionBudgets hold; terminated once empty).
 *
 * Its only random draw is the expanders' last tie-break, from its own `cluster-autoscaler` stream.
 */
export class ClusterAutoscaler {
  private readonly groups: ManagedGroup[];
  private readonly byName = new Map<string, ManagedGroup>();
  /** Pods kube-scheduler could not place, by id: since when. */
  private readonly unschedulableSince = new Map<string, number>();
  /** Pods preemption nominated a node for (CA does not scale up for them). */
  private readonly preempting = new Set<string>();
  private readonly backedOffUntil = new Map<string, number>();
  private lastScaleUpAt = Number.NEGATIVE_INFINITY;
  private lastScaleDownAt = Number.NEGATIVE_INFINITY;
  private lastFailureAt = Number.NEGATIVE_INFINITY;
  private readonly unneededSince = new Map<Host, number>();
  /** The scale-down blocker last reported per node (reported again when it changes). */
  private readonly blocked = new Map<Host, string>();
  /** Non-empty nodes CA is draining, since when (the eviction retries last maxPodEvictionTime). */
  private readonly draining = new Map<Host, number>();
  /** NotTriggerScaleUp last reported per workload, as a key. */
  private readonly notTriggered = new Map<string, string>();
  private readonly simulation: ScaleDownSimulation;
  /** Scratch, reused by every scan: the Ready nodes pods may move to, and the nodes found unneeded. */
  private readonly destinations: Host[] = [];
  private readonly unneededNow = new Set<Host>();

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly params: ClusterAutoscalerParams,
    private readonly asgs: AutoScalingGroups,
    groupSpecs: readonly AutoScalingGroupSpec[],
    profile: HostProfile,
    region: string,
    daemonSetsOf: (group: AutoScalingGroupSpec) => DaemonSetRequests,
    private readonly rng: RandomStream,
    trace: Trace<FleetEvent>,
  ) {
    const managed = params.nodeGroups === null ? groupSpecs : groupSpecs.filter((g) => params.nodeGroups!.includes(g.name));
    this.groups = managed.map((spec) => ({ spec, template: templateOf(spec, profile, region), daemonSets: daemonSetsOf(spec) }));
    for (const g of this.groups) this.byName.set(g.spec.name, g);
    this.simulation = new ScaleDownSimulation(params);
    trace.subscribe(this.onRecord);
  }

  start(): void {
    this.sim.every(this.params.scanIntervalMs, this.scan, { priority: Priority.Decision });
  }

  private readonly onRecord = (r: FleetEvent): void => {
    switch (r.type) {
      case 'pod.event':
        if (r.cause.reason === 'FailedScheduling' && r.cause.failure.by === 'scheduler' && !this.unschedulableSince.has(r.task)) this.unschedulableSince.set(r.task, r.time);
        break;
      case 'pod.nominated':
        if (r.host === null) this.preempting.delete(r.task);
        else this.preempting.add(r.task);
        break;
      case 'task.placed':
      case 'task.stopped':
        this.unschedulableSince.delete(r.task);
        this.preempting.delete(r.task);
        break;
      case 'host.terminated': {
        const host = this.actions.state.hostsById.get(r.host);
        if (host === undefined) break;
        this.unneededSince.delete(host);
        this.blocked.delete(host);
        this.draining.delete(host);
        break;
      }
    }
  };

  private readonly scan = (): void => {
    const now = this.sim.now;
    this.giveUpUnregistered(now);
    this.checkDrains(now);
    if (this.unschedulableSince.size > 0 && this.scaleUp(now)) return;
    if (this.params.scaleDownEnabled) this.scaleDown(now);
  };

  /** max-node-provision-time: nodes that never registered are removed, and their group backed off. */
  private giveUpUnregistered(now: number): void {
    for (const g of this.groups) {
      for (const h of this.asgs.members(g.spec.name)) {
        if (h.status !== 'REGISTERING' || now - h.launchedAt < this.params.maxNodeProvisionTimeMs) continue;
        const requestedMs = now - h.launchedAt;
        if (!this.asgs.removeInstance(h, { code: 'CLUSTER_AUTOSCALER_SCALE_DOWN', host: h.id })) continue;
        this.actions.clusterAutoscaler.provisionTimedOut({ host: h.id, group: g.spec.name, requestedMs });
        this.backedOffUntil.set(g.spec.name, now + this.params.nodeGroupBackoffMs);
      }
    }
  }

  /** A non-empty node whose evictions did not all go through within the retries: scale-down failed. */
  private checkDrains(now: number): void {
    for (const [host, since] of this.draining) {
      if (now - since < this.params.maxPodEvictionTimeMs) continue;
      this.draining.delete(host);
      let left = 0;
      for (const t of host.tasks) if (t.status !== 'STOPPING') left++;
      if (left === 0) continue;
      this.lastFailureAt = now;
      this.actions.clusterAutoscaler.scaleDownFailed({ host: host.id, group: host.group, pods: left });
    }
  }

  /** Scale-up for the unschedulable pods; true when it grew a group (no scale-down in this scan then). */
  private scaleUp(now: number): boolean {
    const pods = this.pendingPods();
    if (pods.length === 0) return false;
    const waiting = this.withoutUpcoming(pods);
    if (waiting.length === 0) return false;
    const notHelped = new Map<PendingPod, NoScaleUpReason[]>();
    const states = this.groups.map((g): NodeGroupState => ({
      template: g.template,
      size: this.asgs.desiredOf(g.spec.name)!,
      minSize: g.spec.minSize,
      maxSize: g.spec.maxSize,
      backedOffUntil: this.backedOffUntil.get(g.spec.name) ?? null,
    }));
    const plan = planScaleUp(waiting, states, this.params, now, this.rng, notHelped);
    this.reportNotHelped(notHelped);
    if (plan === null) return false;
    let oldest = now;
    for (const p of plan.chosen.pods) oldest = Math.min(oldest, (p as Unschedulable).since);
    const options = plan.options.map((o) => ({ group: o.group.template.name, nodes: o.nodes, pods: o.pods.length }));
    for (const inc of plan.increases) {
      const from = this.asgs.desiredOf(inc.group)!;
      this.actions.clusterAutoscaler.scaledUp({
        group: inc.group,
        from,
        to: from + inc.nodes,
        pods: plan.chosen.pods.length,
        expanders: this.params.expanders,
        options,
        balancedOver: plan.balancedOver,
        oldestPendingMs: now - oldest,
      });
      this.asgs.setDesired(inc.group, from + inc.nodes, { code: 'CLUSTER_AUTOSCALER_SCALE_UP', pods: plan.chosen.pods.length });
    }
    this.lastScaleUpAt = now;
    return true;
  }

  /**
   * Deployment pods on EC2 that kube-scheduler reported unschedulable, not waiting for a
   * preemption and not expendable (priority below the cutoff).
   */
  private pendingPods(): Unschedulable[] {
    const out: Unschedulable[] = [];
    for (const s of this.actions.state.services.values()) {
      if (s.kind !== 'deployment' || s.launchType !== 'EC2' || s.counts.UNPLACED === 0) continue;
      for (const t of s.tasks) {
        if (t.status !== 'UNPLACED' || this.preempting.has(t.id) || podPriority(t) < this.params.expendablePodsPriorityCutoff) continue;
        const since = this.unschedulableSince.get(t.id);
        if (since !== undefined) out.push({ id: t.id, cpu: t.cpu, memoryMiB: t.memoryMiB, devices: t.taskDefinition.devices ?? NO_DEVICES, spec: s.podScheduling, task: t, since });
      }
    }
    return out;
  }

  /**
   * The pods the nodes already requested (booting, not registered) would not take: CA counts
   * upcoming nodes as template nodes in its simulation, so it does not scale up twice for a pod.
   */
  private withoutUpcoming(pods: Unschedulable[]): Unschedulable[] {
    const free: { cpu: number; memoryMiB: number; pods: number; devices: AllocatedDevices; template: NodeGroupTemplate }[] = [];
    for (const g of this.groups) {
      let upcoming = 0;
      for (const h of this.asgs.members(g.spec.name)) if (h.status === 'REGISTERING') upcoming++;
      // Requested but not launched yet (a refused launch the group retries) counts as upcoming too.
      upcoming += Math.max(0, this.asgs.desiredOf(g.spec.name)! - this.asgs.instancesOf(g.spec.name).length);
      for (let i = 0; i < upcoming; i++) free.push({ cpu: g.template.cpu, memoryMiB: g.template.memoryMiB, pods: g.template.pods, devices: { ...g.template.devices }, template: g.template });
    }
    if (free.length === 0) return pods;
    const left: Unschedulable[] = [];
    for (const p of pods) {
      const devices = hasDevices(p.devices);
      const slot = free.find(
        (f) => resourceShortfall(f.cpu, f.memoryMiB, f.pods, p.cpu, p.memoryMiB) === 0 && (!devices || freeDeviceShortfall(f.devices, p.devices) === 0) && templateMisfit(p, f.template) === null,
      );
      if (slot === undefined) {
        left.push(p);
        continue;
      }
      slot.cpu -= p.cpu;
      slot.memoryMiB -= p.memoryMiB;
      slot.pods--;
      if (devices) takeDevices(slot.devices, p.devices);
    }
    return left;
  }

  /** NotTriggerScaleUp per workload, once per change of its reasons. */
  private reportNotHelped(notHelped: ReadonlyMap<PendingPod, NoScaleUpReason[]>): void {
    const byService = new Map<string, { pods: number; reasons: NoScaleUpReason[] }>();
    for (const [pod, reasons] of notHelped) {
      const service = (pod as Unschedulable).task.service.name;
      const entry = byService.get(service);
      if (entry === undefined) byService.set(service, { pods: 1, reasons });
      else entry.pods++;
    }
    for (const [service, { pods, reasons }] of byService) {
      const key = JSON.stringify(reasons);
      if (this.notTriggered.get(service) === key) continue;
      this.notTriggered.set(service, key);
      this.actions.clusterAutoscaler.scaleUpNotTriggered({ service, pods, reasons });
    }
  }

  /** Marks unneeded nodes and removes those unneeded long enough, outside the cool-downs. */
  private scaleDown(now: number): void {
    this.simulation.begin();
    this.unneededNow.clear();
    this.destinations.length = 0;
    let simulated = 0;
    for (const g of this.groups) {
      for (const h of this.asgs.members(g.spec.name)) {
        if (h.status !== 'ACTIVE') continue;
        // Every managed node, every scan: a number, no allocation (the object only for an event).
        if (peakUtilization(h, g.daemonSets) >= this.params.scaleDownUtilizationThreshold) {
          this.unneededSince.delete(h);
          this.blocked.delete(h);
          continue;
        }
        // A group at its minSize keeps its nodes (NodeGroupMinSizeReached): none is unneeded.
        if (this.asgs.desiredOf(g.spec.name)! - 1 < g.spec.minSize) {
          this.unneededSince.delete(h);
          this.reportBlocked(h, { code: 'MIN_SIZE_REACHED', minSize: g.spec.minSize });
          continue;
        }
        const empty = h.tasks.size === 0;
        // The simulation's work is bounded: at most this many non-empty candidates per scan.
        if (!empty && simulated >= this.params.scaleDownNonEmptyCandidatesCount) continue;
        if (!empty) {
          simulated++;
          if (this.destinations.length === 0) this.collectDestinations();
        }
        // Pods of an earlier candidate go here in the simulation: it stays (as a destination).
        if (this.simulation.receivedPods(h)) {
          this.unneededSince.delete(h);
          continue;
        }
        const verdict = this.simulation.tryRemove(h, this.destinations, this.unneededNow);
        if (verdict.blocker !== null) {
          this.unneededSince.delete(h);
          this.reportBlocked(h, verdict.blocker);
          continue;
        }
        this.unneededNow.add(h);
        this.blocked.delete(h);
        if (!this.unneededSince.has(h)) {
          this.unneededSince.set(h, now);
          const u = nodeUtilization(h, g.daemonSets);
          this.actions.clusterAutoscaler.nodeUnneeded({ host: h.id, group: h.group, cpuUtilization: round2(u.cpu), memoryUtilization: round2(u.memory), pods: verdict.pods });
        }
      }
    }
    for (const h of this.unneededSince.keys()) if (!this.unneededNow.has(h)) this.unneededSince.delete(h);
    if (this.inCooldown(now)) return;
    this.removeUnneeded(now);
  }

  /** The Ready nodes of the cluster, where the simulation may move pods (built once per scan that needs it). */
  private collectDestinations(): void {
    for (const h of this.actions.state.hosts) if (h.status === 'ACTIVE') this.destinations.push(h);
  }

  private inCooldown(now: number): boolean {
    const p = this.params;
    return now - this.lastScaleUpAt < p.scaleDownDelayAfterAddMs || now - this.lastScaleDownAt < p.scaleDownDelayAfterDeleteMs || now - this.lastFailureAt < p.scaleDownDelayAfterFailureMs;
  }

  /**
   * Empty nodes first, in bulk (max-empty-bulk-delete), then one non-empty node, none while
   * another drains.
   */
  private removeUnneeded(now: number): void {
    let empties = 0;
    for (const [h, since] of this.unneededSince) {
      if (h.tasks.size > 0 || empties >= this.params.maxEmptyBulkDelete || now - since < this.params.scaleDownUnneededTimeMs) continue;
      if (this.remove(h, since, now)) empties++;
    }
    if (this.draining.size > 0) return;
    for (const [h, since] of this.unneededSince) {
      if (h.tasks.size === 0 || now - since < this.params.scaleDownUnneededTimeMs) continue;
      if (this.remove(h, since, now)) return;
    }
  }

  /** Removes an unneeded node unless its group is at its minSize; true when it did. */
  private remove(h: Host, since: number, now: number): boolean {
    const spec = this.byName.get(h.group)!.spec;
    const from = this.asgs.desiredOf(h.group)!;
    if (from - 1 < spec.minSize) {
      this.reportBlocked(h, { code: 'MIN_SIZE_REACHED', minSize: spec.minSize });
      return false;
    }
    let pods = 0;
    for (const t of h.tasks) if (t.status !== 'STOPPING') pods++;
    const empty = h.tasks.size === 0;
    this.actions.clusterAutoscaler.scaledDown({ host: h.id, group: h.group, empty, pods, unneededMs: now - since, from, to: from - 1 });
    this.asgs.removeInstance(h, { code: 'CLUSTER_AUTOSCALER_SCALE_DOWN', host: h.id });
    this.unneededSince.delete(h);
    this.lastScaleDownAt = now;
    if (h.status === 'DRAINING') this.draining.set(h, now);
    return true;
  }

  private reportBlocked(host: Host, reason: ScaleDownBlocker): void {
    const key = reason.code === 'MIN_SIZE_REACHED' ? reason.code : `${reason.code}/${reason.pod}`;
    if (this.blocked.get(host) === key) return;
    this.blocked.set(host, key);
    this.actions.clusterAutoscaler.scaleDownBlocked({ host: host.id, group: host.group, reason });
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * A group's template node: what its instances register (allocatable less the DaemonSets, and the
 * GPUs and Neuron devices the device plugins advertise), their max pods, and their labels
 * (well-known ones, in the group's first AZ as CA's AWS provider builds it from the Auto Scaling
 * group, plus the group's own) and taints.
 */
export function templateOf(spec: AutoScalingGroupSpec, profile: HostProfile, region: string): NodeGroupTemplate {
  const registered = profile.registered(spec.instanceType, spec);
  const labels = wellKnownLabels(`template-node-for-${spec.name}`, spec.instanceType, spec.availabilityZones[0]!, region, spec.name);
  for (const [k, v] of Object.entries(spec.labels ?? {})) labels.set(k, v);
  return {
    name: spec.name,
    instanceType: spec.instanceType.name,
    cpu: registered.cpu,
    memoryMiB: registered.memoryMiB,
    pods: profile.maxTasks(spec.instanceType, spec),
    devices: registered.devices ?? NO_DEVICES,
    labels,
    taints: spec.taints ?? [],
    pricePerHour: spec.instanceType.onDemandHourlyUsd,
  };
}
