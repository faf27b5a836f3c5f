import type { FleetEvent } from '../model/events/index.js';
import type { PodEventCause } from '../model/events/pod.js';
import type { ServiceEventCause } from '../model/events/service.js';
import { describeEvent } from './describe/index.js';

/** One kind of thing that went wrong (or a deployment's state change), when first and how often. */
export interface Incident {
  readonly atS: number;
  /** When the last one of the kind happened (equal to atS for one). */
  readonly lastAtS: number;
  readonly count: number;
  readonly what: string;
}

/** The service events that report trouble; the others (tasks started, a steady state, ...) are ordinary. */
const TROUBLE_SERVICE_EVENTS = [
  'UNABLE_TO_START_TASKS_CONSISTENTLY',
  'UNABLE_TO_PLACE',
  'WAITING_FOR_CAPACITY_PROVIDER',
  'TASK_WAITING_FOR_ENI',
  'FARGATE_TASK_WAITING_FOR_ADDRESS',
  'FARGATE_CAPACITY_UNAVAILABLE',
  'DNS_LOOKUPS_FAILING',
  'API_THROTTLED',
  'API_CALL_FAILED',
  'STATEFULSET_ROLLOUT_BLOCKED',
] as const satisfies readonly ServiceEventCause['code'][];

/**
 * A kind of trouble, named by the event catalogue's own codes (src/model/events): the event type,
 * and where one type covers several kinds, the reason or cause code after a slash. Stable across
 * runs and seeds, so that "how often" can be counted over them; its wording is rendered by
 * describeIncidentCode (src/report/describe/incident.ts).
 */
export type IncidentCode =
  | 'container.exited'
  | 'task.image-pull-failed'
  | 'task.unhealthy'
  | 'task.sigkill'
  | 'task.deregistration-cut'
  | 'task.in-flight-lost'
  | 'task.stopped/SpotInterruption'
  | `pod.event/${PodEventCause['reason']}`
  | `service.event/${(typeof TROUBLE_SERVICE_EVENTS)[number]}`
  | 'service.rollout-state/FAILED'
  | 'service.deployment-started/rollback'
  /** A subnet with no free address left (from the timeline samples). */
  | 'subnet.exhausted';

/**
 * The incident code of an event about a service, or null when it is not trouble: a crash, a
 * failed pull, a failed health check, a SIGKILL, a Spot interruption, each pod event reason, a
 * throttled or unplaceable launch, a task waiting in PROVISIONING, failed DNS lookups, 429s from
 * the API server, a FAILED rollout, a rollback.
 */
export function incidentCode(r: FleetEvent): IncidentCode | null {
  switch (r.type) {
    case 'container.exited':
    case 'task.image-pull-failed':
    case 'task.unhealthy':
    case 'task.sigkill':
    case 'task.deregistration-cut':
    case 'task.in-flight-lost':
      return r.type;
    case 'task.stopped':
      return r.stopCode === 'SpotInterruption' ? 'task.stopped/SpotInterruption' : null;
    case 'pod.event':
      return `pod.event/${r.cause.reason}`;
    case 'service.event':
      return isTrouble(r.cause.code) ? `service.event/${r.cause.code}` : null;
    case 'service.rollout-state':
      return r.state === 'FAILED' ? 'service.rollout-state/FAILED' : null;
    case 'service.deployment-started':
      return r.rollback ? 'service.deployment-started/rollback' : null;
    default:
      return null;
  }
}

function isTrouble(code: ServiceEventCause['code']): code is (typeof TROUBLE_SERVICE_EVENTS)[number] {
  return (TROUBLE_SERVICE_EVENTS as readonly string[]).includes(code);
}

/**
 * What went wrong with a service and when, for the run summary: the first occurrence of each
 * kind of trouble (incidentCode; the three kinds of waiting in PROVISIONING count as one, as do
 * the two kinds of 429) with how often it happened, and every deployment state change. Kinds
 * are few, so memory stays small however long the run.
 */
export class IncidentLog {
  private readonly byKind = new Map<string, { at: number; last: number; count: number; what: string }>();

