import { Priority, type Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import { INSTANCE_TYPES } from '../../model/catalog/instance-types.js';
import type { Host } from '../../model/host.js';
import type { FleetEvent } from '../../model/events/index.js';
import type { KarpenterDisruptionReason } from '../../model/events/host.js';
import { SPOT_INTERRUPTION_NOTICE_MS } from '../../model/params/spot-interruption.js';
import { expiredNodes, findConsolidation, type ConsolidationNode } from '../../policy/karpenter/consolidation.js';
import { isLaunchFailure, type Actions } from '../actions/index.js';
import type { KarpenterProvisioner, NodeModel } from './provisioner.js';


/**
 * Karpenter's disruption and termination controllers. Every poll it asks the consolidation
 * solver (src/policy/karpenter/consolidation.ts) for one action: delete empty or underutilized
 * nodes whose pods fit elsewhere, or replace nodes with a cheaper one (launched first; the old
 * nodes are drained once it is Ready). Nodes past `expireAfter` are drained and replaced by the
 * provisioner. A drained node (cordoned, its pods evicted and rescheduled) is terminated when it
 * runs no pod. Spot interruption warnings cordon and drain the node at once; EC2 reclaims it two
 * minutes later whatever still runs there.
 */
export class KarpenterDisruption {
  private readonly lastPodEvent = new Map<Host, number>();
  /** A consolidation in progress: its replacement (if any) and the nodes it removes. */
  private command: { replacement: Host | null; nodes: Host[] } | null = null;

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly provisioner: KarpenterProvisioner,
    private readonly nodes: NodeModel,
    private readonly zones: readonly string[],
    private readonly pollMs: number,
    trace: Trace<FleetEvent>,
  ) {
    trace.subscribe(this.onRecord);
  }

  start(): void {
    this.sim.every(this.pollMs, this.poll, { priority: Priority.Decision });
  }

  /** Karpenter's spot nodes, in service or booting: a `spotInterruption` fault's candidates (src/controllers/infra/spot-notice.ts). */
  spotCandidates(): Host[] {
    return this.actions.state.hosts.filter((h) => h.nodePool !== null && h.capacityType === 'spot' && (h.status === 'ACTIVE' || h.status === 'REGISTERING'));
  }

  /** A Spot interruption warning for one of them: cordoned and drained now, reclaimed when the notice runs out. */
  spotNotice(host: Host): void {
    this.actions.karpenter.disruption(host, SPOT_INTERRUPTION_WARNING);
    this.actions.hosts.drain(host, SPOT_INTERRUPTION_WARNING);
    this.terminateIfEmpty(host);
    this.sim.after(SPOT_INTERRUPTION_NOTICE_MS, this.reclaim, host, Priority.StateChange);
  }

  private readonly reclaim = (host: Host): void => {
    if (host.status === 'DEREGISTERED') return;
    for (const pod of [...host.tasks]) this.actions.tasks.stop(pod, 'SpotInterruption', { code: 'NODE_RECLAIMED', host: host.id });
    this.actions.hosts.terminate(host, SPOT_RECLAIMED);
  };

  private readonly onRecord = (r: FleetEvent): void => {
    if ((r.type === 'task.placed' || r.type === 'task.stopped') && r.host !== null) {
      const host = this.actions.state.hostsById.get(r.host);
      if (host === undefined || host.nodePool === null) return;
      this.lastPodEvent.set(host, r.time);
      if (r.type === 'task.stopped') this.terminateIfEmpty(host);
    } else if (r.type === 'host.registered' && this.command !== null && this.command.replacement?.id === r.host) {
      for (const old of this.command.nodes) this.drain(old, REPLACED_BY_CHEAPER_NODE);
    } else if (r.type === 'host.terminated' && this.command !== null) {
      if (this.command.nodes.every((h) => h.status === 'DEREGISTERED')) this.command = null;
    }
  };

  private readonly poll = (): void => {
    const candidates = this.consolidationNodes();
    const pools = this.provisioner.nodePools;
    for (const id of expiredNodes(candidates, pools, this.sim.now)) {
      const host = this.actions.state.hostsById.get(id);
      if (host !== undefined && host.status === 'ACTIVE') this.drain(host, EXPIRED);
    }
    if (this.command !== null || this.provisioningInFlight()) return;
    const decision = findConsolidation({ nodes: candidates, nodePools: pools, now: this.sim.now, catalog: INSTANCE_TYPES, zones: this.zones, price: this.provisioner.price, allocatable: (t, pool) => ({ ...this.nodes.registered(t, pool), pods: this.nodes.maxTasks(t, pool) }) });
    if (decision === null) return;
    const hosts = decision.nodes.map((id) => this.actions.state.hostsById.get(id)!);
    if (decision.kind === 'delete') {
      this.command = { replacement: null, nodes: hosts };
      const why: KarpenterDisruptionReason = { code: 'CONSOLIDATION', reason: decision.reason, method: decision.method, savingsPerHour: decision.savingsPerHour };
      for (const h of hosts) this.drain(h, why);
    } else {
      const replacement = this.provisioner.launchClaim(decision.replacement, []);
      if (isLaunchFailure(replacement)) return;
      this.command = { replacement, nodes: hosts };
      this.actions.karpenter.disruption(replacement, {
        code: 'REPLACING',
        reason: decision.reason,
        method: decision.method,
        replaced: hosts.map((h) => ({ host: h.id, instanceType: h.instanceType.name })),
        replacementType: decision.replacement.chosen,
        savingsPerHour: decision.savingsPerHour,
      });
    }
  };

  /**
   * Karpenter consolidates only a settled cluster: its scheduling simulation includes pending
   * pods, and nodes still launching are not yet part of it. While pods wait for a node or a
   * NodeClaim is launching, fleetsim's disruption controller waits too.
   */
  private provisioningInFlight(): boolean {
    for (const s of this.actions.state.services.values()) if (s.kind === 'deployment' && s.counts.UNPLACED > 0) return true;
    return this.actions.state.hosts.some((h) => h.nodePool !== null && h.status === 'REGISTERING');
  }

  private drain(host: Host, why: KarpenterDisruptionReason): void {
    if (host.status !== 'ACTIVE') return;
    this.actions.karpenter.disruption(host, { code: 'DISRUPTING', instanceType: host.instanceType.name, capacityType: host.capacityType, reason: why });
    this.actions.hosts.drain(host, { code: 'KARPENTER_DISRUPTION', disruption: why });
    this.terminateIfEmpty(host);
  }

  private terminateIfEmpty(host: Host): void {
    if (host.status !== 'DRAINING' || host.tasks.size > 0 || host.nodePool === null) return;
    this.actions.hosts.terminate(host, KARPENTER_DRAINED);
  }

  /** Every EKS node as the consolidation solver sees it; only Karpenter's are candidates. */
  private consolidationNodes(): ConsolidationNode[] {
    const out: ConsolidationNode[] = [];
    for (const h of this.actions.state.hosts) {
      if (h.status === 'DEREGISTERED' || h.status === 'UNREACHABLE') continue;
      out.push({
        id: h.id,
        ...(h.nodePool === null ? {} : { nodePool: h.nodePool }),
        instanceType: h.instanceType.name,
        capacityType: h.capacityType,
        zone: h.az,
        pricePerHour: this.provisioner.price(h.instanceType, h.capacityType, h.az) ?? h.instanceType.onDemandHourlyUsd,
        createdAt: h.launchedAt,
        initializedAt: h.activeAt,
        lastPodEventAt: this.lastPodEvent.get(h) ?? null,
        ready: h.status === 'ACTIVE',
        markedForDeletion: h.status === 'DRAINING',
        // With their node constraints: a replacement must suit them (an amd64-only pod is not
        // moved to a cheaper Graviton node, a GPU pod not to a node without GPUs).
        pods: [...h.tasks].map((t) => {
          const devices = t.taskDefinition.devices;
          return { id: t.id, cpu: t.cpu, memoryMiB: t.memoryMiB, ...(devices === undefined ? {} : { devices }), evictable: true, createdAt: t.createdAt, ...this.provisioner.constraintsOf(t), scheduling: t.service.podScheduling };
        }),
        allocatable: { cpu: h.cpu, memoryMiB: h.memoryMiB, pods: h.maxTasks, devices: h.devices },
        taints: h.taints,
      });
    }
    return out;
  }
}

// The reasons that carry nothing but their code, shared.
const SPOT_INTERRUPTION_WARNING = Object.freeze({ code: 'SPOT_INTERRUPTION_WARNING' } as const);
const SPOT_RECLAIMED = Object.freeze({ code: 'SPOT_RECLAIMED' } as const);
const KARPENTER_DRAINED = Object.freeze({ code: 'KARPENTER_DRAINED' } as const);
const REPLACED_BY_CHEAPER_NODE: KarpenterDisruptionReason = Object.freeze({ code: 'REPLACED_BY_CHEAPER_NODE' });
const EXPIRED: KarpenterDisruptionReason = Object.freeze({ code: 'EXPIRED' });
