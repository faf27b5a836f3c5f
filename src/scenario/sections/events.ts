/**
 * `events:`: timed changes (scale, deploy, rolloutUndo, deletePod) and faults, each at a time or (a fault)
 * repeated at a rate; compiled in file order, then sorted by time (stably: file order at equal
 * times). One compiler per kind, registered in EVENT_KINDS.
 */
import type { ArrivalRate, TimedEventSpec } from '../../model/simulation-spec.js';
import type { Scenario } from '../schema.js';
import type { Static } from '../schema/fields.js';
import type { DeletePod, DeployEvent, RolloutUndo, ScaleEvent, TimedEvent } from '../schema/events.js';
import { MAX_FAULT_ARRIVALS } from '../limits.js';
import { arrivalsMessage, expectedArrivals, formatSpan } from '../run-size.js';
import { parseDuration } from '../units.js';
import { appFailureSpec } from './app-model.js';
import type { EventAction, EventContext } from './event-context.js';
import { apiLoad, azImpairment, corednsFailure, endpointOutage, insufficientCapacity, natGatewayFailure, nodeFailure, nodeNotReady, nodeRegistrationFailure, registryOutage, secretFailure, spotInterruption, taskKill } from './faults.js';
import { nearest, type Path } from './problems.js';

type RawEvent = Static<typeof TimedEvent>;
/** The keys of an event that name what happens (the others say when). */
type ActionKey = Exclude<keyof RawEvent, 'at' | 'until' | 'every' | 'ratePerHour'>;
type Compiler<K extends ActionKey> = (raw: NonNullable<RawEvent[K]>, path: Path, ctx: EventContext) => EventAction | null;

interface EventKind {
  readonly key: ActionKey;
  /** A fault may repeat at a rate; other events happen once. */
  readonly fault: boolean;
  /** Compiles the event's action, or returns null when the event names another kind. */
  readonly compile: (raw: RawEvent, path: Path, ctx: EventContext) => EventAction | null;
}

/** Each kind of event, in the order messages list them: a new kind is its schema property and one entry here. */
const EVENT_KINDS: readonly EventKind[] = [
  kind('scale', false, scale),
  kind('deploy', false, deploy),
  kind('rolloutUndo', false, rolloutUndo),
  kind('deletePod', false, deletePod),
  kind('spotInterruption', true, spotInterruption),
  kind('nodeFailure', true, nodeFailure),
  kind('azImpairment', true, azImpairment),
  kind('insufficientCapacity', true, insufficientCapacity),
  kind('registryOutage', true, registryOutage),
  kind('endpointOutage', true, endpointOutage),
  kind('natGatewayFailure', true, natGatewayFailure),
  kind('secretFailure', true, secretFailure),
  kind('taskKill', true, taskKill),
  kind('nodeNotReady', true, nodeNotReady),
  kind('nodeRegistrationFailure', true, nodeRegistrationFailure),
  kind('corednsFailure', true, corednsFailure),
  kind('apiLoad', false, apiLoad),
];

function kind<K extends ActionKey>(key: K, fault: boolean, compile: Compiler<K>): EventKind {
  return { key, fault, compile: (raw, path, ctx) => (raw[key] === undefined ? null : compile(raw[key], path, ctx)) };
}

export function compileEvents(raw: Scenario['events'], ctx: EventContext): TimedEventSpec[] {
  const { problems } = ctx;
  const events: TimedEventSpec[] = [];
  const keys = EVENT_KINDS.map((k) => k.key);
  const faults = EVENT_KINDS.filter((k) => k.fault).map((k) => k.key);
  let arrivals = 0;
  (raw ?? []).forEach((e, i) => {
    const parsedAt = parseDuration(e.at);
    const at = problems.need(parsedAt, ['events', i, 'at']);
    // Events at t < duration run, none at the end or later (the kernel's run(until)).
    if (parsedAt.ok && ctx.durationMs > 0 && at >= ctx.durationMs) {
      problems.report(['events', i, 'at'], `at ${String(e.at)} is not before the end of the run (duration ${formatSpan(ctx.durationMs)}): the event would never happen; move it earlier or lengthen duration`);
    }
    const named = EVENT_KINDS.filter((k) => e[k.key] !== undefined);
    if (named.length !== 1) {
      problems.report(['events', i], named.length === 0 ? `name what happens: one of ${keys.join(', ')}` : `one action per event, got ${named.map((k) => k.key).join(' and ')} (make one event each)`);
      return;
    }
    const only = named[0]!;
    const rate = arrivalRate(e, i, at, only.key, faults, ctx);
    if (rate !== undefined && arrivals <= MAX_FAULT_ARRIVALS) {
      // Checked before the run: ratePerHour 1e12 must not run until the event limit.
      arrivals += expectedArrivals(at, rate, ctx.durationMs);
      if (arrivals > MAX_FAULT_ARRIVALS) problems.report(['events', i, 'everyMs' in rate ? 'every' : 'ratePerHour'], arrivalsMessage(arrivals));
    }
    const action = only.compile(e, ['events', i, only.key], ctx);
    if (action !== null) events.push({ at, ...(rate === undefined ? {} : { rate }), ...action });
  });
  // Stable sort: events at the same time keep file order.
  return events.sort((a, b) => a.at - b.at);
}

