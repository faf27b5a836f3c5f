import type { RandomStream } from '../../engine/rng.js';
import type { ClusterView } from '../../model/cluster-state.js';
import type { Host } from '../../model/host.js';
import type { SchedulerProfileSpec } from '../../model/pod-scheduling-spec.js';
import type { TaskDefinition } from '../../model/task-definition.js';
import { scoringCpu, scoringMemoryMiB } from '../../model/pod-requests.js';
import type { FleetEvent } from '../../model/events/index.js';
import type { PlacementPolicy, PlacementRequest, PlacementResult } from '../placement-policy.js';
import { ClusterIndex, type PodSpecLookup } from './cluster-index.js';
import { fitError, NO_NODES_AVAILABLE, type FilterReason, type PreemptionMessage } from '../../model/reasons/scheduling.js';
import type { Task } from '../../model/task.js';
import { Nominations } from './nominations.js';
import { whatIfNode } from './what-if-node.js';
import {
  CycleState,
  MAX_NODE_SCORE,
  type FilterDiagnosis,
  numFeasibleNodesToFind,
  reasonsOf,
  type AnyPlugin,
  type FilterPlugin,
  type PodImage,
  type PodInfo,
  type Status,
} from './framework.js';
import { compileProfile, type CompiledProfile, type PluginFactory } from './registry.js';
import { subjectOf, withSubject } from '../plugin-error.js';

export interface KubeSchedulerPolicyOptions {
  /**
   * `incremental` (default): counts are kept from trace records; subscribe `onRecord`.
   * `rebuild`: every cycle recomputes them from the state, as if there were no index (the
   * benchmark's baseline; tests use it to check the incremental counts).
   */
  readonly indexing?: 'incremental' | 'rebuild';
  /**
   * Check every plugin's normalized scores on every cycle (kube-scheduler fails the cycle, naming
   * the plugin, when one is outside [0, MAX_NODE_SCORE]). Off by default: one pass over the
   * scores per plugin per cycle. The composition root turns it on whenever invariants are checked;
   * `explain` always checks.
   */
  readonly checkScores?: boolean;
  /** Plugins a profile may name (default: the in-tree registry). */
  readonly registry?: ReadonlyMap<string, PluginFactory>;
}

/** What the last scheduling cycle did (for tests and diagnostics). */
export interface CycleStats {
  readonly numAllNodes: number;
  /** numFeasibleNodesToFind for this cluster size and profile. */
  readonly numToFind: number;
  /** Nodes run through the filters (feasible + failed). */
  readonly examined: number;
  readonly feasible: number;
  /** Where the next cycle starts examining nodes. */
  readonly nextStartIndex: number;
  /** Feasible nodes sharing the top score (the random tie-break's pool). */
  readonly tiedAtTop: number;
}

/** Per-plugin normalized scores and weighted totals of every feasible node (see `explain`). */
export interface ScoreExplanation {
  readonly nodes: readonly Host[];
  /** plugin name -> normalized score per node (0..100, before the weight). */
  readonly scores: ReadonlyMap<string, readonly number[]>;
  readonly totals: readonly number[];
  readonly reasons: ReadonlyMap<Host, readonly FilterReason[]>;
}

/**
 * kube-scheduler with the framework's shape (docs "Scheduling Framework"; pkg/scheduler
 * schedule_one.go): for one pod,
 *
 * 1. PreFilter plugins precompute (or Skip);
 * 2. nodes are filtered in snapshot order starting where the last cycle stopped (a rotating
 *    index), each stopping at its first failing filter, until numFeasibleNodesToFind feasible
 *    nodes are found (percentageOfNodesToScore; adaptive by default) or every node was seen;
 * 3. none feasible: a FitError counting each filter's reasons over the nodes (kube-scheduler's
 *    `0/N nodes are available: <histogram>.`); one: it wins unscored;
 * 4. otherwise PreScore, Score, NormalizeScore per plugin, times its weight, summed;
 * 5. the top total wins; ties are broken uniformly at random by reservoir sampling over the
 *    feasible nodes in the order they were found (selectHost).
 *
 * Pure over the view apart from its own bookkeeping (the rotating index, the counts it keeps,
 * the random stream). Contract with the integrator: subscribe `onRecord` to the trace before the
 * first cycle. The random stream is drawn once per tie beyond the first, so a run is
 * reproducible from its seed.
 */
