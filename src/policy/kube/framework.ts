/**
 * kube-scheduler's scheduling framework, reduced to the extension points fleetsim uses
 * (Kubernetes docs, "Scheduling Framework"; pkg/scheduler/framework):
 *
 *   PreFilter -> Filter (per node) -> [none feasible: PostFilter (preemption)]
 *   -> PreScore -> Score (per feasible node) -> NormalizeScore -> weight and sum -> select host
 *
 * A plugin implements any subset. Contracts:
 * - PreFilter / PreScore run once per scheduling cycle. Returning false is kube-scheduler's Skip
 *   status: the plugin's Filter (or Score) is then not called this cycle, which is how plugins
 *   with nothing to check (a pod without node affinity, say) cost nothing per node.
 * - Filter and Score are pure over the node, the pod and the cycle state, and allocate nothing:
 *   they run once per examined node.
 * - Scores are integers in 0..MAX_NODE_SCORE after normalization; the framework multiplies them
 *   by the plugin's weight and sums them.
 */
import type { ClusterView } from '../../model/cluster-state.js';
import type { DeviceCounts } from '../../model/devices.js';
import type { Host } from '../../model/host.js';
import type { PodSchedulingSpec } from '../../model/pod-scheduling-spec.js';
import type { FilterReason } from '../../model/reasons/scheduling.js';
import type { Task } from '../../model/task.js';
import type { RandomStream } from '../../engine/rng.js';
import type { PreemptionMessage } from '../../model/reasons/scheduling.js';
import type { ClusterIndex } from './cluster-index.js';
import { Nominations } from './nominations.js';

/** framework.MaxNodeScore: the top of every plugin's normalized score range. */
export const MAX_NODE_SCORE = 100;

/**
 * A filter verdict: `null` (Success), or the unschedulable reason(s) as codes (worded as
 * kube-scheduler words them by src/report/describe). NodeResourcesFit can give several reasons
 * for one node, hence the array form. Plugins return shared values, so a failing node
 * allocates nothing.
 */
export type Status = null | FilterReason | readonly FilterReason[];

export const SUCCESS: Status = null;

/** The reasons of a failed status, for the FitError histogram. */
export function reasonsOf(status: Status): readonly FilterReason[] {
  if (status === null) return [];
  return isReasonList(status) ? status : [status];
}

function isReasonList(status: FilterReason | readonly FilterReason[]): status is readonly FilterReason[] {
  return Array.isArray(status);
}

/** One container image of the pod, for ImageLocality. */
export interface PodImage {
  readonly image: string;
  readonly sizeBytes: number;
}

/** The pod being scheduled, as plugins see it (built once per cycle by the policy). */
export interface PodInfo {
  /** The pod itself (absent in benchmarks' what-if requests): its id, priority, creation time. */
  readonly task?: Task;
  readonly service: string;
  /** The service's dense id in the cluster index (pods of one workload share it). */
  readonly serviceId: number;
  /** Its resolved PriorityClass value (0 when none). */
  readonly priority: number;
  /** Requested CPU in shares and memory in MiB (fleetsim's units; scores use ratios): what filters check. */
  readonly cpu: number;
  readonly memoryMiB: number;
  /**
   * The non-zero requests NodeResourcesFit scores by (100m / 200 MiB for a container without a
   * request; src/model/pod-requests.ts); equal to the requests when every container sets both.
   */
  readonly nonZeroCpu: number;
  readonly nonZeroMemoryMiB: number;
  /** Its extended resources (GPUs, Neuron devices); absent when it asks for none. */
  readonly devices?: DeviceCounts;
  readonly spec: PodSchedulingSpec;
  readonly images: readonly PodImage[];
}

/** A typed slot in the cycle state; create one per plugin datum with `stateKey`. */
export interface StateKey<T> {
  readonly name: string;
  readonly slot: number;
  /** Phantom field carrying T; never set. */
  readonly __type?: T;
}

let slots = 0;

/** A new cycle-state key. Keys are module constants, so slot numbers are fixed at load time. */
export function stateKey<T>(name: string): StateKey<T> {
  return { name, slot: slots++ };
}

/**
 * Per-cycle precomputation shared between a plugin's extension points (kube-scheduler's
 * CycleState), plus the read-only inputs of the cycle. Cleared by the policy at the start of
 * every cycle; a slot is array-indexed, so reading it per node is cheap.
 */
export class CycleState {
  private readonly data: unknown[] = [];
  /** The cluster as of this cycle (read-only). */
  view: ClusterView | null = null;

  constructor(
    /** Incrementally maintained counts (pods per service per node and per domain, images). */
    readonly index: ClusterIndex,
    /** The pods nominated to nodes by preemption, and the pods it is deleting (read-only for plugins). */
    readonly nominations: Nominations = new Nominations(),
  ) {}

  write<T>(key: StateKey<T>, value: T): void {
    this.data[key.slot] = value;
  }

  /** The value written this cycle; a read before the write is a bug in plugin ordering. */
  read<T>(key: StateKey<T>): T {
    const v = this.data[key.slot];
    if (v === undefined) throw new Error(`cycle state ${key.name} read before it was written`);
    return v as T;
  }

  clear(): void {
    this.data.fill(undefined);
  }
}

