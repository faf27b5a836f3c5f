import type { Host } from '../../../model/host.js';
// ErrReasonConstraintsNotMatch (podtopologyspread plugin) and ErrReasonNodeLabelNotMatch (the node
// lacks a constraint's topology key).
import { TOPOLOGY_LABEL_MISSING as ERR_REASON_NODE_LABEL_NOT_MATCH, TOPOLOGY_SPREAD as ERR_REASON_CONSTRAINTS_NOT_MATCH } from '../../../model/reasons/scheduling.js';
import type { PodSchedulingSpec, PodTopologySpreadArgs, TopologySpreadConstraint } from '../../../model/pod-scheduling-spec.js';
import { fail, readArray, readEnum, readInteger, readObject, readString } from '../args.js';
import { HOSTNAME_LABEL, ZONE_LABEL, type ClusterIndex, type KeyIndex } from '../cluster-index.js';
import {
  MAX_NODE_SCORE,
  type CycleState,
  type FilterPlugin,
  type PodInfo,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
  type Status,
} from '../framework.js';
import { hasRequiredNodeAffinity, matchesLabelSelector, matchesRequiredNodeAffinity, namespaceOf, ownNamespace } from '../selectors.js';

export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';


/**
 * The cluster-level defaults with `defaultingType: System` (podtopologyspread/plugin.go
 * systemDefaultConstraints; docs "Pod Topology Spread Constraints", internal default
 * constraints): spread a workload's pods over nodes (maxSkew 3) and zones (maxSkew 5), both
 * ScheduleAnyway, counting the pods of the pod's own workload.
 */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = Object.freeze([
  { maxSkew: 3, topologyKey: HOSTNAME_LABEL, whenUnsatisfiable: 'ScheduleAnyway' },
  { maxSkew: 5, topologyKey: ZONE_LABEL, whenUnsatisfiable: 'ScheduleAnyway' },
]);

export const DEFAULT_POD_TOPOLOGY_SPREAD_ARGS: PodTopologySpreadArgs = Object.freeze({ defaultingType: 'System', defaultConstraints: [] });

/** A constraint resolved against the cluster's workloads. */
interface Constraint {
  readonly key: string;
  readonly hostname: boolean;
  readonly maxSkew: number;
  readonly minDomains: number;
  /** Workloads whose pods the selector counts. */
  readonly services: readonly number[];
  /** 1 when the incoming pod matches its own selector (it will count once placed). */
  readonly selfMatch: number;
}

interface Compiled {
  readonly spec: PodSchedulingSpec;
  readonly version: number;
  readonly hard: readonly Constraint[];
  readonly soft: readonly Constraint[];
  /** Nodes lacking a key are ignored when scoring, except with the system defaults. */
  readonly requireAll: boolean;
}

/** PreFilter state: per hard constraint, matching pods per domain and the global minimum. */
class FilterState {
  constraints: readonly Constraint[] = [];
  keys: (KeyIndex | null)[] = [];
  matchPerDomain: Float64Array[] = [];
  min: number[] = [];
  /** The slow path ran: a node outside the eligible set has no hostname-domain entry (count 0). */
  checkEligibility = false;
  spec: PodSchedulingSpec | null = null;
  affinity = false;
  allHaveHostname = true;
}

/** PreScore state: per soft constraint, the normalizing weight and pods per present domain. */
class ScoreState {
  constraints: readonly Constraint[] = [];
  keys: (KeyIndex | null)[] = [];
  present: Uint8Array[] = [];
  countPerDomain: Float64Array[] = [];
  weights: number[] = [];
  requireAll = true;
  /** Every live node carries kubernetes.io/hostname (skips a label lookup per node). */
  allHaveHostname = true;
  /** Per hostname constraint counting one workload: its pods per host index (else null). */
  hostCounts: (Int32Array | null)[] = [];
}

/** Score of a node that misses a topology key (IgnoredNodes); normalized to 0. */
const IGNORED = -1;