export class KubeSchedulerPolicy implements PlacementPolicy {
  readonly name: string;
  /** Trace listener keeping the counts current (task.placed, task.stopped, image.pulled, host.*). */
  readonly onRecord: (r: FleetEvent) => void;
  readonly profile: CompiledProfile;
  /** The counts the plugins read (exposed for tests and diagnostics; do not mutate). */
  readonly index: ClusterIndex;
  private readonly state: CycleState;
  private readonly rebuild: boolean;
  private readonly checkScores: boolean;
  private nextStartIndex = 0;
  private lastStats: CycleStats | null = null;
  private readonly imagesCache = new Map<string, { td: TaskDefinition; images: readonly PodImage[] }>();

  // Reused per cycle: no allocation in the node loops.
  private activeFilters: (FilterPlugin & AnyPlugin)[] = [];
  private feasible: Host[] = [];
  private failed: Status[] = [];
  private scores = new Float64Array(0);
  private readonly chunkNodes = new Array<Host>(CHUNK);
  private readonly chunkStatuses = new Array<Status>(CHUNK).fill(null);
  private totals = new Float64Array(0);

  constructor(
    profile: SchedulerProfileSpec,
    private readonly rng: RandomStream,
    private readonly lookup: PodSpecLookup,
    options: KubeSchedulerPolicyOptions = {},
  ) {
    this.profile = compileProfile(profile, options.registry);
    this.name = `kube-scheduler/${this.profile.schedulerName}`;
    this.index = new ClusterIndex(lookup);
    this.state = new CycleState(this.index, this.nominations);
    this.rebuild = options.indexing === 'rebuild';
    this.checkScores = options.checkScores === true;
    // PostFilter (preemption) draws from its own stream: it runs only for unschedulable pods,
    // and must not shift the tie-breaks of the cycles that follow.
    this.postFilterRng = rng.fork('preemption');
    const indexRecord = this.rebuild ? undefined : this.index.onRecord;
    const nominations = this.nominations;
    this.onRecord = (e: FleetEvent): void => {
      indexRecord?.(e);
      // A bound or stopped pod's nomination ends; a stopped victim is no longer terminating.
      if (nominations.active && (e.type === 'task.placed' || e.type === 'task.stopped')) nominations.forget(e.task);
    };
  }

  /** The pods nominated to nodes by preemption (exposed for tests and diagnostics; do not mutate). */
  readonly nominations = new Nominations();
  private readonly postFilterRng: RandomStream;

  /** Statistics of the last `place` call. */
  get lastCycle(): CycleStats | null {
    return this.lastStats;
  }

  place(request: PlacementRequest, view: ClusterView): PlacementResult {
    try {
      return this.scheduleOne(request, view);
    } catch (error) {
      // A loaded plugin's error names the pod of the cycle it failed in.
      throw withSubject(error, () => subjectOf(request));
    }
  }

