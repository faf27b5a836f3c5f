import { Priority, type Simulation } from '../../engine/simulation.js';
import type { PersistentVolumeClaim } from '../../model/volumes.js';
import type { Trace } from '../../engine/trace.js';
import type { InstanceType } from '../../model/catalog/instance-type.js';
import { getInstanceType, INSTANCE_TYPES } from '../../model/catalog/instance-types.js';
import type { Host } from '../../model/host.js';
import type { HostLaunchFailure } from '../../model/events/host.js';
import type { NodePoolSpec } from '../../model/karpenter-spec.js';
import type { KarpenterSpec } from '../../model/simulation-spec.js';
import type { CniSettings } from '../../model/network/cni-settings.js';
import type { Task } from '../../model/task.js';
import type { NodeSelectorRequirement } from '../../model/pod-scheduling-spec.js';
import type { FleetEvent } from '../../model/events/index.js';
import { sameKarpenterError, type KarpenterSchedulingError } from '../../model/reasons/karpenter.js';
import { catalogPrices, type PriceLookup } from '../../policy/karpenter/requirements.js';
import { hostShortfall } from '../../policy/resource-fit.js';
import { subtractDevices } from '../../model/devices.js';
import { instanceCapacity, solveProvisioning, type ExistingNode, type NodeClaimPlan, type PendingPod, type ResourceUsage } from '../../policy/karpenter/solver.js';
import { isLaunchFailure, type Actions } from '../actions/index.js';
import { Ec2Call, type InstanceLauncher, type NodeClaimConditions } from '../instance-launcher.js';
import { vcpuClassOf } from '../../model/ec2-vcpu-class.js';
import { cappedBackoffMs } from '../../model/backoff.js';
import { KARPENTER_LAUNCH_BACKOFF } from '../../model/params/ec2-quotas.js';
import { KARPENTER_TIMING } from '../../model/params/karpenter.js';

/** What a node of a type offers pods and how many it may run (the EKS node model), as its NodePool's NodeClass sets it up. */
export interface NodeModel {
  registered(type: InstanceType, pool?: NodePoolSpec): { cpu: number; memoryMiB: number };
  maxTasks(type: InstanceType, pool?: NodePoolSpec): number;
}

/**
 * Karpenter's provisioner: pods kube-scheduler cannot place start a batch that closes once no
 * new one arrives for `batchIdleDuration` (1 s) or `batchMaxDuration` (10 s) after the first.
 * The batch goes to the solver (src/policy/karpenter), which packs the pods onto existing nodes,
 * then nodes it plans, then new NodeClaims of the cheapest instance types the NodePools allow.
 * The provisioner launches each NodeClaim and nominates its pods to it, so later batches do not
 * provision for them again; kube-scheduler binds them when the node is Ready. Pods the solver
 * cannot place (NodePool limits, no compatible type) get Karpenter's reason as an event.
 */
