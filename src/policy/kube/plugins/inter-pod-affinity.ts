import type { Host } from '../../../model/host.js';
// ErrReasonExistingAntiAffinityRulesNotMatch (a pod already there repels the incoming one) and
// ErrReasonAntiAffinityRulesNotMatch (the incoming pod's own anti-affinity).
import { EXISTING_ANTI_AFFINITY as ERR_REASON_EXISTING_ANTI_AFFINITY, POD_ANTI_AFFINITY as ERR_REASON_ANTI_AFFINITY } from '../../../model/reasons/scheduling.js';
import { stateKey, type CycleState, type FilterPlugin, type PodInfo, type PreFilterPlugin, type Status } from '../framework.js';
import { matchesLabelSelector } from '../selectors.js';

export const INTER_POD_AFFINITY = 'InterPodAffinity';


/** One term to check per node: any pod of `services` in the node's `key` domain fails it. */
interface Term {
  readonly key: string;
  readonly services: readonly number[];
}

interface AntiAffinityState {
  /** Existing workloads' terms that match the incoming pod (the symmetric rule). */
  existing: Term[];
  /** The incoming pod's own required terms. */
  own: Term[];
}

const STATE = stateKey<AntiAffinityState>('InterPodAffinity/preFilter');

/**
 * InterPodAffinity, required anti-affinity (docs "Assigning Pods to Nodes", inter-pod affinity
 * and anti-affinity; interpodaffinity/filtering.go). A node is infeasible when its domain of a
 * term's topologyKey already holds a pod the term selects, checked both ways and in kube-scheduler's
 * order: the incoming pod's own terms ("pod anti-affinity rules"), then existing pods' terms that
 * select the incoming pod ("existing pods anti-affinity rules"). A node without the key is in no
 * domain and passes. One namespace.
 * Preferred (soft) inter-pod terms are not modelled, so the plugin has no Score: its default
 * weight (2) adds nothing.
 */
export class InterPodAffinity implements PreFilterPlugin, FilterPlugin {
  readonly name = INTER_POD_AFFINITY;
  private readonly state: AntiAffinityState = { existing: [], own: [] };
  private readonly singletons: number[][] = [];

  preFilter(pod: PodInfo, state: CycleState): boolean {
    const index = state.index;
    const s = this.state;
    s.existing.length = 0;
    s.own.length = 0;
    for (const entry of index.antiAffinity) {
      if (index.nodesWithPodsOf(entry.serviceId) === 0) continue;
      if (!matchesLabelSelector(entry.term.labelSelector, pod.spec.labels)) continue;
      const services = (this.singletons[entry.serviceId] ??= [entry.serviceId]);
      s.existing.push({ key: entry.term.topologyKey, services });
    }
    for (const term of pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      const services = index.servicesMatching(term.labelSelector);
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
}