  /** One scheduling cycle (schedule_one.go): see the class comment. */
  private scheduleOne(request: PlacementRequest, view: ClusterView): PlacementResult {
    const pod = this.beginCycle(request, view);
    const nodes = this.index.nodes;
    const numAll = nodes.length;
    if (numAll === 0) {
      this.lastStats = { numAllNodes: 0, numToFind: 0, examined: 0, feasible: 0, nextStartIndex: 0, tiedAtTop: 0 };
      return { ok: false, failure: NO_NODES_AVAILABLE };
    }
    const numToFind = numFeasibleNodesToFind(this.profile.percentageOfNodesToScore, numAll);
    const nFilters = this.preFilter(pod);
    const filters = this.activeFilters;
    if (this.feasible.length < numAll) {
      this.feasible = new Array<Host>(numAll);
      this.failed = new Array<Status>(numAll);
    }
    const feasible = this.feasible;
    const failed = this.failed;
    const state = this.state;

    // Nodes are filtered in chunks, plugin by plugin within a chunk (each plugin's loop stays
    // monomorphic); a node failing one plugin is not shown to the next, so every node gets the
    // status of its first failing filter, exactly as one node at a time. A chunk never holds more
    // nodes than feasible ones still wanted, so no node past the cut-off is filtered.
    const chunk = this.chunkNodes;
    const statuses = this.chunkStatuses;
    let found = 0;
    let nFailed = 0;
    let examined = 0;
    const start = this.nextStartIndex % numAll;
    let idx = start;
    // Nodes that nominated pods of at least this priority wait for are filtered with those pods on them.
    const reserving = this.nominations.size > 0;
    scan: while (examined < numAll) {
      const n = Math.min(CHUNK, numAll - examined, numToFind - found);
      for (let j = 0; j < n; j++) {
        chunk[j] = nodes[idx]!;
        statuses[j] = null;
        idx = idx + 1 === numAll ? 0 : idx + 1;
      }
      for (let p = 0; p < nFilters; p++) {
        const f = filters[p]!;
        if (f.filterAll !== undefined) f.filterAll(pod, chunk, n, statuses, state);
        else for (let j = 0; j < n; j++) if (statuses[j] === null) statuses[j] = f.filter(pod, chunk[j]!, state);
      }
      for (let j = 0; j < n; j++) {
        examined++;
        let status = statuses[j] as Status;
        if (status === null && reserving) status = this.filterWithNominated(pod, chunk[j]!, nFilters);
        if (status === null) {
          feasible[found++] = chunk[j]!;
          if (found === numToFind) break scan;
        } else failed[nFailed++] = status;
      }
    }
    this.nextStartIndex = (this.nextStartIndex + examined) % numAll;

    if (found === 0) {
      this.lastStats = { numAllNodes: numAll, numToFind, examined, feasible: 0, nextStartIndex: this.nextStartIndex, tiedAtTop: 0 };
      const histogram = new Map<FilterReason, number>();
      for (let i = 0; i < nFailed; i++) for (const r of reasonsOf(failed[i]!)) histogram.set(r, (histogram.get(r) ?? 0) + 1);
      return this.postFilter(pod, histogram, nodes, start, nFilters);
    }
    if (found === 1) {
      // schedulePod: a single feasible node is chosen without scoring.
      this.lastStats = { numAllNodes: numAll, numToFind, examined, feasible: 1, nextStartIndex: this.nextStartIndex, tiedAtTop: 1 };
      return { ok: true, host: feasible[0]! };
    }
    const totals = this.scoreNodes(pod, feasible, found, null);
    // selectHost: reservoir sampling over the top-scored nodes.
    let best = 0;
    let max = totals[0]!;
    let ties = 1;
    for (let i = 1; i < found; i++) {
      const t = totals[i]!;
      if (t > max) {
        max = t;
        best = i;
        ties = 1;
      } else if (t === max) {
        ties++;
        if (this.rng.int(0, ties - 1) === 0) best = i;
      }
    }
    this.lastStats = { numAllNodes: numAll, numToFind, examined, feasible: found, nextStartIndex: this.nextStartIndex, tiedAtTop: ties };
    return { ok: true, host: feasible[best]! };
  }

