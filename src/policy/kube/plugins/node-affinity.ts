import type { Host } from '../../../model/host.js';
// ErrReasonPod (nodeaffinity plugin).
import { NODE_AFFINITY as ERR_REASON_NODE_AFFINITY } from '../../../model/reasons/scheduling.js';
import {
  defaultNormalizeScore,
  type FilterPlugin,
  type PodInfo,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
  type Status,
} from '../framework.js';
import { hasRequiredNodeAffinity, matchesNodeSelectorTerm, matchesRequiredNodeAffinity } from '../selectors.js';

export const NODE_AFFINITY = 'NodeAffinity';


/**
 * NodeAffinity.
 * Filter: `nodeSelector` (every label equal) and required node affinity (terms ORed, a term's
 * expressions ANDed; operators In, NotIn, Exists, DoesNotExist, Gt, Lt).
 * Score: the sum of the weights of the preferred terms the node matches, normalized so the best
 * node gets 100.
 */
export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NODE_AFFINITY;

  preFilter(pod: PodInfo): boolean {
    return hasRequiredNodeAffinity(pod.spec);
  }

  filterAll(pod: PodInfo, nodes: readonly Host[], count: number, statuses: Status[]): void {
    for (let i = 0; i < count; i++) if (statuses[i] === null) statuses[i] = this.filter(pod, nodes[i]!);
  }

  filter(pod: PodInfo, node: Host): Status {
    return matchesRequiredNodeAffinity(pod.spec, node.labels) ? null : ERR_REASON_NODE_AFFINITY;
  }

  preScore(pod: PodInfo): boolean {
    const preferred = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    return preferred !== undefined && preferred.length > 0;
  }

  scoreAll(pod: PodInfo, nodes: readonly Host[], count: number, scores: Float64Array): void {
    for (let i = 0; i < count; i++) scores[i] = this.score(pod, nodes[i]!);
  }

  score(pod: PodInfo, node: Host): number {
    const preferred = pod.spec.affinity!.nodeAffinity!.preferredDuringSchedulingIgnoredDuringExecution!;
    let total = 0;
    for (let i = 0; i < preferred.length; i++) {
      const term = preferred[i]!;
      if (term.weight !== 0 && matchesNodeSelectorTerm(term.preference, node.labels)) total += term.weight;
    }
    return total;
  }

  normalize(scores: Float64Array, count: number): void {
    defaultNormalizeScore(scores, count, false);
  }
}
