/**
 * The semantics of ECS task placement that the indexed engine (placement-engine.ts) and the
 * naive reference (naive-placement.ts) share: spec compilation and validation, the values and
 * counts strategies rank by, the random draw procedure, and the failure reason. Both
 * implementations must choose the same host for the same state and random stream; everything
 * that decides a choice is defined here once.
 *
 * Sources (Amazon ECS Developer Guide and API reference):
 * - "How Amazon ECS places tasks on container instances": identify the instances that satisfy
 *   the CPU, memory and port requirements, then the placement constraints, then apply the
 *   strategies, then select an instance.
 * - "Use strategies to define Amazon ECS task placement" and API "PlacementStrategy": binpack,
 *   spread and random, at most 5, applied in order; service tasks are spread based on the
 *   tasks of that service; the service default is spread on `attribute:ecs.availability-zone`.
 * - "Define which container instances Amazon ECS uses for tasks" and API "PlacementConstraint":
 *   distinctInstance ("Place each active task on a different container instance. Amazon ECS looks
 *   at the desired status of the tasks") and memberOf (a cluster query language expression),
 *   at most 10.
 *
 * Choices the pages leave open, fixed here:
 * - A task counts for spread and distinctInstance while its desired status is RUNNING: from
 *   `task.placed` until it starts STOPPING (a STOPPING task's desired status is STOPPED).
 * - Spread on an attribute counts the service's tasks on every instance with that value,
 *   cluster-wide ("the fewest number of running tasks for this service in the same Availability
 *   Zone as the instance"); instances without the attribute share one value.
 * - Ties left after the last strategy go to the lowest host index.
 * - Random picks uniformly among the candidates still tied, by the procedure in
 *   {@link RANDOM_DRAWS}'s comment, which fixes the order candidates are numbered in.
 */
import type { RandomStream } from '../../engine/rng.js';
import type { ClusterView } from '../../model/cluster-state.js';
import { MAX_PLACEMENT_CONSTRAINTS, MAX_PLACEMENT_STRATEGIES, type EcsPlacementSpec } from '../../model/ecs-placement-spec.js';
import { freeCpu, freeMemoryMiB, type Host } from '../../model/host.js';
import type { Task } from '../../model/task.js';
import { didYouMean } from '../../engine/did-you-mean.js';
import { unmetRequirements, unplaceableFailure } from '../first-fit.js';
import { UNMET_DISTINCT_INSTANCE, UNMET_MEMBER_OF, type EcsPlacementFailure, type EcsUnmetRequirement } from '../../model/reasons/placement.js';
import type { PlacementRequest } from '../placement-policy.js';
import { evaluateClusterQuery, formatClusterQuery, parseClusterQuery, type ClusterQuery } from './cluster-query.js';
import { HostQueryTarget, isDynamicQuery, taskGroupsFromTasks } from './host-query-target.js';
import { compileStrategy, STRATEGY_FACTORIES, type StrategyFactory, type StrategyRule } from './strategy-registry.js';

/** A spec checked and compiled once; immutable. */
export interface CompiledPlacement {
  readonly spec: EcsPlacementSpec;
  /** Strategies in order, exact repeats dropped (a repeat ranks its ties all alike), nothing after the first `random`. */
  readonly chain: readonly StrategyRule[];
  /**
   * The attributes of the chain's partition (attribute spread) strategies, in chain order
   * without repeats. A host's values of them are its cell; cells are ordered by
   * {@link compareCells}.
   */
  readonly partitionAttributes: readonly string[];
  /** The chain ends with `random` and every strategy before it is a partition one. */
  readonly randomOverCells: boolean;
  readonly distinctInstance: boolean;
  /** memberOf queries whose answer is fixed once a host is ACTIVE (attributes, instance id, ...). */
  readonly staticQueries: readonly ClusterQuery[];
  /** memberOf queries that read task groups or running task counts: evaluated per candidate. */
  readonly dynamicQueries: readonly ClusterQuery[];
  /** Equal for specs that split hosts alike (same static queries and partition attributes). */
  readonly partitionKey: string;
}

export type PlacementCompileResult = { readonly ok: true; readonly placement: CompiledPlacement } | { readonly ok: false; readonly errors: readonly string[] };

const CONSTRAINT_TYPES = ['distinctInstance', 'memberOf'];

