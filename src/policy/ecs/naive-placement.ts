import type { RandomStream } from '../../engine/rng.js';
import type { ClusterView } from '../../model/cluster-state.js';
import type { EcsPlacementSpec } from '../../model/ecs-placement-spec.js';
import type { Host } from '../../model/host.js';
import type { PlacementRequest, PlacementResult } from '../placement-policy.js';
import { requestFits } from '../resource-fit.js';
import { evaluateClusterQuery } from './cluster-query.js';
import { HostQueryTarget, taskGroupsFromTasks } from './host-query-target.js';
import {
  RANDOM_DRAWS,
  attributeValue,
  compareCells,
  countsForGroup,
  drawIndex,
  explainUnplaceable,
  groupTasksOn,
  requirePlacement,
  type CompiledPlacement,
} from './placement-rules.js';
import { STRATEGY_FACTORIES, type StrategyFactory, type StrategyRule } from './strategy-registry.js';

/**
 * The reference ECS placement: the semantics of placement-rules.ts written as plainly as
 * possible, with a full scan of the hosts and no state between calls. Tests compare the indexed
 * engine against it, and the benchmark uses it as the baseline. O(hosts + tasks) per call.
 *
 * Throws RangeError for an invalid spec (bad input); "does not fit" is a result.
 */
export function naiveEcsPlace(
  request: PlacementRequest,
  view: ClusterView,
  spec: EcsPlacementSpec,
  rng: RandomStream,
  strategies: ReadonlyMap<string, StrategyFactory> = STRATEGY_FACTORIES,
): PlacementResult {
  const placement = requirePlacement(spec, strategies);
  const target = new HostQueryTarget(taskGroupsFromTasks);
  const satisfiesStatic = (host: Host): boolean => placement.staticQueries.every((q) => evaluateClusterQuery(q, target.of(host)));

  // 1. Resources and ports, 2. constraints.
  const feasible = view.hosts.filter(
    (host) =>
      host.status === 'ACTIVE' &&
      requestFits(request, host) &&
      (!placement.distinctInstance || groupTasksOn(host, request.service) === 0) &&
      satisfiesStatic(host) &&
      placement.dynamicQueries.every((q) => evaluateClusterQuery(q, target.of(host))),
  );
  if (feasible.length === 0) return { ok: false, failure: explainUnplaceable(request, view, placement) };

  // 3. Strategies, in order, each keeping its best and passing the ties on.
  const counts = groupCounts(view, request.service, placement);
  let tied = feasible;
  for (const rule of placement.chain) {
    if (rule.kind === 'random') return { ok: true, host: drawRandom(view, placement, tied, satisfiesStatic, rng) };
    const key = (host: Host): number => keyOf(rule, host, counts);
    const best = tied.reduce((min, host) => Math.min(min, key(host)), Number.POSITIVE_INFINITY);
    tied = tied.filter((host) => key(host) === best);
  }
  // 4. Select: the lowest index among the ties (feasible is in index order and filters keep it).
  return { ok: true, host: tied[0]! };
}

interface GroupCounts {
  /** Tasks of the group per host index. */
  readonly perHost: Map<number, number>;
  /** Tasks of the group per attribute, per value. */
  readonly perValue: Map<string, Map<string, number>>;
}

function groupCounts(view: ClusterView, service: string, placement: CompiledPlacement): GroupCounts {
  const perHost = new Map<number, number>();
  const perValue = new Map<string, Map<string, number>>(placement.partitionAttributes.map((a) => [a, new Map<string, number>()]));
  for (const host of view.hosts) {
    for (const task of host.tasks) {
      if (task.service.name !== service || !countsForGroup(task)) continue;
      perHost.set(host.index, (perHost.get(host.index) ?? 0) + 1);
      for (const [attribute, values] of perValue) {
        const v = attributeValue(host, attribute);
        values.set(v, (values.get(v) ?? 0) + 1);
      }
    }
  }
  return { perHost, perValue };
}

function keyOf(rule: Exclude<StrategyRule, { kind: 'random' }>, host: Host, counts: GroupCounts): number {
  switch (rule.kind) {
    case 'host-key':
      return rule.keyOf(host);
    case 'group-count':
      return counts.perHost.get(host.index) ?? 0;
    case 'partition':
      return counts.perValue.get(rule.attribute)!.get(attributeValue(host, rule.attribute)) ?? 0;
  }
}

/** The draw procedure of placement-rules.ts (RANDOM_DRAWS), written out over explicit lists. */
function drawRandom(view: ClusterView, placement: CompiledPlacement, tied: Host[], satisfiesStatic: (host: Host) => boolean, rng: RandomStream): Host {
  const cellOf = (host: Host): string[] => placement.partitionAttributes.map((a) => attributeValue(host, a));
  const byCellThenIndex = (a: Host, b: Host): number => compareCells(cellOf(a), cellOf(b)) || a.index - b.index;
  const candidates = [...tied].sort(byCellThenIndex);
  if (placement.randomOverCells) {
    const tiedCells = new Set(tied.map((h) => JSON.stringify(cellOf(h))));
    const universe = view.hosts.filter((h) => h.status === 'ACTIVE' && tiedCells.has(JSON.stringify(cellOf(h))) && satisfiesStatic(h)).sort(byCellThenIndex);
    const inTied = new Set(tied);
    for (let i = 0; i < RANDOM_DRAWS; i++) {
      const host = universe[drawIndex(rng, universe.length)]!;
      if (inTied.has(host)) return host;
    }
  }
  return candidates[drawIndex(rng, candidates.length)]!;
}
