/**
 * Cluster Autoscaler's scale-up, pure (cluster-autoscaler FAQ, "How does scale-up work?" and
 * "What are Expanders?"): each node group is represented by a template node (its instance type's
 * allocatable less the DaemonSets, its max pods, labels and taints). A group is an expansion
 * option when some pending pod would fit on an empty template node; the binpacking estimator
 * sizes the option (how many new nodes take how many of the pods, within the group's maxSize);
 * the expanders narrow the options in order, the last tie broken by a draw; with
 * balance-similar-node-groups the chosen option's nodes are spread over similar groups (same
 * instance type, labels and taints but for the zone) so their sizes stay balanced.
 *
 * Decisions only: the controller (src/controllers/infra/cluster-autoscaler.ts) acts on them.
 */
import type { RandomStream } from '../../engine/rng.js';
import { DEVICE_KINDS, EXTENDED_RESOURCE_NAMES, hasDevices, type AllocatedDevices, type DeviceCounts } from '../../model/devices.js';
import type { InsufficientResource, NoScaleUpReason } from '../../model/events/cluster-autoscaler.js';
import type { ClusterAutoscalerParams, ExpanderName } from '../../model/params/cluster-autoscaler.js';
import { BALANCING_IGNORED_LABELS } from '../../model/params/cluster-autoscaler.js';
import type { PodSchedulingSpec } from '../../model/pod-scheduling-spec.js';
import type { Taint } from '../../model/taint.js';
import { matchesRequiredNodeAffinity } from '../kube/selectors.js';
import { untoleratedTaint } from '../kube/plugins/taint-toleration.js';
import { deviceShortfall, resourceShortfall, SHORT_OF_CPU, SHORT_OF_GPU, SHORT_OF_MEMORY, SHORT_OF_NEURON, SHORT_OF_NEURONCORE, SHORT_OF_POD_ENI, SHORT_OF_PODS } from '../resource-fit.js';

/** A pending pod as CA's simulation sees it. */
export interface PendingPod {
  readonly id: string;
  /** CPU shares and MiB requested. */
  readonly cpu: number;
  readonly memoryMiB: number;
  /** GPUs, Neuron devices and branch ENIs requested (extended resources; NO_DEVICES when none). */
  readonly devices: DeviceCounts;
  readonly spec: PodSchedulingSpec;
}

/** A node group's template node: what one new node of the group would offer. */
export interface NodeGroupTemplate {
  readonly name: string;
  readonly instanceType: string;
  /** Allocatable less the DaemonSets' requests: what pods may request (CPU shares, MiB). */
  readonly cpu: number;
  readonly memoryMiB: number;
  /** Pods a node may run (max pods less the DaemonSets). */
  readonly pods: number;
  /**
   * The extended resources a node of the group advertises: its instance type's GPUs and Neuron
   * devices (upstream's AWS provider puts `nvidia.com/gpu` on the template from the instance
   * type), as the node's allocatable has them.
   */
  readonly devices: DeviceCounts;
  readonly labels: ReadonlyMap<string, string>;
  readonly taints: readonly Taint[];
  /** On-demand price of one node, USD per hour (the price expander). */
  readonly pricePerHour: number;
}

/** A node group CA may grow: its template and its sizes now. */
export interface NodeGroupState {
  readonly template: NodeGroupTemplate;
  /** The group's desired size (nodes requested, registered or not). */
  readonly size: number;
  readonly minSize: number;
  readonly maxSize: number;
  /** Backed off after a failed scale-up until this time (ms); null: not backed off. */
  readonly backedOffUntil: number | null;
}

/** One node group that would help: how many nodes, for which pods. */
export interface ExpansionPlan {
  readonly group: NodeGroupState;
  readonly nodes: number;
  readonly pods: readonly PendingPod[];
}

export interface ScaleUpPlan {
  /** The option the expanders chose. */
  readonly chosen: ExpansionPlan;
  /** Every option, the chosen one first. */
  readonly options: readonly ExpansionPlan[];
  /** Nodes to add per group (several groups when balanced), in the groups' order. */
  readonly increases: readonly { readonly group: string; readonly nodes: number }[];
  /** Similar groups the scale-up was balanced over (the chosen one included); empty when not balanced. */
  readonly balancedOver: readonly string[];
}

