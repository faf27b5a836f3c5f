import type { Host } from '../../../model/host.js';
// ErrReasonExistingAntiAffinityRulesNotMatch (a pod already there repels the incoming one) and
// ErrReasonAntiAffinityRulesNotMatch (the incoming pod's own anti-affinity).
import { EXISTING_ANTI_AFFINITY as ERR_REASON_EXISTING_ANTI_AFFINITY, POD_ANTI_AFFINITY as ERR_REASON_ANTI_AFFINITY } from '../../../model/reasons/scheduling.js';
import type { WeightedPodAffinityTerm } from '../../../model/pod-scheduling-spec.js';
import type { ClusterIndex } from '../cluster-index.js';
import {
  MAX_NODE_SCORE,
  stateKey,
  type CycleState,
  type FilterPlugin,
  type PodInfo,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
  type Status,
} from '../framework.js';
import { matchesLabelSelector, namespaceOf, termNamespaces } from '../selectors.js';

export const INTER_POD_AFFINITY = 'InterPodAffinity';

/** One term to check per node: any pod of `services` in the node's `key` domain fails it. */
interface Term {
  readonly key: string;
  readonly services: readonly number[];
}

/** One scoring term: `weight` (negative for anti-affinity) per pod of `services` in the node's `key` domain. */
interface ScoredTerm extends Term {
  readonly weight: number;
}

interface AntiAffinityState {
  /** Existing workloads' terms that match the incoming pod (the symmetric rule). */
  existing: Term[];
  /** The incoming pod's own required terms. */
  own: Term[];
}

const STATE = stateKey<AntiAffinityState>('InterPodAffinity/preFilter');

/**
 * InterPodAffinity (docs "Assigning Pods to Nodes", inter-pod affinity and anti-affinity;
 * interpodaffinity/filtering.go, scoring.go).
 *
 * Filter, required anti-affinity: a node is infeasible when its domain of a term's topologyKey
 * already holds a pod the term selects, checked both ways and in kube-scheduler's order: the
 * incoming pod's own terms ("pod anti-affinity rules"), then existing pods' terms that select
 * the incoming pod ("existing pods anti-affinity rules"). A node without the key is in no domain
 * and passes.
 *
 * Score, preferred affinity and anti-affinity: each term adds its weight (affinity) or subtracts
 * it (anti-affinity) once per matching pod in the node's domain, for the incoming pod's own terms
 * and, symmetrically, for existing pods' preferred terms that select the incoming pod; normalized
 * as `100 * (s - min) / (max - min)` over the scored nodes (all 0 when equal).
 *
 * Selectors count pods in the term's namespaces (`namespaces`, `namespaceSelector`, else the
 * namespace of the pod that owns the term). Not modelled: required pod affinity (and with it
 * the hard affinity weight of existing pods' required terms).
 */
export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = INTER_POD_AFFINITY;
  private readonly state: AntiAffinityState = { existing: [], own: [] };
  private readonly singletons: number[][] = [];
  private readonly scored: ScoredTerm[] = [];

  preFilter(pod: PodInfo, state: CycleState): boolean {
    const index = state.index;
    const s = this.state;
    s.existing.length = 0;
    s.own.length = 0;
    const ns = namespaceOf(pod.spec);
    for (const entry of index.antiAffinity) {
      if (index.nodesWithPodsOf(entry.serviceId) === 0) continue;
      if (!entry.scope.matches(ns) || !matchesLabelSelector(entry.term.labelSelector, pod.spec.labels)) continue;
      s.existing.push({ key: entry.term.topologyKey, services: this.singleton(entry.serviceId) });
    }
    for (const term of pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      const services = index.servicesMatching(term.labelSelector, termNamespaces(term, ns));
      if (services.length > 0) s.own.push({ key: term.topologyKey, services });
    }
    if (s.existing.length === 0 && s.own.length === 0) return false;
    state.write(STATE, s);
    return true;
  }

  filterAll(pod: PodInfo, nodes: readonly Host[], count: number, statuses: Status[], state: CycleState): void {
    for (let i = 0; i < count; i++) if (statuses[i] === null) statuses[i] = this.filter(pod, nodes[i]!, state);
  }

  filter(_pod: PodInfo, node: Host, state: CycleState): Status {
    const s = state.read(STATE);
    const index = state.index;
    for (let i = 0; i < s.own.length; i++) {
      const t = s.own[i]!;
      if (index.podsInDomainOf(t.services, t.key, node) > 0) return ERR_REASON_ANTI_AFFINITY;
    }
    for (let i = 0; i < s.existing.length; i++) {
      const t = s.existing[i]!;
      if (index.podsInDomainOf(t.services, t.key, node) > 0) return ERR_REASON_EXISTING_ANTI_AFFINITY;
    }
    return null;
  }

  /** Gathers the scoring terms; Skip when neither the pod nor any existing workload has a preferred term that applies. */
  preScore(pod: PodInfo, _nodes: readonly Host[], _count: number, state: CycleState): boolean {
    const index = state.index;
    const terms = this.scored;
    terms.length = 0;
    const ns = namespaceOf(pod.spec);
    const own = (list: readonly WeightedPodAffinityTerm[] | undefined, sign: number): void => {
      for (const w of list ?? []) {
        const services = index.servicesMatching(w.podAffinityTerm.labelSelector, termNamespaces(w.podAffinityTerm, ns));
        if (services.length > 0 && w.weight !== 0) terms.push({ key: w.podAffinityTerm.topologyKey, services, weight: sign * w.weight });
      }
    };
    own(pod.spec.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution, 1);
    own(pod.spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution, -1);
    for (const entry of index.preferredTerms) {
      if (index.nodesWithPodsOf(entry.serviceId) === 0) continue;
      if (!entry.scope.matches(ns) || !matchesLabelSelector(entry.term.labelSelector, pod.spec.labels)) continue;
      terms.push({ key: entry.term.topologyKey, services: this.singleton(entry.serviceId), weight: entry.weight });
    }
    return terms.length > 0;
  }

  score(_pod: PodInfo, node: Host, state: CycleState): number {
    return topologyScore(this.scored, state.index, node);
  }

  scoreAll(_pod: PodInfo, nodes: readonly Host[], count: number, scores: Float64Array, state: CycleState): void {
    for (let i = 0; i < count; i++) scores[i] = topologyScore(this.scored, state.index, nodes[i]!);
  }

  /** InterPodAffinity's NormalizeScore: min-max to 0..100, truncated; all 0 when every node scores alike. */
  normalize(scores: Float64Array, count: number): void {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      const s = scores[i]!;
      if (s < min) min = s;
      if (s > max) max = s;
    }
    const spread = max - min;
    // float64(MaxNodeScore) * (float64(s - min) / float64(max - min)), truncated: in Go's order, so the rounding agrees.
    for (let i = 0; i < count; i++) scores[i] = spread > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i]! - min) / spread)) : 0;
  }

  private singleton(serviceId: number): readonly number[] {
    return (this.singletons[serviceId] ??= [serviceId]);
  }
}

/** The node's raw score: each term's weight times the matching pods in the node's domain of its key. */
function topologyScore(terms: readonly ScoredTerm[], index: ClusterIndex, node: Host): number {
  let score = 0;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    score += t.weight * index.podsInDomainOf(t.services, t.key, node);
  }
  return score;
}
