/**
 * Guards around placement plugins loaded from outside fleetsim. A plugin's code is the user's,
 * so each of its outputs is checked before fleetsim uses it, and each call is timed when the
 * caller supplies a clock: a plugin that throws, returns a malformed or out-of-range value,
 * returns a host that cannot take the task, or takes longer than its budget stops the run with a
 * PluginError naming the plugin, what it did and the task or pod being placed. Nothing the
 * plugin returned has been applied by then, so the cluster state is as it was.
 *
 * Built-in plugins register unguarded (they are fleetsim's own code, held to its tests); the
 * guard is the only difference between a built-in and a loaded plugin of the same kind.
 *
 * Time: nothing below the CLI reads the wall clock. The caller passes `clock` (the CLI passes
 * `performance.now`); without one, no budget is enforced. A call is measured after it returns:
 * a plugin that never returns cannot be stopped from inside the process.
 */
import type { ClusterView } from '../model/cluster-state.js';
import type { Host } from '../model/host.js';
import type { PlacementFailure } from '../model/reasons/placement.js';
import type { FilterReason } from '../model/reasons/scheduling.js';
import type { StrategyCompileResult, StrategyFactory, StrategyRule } from './ecs/strategy-rule.js';
import { MAX_NODE_SCORE, type AnyPlugin, type CycleState, type PodInfo, type Status } from './kube/framework.js';
import type { PluginFactory } from './kube/registry.js';
import type { PlacementPolicyFactory } from './placement-plugin.js';
import type { PlacementPolicy, PlacementRequest, PlacementResult } from './placement-policy.js';
import { PluginError, subjectOf } from './plugin-error.js';
import { requestFits } from './resource-fit.js';

export interface GuardOptions {
  /** Where the plugin came from, for messages (the module's path as given). */
  readonly source: string;
  /** A wall clock in milliseconds; absent: calls are not timed. */
  readonly clock?: () => number;
  /** The longest one call may take, ms (default {@link DEFAULT_CALL_BUDGET_MS}). */
  readonly callBudgetMs?: number;
}

/** One second per call: generous for any placement decision, short enough to notice a hang-like bug. */
export const DEFAULT_CALL_BUDGET_MS = 1_000;

/** Runs plugin calls: catches what they throw, times them, names the plugin in every error. */
class Caller {
  private readonly budget: number;

  constructor(
    readonly plugin: string,
    private readonly options: GuardOptions,
  ) {
    this.budget = options.callBudgetMs ?? DEFAULT_CALL_BUDGET_MS;
  }

  fail(problem: string, subject?: string): never {
    throw new PluginError(this.plugin, this.options.source, problem, subject);
  }

  call<T>(what: string, fn: () => T, subject?: () => string): T {
    const clock = this.options.clock;
    const start = clock === undefined ? 0 : clock();
    let result: T;
    try {
      result = fn();
    } catch (error) {
      if (error instanceof PluginError) throw error;
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new PluginError(this.plugin, this.options.source, `${what} threw ${message}`, subject?.(), { cause: error });
    }
    if (clock !== undefined) {
      const took = clock() - start;
      if (took > this.budget) this.fail(`${what} took ${Math.round(took)} ms, over its budget of ${this.budget} ms`, subject?.());
    }
    return result;
  }
}

// ---------------------------------------------------------------------------------------------
// kube-scheduler plugins

/**
 * A kube plugin factory whose plugins are guarded. The batch forms (filterAll, scoreAll) are
 * not passed through: the framework then calls Filter and Score per node, so every status and
 * score is checked where it is produced.
 */
export function guardKubePluginFactory(name: string, factory: PluginFactory, options: GuardOptions): PluginFactory {
  const caller: Caller = new Caller(name, options);
  return (args, path) => {
    const plugin = caller.call('its factory', () => factory(args, path));
    if (plugin === null) return null;
    if (typeof plugin !== 'object' || typeof plugin.name !== 'string') caller.fail(`its factory returned ${describe(plugin)}, not a plugin object with a name`);
    return guardKubePlugin(plugin, caller);
  };
}