/**
 * PodTopologySpread (docs "Pod Topology Spread Constraints"; podtopologyspread filtering.go,
 * scoring.go). nodeAffinityPolicy Honor and nodeTaintsPolicy Ignore (the defaults): domains and
 * counts come from the nodes that match the pod's nodeSelector / required node affinity,
 * tainted or not.
 *
 * Filter (DoNotSchedule): for each constraint, `matching pods in the node's domain + (1 if the
 * pod matches its own selector) - global minimum over eligible domains <= maxSkew`; the minimum
 * is 0 when there are fewer eligible domains than minDomains. A node without the key fails with
 * "(missing required label)".
 *
 * Score (ScheduleAnyway; the pod's own soft constraints, or the cluster defaults when it has no
 * constraints at all): for each constraint the node's domain count c gives
 * `c * log(domains + 2) + (maxSkew - 1)`, domains counted among the feasible nodes (for hostname:
 * the feasible nodes), summed and rounded; normalized as `100 * (max + min - s) / max` so the
 * emptiest domain scores highest (all 100 when max is 0).
 *
 * Per-cycle cost: zone-like keys read per-domain counts the index keeps; hostname counts are
 * read per examined node. A pod with a nodeSelector or required node affinity walks the nodes it
 * may use (a cached list), and nodes missing a key make it walk all of them, as kube-scheduler's
 * PreFilter always does.
 */