/** Why `template` would not take `pod` on an empty node; null when it would. */
export function templateMisfit(pod: PendingPod, template: NodeGroupTemplate): NoScaleUpReason | null {
  if (!matchesRequiredNodeAffinity(pod.spec, template.labels)) return { code: 'NODE_SELECTOR_MISMATCH', group: template.name };
  const taint = untoleratedTaint(pod.spec.tolerations, template.taints);
  if (taint !== undefined) return { code: 'TAINT_NOT_TOLERATED', group: template.name, taint: taint.key };
  const d = template.devices;
  const short = resourceShortfall(template.cpu, template.memoryMiB, template.pods, pod.cpu, pod.memoryMiB) | deviceShortfall(d.nvidiaGpu, d.neuron, d.neuronCore, pod.devices, d.podEni);
  if (short === 0) return null;
  const insufficient: InsufficientResource[] = [];
  if ((short & SHORT_OF_CPU) !== 0) insufficient.push('cpu');
  if ((short & SHORT_OF_MEMORY) !== 0) insufficient.push('memory');
  if ((short & SHORT_OF_PODS) !== 0) insufficient.push('pods');
  for (const kind of DEVICE_KINDS) if ((short & DEVICE_SHORTFALL_BITS[kind]) !== 0) insufficient.push(EXTENDED_RESOURCE_NAMES[kind]);
  return { code: 'WOULD_NOT_FIT', group: template.name, insufficient };
}

/** The SHORT_OF_* bit of each device kind. */
const DEVICE_SHORTFALL_BITS = Object.freeze({ nvidiaGpu: SHORT_OF_GPU, neuron: SHORT_OF_NEURON, neuronCore: SHORT_OF_NEURONCORE, podEni: SHORT_OF_POD_ENI });

/**
 * The binpacking estimator: the pods, largest first (CPU plus memory as fractions of the
 * template), go first-fit onto new template nodes; at most `maxNodes` nodes. Returns how many
 * nodes and which pods they take (the rest would still be pending). Every pod must fit an empty
 * template node (see {@link templateMisfit}).
 */