function guardKubePlugin(plugin: AnyPlugin, caller: Caller): AnyPlugin {
  const guarded: { -readonly [K in keyof AnyPlugin]: AnyPlugin[K] } = { name: plugin.name };
  const podOf = (pod: PodInfo) => (): string => subjectOf(pod);
  let lastPod: PodInfo | undefined;
  if (typeof plugin.preFilter === 'function') {
    guarded.preFilter = (pod: PodInfo, state: CycleState): boolean => {
      lastPod = pod;
      const r = caller.call('preFilter()', () => plugin.preFilter!(pod, state), podOf(pod));
      if (typeof r !== 'boolean') caller.fail(`preFilter() returned ${describe(r)}, not true or false`, subjectOf(pod));
      return r;
    };
  }
  if (typeof plugin.filter === 'function') {
    guarded.filter = (pod: PodInfo, node: Host, state: CycleState): Status => {
      const r = caller.call('filter()', () => plugin.filter!(pod, node, state), podOf(pod));
      return checkStatus(r, caller, node, pod);
    };
  }
  if (typeof plugin.preScore === 'function') {
    guarded.preScore = (pod: PodInfo, nodes: readonly Host[], count: number, state: CycleState): boolean => {
      lastPod = pod;
      const r = caller.call('preScore()', () => plugin.preScore!(pod, nodes, count, state), podOf(pod));
      if (typeof r !== 'boolean') caller.fail(`preScore() returned ${describe(r)}, not true or false`, subjectOf(pod));
      return r;
    };
  }
  if (typeof plugin.score === 'function') {
    const normalizes = typeof plugin.normalize === 'function';
    guarded.score = (pod: PodInfo, node: Host, state: CycleState): number => {
      lastPod = pod;
      const s = caller.call('score()', () => plugin.score!(pod, node, state), podOf(pod));
      // Without NormalizeScore the raw score is the final one: it must be in range already.
      if (typeof s !== 'number' || !Number.isFinite(s) || (!normalizes && (s < 0 || s > MAX_NODE_SCORE))) {
        caller.fail(`score() returned ${describe(s)} for node ${node.id}, not a ${normalizes ? 'finite number' : `number in [0, ${MAX_NODE_SCORE}]`}`, subjectOf(pod));
      }
      return s;
    };
  }
  if (typeof plugin.normalize === 'function') {
    guarded.normalize = (scores: Float64Array, count: number, state: CycleState): void => {
      const subject = (): string => (lastPod === undefined ? 'a pod' : subjectOf(lastPod));
      caller.call('normalize()', () => plugin.normalize!(scores, count, state), subject);
      for (let i = 0; i < count; i++) {
        const s = scores[i]!;
        if (!(s >= 0 && s <= MAX_NODE_SCORE)) caller.fail(`normalize() left score ${s} at position ${i}, outside [0, ${MAX_NODE_SCORE}]`, subject());
      }
    };
  }
  return guarded;
}

const FILTER_CODES: ReadonlySet<string> = new Set<FilterReason['code']>([
  'TOO_MANY_PODS',
  'INSUFFICIENT_CPU',
  'INSUFFICIENT_MEMORY',
  'NODE_UNSCHEDULABLE',
  'NODE_AFFINITY',
  'TOPOLOGY_SPREAD',
  'TOPOLOGY_LABEL_MISSING',
  'EXISTING_ANTI_AFFINITY',
  'POD_ANTI_AFFINITY',
  'TAINT_NOT_TOLERATED',
  'PLUGIN_REJECTED',
  'VOLUME_NODE_AFFINITY_CONFLICT',
  'VOLUME_BIND_CONFLICT',
  'UNBOUND_IMMEDIATE_CLAIMS',
  'VOLUME_ZONE_CONFLICT',
  'MAX_VOLUME_COUNT',
]);

