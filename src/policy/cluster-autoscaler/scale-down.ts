/**
 * Cluster Autoscaler's scale-down simulation, pure over the cluster (cluster-autoscaler FAQ,
 * "How does scale-down work?", "What types of pods can prevent CA from removing a node?" and
 * "Does CA work with PodDisruptionBudget in scale-down?"). A node is unneeded when
 *  - the larger of its CPU and memory requests (DaemonSets included) over allocatable is below
 *    scale-down-utilization-threshold, and
 *  - every pod on it may be evicted (no safe-to-evict "false" annotation; not a kube-system pod
 *    without a PodDisruptionBudget while skip-nodes-with-system-pods; its budget allows one more
 *    disruption) and fits on another node in the simulation (resources, free GPUs and Neuron
 *    devices, node selection, taints),
 *    those placements being remembered so later candidates of the same pass do not count the
 *    same free room twice.
 *
 * One simulation serves one scan: `begin()` clears what the previous scan placed. Its scratch
 * maps are reused from scan to scan.
 */
import { hasDevices, noAllocatedDevices, type AllocatedDevices, type DeviceCounts } from '../../model/devices.js';
import type { ScaleDownBlocker } from '../../model/events/cluster-autoscaler.js';
import type { Host } from '../../model/host.js';
import type { ClusterAutoscalerParams } from '../../model/params/cluster-autoscaler.js';
import { SAFE_TO_EVICT_ANNOTATION } from '../../model/params/cluster-autoscaler.js';
import { pdbDisruptionsAllowed } from '../../model/rollout.js';
import type { Service } from '../../model/service.js';
import { podPriority, type Task } from '../../model/task.js';
import { untoleratedTaint } from '../kube/plugins/taint-toleration.js';
import { matchesRequiredNodeAffinity, namespaceOf } from '../kube/selectors.js';
import { deviceShortfall, resourceShortfall } from '../resource-fit.js';

/** The namespace whose pods skip-nodes-with-system-pods protects. */
export const KUBE_SYSTEM = 'kube-system';

/** What the DaemonSets on every node request, which CA counts in a node's utilization (ignore-daemonsets-utilization false). */
export interface DaemonSetRequests {
  readonly cpu: number;
  readonly memoryMiB: number;
}

/** A node's utilization as CA computes it: requests over allocatable, DaemonSets included, per resource. */
export function nodeUtilization(host: Pick<Host, 'cpu' | 'memoryMiB' | 'allocatedCpu' | 'allocatedMemoryMiB'>, daemonSets: DaemonSetRequests): { cpu: number; memory: number } {
  return {
    cpu: (host.allocatedCpu + daemonSets.cpu) / (host.cpu + daemonSets.cpu),
    memory: host.memoryMiB + daemonSets.memoryMiB === 0 ? 0 : (host.allocatedMemoryMiB + daemonSets.memoryMiB) / (host.memoryMiB + daemonSets.memoryMiB),
  };
}

/** The larger of a node's CPU and memory utilization ({@link nodeUtilization}), without allocating: CA's scan computes it for every node. */
export function peakUtilization(host: Pick<Host, 'cpu' | 'memoryMiB' | 'allocatedCpu' | 'allocatedMemoryMiB'>, daemonSets: DaemonSetRequests): number {
  const cpu = (host.allocatedCpu + daemonSets.cpu) / (host.cpu + daemonSets.cpu);
  const memoryTotal = host.memoryMiB + daemonSets.memoryMiB;
  return Math.max(cpu, memoryTotal === 0 ? 0 : (host.allocatedMemoryMiB + daemonSets.memoryMiB) / memoryTotal);
}

/** Whether the node is a scale-down candidate by utilization: max(cpu, memory) below the threshold. */
export function underutilized(u: { cpu: number; memory: number }, threshold: number): boolean {
  return Math.max(u.cpu, u.memory) < threshold;
}