export function estimateNodes(pods: readonly PendingPod[], template: NodeGroupTemplate, maxNodes: number): { nodes: number; pods: PendingPod[] } {
  const score = (p: PendingPod): number => p.cpu / template.cpu + p.memoryMiB / template.memoryMiB;
  const sorted = [...pods].sort((a, b) => score(b) - score(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const freeCpu: number[] = [];
  const freeMemory: number[] = [];
  const freePods: number[] = [];
  // Free devices per new node, only counted when the pods ask for any (most do not).
  const freeDevices: AllocatedDevices[] = [];
  const placed: PendingPod[] = [];
  for (const pod of sorted) {
    const devices = hasDevices(pod.devices);
    let i = 0;
    while (i < freeCpu.length && (resourceShortfall(freeCpu[i]!, freeMemory[i]!, freePods[i]!, pod.cpu, pod.memoryMiB) !== 0 || (devices && freeDeviceShortfall(freeDevices[i]!, pod.devices) !== 0))) i++;
    if (i === freeCpu.length) {
      if (freeCpu.length >= maxNodes) continue;
      freeCpu.push(template.cpu);
      freeMemory.push(template.memoryMiB);
      freePods.push(template.pods);
      freeDevices.push({ ...template.devices });
    }
    freeCpu[i]! -= pod.cpu;
    freeMemory[i]! -= pod.memoryMiB;
    freePods[i]!--;
    if (devices) takeDevices(freeDevices[i]!, pod.devices);
    placed.push(pod);
  }
  return { nodes: freeCpu.length, pods: placed };
}

/** {@link deviceShortfall} of free device counts. */
export function freeDeviceShortfall(free: DeviceCounts, devices: DeviceCounts): number {
  return deviceShortfall(free.nvidiaGpu, free.neuron, free.neuronCore, devices, free.podEni);
}

/** Takes `devices` from `free` (a simulated node's free counts). */
export function takeDevices(free: AllocatedDevices, devices: DeviceCounts): void {
  free.nvidiaGpu -= devices.nvidiaGpu;
  free.neuron -= devices.neuron;
  free.neuronCore -= devices.neuronCore;
  free.podEni -= devices.podEni;
}

/**
 * The scale-up for `pods` over `groups`, or null when no group would help; `notHelped` gets, for
 * each pod no option takes, every group's reason (a pod some option takes is left out).
 */
export function planScaleUp(
  pods: readonly PendingPod[],
  groups: readonly NodeGroupState[],
  params: Pick<ClusterAutoscalerParams, 'expanders' | 'priorities' | 'balanceSimilarNodeGroups'>,
  now: number,
  rng: RandomStream,
  notHelped: Map<PendingPod, NoScaleUpReason[]>,
): ScaleUpPlan | null {
  const options: ExpansionPlan[] = [];
  const reasons = new Map<PendingPod, NoScaleUpReason[]>();
  const helped = new Set<PendingPod>();
  for (const group of groups) {
    const t = group.template;
    const fitting: PendingPod[] = [];
    for (const pod of pods) {
      const misfit = templateMisfit(pod, t);
      if (misfit === null) fitting.push(pod);
      else push(reasons, pod, misfit);
    }
    if (fitting.length === 0) continue;
    if (group.backedOffUntil !== null && group.backedOffUntil > now) {
      for (const pod of fitting) push(reasons, pod, { code: 'BACKED_OFF', group: t.name, untilMs: group.backedOffUntil });
      continue;
    }
    const room = group.maxSize - group.size;
    if (room <= 0) {
      for (const pod of fitting) push(reasons, pod, { code: 'MAX_SIZE_REACHED', group: t.name, maxSize: group.maxSize });
      continue;
    }
    const estimate = estimateNodes(fitting, t, room);
    for (const pod of estimate.pods) helped.add(pod);
    // Pods beyond the group's maxSize: this group cannot take them.
    if (estimate.pods.length < fitting.length) {
      const taken = new Set(estimate.pods);
      for (const pod of fitting) if (!taken.has(pod)) push(reasons, pod, { code: 'MAX_SIZE_REACHED', group: t.name, maxSize: group.maxSize });
    }
    options.push({ group, nodes: estimate.nodes, pods: estimate.pods });
  }
  for (const pod of pods) if (!helped.has(pod)) notHelped.set(pod, reasons.get(pod) ?? []);
  if (options.length === 0) return null;
  const chosen = expand(options, params.expanders, params.priorities, rng);
  const ordered = [chosen, ...options.filter((o) => o !== chosen)];
  if (!params.balanceSimilarNodeGroups) return { chosen, options: ordered, increases: [{ group: chosen.group.template.name, nodes: chosen.nodes }], balancedOver: [] };
  // Only groups that would help the same pods themselves (options: not backed off, below maxSize).
  const similar = options.map((o) => o.group).filter((g) => g === chosen.group || similarTemplates(g.template, chosen.group.template));
  if (similar.length < 2) return { chosen, options: ordered, increases: [{ group: chosen.group.template.name, nodes: chosen.nodes }], balancedOver: [] };
  return { chosen, options: ordered, increases: balanceIncrease(similar, chosen.nodes), balancedOver: similar.map((g) => g.template.name) };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * The expanders in order: each keeps its best options (ties kept); the last tie is broken by a
 * draw from `rng` (the `cluster-autoscaler` stream), only when more than one option is left.
 */
export function expand(options: readonly ExpansionPlan[], expanders: readonly ExpanderName[], priorities: ClusterAutoscalerParams['priorities'], rng: RandomStream): ExpansionPlan {
  let left: readonly ExpansionPlan[] = options;
  for (const name of expanders) {
    if (left.length <= 1) break;
    left = bestBy(left, name, priorities);
  }
  return left.length === 1 ? left[0]! : left[Math.floor(rng.random() * left.length)]!;
}

/** The options one expander prefers (every option for `random`, which leaves the choice to the draw). */
export function bestBy(options: readonly ExpansionPlan[], expander: ExpanderName, priorities: ClusterAutoscalerParams['priorities']): ExpansionPlan[] {
  switch (expander) {
    case 'random':
      return [...options];
    case 'most-pods':
      return keepBest(options, (o) => o.pods.length);
    case 'least-waste':
      return keepBest(options, (o) => -wasteScore(o));
    case 'price':
      return keepBest(options, (o) => -(o.nodes * o.group.template.pricePerHour) / o.pods.length);
    case 'priority': {
      const ranked = keepBest(options, (o) => priorityOf(o.group.template.name, priorities));
      return ranked;
    }
  }
}

/** The options with the highest `score` (ties kept, in order). */
function keepBest(options: readonly ExpansionPlan[], score: (o: ExpansionPlan) => number): ExpansionPlan[] {
  let best = Number.NEGATIVE_INFINITY;
  let out: ExpansionPlan[] = [];
  for (const o of options) {
    const s = score(o);
    if (s > best + 1e-12) {
      best = s;
      out = [o];
    } else if (Math.abs(s - best) <= 1e-12) out.push(o);
  }
  return out;
}

/**
 * least-waste's score: the fraction of the new nodes' CPU left idle plus the fraction of their
 * memory (expander/waste: `cpuWastedScore + memWastedScore`); lower is better.
 */
export function wasteScore(o: ExpansionPlan): number {
  const t = o.group.template;
  let cpu = 0;
  let memory = 0;
  for (const p of o.pods) {
    cpu += p.cpu;
    memory += p.memoryMiB;
  }
  const availableCpu = o.nodes * t.cpu;
  const availableMemory = o.nodes * t.memoryMiB;
  return (availableCpu - cpu) / availableCpu + (availableMemory - memory) / availableMemory;
}

/**
 * The priority expander's priority of a group: the highest priority one of whose regular
 * expressions matches its name (the ConfigMap's values are lists of regexes); a group no
 * expression matches ranks below all that match (-Infinity).
 */
export function priorityOf(group: string, priorities: ClusterAutoscalerParams['priorities']): number {
  let best = Number.NEGATIVE_INFINITY;
  for (const p of priorities) if (p.priority > best && p.patterns.some((re) => new RegExp(re).test(group))) best = p.priority;
  return best;
}

/**
 * Whether two templates are similar for balance-similar-node-groups: the same instance type (so
 * the same capacity), the same taints, and the same labels but for the zone, hostname and the
 * labels AWS's provider ignores (BALANCING_IGNORED_LABELS).
 */
export function similarTemplates(a: NodeGroupTemplate, b: NodeGroupTemplate): boolean {
  if (a.instanceType !== b.instanceType || a.cpu !== b.cpu || a.memoryMiB !== b.memoryMiB || a.pods !== b.pods) return false;
  if (a.taints.length !== b.taints.length || a.taints.some((t, i) => t.key !== b.taints[i]!.key || t.value !== b.taints[i]!.value || t.effect !== b.taints[i]!.effect)) return false;
  const compared = (labels: ReadonlyMap<string, string>): string[] =>
    [...labels].filter(([k]) => !BALANCING_IGNORED_LABELS.includes(k)).map(([k, v]) => `${k}=${v}`).sort();
  const la = compared(a.labels);
  const lb = compared(b.labels);
  return la.length === lb.length && la.every((x, i) => x === lb[i]);
}

/**
 * Spreads `nodes` over similar groups so their sizes even out (BalanceScaleUpBetweenGroups): each
 * node goes to the group with the fewest (size plus added), ties to the earlier group, never past
 * a group's maxSize. Nodes no group has room for are dropped.
 */
export function balanceIncrease(groups: readonly NodeGroupState[], nodes: number): { group: string; nodes: number }[] {
  const added = groups.map(() => 0);
  for (let n = 0; n < nodes; n++) {
    let best = -1;
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (g.size + added[i]! >= g.maxSize) continue;
      if (best === -1 || g.size + added[i]! < groups[best]!.size + added[best]!) best = i;
    }
    if (best === -1) break;
    added[best]!++;
  }
  return groups.map((g, i) => ({ group: g.template.name, nodes: added[i]! })).filter((x) => x.nodes > 0);
}