export interface Plugin {
  readonly name: string;
}

export interface PreFilterPlugin extends Plugin {
  /** Precomputes cycle state; false = Skip (Filter is not called this cycle). */
  preFilter(pod: PodInfo, state: CycleState): boolean;
}

export interface FilterPlugin extends Plugin {
  filter(pod: PodInfo, node: Host, state: CycleState): Status;
  /**
   * Optional batch form: for i < count with `statuses[i] === null` (still feasible),
   * `statuses[i] = filter(pod, nodes[i], state)`. Same results; one plugin class per loop.
   */
  filterAll?(pod: PodInfo, nodes: readonly Host[], count: number, statuses: Status[], state: CycleState): void;
}

export interface PreScorePlugin extends Plugin {
  /** Sees the feasible nodes `nodes[0..count)`; false = Skip (Score is not called; score 0). */
  preScore(pod: PodInfo, nodes: readonly Host[], count: number, state: CycleState): boolean;
}

/**
 * What the filters said when no node passed (kube-scheduler's Diagnosis / NodeToStatusMap), for
 * PostFilter plugins.
 */
export interface FilterDiagnosis {
  /** Every node of the cycle, in the order they were filtered... */
  readonly nodes: readonly Host[];
  /** ...and the status each got (never null: none passed). */
  readonly statuses: readonly Status[];
  /**
   * Runs the cycle's active filters on a node, as RunFilterPluginsWithNominatedPods does (the
   * node's nominated pods of equal or higher priority count as placed): for what-if nodes
   * (what-if-node.ts). Null when it passes.
   */
  filter(node: Host): Status;
  /** The PostFilter's own random stream (preemption's random start among candidate nodes). */
  readonly rng: RandomStream;
}

/** Preemption's decision: the node the pod is nominated to and the pods to delete there. */
export interface PreemptionNomination {
  readonly node: Host;
  readonly victims: readonly Task[];
}

/**
 * A PostFilter's outcome: a nomination (Success), a message for the FitError (Unschedulable:
 * why it could not help), or null (it has nothing to say).
 */
export type PostFilterResult = { readonly nomination: PreemptionNomination } | { readonly message: PreemptionMessage } | null;

export interface PostFilterPlugin extends Plugin {
  /**
   * Runs when no node passed the filters (the FitError). May nominate a node after choosing pods
   * to preempt there; the caller deletes them. Pure over the cycle state and the nominations.
   */
  postFilter(pod: PodInfo, diagnosis: FilterDiagnosis, state: CycleState): PostFilterResult;
}

export interface ScorePlugin extends Plugin {
  /** A raw integer score; in 0..MAX_NODE_SCORE unless `normalize` maps it there. */
  score(pod: PodInfo, node: Host, state: CycleState): number;
  /**
   * Optional batch form: `scores[i] = score(pod, nodes[i], state)` for i < count. Same results;
   * it exists so the per-node call is monomorphic (one plugin class per loop) in the hot path.
   */
  scoreAll?(pod: PodInfo, nodes: readonly Host[], count: number, scores: Float64Array, state: CycleState): void;
  /** NormalizeScore: rewrites `scores[0..count)` in place to 0..MAX_NODE_SCORE. */
  normalize?(scores: Float64Array, count: number, state: CycleState): void;
}

export type AnyPlugin = Plugin & Partial<PreFilterPlugin & FilterPlugin & PostFilterPlugin & PreScorePlugin & ScorePlugin>;

export function isPostFilterPlugin(p: AnyPlugin): p is AnyPlugin & PostFilterPlugin {
  return typeof p.postFilter === 'function';
}

export function isFilterPlugin(p: AnyPlugin): p is AnyPlugin & FilterPlugin {
  return typeof p.filter === 'function';
}

export function isScorePlugin(p: AnyPlugin): p is AnyPlugin & ScorePlugin {
  return typeof p.score === 'function';
}

/**
 * helper.DefaultNormalizeScore: scales `[0, max]` to `[0, MAX_NODE_SCORE]` with integer
 * division; `reverse` flips the result (fewer is better). All zeros stay 0, or become the
 * maximum when reversed.
 */
export function defaultNormalizeScore(scores: Float64Array, count: number, reverse: boolean): void {
  let max = 0;
  for (let i = 0; i < count; i++) if (scores[i]! > max) max = scores[i]!;
  if (max === 0) {
    if (reverse) for (let i = 0; i < count; i++) scores[i] = MAX_NODE_SCORE;
    return;
  }
  for (let i = 0; i < count; i++) {
    const s = Math.floor((MAX_NODE_SCORE * scores[i]!) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - s : s;
  }
}

/** kube-scheduler never scores fewer than this many feasible nodes (minFeasibleNodesToFind). */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** ... nor a smaller share of the cluster than this (minFeasibleNodesPercentageToFind). */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * How many feasible nodes the scheduler looks for before it stops filtering (schedule_one.go
 * numFeasibleNodesToFind; docs "Scheduler Performance Tuning"): every node below 100 nodes;
 * otherwise `percentage` % of them, where 0 means adaptive (50 - nodes/125 in integer
 * arithmetic, at least 5), and never fewer than 100. 5,000 nodes -> 10 % -> 500.
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage <= 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}