/** A pod CA can neither evict nor leave (it does not count expendable pods, nor pods already terminating). */
function countsForScaleDown(pod: Task, cutoff: number): boolean {
  return pod.status !== 'STOPPING' && pod.status !== 'STOPPED' && podPriority(pod) >= cutoff;
}

/** Why `pod` may not be evicted by CA at all (before any placement); null: it may. */
export function evictionBlocker(pod: Task, params: Pick<ClusterAutoscalerParams, 'skipNodesWithSystemPods'>): ScaleDownBlocker | null {
  const safe = pod.service.podScheduling.annotations?.[SAFE_TO_EVICT_ANNOTATION];
  if (safe === 'false') return { code: 'NOT_SAFE_TO_EVICT', pod: pod.id };
  if (safe === 'true') return null;
  if (params.skipNodesWithSystemPods && namespaceOf(pod.service.podScheduling) === KUBE_SYSTEM && pod.service.podDisruptionBudget === null) return { code: 'KUBE_SYSTEM_POD', pod: pod.id };
  return null;
}

interface Use {
  cpu: number;
  memoryMiB: number;
  pods: number;
  /** GPUs, Neuron devices and branch ENIs the moved pods take. */
  devices: AllocatedDevices;
}

export class ScaleDownSimulation {
  /** Room the pass's earlier candidates' pods took on each destination. */
  private readonly used = new Map<Host, Use>();
  /** Disruptions each workload's budget still allows in this pass. */
  private readonly budgets = new Map<Service, number>();
  /**
   * The candidate's tentative steps, undone when one of its pods cannot go: for step i,
   * `logPods[i]` spent its budget (`logHosts[i]` null) or was placed on `logHosts[i]`.
   */
  private readonly logHosts: (Host | null)[] = [];
  private readonly logPods: Task[] = [];

  constructor(private readonly params: Pick<ClusterAutoscalerParams, 'skipNodesWithSystemPods' | 'expendablePodsPriorityCutoff'>) {}

  /**
   * Whether this pass moved pods of an earlier candidate onto `node`: it is then a destination,
   * not a node to remove (upstream's simulation commits those placements to its snapshot).
   */
  receivedPods(node: Host): boolean {
    const u = this.used.get(node);
    return u !== undefined && u.pods > 0;
  }

  /** Starts a scan's pass: nothing placed, every budget as the cluster has it. */
  begin(): void {
    this.used.clear();
    this.budgets.clear();
  }

  /**
   * Whether `node`'s pods can all go elsewhere among `destinations` (Ready nodes; the node itself
   * and those in `excluded`, found unneeded earlier in this pass, are skipped). When they can, returns no blocker and how
   * many pods would move, and keeps the placements and the budgets they spend; otherwise the
   * first reason they cannot, and keeps nothing.
   */
  tryRemove(node: Host, destinations: readonly Host[], excluded: ReadonlySet<Host>): { blocker: ScaleDownBlocker | null; pods: number } {
    this.logHosts.length = 0;
    this.logPods.length = 0;
    let pods = 0;
    for (const pod of node.tasks) {
      if (!countsForScaleDown(pod, this.params.expendablePodsPriorityCutoff)) continue;
      const blocked = evictionBlocker(pod, this.params) ?? this.spendBudget(pod) ?? this.place(pod, node, destinations, excluded);
      if (blocked !== null) {
        this.undo();
        return { blocker: blocked, pods: 0 };
      }
      pods++;
    }
    return { blocker: null, pods };
  }

  private spendBudget(pod: Task): ScaleDownBlocker | null {
    const s = pod.service;
    if (s.podDisruptionBudget === null) return null;
    const left = this.budgets.get(s) ?? pdbDisruptionsAllowed(s.podDisruptionBudget, s.tasks, s.desiredCount);
    if (left <= 0) return { code: 'NOT_ENOUGH_PDB', pod: pod.id };
    this.budgets.set(s, left - 1);
    this.logHosts.push(null);
    this.logPods.push(pod);
    return null;
  }