export class KarpenterProvisioner {
  private batchStart: number | null = null;
  private lastPending = 0;
  private checkAt = Number.POSITIVE_INFINITY;
  /** Pods waiting for a launched NodeClaim, by node. */
  private readonly nominated = new Map<Host, Set<Task>>();
  /** Nominated pods by id, until they are bound (or stop, or their node goes away). */
  private readonly nominatedPods = new Map<string, { pod: Task; host: Host }>();
  private readonly reported = new Map<Task, KarpenterSchedulingError>();
  /**
   * Pods kube-scheduler's preemption nominated a node for (status.nominatedNodeName), by id ->
   * node: Karpenter does not provision for them (they wait for their victims to go).
   */
  private readonly preempting = new Map<string, string>();
  readonly price: PriceLookup;
  /**
   * The unavailable-offerings cache: an offering (type, capacity type, zone) EC2 refused with
   * InsufficientInstanceCapacity is left out of launches until this time (Karpenter's ICE cache).
   */
  private readonly unavailable = new Map<string, number>();
  /** The price lookup the solver launches with: the catalog's, without cached-unavailable offerings. */
  private readonly launchPrice: PriceLookup;
  /**
   * Pods whose NodeClaim's launch EC2 throttled (RequestLimitExceeded), waiting for the back-off
   * retry: their NodeClaims exist in Karpenter, so no batch provisions for them again meanwhile.
   */
  private readonly throttledPods = new Set<string>();
  /** Throttled rounds in a row: the exponent of the back-off (KARPENTER_LAUNCH_BACKOFF). */
  private throttledRounds = 0;
  private retryPending = false;
  /** Launched NodeClaims whose node has not registered yet (the liveness controller watches them). */
  private readonly unregistered = new Set<Host>();

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly spec: KarpenterSpec,
    private readonly launcher: InstanceLauncher,
    private readonly nodes: NodeModel,
    private readonly zones: readonly string[],
    private readonly cni: CniSettings,
    trace: Trace<FleetEvent>,
  ) {
    this.price = catalogPrices((type) => type.onDemandHourlyUsd * (1 - spec.spotDiscount));
    const price = this.price;
    this.launchPrice = (type, capacityType, zone) => {
      const until = this.unavailable.size === 0 ? undefined : this.unavailable.get(offeringKey(type.name, capacityType, zone));
      return until !== undefined && until > this.sim.now ? undefined : price(type, capacityType, zone);
    };
    trace.subscribe(this.onRecord);
  }

  /**
   * Re-checks pending pods every 10 s as well, so a pod whose event was not repeated is not
   * forgotten. Pods never nominated: one whose nomination lapsed got a FailedScheduling event of
   * its own when its node came up full (that node's reason changed), which starts a batch.
   */
  start(): void {
    this.sim.every(10_000, () => this.pendingPods((t) => !this.nominatedPods.has(t.id) && !this.preempting.has(t.id) && !this.throttledPods.has(t.id)).length > 0 && this.podPending(), { priority: Priority.Decision });
  }

  /**
   * Launches a NodeClaim the disruption controller planned (a consolidation replacement), or the
   * provisioner's, within `call` (the CreateFleet call it is batched into; absent: its own).
   */
  launchClaim(claim: NodeClaimPlan, pods: readonly Task[], call: Ec2Call = new Ec2Call('CreateFleet')): Host | HostLaunchFailure {
    const type = getInstanceType(claim.chosen)!;
    const pool = this.nodePool(claim.nodePool);
    const host = this.launcher.launch({
      group: claim.nodePool,
      instanceType: type,
      az: claim.zone,
      registered: this.nodes.registered(type, pool),
      options: {
        maxTasks: this.nodes.maxTasks(type, pool),
        cni: this.cni,
        capacityType: claim.capacityType,
        nodePool: claim.nodePool,
        taints: pool.taints ?? [],
      },
      agent: 'kubelet',
      call,
      nodeClaim: this.conditions,
    });
    if (isLaunchFailure(host)) {
      // EC2 had no capacity for the offering: Karpenter caches it as unavailable and the next
      // solve picks the next offering (another zone, another type).
      const until = this.sim.now + KARPENTER_TIMING.unavailableOfferingsTtlMs;
      if (host.code === 'INSUFFICIENT_INSTANCE_CAPACITY') this.unavailable.set(offeringKey(claim.chosen, claim.capacityType, claim.zone), until);
      // VcpuLimitExceeded is "unfulfillable capacity" to Karpenter too (aws/karpenter-provider-aws
      // pkg/errors unfulfillableCapacityErrorCodes): the fleet's every override of the class in
      // the zone failed with it, so each is cached as unavailable.
      if (host.code === 'VCPU_LIMIT_EXCEEDED') {
        for (const name of claim.instanceTypeOptions) {
          const type = getInstanceType(name);
          if (type !== undefined && vcpuClassOf(type.family) === host.vcpuClass) this.unavailable.set(offeringKey(name, claim.capacityType, claim.zone), until);
        }
      }
      return host;
    }
    this.nominated.set(host, new Set(pods));
    for (const pod of pods) this.nominatedPods.set(pod.id, { pod, host });
    this.unregistered.add(host);
    this.sim.after(KARPENTER_TIMING.registrationTtlMs, this.registrationExpired, host, Priority.Decision);
    this.actions.karpenter.nodeClaimLaunched({
      host: host.id,
      nodePool: claim.nodePool,
      instanceType: claim.chosen,
      capacityType: claim.capacityType,
      az: claim.zone,
      pricePerHour: claim.pricePerHour,
      pods: pods.length,
      instanceTypeOptions: claim.instanceTypeOptions.length,
    });
    return host;
  }

  /** The NodeClaim conditions after Launched, as trace events (the NodePool is the node's group). */
  private readonly conditions: NodeClaimConditions = {
    registered: (host) => {
      this.unregistered.delete(host);
      this.actions.karpenter.nodeClaimRegistered(host);
    },
    initialized: (host) => this.actions.karpenter.nodeClaimInitialized(host),
  };

  /**
   * The liveness controller: a NodeClaim whose node has not registered within the registration
   * TTL (its instance failed while booting, or never joins) is deleted and its instance
   * terminated; the pods nominated to it are pending again and provisioned anew.
   */
  private readonly registrationExpired = (host: Host): void => {
    if (!this.unregistered.delete(host)) return;
    // The nomination goes with the instance (the host.terminated record releases it).
    this.actions.hosts.terminate(host, { code: 'KARPENTER_REGISTRATION_TTL', nodePool: host.group });
    this.podPending();
  };

  private readonly onRecord = (r: FleetEvent): void => {
    if (r.type === 'pod.event' && r.cause.reason === 'FailedScheduling') this.podPending();
    else if (r.type === 'pod.nominated') {
      if (r.host === null) this.preempting.delete(r.task);
      else this.preempting.set(r.task, r.host);
    } else if (r.type === 'task.placed' || r.type === 'task.stopped') {
      this.preempting.delete(r.task);
      // A nomination lasts until the pod is bound (wherever kube-scheduler put it) or gone.
      const n = this.nominatedPods.get(r.task);
      if (n === undefined) return;
      this.nominatedPods.delete(r.task);
      this.nominated.get(n.host)?.delete(n.pod);
    } else if (r.type === 'host.terminated') {
      // A pod nominated to a node that went away is pending like any other.
      for (const [task, node] of this.preempting) if (node === r.host) this.preempting.delete(task);
      const host = this.actions.state.hostsById.get(r.host);
      if (host !== undefined) this.unregistered.delete(host);
      const pods = host === undefined ? undefined : this.nominated.get(host);
      if (pods === undefined || host === undefined) return;
      this.nominated.delete(host);
      for (const p of pods) this.nominatedPods.delete(p.id);
    }
  };

  private podPending(): void {
    this.lastPending = this.sim.now;
    if (this.batchStart === null) this.batchStart = this.sim.now;
    this.scheduleCheck(Math.min(this.lastPending + this.spec.batchIdleMs, this.batchStart + this.spec.batchMaxMs));
  }

  private scheduleCheck(at: number): void {
    if (at >= this.checkAt) return;
    this.checkAt = at;
    this.sim.at(at, this.check, at, Priority.Decision);
  }

  private readonly check = (at: number): void => {
    if (at !== this.checkAt || this.batchStart === null) return;
    this.checkAt = Number.POSITIVE_INFINITY;
    const closeAt = Math.min(this.lastPending + this.spec.batchIdleMs, this.batchStart + this.spec.batchMaxMs);
    if (this.sim.now < closeAt) return this.scheduleCheck(closeAt);
    this.batchStart = null;
    this.provision();
  };

  /**
   * Deployment pods (not on Fargate) that no node has, no NodeClaim is coming for and no
   * preemption nominated a node for (or, given `which`, those of them it keeps).
   */
  private pendingPods(which: (pod: Task) => boolean = (t) => !this.awaitsNode(t) && !this.preempting.has(t.id) && !this.throttledPods.has(t.id)): Task[] {
    const out: Task[] = [];
    for (const s of this.actions.state.services.values()) {
      if (s.kind !== 'deployment' || s.launchType !== 'EC2' || s.counts.UNPLACED === 0) continue;
      for (const t of s.tasks) if (t.status === 'UNPLACED' && which(t)) out.push(t);
    }
    return out;
  }

  /**
   * The pod has a nomination that still holds: its NodeClaim's node is on its way (registering),
   * or Ready with room for it. A nomination to a Ready node that other pods filled (kube-scheduler
   * binds in its own order, not Karpenter's plan) can no longer be honoured, nor one to a node
   * that stopped being schedulable before the pod was bound (unreachable: its NoSchedule taint;
   * draining: cordoned): the pod is pending like any other, and Karpenter's next simulation,
   * which sees those nodes' taints, provisions for it.
   */
  private awaitsNode(pod: Task): boolean {
    const n = this.nominatedPods.get(pod.id);
    if (n === undefined) return false;
    const h = n.host;
    if (h.status === 'REGISTERING') return true;
    return h.status === 'ACTIVE' && hostShortfall(h, pod.cpu, pod.memoryMiB, pod.taskDefinition.devices) === 0;
  }

  private provision(): void {
    const pods = this.pendingPods();
    if (pods.length === 0) return;
    const byId = new Map(pods.map((p) => [p.id, p]));
    const pending: PendingPod[] = pods.map((p) => {
      const devices = p.taskDefinition.devices;
      return { id: p.id, cpu: p.cpu, memoryMiB: p.memoryMiB, ...(devices === undefined ? {} : { devices }), createdAt: p.createdAt, ...this.constraintsOf(p), scheduling: p.service.podScheduling };
    });
    const plan = solveProvisioning({
      pods: pending,
      existingNodes: this.existingNodes(),
      nodePools: this.spec.nodePools,
      catalog: INSTANCE_TYPES,
      zones: this.zones,
      price: this.launchPrice,
      usage: this.usage(),
      zoneLoad: this.zoneLoad(),
      allocatable: (type, pool) => ({ ...this.nodes.registered(type, pool), pods: this.nodes.maxTasks(type, pool) }),
    });
    let refused = false;
    let throttled = false;
    let outOfInstances = false;
    // Karpenter's CreateFleet batcher sends identical requests as one call (one request token).
    const calls = new Map<string, Ec2Call>();
    for (const claim of plan.nodeClaims) {
      // A NodeClaim for an offering EC2 refused earlier in this batch is not launched: the batcher
      // sent it in the call EC2 refused once for all. Its pods go to the next offering in the
      // solve that follows.
      if (this.cachedUnavailable(claim)) {
        refused = true;
        continue;
      }
      // Identical requests: one NodePool, capacity type and instance type options (the fleet's
      // overrides span the zones, so NodeClaims placed in different zones share the call).
      const key = `${claim.nodePool}/${claim.capacityType}/${claim.instanceTypeOptions.join(',')}`;
      let call = calls.get(key);
      if (call === undefined) calls.set(key, (call = new Ec2Call('CreateFleet')));
      // EC2 throttled this claim's call, or the account's instance tokens ran out earlier in the
      // round: the claim waits for the back-off (one refusal reported a call, not one a claim).
      if (outOfInstances || (call.refused !== undefined && call.refused !== null)) {
        for (const id of claim.pods) this.throttledPods.add(id);
        continue;
      }
      const host = this.launchClaim(
        claim,
        claim.pods.map((id) => byId.get(id)!),
        call,
      );
      if (!isLaunchFailure(host)) continue;
      this.actions.karpenter.launchFailed(claim.nodePool, claim.chosen, claim.zone, host);
      refused ||= host.code === 'INSUFFICIENT_INSTANCE_CAPACITY' || host.code === 'VCPU_LIMIT_EXCEEDED';
      if (host.code === 'REQUEST_LIMIT_EXCEEDED') {
        throttled = true;
        outOfInstances ||= host.bucket === 'resource';
        for (const id of claim.pods) this.throttledPods.add(id);
      }
    }
    if (throttled) this.retryThrottled();
    else if (plan.nodeClaims.length > 0) this.throttledRounds = 0;
    for (const u of plan.unschedulable) {
      const pod = byId.get(u.pod)!;
      const reported = this.reported.get(pod);
      if (reported !== undefined && sameKarpenterError(reported, u.error)) continue;
      this.reported.set(pod, u.error);
      this.actions.pods.event(pod, { reason: 'FailedScheduling', failure: { by: 'karpenter', error: u.error } });
    }
    // Each refusal cached an offering, so this ends: the pods of refused NodeClaims try the next.
    if (refused) this.provision();
  }

  /**
   * After a throttled round: the throttled NodeClaims' launches are retried after
   * controller-runtime's exponential back-off (5 ms doubling, at most 1,000 s), growing with each
   * throttled round in a row.
   */
  private retryThrottled(): void {
    if (this.retryPending) return;
    this.retryPending = true;
    const b = KARPENTER_LAUNCH_BACKOFF;
    const delay = cappedBackoffMs(b.baseMs, b.maxMs, this.throttledRounds);
    this.throttledRounds++;
    this.sim.after(Math.max(1, Math.round(delay)), this.retry, undefined, Priority.Decision);
  }

  private readonly retry = (): void => {
    this.retryPending = false;
    this.throttledPods.clear();
    this.provision();
  };

  /** Whether the claim's offering is in the unavailable-offerings cache now. */
  private cachedUnavailable(claim: NodeClaimPlan): boolean {
    const until = this.unavailable.size === 0 ? undefined : this.unavailable.get(offeringKey(claim.chosen, claim.capacityType, claim.zone));
    return until !== undefined && until > this.sim.now;
  }

  /** Karpenter nodes per zone (booting ones count), so equally priced launches spread over the zones. */
  private zoneLoad(): Map<string, number> {
    const load = new Map<string, number>();
    for (const h of this.actions.state.hosts) {
      if (h.nodePool === null || (h.status !== 'ACTIVE' && h.status !== 'REGISTERING')) continue;
      load.set(h.az, (load.get(h.az) ?? 0) + 1);
    }
    return load;
  }

  /**
   * The pod's node selection as Karpenter reads it: the nodeSelector and the first required
   * node-affinity term (Karpenter tries ORed terms one at a time; fleetsim tries the first).
   */
  /**
   * What a pod asks of a node's labels (its nodeSelector and first required node affinity term),
   * as the solver reads it. Disruption asks too, so a replacement node suits the pods it takes.
   */
  constraintsOf(pod: Task): { nodeSelector?: Record<string, string>; requirements?: NodeSelectorRequirement[]; zone?: string } {
    const spec = pod.service.podScheduling;
    const term = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0];
    const volumes = volumeZoneConstraints(this.actions.state.volumes.claimsOf(pod));
    const requirements = [...(term?.matchExpressions ?? []), ...volumes.requirements];
    return {
      ...(spec.nodeSelector === undefined ? {} : { nodeSelector: { ...spec.nodeSelector } }),
      ...(term?.matchExpressions === undefined && volumes.requirements.length === 0 ? {} : { requirements }),
      ...(volumes.zone === undefined ? {} : { zone: volumes.zone }),
    };
  }

  /** Ready nodes with room, and launched NodeClaims less what is nominated to them. */
  private existingNodes(): ExistingNode[] {
    const out: ExistingNode[] = [];
    for (const h of this.actions.state.hosts) {
      if (h.status !== 'ACTIVE' && h.status !== 'REGISTERING') continue;
      let cpu = h.cpu - h.allocatedCpu;
      let mem = h.memoryMiB - h.allocatedMemoryMiB;
      let podsFree = h.maxTasks - h.tasks.size;
      let devices = subtractDevices(h.devices, h.allocatedDevices);
      const specs = [...h.tasks].map((t) => t.service.podScheduling);
      for (const p of this.nominated.get(h) ?? []) {
        if (!this.awaitsNode(p)) continue;
        cpu -= p.cpu;
        mem -= p.memoryMiB;
        podsFree--;
        const d = p.taskDefinition.devices;
        if (d !== undefined) devices = subtractDevices(devices, d);
        specs.push(p.service.podScheduling);
      }
      out.push({
        id: h.id,
        ...(h.nodePool === null ? {} : { nodePool: h.nodePool }),
        freeCpu: Math.max(0, cpu),
        freeMemoryMiB: Math.max(0, mem),
        freePods: Math.max(0, podsFree),
        freeDevices: devices,
        labels: h.labels,
        initialized: h.status === 'ACTIVE',
        taints: h.taints,
        pods: specs,
      });
    }
    return out;
  }

  /** Per NodePool, the capacity of its live nodes (ready or launching), for its limits. */
  private usage(): Record<string, ResourceUsage> {
    const out: Record<string, ResourceUsage> = {};
    for (const h of this.actions.state.hosts) {
      if (h.nodePool === null || h.status === 'DEREGISTERED') continue;
      const c = instanceCapacity(h.instanceType);
      const u = out[h.nodePool] ?? { cpu: 0, memoryMiB: 0 };
      out[h.nodePool] = { cpu: u.cpu + c.cpu, memoryMiB: u.memoryMiB + c.memoryMiB };
    }
    return out;
  }

  /** The NodePool of a NodeClaim the solver planned (its name comes from the spec's pools). */
  private nodePool(name: string): NodePoolSpec {
    const pool = this.spec.nodePools.find((p) => p.name === name);
    if (pool === undefined) throw new Error(`NodeClaim for unknown NodePool ${name}`);
    return pool;
  }

  /** The NodePools, for the disruption controller. */
  get nodePools(): readonly NodePoolSpec[] {
    return this.spec.nodePools;
  }
}

function offeringKey(type: string, capacityType: string, zone: string): string {
  return `${type}/${capacityType}/${zone}`;
}

/**
 * What a pod's volumes ask of a node's zone, as Karpenter reads them (its scheduling's volume
 * topology: a bound PersistentVolume's node affinity, an unbound claim's StorageClass
 * allowedTopologies): the zone of a bound EBS volume, and `In` the allowed zones of an unbound
 * WaitForFirstConsumer claim. So Karpenter launches a node where the pod's volume can attach.
 */
function volumeZoneConstraints(claims: readonly PersistentVolumeClaim[]): { zone?: string; requirements: NodeSelectorRequirement[] } {
  let zone: string | undefined;
  const requirements: NodeSelectorRequirement[] = [];
  for (const c of claims) {
    if (c.volume !== null) zone = c.volume.az;
    else if (c.storageClass.allowedZones !== null) requirements.push({ key: 'topology.kubernetes.io/zone', operator: 'In', values: [...c.storageClass.allowedZones] });
  }
  return zone === undefined ? { requirements } : { zone, requirements };
}