/**
 * Validates a spec against the API's rules and compiles it. Never throws; every problem is a
 * message naming the field (`placementStrategy[1].field`, `placementConstraints[0].expression`).
 */
export function compileEcsPlacement(spec: EcsPlacementSpec, strategies: ReadonlyMap<string, StrategyFactory> = STRATEGY_FACTORIES): PlacementCompileResult {
  const errors: string[] = [];
  if (spec.strategies.length > MAX_PLACEMENT_STRATEGIES) {
    errors.push(`placementStrategy: ${spec.strategies.length} strategies given; ECS allows at most ${MAX_PLACEMENT_STRATEGIES}`);
  }
  if (spec.constraints.length > MAX_PLACEMENT_CONSTRAINTS) {
    errors.push(`placementConstraints: ${spec.constraints.length} constraints given; ECS allows at most ${MAX_PLACEMENT_CONSTRAINTS}`);
  }
  const chain: StrategyRule[] = [];
  let ended = false;
  spec.strategies.forEach((strategy, i) => {
    const result = compileStrategy(strategy, strategies);
    if (!result.ok) {
      errors.push(`placementStrategy[${i}]: ${result.message}`);
      return;
    }
    if (ended || chain.some((r) => r.label === result.rule.label)) return;
    chain.push(result.rule);
    if (result.rule.kind === 'random') ended = true;
  });
  let distinctInstance = false;
  const staticQueries: ClusterQuery[] = [];
  const dynamicQueries: ClusterQuery[] = [];
  spec.constraints.forEach((constraint, i) => {
    const checked = checkPlacementConstraint(constraint);
    if (!checked.ok) errors.push(`placementConstraints[${i}].${checked.field}: ${checked.message}`);
    else if (checked.query === null) distinctInstance = true;
    else (isDynamicQuery(checked.query.expr) ? dynamicQueries : staticQueries).push(checked.query);
  });
  if (errors.length > 0) return { ok: false, errors };
  const partitionAttributes: string[] = [];
  for (const rule of chain) if (rule.kind === 'partition' && !partitionAttributes.includes(rule.attribute)) partitionAttributes.push(rule.attribute);
  const last = chain[chain.length - 1];
  const randomOverCells = last?.kind === 'random' && chain.every((r) => r.kind === 'partition' || r.kind === 'random');
  const queryTexts = staticQueries.map((q) => formatClusterQuery(q)).sort();
  const partitionKey = JSON.stringify([partitionAttributes, queryTexts]);
  return { ok: true, placement: { spec, chain, partitionAttributes, randomOverCells, distinctInstance, staticQueries, dynamicQueries, partitionKey } };
}

/** One placement constraint checked: distinctInstance (query null) or memberOf's parsed query; or the field at fault. */
export type PlacementConstraintCheck =
  | { readonly ok: true; readonly query: ClusterQuery | null }
  | { readonly ok: false; readonly field: 'type' | 'expression'; readonly message: string };

/**
 * The API's checks of one placement constraint as written, with its wording: distinctInstance
 * takes no expression; memberOf needs one that parses (a parse error names its column). The one
 * validator of constraints: placement specs and scenario files (src/scenario) both use it.
 */
export function checkPlacementConstraint(constraint: { readonly type?: unknown; readonly expression?: unknown }): PlacementConstraintCheck {
  const { type, expression } = constraint;
  if (type === 'distinctInstance') {
    if (expression !== undefined && expression !== '') return { ok: false, field: 'expression', message: "you can't specify an expression if the constraint type is distinctInstance" };
    return { ok: true, query: null };
  }
  if (type === 'memberOf') {
    if (typeof expression !== 'string' || expression.trim() === '') {
      return { ok: false, field: 'expression', message: 'memberOf needs a cluster query language expression, e.g. attribute:ecs.instance-type =~ t3.*' };
    }
    const parsed = parseClusterQuery(expression);
    if (!parsed.ok) return { ok: false, field: 'expression', message: `${parsed.message} (in '${expression}')` };
    return { ok: true, query: parsed.query };
  }
  const name = String(type);
  return { ok: false, field: 'type', message: `'${name}' is not valid: use distinctInstance or memberOf${didYouMean(name, CONSTRAINT_TYPES)}` };
}