export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = POD_TOPOLOGY_SPREAD;
  private readonly defaults: readonly TopologySpreadConstraint[];
  private readonly systemDefaulted: boolean;
  private readonly compiled: (Compiled | undefined)[] = [];
  private readonly fs = new FilterState();
  private readonly ss = new ScoreState();

  constructor(args: PodTopologySpreadArgs = DEFAULT_POD_TOPOLOGY_SPREAD_ARGS) {
    this.systemDefaulted = args.defaultingType === 'System';
    this.defaults = this.systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : args.defaultConstraints;
  }

  private compile(pod: PodInfo, index: ClusterIndex): Compiled {
    const cached = this.compiled[pod.serviceId];
    if (cached !== undefined && cached.spec === pod.spec && cached.version === index.servicesVersion) return cached;
    const own = pod.spec.topologySpreadConstraints ?? [];
    const resolve = (c: TopologySpreadConstraint, services: readonly number[], selfMatch: number): Constraint => ({
      key: c.topologyKey,
      hostname: c.topologyKey === HOSTNAME_LABEL,
      maxSkew: c.maxSkew,
      minDomains: c.minDomains ?? 1,
      services,
      selfMatch,
    });
    let all: Constraint[];
    let whens: string[];
    if (own.length > 0) {
      // A constraint counts the pods of the pod's own namespace that its selector matches.
      const scope = ownNamespace(namespaceOf(pod.spec));
      all = own.map((c) => resolve(c, index.servicesMatching(c.labelSelector, scope), matchesLabelSelector(c.labelSelector, pod.spec.labels) ? 1 : 0));
      whens = own.map((c) => c.whenUnsatisfiable);
    } else {
      // Default constraints select the pod's own workload (DefaultSelector: its ReplicaSet).
      const self = [pod.serviceId];
      all = this.defaults.map((c) => resolve(c, self, 1));
      whens = this.defaults.map((c) => c.whenUnsatisfiable);
    }
    const entry: Compiled = {
      spec: pod.spec,
      version: index.servicesVersion,
      hard: all.filter((_, i) => whens[i] === 'DoNotSchedule'),
      soft: all.filter((_, i) => whens[i] === 'ScheduleAnyway'),
      requireAll: own.length > 0 || !this.systemDefaulted,
    };
    this.compiled[pod.serviceId] = entry;
    return entry;
  }

  // --- Filter -------------------------------------------------------------------------------

  preFilter(pod: PodInfo, state: CycleState): boolean {
    const index = state.index;
    const hard = this.compile(pod, index).hard;
    if (hard.length === 0) return false;
    const fs = this.fs;
    fs.constraints = hard;
    fs.spec = pod.spec;
    const affinity = hasRequiredNodeAffinity(pod.spec);
    fs.affinity = affinity;
    fs.allHaveHostname = index.nodesWithLabel(HOSTNAME_LABEL) === index.nodeCount;
    let fast = !affinity;
    for (let i = 0; i < hard.length; i++) {
      const c = hard[i]!;
      const k = c.hostname ? null : index.keyIndex(c.key);
      fs.keys[i] = k;
      if (k !== null) fs.matchPerDomain[i] = zeroed(fs.matchPerDomain[i], k.domainCount);
      if (index.nodesWithLabel(c.key) !== index.nodeCount) fast = false;
    }
    fs.checkEligibility = !fast;
    const domains: number[] = [];
    if (fast) {
      // Every node is eligible: read the domain counts the index keeps.
      for (let i = 0; i < hard.length; i++) {
        const c = hard[i]!;
        const k = fs.keys[i] ?? null;
        if (k === null) {
          domains[i] = index.nodeCount;
          fs.min[i] = index.minPodsPerNode(c.services);
          continue;
        }
        let n = 0;
        let min = Number.POSITIVE_INFINITY;
        const match = fs.matchPerDomain[i]!;
        for (let d = 0; d < k.domainCount; d++) {
          if (k.liveNodes[d] === 0) continue;
          n++;
          let cnt = 0;
          for (let j = 0; j < c.services.length; j++) cnt += k.pods[c.services[j]!]![d]!;
          match[d] = cnt;
          if (cnt < min) min = cnt;
        }
        domains[i] = n;
        fs.min[i] = min;
      }
    } else {
      // kube-scheduler's own PreFilter: one pass over every node that passes the pod's node
      // affinity and carries every key.
      const seen: Uint8Array[] = [];
      for (let i = 0; i < hard.length; i++) {
        domains[i] = 0;
        fs.min[i] = Number.POSITIVE_INFINITY;
        const k = fs.keys[i];
        if (k !== null && k !== undefined) seen[i] = new Uint8Array(k.domainCount);
      }
      // Nodes outside the pod's node affinity are in no domain (nodeAffinityPolicy Honor).
      for (const node of affinity ? index.eligibleNodes(pod.spec) : index.nodes) {
        if (!hasAllKeys(node, hard)) continue;
        for (let i = 0; i < hard.length; i++) {
          const c = hard[i]!;
          const cnt = index.podsOnNodeOf(c.services, node.index);
          const k = fs.keys[i] ?? null;
          if (k === null) {
            domains[i]!++;
            if (cnt < fs.min[i]!) fs.min[i] = cnt;
            continue;
          }
          const d = k.domainOf[node.index]!;
          if (seen[i]![d] === 0) {
            seen[i]![d] = 1;
            domains[i]!++;
          }
          fs.matchPerDomain[i]![d]! += cnt;
        }
      }
      for (let i = 0; i < hard.length; i++) {
        const k = fs.keys[i];
        if (k === null || k === undefined) continue;
        let min = Number.POSITIVE_INFINITY;
        const match = fs.matchPerDomain[i]!;
        for (let d = 0; d < k.domainCount; d++) if (seen[i]![d] === 1 && match[d]! < min) min = match[d]!;
        fs.min[i] = min;
      }
    }
    for (let i = 0; i < hard.length; i++) if (domains[i]! < hard[i]!.minDomains) fs.min[i] = 0;
    return true;
  }

  filterAll(pod: PodInfo, nodes: readonly Host[], count: number, statuses: Status[], state: CycleState): void {
    for (let i = 0; i < count; i++) if (statuses[i] === null) statuses[i] = this.filter(pod, nodes[i]!, state);
  }

  filter(_pod: PodInfo, node: Host, state: CycleState): Status {
    const fs = this.fs;
    const hard = fs.constraints;
    for (let i = 0; i < hard.length; i++) {
      const c = hard[i]!;
      const k = fs.keys[i] ?? null;
      let match: number;
      if (k === null) {
        if (!fs.allHaveHostname && !node.labels.has(c.key)) return ERR_REASON_NODE_LABEL_NOT_MATCH;
        const counted = !fs.checkEligibility || eligible(fs.spec!, fs.affinity, node, hard);
        match = counted ? state.index.podsOnNodeOf(c.services, node.index) : 0;
      } else {
        // A tracked key's domain id doubles as the label check.
        const d = k.domainOf[node.index]!;
        if (d < 0) return ERR_REASON_NODE_LABEL_NOT_MATCH;
        match = fs.matchPerDomain[i]![d]!;
      }
      if (exceedsMaxSkew(match, c.selfMatch, fs.min[i]!, c.maxSkew)) return ERR_REASON_CONSTRAINTS_NOT_MATCH;
    }
    return null;
  }

  // --- Score --------------------------------------------------------------------------------

  preScore(pod: PodInfo, nodes: readonly Host[], count: number, state: CycleState): boolean {
    const index = state.index;
    const compiled = this.compile(pod, index);
    const soft = compiled.soft;
    if (soft.length === 0) return false;
    const ss = this.ss;
    ss.constraints = soft;
    ss.requireAll = compiled.requireAll;
    const sizes: number[] = [];
    const sawMissing: boolean[] = [];
    for (let i = 0; i < soft.length; i++) {
      const c = soft[i]!;
      const k = c.hostname ? null : index.keyIndex(c.key);
      ss.keys[i] = k;
      sizes[i] = 0;
      sawMissing[i] = false;
      if (k !== null) {
        ss.present[i] = zeroedBytes(ss.present[i], k.domainCount);
        ss.countPerDomain[i] = zeroed(ss.countPerDomain[i], k.domainCount);
      }
    }
    ss.allHaveHostname = index.nodesWithLabel(HOSTNAME_LABEL) === index.nodeCount;
    for (let i = 0; i < soft.length; i++) {
      const c = soft[i]!;
      ss.hostCounts[i] = c.hostname && c.services.length === 1 ? index.podCounts(c.services[0]!) : null;
    }
    // Domains present among the feasible nodes size each constraint's weight.
    let everyNodeHasEveryKey = true;
    for (const c of soft) if (index.nodesWithLabel(c.key) !== index.nodeCount) everyNodeHasEveryKey = false;
    let ignored = 0;
    if (everyNodeHasEveryKey) {
      // No node is ignored and none lacks a key: per constraint, scan only until every live
      // domain has been seen (three nodes suffice for three zones).
      for (let i = 0; i < soft.length; i++) {
        const k = ss.keys[i] ?? null;
        if (k === null) continue;
        let liveDomains = 0;
        for (let d = 0; d < k.domainCount; d++) if (k.liveNodes[d]! > 0) liveDomains++;
        const present = ss.present[i]!;
        const domainOf = k.domainOf;
        let n = 0;
        for (let j = 0; j < count && n < liveDomains; j++) {
          const d = domainOf[nodes[j]!.index]!;
          if (present[d] === 0) {
            present[d] = 1;
            n++;
          }
        }
        sizes[i] = n;
      }
    } else {
      for (let j = 0; j < count; j++) {
        const node = nodes[j]!;
        if (ss.requireAll && !this.hasAllKeys(node)) {
          ignored++;
          continue;
        }
        for (let i = 0; i < soft.length; i++) {
          const k = ss.keys[i] ?? null;
          if (k === null) continue;
          const d = k.domainOf[node.index]!;
          if (d < 0) {
            // kube-scheduler files a node without the key under the value "": one more domain.
            if (!sawMissing[i]) {
              sawMissing[i] = true;
              sizes[i]!++;
            }
          } else if (ss.present[i]![d] === 0) {
            ss.present[i]![d] = 1;
            sizes[i]!++;
          }
        }
      }
    }
    for (let i = 0; i < soft.length; i++) {
      const size = soft[i]!.hostname ? count - ignored : sizes[i]!;
      ss.weights[i] = Math.log(size + 2);
    }
    // Pods per present domain, over every node eligible under the pod's node affinity.
    const affinity = hasRequiredNodeAffinity(pod.spec);
    const fast = !affinity && (!ss.requireAll || everyNodeHasEveryKey);
    if (fast) {
      for (let i = 0; i < soft.length; i++) {
        const k = ss.keys[i] ?? null;
        if (k === null) continue;
        const services = soft[i]!.services;
        const present = ss.present[i]!;
        const counts = ss.countPerDomain[i]!;
        for (let d = 0; d < k.domainCount; d++) {
          if (present[d] === 0) continue;
          let cnt = 0;
          for (let j = 0; j < services.length; j++) cnt += k.pods[services[j]!]![d]!;
          counts[d] = cnt;
        }
      }
    } else {
      for (const node of affinity ? index.eligibleNodes(pod.spec) : index.nodes) {
        if (ss.requireAll && !hasAllKeys(node, soft)) continue;
        for (let i = 0; i < soft.length; i++) {
          const k = ss.keys[i] ?? null;
          if (k === null) continue;
          const d = k.domainOf[node.index]!;
          if (d >= 0 && ss.present[i]![d] === 1) ss.countPerDomain[i]![d]! += index.podsOnNodeOf(soft[i]!.services, node.index);
        }
      }
    }
    return true;
  }

  score(_pod: PodInfo, node: Host, state: CycleState): number {
    const ss = this.ss;
    const soft = ss.constraints;
    if (ss.requireAll && !this.hasAllKeys(node)) return IGNORED;
    let score = 0;
    for (let i = 0; i < soft.length; i++) {
      const c = soft[i]!;
      const k = ss.keys[i] ?? null;
      let cnt: number;
      if (k === null) {
        if (!ss.allHaveHostname && !node.labels.has(c.key)) continue;
        const counts = ss.hostCounts[i] ?? null;
        cnt = counts !== null ? counts[node.index]! : state.index.podsOnNodeOf(c.services, node.index);
      } else {
        const d = k.domainOf[node.index]!;
        if (d < 0) continue;
        cnt = ss.countPerDomain[i]![d]!;
      }
      score += cnt * ss.weights[i]! + (c.maxSkew - 1);
    }
    return Math.round(score);
  }

  /** Same sums as `score`, constraint by constraint (tight loops over typed arrays). */
  scoreAll(_pod: PodInfo, nodes: readonly Host[], count: number, scores: Float64Array, state: CycleState): void {
    const ss = this.ss;
    const soft = ss.constraints;
    scores.fill(0, 0, count);
    for (let i = 0; i < soft.length; i++) {
      const c = soft[i]!;
      const w = ss.weights[i]!;
      const offset = c.maxSkew - 1;
      const k = ss.keys[i] ?? null;
      if (k !== null) {
        const domainOf = k.domainOf;
        const perDomain = ss.countPerDomain[i]!;
        for (let j = 0; j < count; j++) {
          const d = domainOf[nodes[j]!.index]!;
          if (d >= 0) scores[j]! += perDomain[d]! * w + offset;
        }
        continue;
      }
      const counts = ss.hostCounts[i] ?? null;
      for (let j = 0; j < count; j++) {
        const node = nodes[j]!;
        if (!ss.allHaveHostname && !node.labels.has(c.key)) continue;
        const cnt = counts !== null ? counts[node.index]! : state.index.podsOnNodeOf(c.services, node.index);
        scores[j]! += cnt * w + offset;
      }
    }
    for (let j = 0; j < count; j++) scores[j] = ss.requireAll && !this.hasAllKeys(nodes[j]!) ? IGNORED : Math.round(scores[j]!);
  }

  /** The node carries every soft constraint's key (keys of tracked domains need no label lookup). */
  private hasAllKeys(node: Host): boolean {
    const ss = this.ss;
    for (let i = 0; i < ss.constraints.length; i++) {
      const k = ss.keys[i] ?? null;
      if (k === null ? !ss.allHaveHostname && !node.labels.has(HOSTNAME_LABEL) : k.domainOf[node.index]! < 0) return false;
    }
    return true;
  }

  normalize(scores: Float64Array, count: number): void {
    let min = Number.POSITIVE_INFINITY;
    let max = 0;
    for (let i = 0; i < count; i++) {
      const s = scores[i]!;
      if (s === IGNORED) continue;
      if (s < min) min = s;
      if (s > max) max = s;
    }
    for (let i = 0; i < count; i++) {
      const s = scores[i]!;
      if (s === IGNORED) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.floor((MAX_NODE_SCORE * (max + min - s)) / max);
    }
  }
}