/** A fault at a rate (docs/models.md, "Injected faults"): `until` with exactly one of `every`, `ratePerHour`. */
function arrivalRate(e: RawEvent, i: number, at: number, action: string, faults: readonly string[], ctx: EventContext): ArrivalRate | undefined {
  const { problems } = ctx;
  const rateKeys = (['every', 'ratePerHour'] as const).filter((k) => e[k] !== undefined);
  if (rateKeys.length === 0 && e.until === undefined) return undefined;
  if (!faults.includes(action)) problems.report(['events', i, rateKeys[0] ?? 'until'], `a rate applies to faults (${faults.join(', ')}), not to ${action}`);
  else if (rateKeys.length === 2) problems.report(['events', i, 'ratePerHour'], 'give every (a fixed period) or ratePerHour (Poisson arrivals), not both');
  else if (rateKeys.length === 0) problems.report(['events', i, 'until'], 'until goes with every (a fixed period) or ratePerHour (Poisson arrivals)');
  else if (e.until === undefined) problems.report(['events', i], `missing required key 'until' (with ${rateKeys[0]}: when the arrivals stop)`);
  else {
    const until = problems.need(parseDuration(e.until), ['events', i, 'until']);
    if (until <= at) problems.report(['events', i, 'until'], `until (${String(e.until)}) must be after at (${String(e.at)})`);
    if (e.every !== undefined) {
      const everyMs = problems.need(parseDuration(e.every), ['events', i, 'every']);
      if (everyMs <= 0) problems.report(['events', i, 'every'], 'every must be longer than 0');
      return { until, everyMs };
    }
    return { until, perHour: e.ratePerHour ?? 0, index: i };
  }
  return undefined;
}

/** One of four forms, each naming its target and its new size with the platform's words. */
function scale(raw: Static<typeof ScaleEvent>, path: Path, ctx: EventContext): EventAction | null {
  const { platform, problems } = ctx;
  const forms = platform === 'eks' ? ([['workload', 'replicas'], ['nodeGroup', 'desiredSize']] as const) : ([['service', 'desiredCount'], ['autoScalingGroup', 'desiredCapacity']] as const);
  const allowed: readonly string[] = forms.flat();
  const named = forms.map(([t, a]) => `{${t}, ${a}}`).join(' or ');
  for (const key of Object.keys(raw)) if (!allowed.includes(key)) problems.report([...path, key], `'${key}' does not apply on ${platform.toUpperCase()}; use ${named}`);
  const form = forms.find(([target]) => raw[target] !== undefined);
  if (form === undefined) {
    problems.report(path, `name what to scale: ${named}`);
    return null;
  }
  const [targetKey, amountKey] = form;
  const target = raw[targetKey]!;
  const amount = raw[amountKey];
  if (amount === undefined) {
    problems.report(path, `missing required key '${amountKey}'`);
    return null;
  }
  if (targetKey === 'service' || targetKey === 'workload') {
    ctx.services.check(target, [...path, targetKey]);
    return { kind: 'scale', service: target, desiredCount: amount };
  }
  if (!ctx.groupNames.includes(target)) problems.report([...path, targetKey], `no ${targetKey === 'nodeGroup' ? 'node group' : 'Auto Scaling group'} named '${target}'${nearest(target, ctx.groupNames)}`);
  return { kind: 'scale-group', group: target, desiredCapacity: amount };
}

/**
 * The service's next task definition revision (ECS) or pod template (EKS): the first
 * container's image and app failure model replaced. A leak is OOM-killed at the first
 * container's memory limit (ECS container `memory`), else at the task's.
 */
function deploy(raw: Static<typeof DeployEvent>, path: Path, ctx: EventContext): EventAction {
  ctx.services.check(raw.service, [...path, 'service']);
  const target = ctx.deployTargets.get(raw.service);
  const first = target?.spec.taskDefinition.containers[0];
  const image = raw.image ?? null;
  const container = { name: 'deploy', image: image ?? first?.image ?? '', crash: raw.crash, memoryLeak: raw.memoryLeak, imagePull: raw.imagePull, healthEndpoint: raw.healthEndpoint };
  const limits = { own: () => first?.memoryMiB, task: target?.taskMemoryLimitMiB ?? 0, hint: ctx.platform === 'eks' ? 'set resources.requests.memory' : 'set taskDefinition.memory' };
  const failure = appFailureSpec([container], () => path, limits, ctx.problems) ?? null;
  return { kind: 'deploy', service: raw.service, image, failure };
}

/** EKS: `kubectl rollout undo`. */
function rolloutUndo(raw: Static<typeof RolloutUndo>, path: Path, ctx: EventContext): EventAction {
  if (ctx.platform !== 'eks') ctx.problems.report(path, 'rolloutUndo is kubectl rollout undo for an EKS Deployment; on ECS deploy the earlier image again');
  ctx.services.check(raw.workload, [...path, 'workload']);
  return { kind: 'rollout-undo', service: raw.workload };
}

/** EKS: `kubectl delete pod` of a StatefulSet's ordinal (a Deployment's pods have no stable name to give). */
function deletePod(raw: Static<typeof DeletePod>, path: Path, ctx: EventContext): EventAction {
  if (ctx.platform !== 'eks') ctx.problems.report(path, 'deletePod is kubectl delete pod for an EKS StatefulSet');
  ctx.services.check(raw.workload, [...path, 'workload']);
  const target = ctx.deployTargets.get(raw.workload);
  if (target !== undefined && target.spec.statefulSet === undefined) ctx.problems.report([...path, 'workload'], `${raw.workload} is not a StatefulSet: deletePod names a pod by its StatefulSet ordinal`);
  return { kind: 'delete-pod', service: raw.workload, ordinal: raw.ordinal };
}
