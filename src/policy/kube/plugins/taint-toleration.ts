import type { Host, Taint } from '../../../model/host.js';
import { nodeSchedulingCondition } from '../../../model/node-heartbeat.js';
import { taintNotTolerated, type FilterReason } from '../../../model/reasons/scheduling.js';
import type { Toleration } from '../../../model/pod-scheduling-spec.js';
import {
  defaultNormalizeScore,
  stateKey,
  type CycleState,
  type FilterPlugin,
  type PodInfo,
  type PreScorePlugin,
  type ScorePlugin,
  type Status,
} from '../framework.js';
import { toleratesTaint, tolerationsTolerate } from '../selectors.js';
import { UNSCHEDULABLE_TAINT } from './node-unschedulable.js';

export const TAINT_TOLERATION = 'TaintToleration';

/**
 * The taint the node lifecycle controller puts on a node whose Ready condition is not True
 * (TaintNodesByCondition). fleetsim's REGISTERING host is such a node: launched, not yet Ready.
 */
export const NOT_READY_TAINT: Taint = Object.freeze({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
/**
 * The node lifecycle controller's NoSchedule taint for a node whose kubelet stopped reporting
 * (TaintNodesByCondition), put on with the NoExecute one: a pod that tolerates only the NoExecute
 * variant (tolerationSeconds) still may not land there.
 */
export const UNREACHABLE_NO_SCHEDULE_TAINT: Taint = Object.freeze({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' });

const reasonCache = new WeakMap<Taint, FilterReason>();

/** The tainttoleration Filter's reason for a taint the pod does not tolerate (one shared value per taint). */
export function untoleratedTaintReason(taint: Taint): FilterReason {
  let r = reasonCache.get(taint);
  if (r === undefined) {
    r = taintNotTolerated(taint.key, taint.value);
    reasonCache.set(taint, r);
  }
  return r;
}

/**
 * The taint fleetsim derives from a host's state (not-ready while it has never been Ready,
 * unschedulable while cordoned: `nodeSchedulingCondition`). A node whose kubelet went silent gets
 * none: it looks Ready until the node lifecycle controller puts the unreachable taints on it.
 */
export function statusTaint(node: Host): Taint | undefined {
  const condition = nodeSchedulingCondition(node);
  if (condition === 'not-ready') return NOT_READY_TAINT;
  if (condition === 'cordoned') return UNSCHEDULABLE_TAINT;
  return undefined;
}

/**
 * The first NoSchedule or NoExecute taint of `taints` that `tolerations` do not tolerate, or
 * undefined: TaintToleration's Filter over a node's own taints. Karpenter's solver asks the same
 * of a NodePool's taints and an existing node's, so it never plans a node this filter refuses.
 */
export function untoleratedTaint(tolerations: readonly Toleration[] | undefined, taints: readonly Taint[]): Taint | undefined {
  for (let i = 0; i < taints.length; i++) {
    const t = taints[i]!;
    if (t.effect === 'PreferNoSchedule') continue;
    if (!tolerationsTolerate(tolerations, t)) return t;
  }
  return undefined;
}

const PREFER_TOLERATIONS = stateKey<readonly Toleration[]>('TaintToleration/preferNoScheduleTolerations');

/**
 * TaintToleration.
 * Filter: the first NoSchedule or NoExecute taint the pod does not tolerate makes the node
 * infeasible. The node's taints are its group's, then the one its status implies.
 * Score: the number of PreferNoSchedule taints not tolerated by the pod's PreferNoSchedule (or
 * effect-less) tolerations, normalized reversed (fewer is better: 0 such taints -> 100).
 */
export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = TAINT_TOLERATION;

  filterAll(pod: PodInfo, nodes: readonly Host[], count: number, statuses: Status[]): void {
    for (let i = 0; i < count; i++) if (statuses[i] === null) statuses[i] = this.filter(pod, nodes[i]!);
  }

  filter(pod: PodInfo, node: Host): Status {
    const tolerations = pod.spec.tolerations;
    const t = untoleratedTaint(tolerations, node.taints);
    if (t !== undefined) return untoleratedTaintReason(t);
    const st = statusTaint(node);
    if (st !== undefined && !tolerationsTolerate(tolerations, st)) return untoleratedTaintReason(st);
    return null;
  }

  preScore(pod: PodInfo, _nodes: readonly Host[], _count: number, state: CycleState): boolean {
    const prefer = (pod.spec.tolerations ?? []).filter((t) => t.effect === undefined || t.effect === 'PreferNoSchedule');
    state.write(PREFER_TOLERATIONS, prefer);
    return true;
  }

  scoreAll(pod: PodInfo, nodes: readonly Host[], count: number, scores: Float64Array, state: CycleState): void {
    for (let i = 0; i < count; i++) scores[i] = this.score(pod, nodes[i]!, state);
  }

  score(_pod: PodInfo, node: Host, state: CycleState): number {
    const taints = node.taints;
    if (taints.length === 0) return 0;
    const prefer = state.read(PREFER_TOLERATIONS);
    let n = 0;
    for (let i = 0; i < taints.length; i++) {
      const t = taints[i]!;
      if (t.effect !== 'PreferNoSchedule') continue;
      let tolerated = false;
      for (let j = 0; j < prefer.length; j++) if (toleratesTaint(prefer[j]!, t)) tolerated = true;
      if (!tolerated) n++;
    }
    return n;
  }

  normalize(scores: Float64Array, count: number): void {
    defaultNormalizeScore(scores, count, true);
  }
}