function isFilterReason(x: unknown): x is FilterReason {
  if (x === null || typeof x !== 'object' || !FILTER_CODES.has((x as { code?: unknown }).code as string)) return false;
  const r = x as FilterReason;
  if (r.code === 'TAINT_NOT_TOLERATED') return typeof r.key === 'string' && typeof r.value === 'string';
  if (r.code === 'PLUGIN_REJECTED') return typeof r.plugin === 'string' && typeof r.reason === 'string' && typeof r.unresolvable === 'boolean';
  return true;
}

/** A filter status as the framework takes it: null (Success), a reason, or a non-empty list of them. */
function checkStatus(status: unknown, caller: Caller, node: Host, pod: PodInfo): Status {
  if (status === null || status === undefined) return null;
  if (isFilterReason(status)) return status;
  if (Array.isArray(status) && status.length > 0 && status.every(isFilterReason)) return status as readonly FilterReason[];
  return caller.fail(`filter() returned ${describe(status)} for node ${node.id}: return null, or reasons made with pluginRejected()`, subjectOf(pod));
}

// ---------------------------------------------------------------------------------------------
// ECS placement strategies

/** The largest key a host-key rule may give (the engine packs keys into 31 bits). */
const MAX_KEY = 2 ** 31 - 1;

/**
 * An ECS strategy factory whose compiled rules are checked: the result's shape, and for a
 * host-key rule every key and auxiliary value it gives (keys are integers in [0, 2^31), the
 * auxiliaries finite numbers). A host-key rule's index is its own (its keyName is prefixed with
 * the strategy type), so it never shares a sorted list with a built-in rule.
 */
export function guardStrategyFactory(type: string, factory: StrategyFactory, options: GuardOptions): StrategyFactory {
  const caller: Caller = new Caller(type, options);
  return (strategy) => {
    const result = caller.call('its factory', () => factory(strategy)) as StrategyCompileResult | undefined;
    if (result === null || typeof result !== 'object' || typeof result.ok !== 'boolean') caller.fail(`its factory returned ${describe(result)}, not {ok: true, rule} or {ok: false, message}`);
    if (!result.ok) {
      if (typeof result.message !== 'string') caller.fail(`its factory rejected a strategy without a message`);
      return result;
    }
    return { ok: true, rule: guardRule(type, result.rule, caller) };
  };
}

function guardRule(type: string, rule: StrategyRule, caller: Caller): StrategyRule {
  if (rule === null || typeof rule !== 'object' || typeof rule.label !== 'string') caller.fail(`its factory returned ${describe(rule)}, not a strategy rule with a label`);
  switch (rule.kind) {
    case 'partition':
      if (typeof rule.attribute !== 'string' || rule.attribute === '') caller.fail('a partition rule needs the attribute it spreads on');
      return rule;
    case 'group-count':
    case 'random':
      return rule;
    case 'host-key': {
      for (const m of ['keyOf', 'minUsefulKey', 'auxOf', 'minUsefulAux'] as const) if (typeof rule[m] !== 'function') caller.fail(`a host-key rule needs ${m}()`);
      const key = (what: string, value: unknown, at: string): number => {
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_KEY) caller.fail(`${what} returned ${describe(value)} for ${at}, not an integer in [0, 2^31)`);
        return value;
      };
      const finite = (what: string, value: unknown, at: string): number => {
        if (typeof value !== 'number' || Number.isNaN(value)) caller.fail(`${what} returned ${describe(value)} for ${at}, not a number`);
        return value;
      };
      return Object.freeze({
        kind: 'host-key',
        label: rule.label,
        keyName: `${type}:${String(rule.keyName)}`,
        keyOf: (host: Host) => key('keyOf()', caller.call('keyOf()', () => rule.keyOf(host)), `host ${host.id}`),
        auxOf: (host: Host) => finite('auxOf()', caller.call('auxOf()', () => rule.auxOf(host)), `host ${host.id}`),
        minUsefulKey: (request: PlacementRequest) => {
          const k = caller.call('minUsefulKey()', () => rule.minUsefulKey(request), () => subjectOf(request));
          if (typeof k !== 'number' || Number.isNaN(k) || k < 0) caller.fail(`minUsefulKey() returned ${describe(k)}, not a number >= 0`, subjectOf(request));
          return k;
        },
        minUsefulAux: (request: PlacementRequest) => finite('minUsefulAux()', caller.call('minUsefulAux()', () => rule.minUsefulAux(request), () => subjectOf(request)), subjectOf(request)),
      });
    }
    default:
      return caller.fail(`its factory returned a rule of kind ${describe((rule as { kind?: unknown }).kind)}: use host-key, partition, group-count or random`);
  }
}