  /** First fit over the destinations, counting what this pass placed there already. */
  private place(pod: Task, from: Host, destinations: readonly Host[], excluded: ReadonlySet<Host>): ScaleDownBlocker | null {
    const spec = pod.service.podScheduling;
    const devices = podDevices(pod);
    for (let i = 0; i < destinations.length; i++) {
      const h = destinations[i]!;
      if (h === from || excluded.has(h)) continue;
      const u = this.used.get(h);
      const cpu = h.cpu - h.allocatedCpu - (u?.cpu ?? 0);
      const memory = h.memoryMiB - h.allocatedMemoryMiB - (u?.memoryMiB ?? 0);
      const slots = h.maxTasks - h.tasks.size - (u?.pods ?? 0);
      if (resourceShortfall(cpu, memory, slots, pod.cpu, pod.memoryMiB) !== 0) continue;
      if (devices !== null && freeDevicesShortfall(h, u, devices) !== 0) continue;
      if (!matchesRequiredNodeAffinity(spec, h.labels) || untoleratedTaint(spec.tolerations, h.taints) !== undefined) continue;
      if (u === undefined) this.used.set(h, { cpu: pod.cpu, memoryMiB: pod.memoryMiB, pods: 1, devices: devices === null ? noAllocatedDevices() : moved(devices, 1, noAllocatedDevices()) });
      else {
        u.cpu += pod.cpu;
        u.memoryMiB += pod.memoryMiB;
        u.pods++;
        if (devices !== null) moved(devices, 1, u.devices);
      }
      this.logHosts.push(h);
      this.logPods.push(pod);
      return null;
    }
    return { code: 'NO_PLACE_TO_MOVE_PODS', pod: pod.id };
  }

  /** Undoes the candidate's tentative steps, last first. */
  private undo(): void {
    for (let i = this.logPods.length - 1; i >= 0; i--) {
      const pod = this.logPods[i]!;
      const h = this.logHosts[i]!;
      if (h === null) this.budgets.set(pod.service, this.budgets.get(pod.service)! + 1);
      else {
        const u = this.used.get(h)!;
        u.cpu -= pod.cpu;
        u.memoryMiB -= pod.memoryMiB;
        u.pods--;
        const devices = podDevices(pod);
        if (devices !== null) moved(devices, -1, u.devices);
      }
    }
    this.logHosts.length = 0;
    this.logPods.length = 0;
  }
}

/** The pod's GPUs, Neuron devices and branch ENIs; null when it asks for none. */
function podDevices(pod: Task): DeviceCounts | null {
  const d = pod.taskDefinition.devices;
  return d === undefined || !hasDevices(d) ? null : d;
}

/** What `host`'s free devices, less what this pass moved there (`u`), lack for `devices`. */
function freeDevicesShortfall(host: Host, u: Use | undefined, devices: DeviceCounts): number {
  const d = host.devices;
  const a = host.allocatedDevices;
  const m = u?.devices;
  return deviceShortfall(
    d.nvidiaGpu - a.nvidiaGpu - (m?.nvidiaGpu ?? 0),
    d.neuron - a.neuron - (m?.neuron ?? 0),
    d.neuronCore - a.neuronCore - (m?.neuronCore ?? 0),
    devices,
    d.podEni - a.podEni - (m?.podEni ?? 0),
  );
}

/** Adds (`sign` 1) or takes back (-1) `devices` to `into`; returns `into`. */
function moved(devices: DeviceCounts, sign: 1 | -1, into: AllocatedDevices): AllocatedDevices {
  into.nvidiaGpu += sign * devices.nvidiaGpu;
  into.neuron += sign * devices.neuron;
  into.neuronCore += sign * devices.neuronCore;
  into.podEni += sign * devices.podEni;
  return into;
}