  /**
   * Filters and scores every node (no percentage cut-off, no rotation, no random draw) and
   * reports each plugin's normalized scores: for tests and for explaining a placement.
   */
  explain(request: PlacementRequest, view: ClusterView): ScoreExplanation {
    const pod = this.beginCycle(request, view);
    const nFilters = this.preFilter(pod);
    const nodes: Host[] = [];
    const reasons = new Map<Host, readonly FilterReason[]>();
    for (const node of this.index.nodes) {
      let status: Status = null;
      for (let p = 0; p < nFilters && status === null; p++) status = this.activeFilters[p]!.filter(pod, node, this.state);
      if (status === null) nodes.push(node);
      else reasons.set(node, reasonsOf(status));
    }
    const perPlugin = new Map<string, number[]>();
    const totals = nodes.length === 0 ? [] : [...this.scoreNodes(pod, nodes, nodes.length, perPlugin).subarray(0, nodes.length)];
    return { nodes, scores: perPlugin, totals, reasons };
  }

  private beginCycle(request: PlacementRequest, view: ClusterView): PodInfo {
    if (this.rebuild) this.index.rebuild(view);
    else this.index.sync(view);
    this.state.clear();
    this.state.view = view;
    const td = request.task?.taskDefinition;
    const spec = this.lookup(request.service);
    return {
      ...(request.task === undefined ? {} : { task: request.task }),
      service: request.service,
      serviceId: this.index.serviceId(request.service),
      cpu: request.cpu,
      memoryMiB: request.memoryMiB,
      nonZeroCpu: td === undefined ? request.cpu : scoringCpu(td),
      nonZeroMemoryMiB: td === undefined ? request.memoryMiB : scoringMemoryMiB(td),
      ...(request.devices === undefined ? {} : { devices: request.devices }),
      priority: spec.priority ?? 0,
      spec,
      images: this.imagesOf(request.service, view),
    };
  }

  /**
   * RunFilterPluginsWithNominatedPods for a node that passed the filters: with the pods nominated
   * to it of equal or higher priority (other than this one) on it, does it still pass?
   */
  private filterWithNominated(pod: PodInfo, node: Host, nFilters: number): Status {
    const nominees = this.nominations.on(node.index);
    if (nominees.length === 0) return null;
    let reserved: Task[] | undefined;
    for (const n of nominees) if (n.task !== pod.task && n.priority >= pod.priority) (reserved ??= []).push(n.task);
    return reserved === undefined ? null : this.runFilters(pod, whatIfNode(node, NO_TASKS, reserved), nFilters);
  }

  /** The cycle's active filters on one node, stopping at the first that fails. */
  private runFilters(pod: PodInfo, node: Host, nFilters: number): Status {
    let status: Status = null;
    for (let p = 0; p < nFilters && status === null; p++) status = this.activeFilters[p]!.filter(pod, node, this.state);
    return status;
  }

  /**
   * No node passed: the PostFilter plugins (preemption) in profile order, until one nominates a
   * node. The FitError carries the last one's message; a nomination comes back with the victims
   * for the caller to delete. A pod that had a nomination and got none now has it cleared.
   */
  private postFilter(pod: PodInfo, histogram: Map<FilterReason, number>, nodes: readonly Host[], start: number, nFilters: number): PlacementResult {
    const numAll = nodes.length;
    const postFilters = this.profile.postFilters;
    if (postFilters.length === 0) return { ok: false, failure: fitError(numAll, histogram) };
    // Every node failed, in filtering order from `start`: `failed[i]` is the status of the i-th.
    const examinedNodes = new Array<Host>(numAll);
    for (let i = 0; i < numAll; i++) examinedNodes[i] = nodes[(start + i) % numAll]!;
    const diagnosis: FilterDiagnosis = {
      nodes: examinedNodes,
      statuses: this.failed.slice(0, numAll),
      filter: (node) => this.runFilters(pod, node, nFilters) ?? this.filterWithNominated(pod, node, nFilters),
      rng: this.postFilterRng,
    };
    let message: PreemptionMessage | undefined;
    for (const plugin of postFilters) {
      const r = plugin.postFilter(pod, diagnosis, this.state);
      if (r === null) continue;
      if ('nomination' in r) {
        const { node, victims } = r.nomination;
        const displaced = pod.task === undefined ? [] : this.nominations.nominate(pod.task, node, pod.priority, victims);
        return { ok: false, failure: fitError(numAll, histogram), preemption: { nominated: node, victims, displaced } };
      }
      message = r.message;
    }
    const failure = fitError(numAll, histogram, message);
    // No candidate: the pod's nomination, if it had one, is cleared (a pod not eligible keeps it).
    if (message?.code === 'NO_CANDIDATES' && pod.task !== undefined && this.nominations.clear(pod.task.id)) {
      return { ok: false, failure, preemption: { nominated: null, victims: NO_TASKS, displaced: NO_TASKS } };
    }
    return { ok: false, failure };
  }