/** {@link compileEcsPlacement} for callers that treat a bad spec as a bug or bad input: throws RangeError. */
export function requirePlacement(spec: EcsPlacementSpec, strategies: ReadonlyMap<string, StrategyFactory> = STRATEGY_FACTORIES): CompiledPlacement {
  const result = compileEcsPlacement(spec, strategies);
  if (!result.ok) throw new RangeError(`invalid ECS placement: ${result.errors.join('; ')}`);
  return result.placement;
}

// ---------------------------------------------------------------------------------------------
// What strategies rank by

/** The value of hosts without the attribute, for spread: they share it. Sorts before every real value. */
export const MISSING_ATTRIBUTE = '\u0000';

export function attributeValue(host: Host, attribute: string): string {
  return host.attributes.get(attribute) ?? MISSING_ATTRIBUTE;
}

/** Whether a task counts for spread and distinctInstance: placed, desired status still RUNNING. */
export function countsForGroup(task: Task): boolean {
  return task.host !== null && (task.status === 'PROVISIONING' || task.status === 'PENDING' || task.status === 'RUNNING');
}

/** Cells (tuples of partition attribute values) in order: element-wise, by UTF-16 code units. */
export function compareCells(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * The random draw procedure, shared so that seeds reproduce across implementations. When
 * `random` is reached, let T be the candidates still tied (feasible, best on every earlier
 * strategy), numbered in (cell, host index) order.
 *
 * - If every earlier strategy is a partition one, the tied cells are those holding T; let U be
 *   every ACTIVE host in them that satisfies the static memberOf queries, numbered alike
 *   (U contains T). Up to RANDOM_DRAWS times: draw j = floor(u * |U|) with one `rng.random()`;
 *   if U[j] is in T (it is feasible), choose it. Otherwise draw once more and choose
 *   T[floor(u * |T|)].
 * - Otherwise choose T[floor(u * |T|)] with one draw.
 *
 * Both are exactly uniform over T (rejection sampling accepts uniformly). The first lets the
 * engine draw in O(log n) without counting T, which would need a scan.
 */
export const RANDOM_DRAWS = 16;

/** floor(u * n) for one draw u: the index of a uniform choice among n > 0 items. */
export function drawIndex(rng: RandomStream, n: number): number {
  return Math.floor(rng.random() * n);
}

// ---------------------------------------------------------------------------------------------
// Why a task could not be placed

/**
 * Why no instance can take the task, naming the closest match as first-fit does: fewest unmet
 * requirements (resources, ports, ENIs, then constraints), then the most room left, then the
 * lowest index. A full scan: it runs only when placement fails, and both implementations call
 * it so their answers agree.
 */
export function explainUnplaceable(request: PlacementRequest, view: ClusterView, placement: CompiledPlacement): EcsPlacementFailure {
  const target = new HostQueryTarget(taskGroupsFromTasks);
  const queries = [...placement.staticQueries, ...placement.dynamicQueries];
  let active = 0;
  let closest: Host | undefined;
  let closestUnmet: EcsUnmetRequirement[] = [];
  let closestSlack = Number.NEGATIVE_INFINITY;
  for (const host of view.hosts) {
    if (host.status !== 'ACTIVE') continue;
    active++;
    const unmet = unmetRequirements(request, host);
    if (placement.distinctInstance && groupTasksOn(host, request.service) > 0) unmet.push(UNMET_DISTINCT_INSTANCE);
    if (queries.some((q) => !evaluateClusterQuery(q, target.of(host)))) unmet.push(UNMET_MEMBER_OF);
    const slack = Math.min(freeCpu(host) / Math.max(1, request.cpu), freeMemoryMiB(host) / Math.max(1, request.memoryMiB));
    if (closest === undefined || unmet.length < closestUnmet.length || (unmet.length === closestUnmet.length && slack > closestSlack)) {
      closest = host;
      closestUnmet = unmet;
      closestSlack = slack;
    }
  }
  const constraintFailed = closestUnmet.includes(UNMET_DISTINCT_INSTANCE) || closestUnmet.includes(UNMET_MEMBER_OF);
  if (closest === undefined || !constraintFailed) return unplaceableFailure(request, active, closest);
  return { code: 'NO_INSTANCE_MET_REQUIREMENTS', closest: closest.id, unmet: closestUnmet };
}

/** The service's tasks on the host that count for spread and distinctInstance (a scan of the host's tasks). */
export function groupTasksOn(host: Host, service: string): number {
  let n = 0;
  for (const task of host.tasks) if (task.service.name === service && countsForGroup(task)) n++;
  return n;
}