/**
 * PodTopologySpread's Filter test for one DoNotSchedule constraint: placing the pod in a domain
 * holding `matching` selected pods (plus itself when it matches its own selector) would put it
 * more than maxSkew above the global minimum. Karpenter's solver asks the same of the domains it
 * plans into.
 */
export function exceedsMaxSkew(matching: number, selfMatch: number, globalMin: number, maxSkew: number): boolean {
  return matching + selfMatch - globalMin > maxSkew;
}

/** Whether a spread constraint of `owner` counts a pod of spec `other`: its selector, in the owner's namespace. */
export function spreadSelects(c: TopologySpreadConstraint, owner: PodSchedulingSpec, other: PodSchedulingSpec): boolean {
  return namespaceOf(other) === namespaceOf(owner) && matchesLabelSelector(c.labelSelector, other.labels);
}

function hasAllKeys(node: Host, constraints: readonly Constraint[]): boolean {
  for (let i = 0; i < constraints.length; i++) if (!node.labels.has(constraints[i]!.key)) return false;
  return true;
}

function eligible(spec: PodSchedulingSpec, affinity: boolean, node: Host, constraints: readonly Constraint[]): boolean {
  if (affinity && !matchesRequiredNodeAffinity(spec, node.labels)) return false;
  return hasAllKeys(node, constraints);
}