  /** Takes an event about the service; ignores the ordinary ones. */
  add(r: FleetEvent): void {
    const kind = summaryKind(r);
    if (kind === null) return;
    const seen = this.byKind.get(kind);
    if (seen !== undefined) {
      seen.count++;
      seen.last = r.time;
    } else this.byKind.set(kind, { at: r.time, last: r.time, count: 1, what: `${label(r)}${describeEvent(r)}` });
  }

  get size(): number {
    return this.byKind.size;
  }

  /** In order of first occurrence (ties: as they happened). */
  list(): Incident[] {
    return [...this.byKind.values()].map((v) => ({ atS: v.at / 1000, lastAtS: v.last / 1000, count: v.count, what: v.what })).sort((a, b) => a.atS - b.atS);
  }
}

/** Codes the summary lists as one line. */
const SUMMARY_GROUPS: Partial<Record<IncidentCode, string>> = {
  'service.event/WAITING_FOR_CAPACITY_PROVIDER': 'provisioning',
  'service.event/TASK_WAITING_FOR_ENI': 'provisioning',
  'service.event/FARGATE_TASK_WAITING_FOR_ADDRESS': 'provisioning',
  'service.event/FARGATE_CAPACITY_UNAVAILABLE': 'provisioning',
  'service.event/API_THROTTLED': 'api-throttled',
  'service.event/API_CALL_FAILED': 'api-throttled',
};

/** The line an event counts under in the summary, or null when it is not trouble. */
function summaryKind(r: FleetEvent): string | null {
  switch (r.type) {
    case 'service.deployment-started':
      // Each state change is its own line.
      return `${r.type}:${r.time}:${r.deployment}`;
    case 'service.rollout-state':
      return `${r.type}:${r.time}:${r.deployment}:${r.state}`;
    default: {
      const code = incidentCode(r);
      return code === null ? null : (SUMMARY_GROUPS[code] ?? code);
    }
  }
}

function label(r: FleetEvent): string {
  switch (r.type) {
    case 'container.exited':
      return 'container exited: ';
    case 'task.image-pull-failed':
      return 'image pull failed: ';
    case 'task.unhealthy':
      return 'taken out of service: ';
    case 'task.sigkill':
      return 'SIGKILL: ';
    case 'task.deregistration-cut':
      return 'deregistration delay ran out: ';
    case 'task.in-flight-lost':
      return 'instance terminated under it: ';
    case 'task.stopped':
      return 'task stopped: ';
    default:
      return '';
  }
}

/** The first occurrence of one kind of incident in a run, and how often it happened. */
export interface IncidentFirst {
  /** The service (workload) it is about, or `subnet <id>` for a subnet. */
  readonly scope: string;
  readonly code: IncidentCode;
  readonly atS: number;
  readonly count: number;
}

/**
 * Counts incidents by scope and code over a run (a trace listener), for figures over many runs:
 * which kinds happened, when first, how often. Subnets count once, when a timeline sample
 * first finds one with no free address.
 */
export class IncidentTally {
  private readonly byKey = new Map<string, { scope: string; code: IncidentCode; at: number; count: number }>();
  private readonly exhausted = new Set<string>();

  readonly listener = (r: FleetEvent): void => {
    if (r.type === 'timeline.sampled') {
      for (const sn of r.sample.subnets) {
        if (sn.free !== 0 || this.exhausted.has(sn.id)) continue;
        this.exhausted.add(sn.id);
        this.note(`subnet ${sn.id}`, 'subnet.exhausted', r.time);
      }
      return;
    }
    if (!('service' in r) || r.service === null) return;
    const code = incidentCode(r);
    if (code !== null) this.note(r.service, code, r.time);
  };

  private note(scope: string, code: IncidentCode, time: number): void {
    const key = `${scope}\u0000${code}`;
    const seen = this.byKey.get(key);
    if (seen !== undefined) seen.count++;
    else this.byKey.set(key, { scope, code, at: time, count: 1 });
  }

  /** Every kind that happened, in order of first occurrence (ties: as they happened). */
  list(): IncidentFirst[] {
    return [...this.byKey.values()].map((v) => ({ scope: v.scope, code: v.code, atS: v.at / 1000, count: v.count })).sort((a, b) => a.atS - b.atS);
  }
}