// ---------------------------------------------------------------------------------------------
// Whole placement policies

const FAILURE_CODES: ReadonlySet<string> = new Set<PlacementFailure['code']>(['NO_CONTAINER_INSTANCES', 'NO_INSTANCE_MET_REQUIREMENTS', 'NO_NODES_AVAILABLE', 'FIT_ERROR']);

/**
 * A policy factory whose policies are checked: a decision must name an ACTIVE host of the view
 * it was asked about that can take the request (requestFits: resources, pod slots, and an ECS
 * task's ENI or ports), and a failure must carry a known failure code.
 */
export function guardPolicyFactory(name: string, factory: PlacementPolicyFactory, options: GuardOptions): PlacementPolicyFactory {
  const caller: Caller = new Caller(name, options);
  return (context) => {
    const policy = caller.call('its factory', () => factory(context));
    if (policy === null || typeof policy !== 'object' || typeof policy.place !== 'function') caller.fail(`its factory returned ${describe(policy)}, not a policy with place()`);
    const onRecord = policy.onRecord;
    const guarded: PlacementPolicy = {
      name: typeof policy.name === 'string' ? policy.name : name,
      place: (request: PlacementRequest, view: ClusterView): PlacementResult => {
        const subject = (): string => subjectOf(request);
        const r = caller.call('place()', () => policy.place(request, view), subject) as PlacementResult | undefined;
        if (r === null || typeof r !== 'object' || typeof r.ok !== 'boolean') caller.fail(`place() returned ${describe(r)}, not {ok, host} or {ok, failure}`, subject());
        if (r.ok) {
          const host = r.host as Host | undefined;
          if (host === undefined || host === null || view.hosts[host.index] !== host) caller.fail(`place() returned ${describe(host)}, not a host of the cluster`, subject());
          if (host.status !== 'ACTIVE') caller.fail(`place() returned host ${host.id}, which is ${host.status}, not ACTIVE`, subject());
          if (!requestFits(request, host)) caller.fail(`place() returned host ${host.id}, which cannot take it (${freeText(host)} free)`, subject());
          return r;
        }
        if (r.failure === null || typeof r.failure !== 'object' || !FAILURE_CODES.has(r.failure.code)) caller.fail(`place() failed with ${describe(r.failure)}, not a placement failure`, subject());
        return r;
      },
      ...(typeof onRecord === 'function' ? { onRecord: (event) => caller.call('onRecord()', () => onRecord(event)) } : {}),
    };
    return guarded;
  };
}

function freeText(host: Host): string {
  return `${host.cpu - host.allocatedCpu} cpu shares, ${host.memoryMiB - host.allocatedMemoryMiB} MiB, ${host.maxTasks - host.tasks.size} task slots`;
}

/** A value in a message: short, and never throwing. */
function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') {
    const id = (value as { id?: unknown }).id;
    return typeof id === 'string' ? `object ${id}` : 'an object';
  }
  return String(value);
}