function zeroed(buffer: Float64Array | undefined, size: number): Float64Array {
  if (buffer === undefined || buffer.length < size) return new Float64Array(Math.max(8, size * 2));
  buffer.fill(0, 0, size);
  return buffer;
}

function zeroedBytes(buffer: Uint8Array | undefined, size: number): Uint8Array {
  if (buffer === undefined || buffer.length < size) return new Uint8Array(Math.max(8, size * 2));
  buffer.fill(0, 0, size);
  return buffer;
}

/** Validates PodTopologySpreadArgs as ValidatePodTopologySpreadArgs does. */
export function parsePodTopologySpreadArgs(args: unknown, path: string): PodTopologySpreadArgs {
  if (args === undefined) return DEFAULT_POD_TOPOLOGY_SPREAD_ARGS;
  const o = readObject(args, path, ['defaultingType', 'defaultConstraints']);
  const defaultingType = o.defaultingType === undefined ? 'System' : readEnum(o.defaultingType, `${path}.defaultingType`, ['System', 'List'] as const);
  const raw = o.defaultConstraints === undefined ? [] : readArray(o.defaultConstraints, `${path}.defaultConstraints`);
  if (defaultingType === 'System' && raw.length > 0) fail(`${path}.defaultConstraints`, 'must be empty when defaultingType is System');
  const seen = new Set<string>();
  const defaultConstraints = raw.map((item, i): TopologySpreadConstraint => {
    const p = `${path}.defaultConstraints[${i}]`;
    const c = readObject(item, p, ['maxSkew', 'topologyKey', 'whenUnsatisfiable', 'labelSelector']);
    if (c.labelSelector !== undefined) fail(`${p}.labelSelector`, 'constraint must not define a selector, as they deduced for each pod');
    const maxSkew = readInteger(c.maxSkew, `${p}.maxSkew`, 1, Number.MAX_SAFE_INTEGER);
    const topologyKey = readString(c.topologyKey, `${p}.topologyKey`);
    const whenUnsatisfiable = readEnum(c.whenUnsatisfiable, `${p}.whenUnsatisfiable`, ['DoNotSchedule', 'ScheduleAnyway'] as const);
    const pair = `${topologyKey}\u0000${whenUnsatisfiable}`;
    if (seen.has(pair)) fail(p, `duplicate constraint {${topologyKey}, ${whenUnsatisfiable}}`);
    seen.add(pair);
    return { maxSkew, topologyKey, whenUnsatisfiable };
  });
  return { defaultingType, defaultConstraints };
}