  /** Runs PreFilter; returns how many filter plugins are active this cycle. */
  private preFilter(pod: PodInfo): number {
    const active = this.activeFilters;
    let n = 0;
    for (const p of this.profile.filters) {
      if (p.preFilter !== undefined && !p.preFilter(pod, this.state)) continue;
      active[n++] = p;
    }
    active.length = n;
    return n;
  }

  /** PreScore, Score, NormalizeScore, weight, sum over `nodes[0..count)`. */
  private scoreNodes(pod: PodInfo, nodes: readonly Host[], count: number, explain: Map<string, number[]> | null): Float64Array {
    if (this.totals.length < count) {
      this.totals = new Float64Array(count);
      this.scores = new Float64Array(count);
    }
    const totals = this.totals;
    const scores = this.scores;
    totals.fill(0, 0, count);
    const state = this.state;
    for (const { plugin, weight } of this.profile.scorers) {
      if (plugin.preScore !== undefined && !plugin.preScore(pod, nodes, count, state)) {
        explain?.set(plugin.name, new Array<number>(count).fill(0));
        continue;
      }
      if (plugin.scoreAll !== undefined) plugin.scoreAll(pod, nodes, count, scores, state);
      else for (let i = 0; i < count; i++) scores[i] = plugin.score(pod, nodes[i]!, state);
      if (plugin.normalize !== undefined) plugin.normalize(scores, count, state);
      // The framework's range check, only when asked (or explaining): without it the hot loop
      // stays at one multiply-add per node.
      if (this.checkScores || explain !== null) checkScoreRange(plugin.name, scores, count);
      for (let i = 0; i < count; i++) totals[i]! += scores[i]! * weight;
      if (explain !== null) explain.set(plugin.name, [...scores.subarray(0, count)]);
    }
    return totals;
  }

  /** The pod's container images (name and size in bytes), from its workload's task definition. */
  private imagesOf(service: string, view: ClusterView): readonly PodImage[] {
    const td = view.services.get(service)?.taskDefinition;
    if (td === undefined) return NO_IMAGES;
    const cached = this.imagesCache.get(service);
    if (cached !== undefined && cached.td === td) return cached.images;
    const images = td.containers.map((c) => ({ image: c.image, sizeBytes: c.imageSizeMiB * 1024 * 1024 }));
    this.imagesCache.set(service, { td, images });
    return images;
  }
}

/**
 * After NormalizeScore, kube-scheduler fails the cycle when a plugin's score is outside
 * [0, MaxNodeScore] and names the plugin (frameworkruntime RunScorePlugins). NaN fails too.
 */
function checkScoreRange(plugin: string, scores: Float64Array, count: number): void {
  for (let i = 0; i < count; i++) {
    const s = scores[i]!;
    if (!(s >= 0 && s <= MAX_NODE_SCORE)) throw new Error(`plugin ${plugin} returned score ${s}, outside [0, ${MAX_NODE_SCORE}]`);
  }
}

const NO_IMAGES: readonly PodImage[] = Object.freeze([]);
const NO_TASKS: readonly Task[] = Object.freeze([]);

/** Nodes filtered per batch (see `place`). */
const CHUNK = 64;
