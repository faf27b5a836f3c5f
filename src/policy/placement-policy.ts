import type { ClusterView } from '../model/cluster-state.js';
import type { Host } from '../model/host.js';

/** What a task asks of a host. */
export interface PlacementRequest {
  readonly service: string;
  readonly cpu: number;
  readonly memoryMiB: number;
}

/**
 * A placement decision. "Does not fit" is a result with a reason, not an exception; the reason
 * uses the wording of ECS service events so users recognise it.
 */
export type PlacementResult = { readonly ok: true; readonly host: Host } | { readonly ok: false; readonly reason: string };

/**
 * Chooses a host for one task. Pure over the read-only view: it must not change state (the
 * caller acts on the decision) and must not keep references to hosts between calls.
 */
export interface PlacementPolicy {
  readonly name: string;
  place(request: PlacementRequest, view: ClusterView): PlacementResult;
}
