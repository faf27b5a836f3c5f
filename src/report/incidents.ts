import type { FleetEvent } from '../model/events/index.js';
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

/**
 * What went wrong with a service and when, for the run summary: the first occurrence of each
 * kind of trouble (a crash, a failed pull, a failed health check, a SIGKILL, a throttled or
 * unplaceable launch, a task waiting in PROVISIONING, failed DNS lookups, 429s from the API server, each pod event reason, a Spot
 * interruption) with how often it happened,
 * and every deployment state change. Kinds are few, so memory stays small however long the run.
 */
export class IncidentLog {
  private readonly byKind = new Map<string, { at: number; last: number; count: number; what: string }>();

  /** Takes an event about the service; ignores the ordinary ones. */
  add(r: FleetEvent): void {
    const kind = incidentKind(r);
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

/** The kind an event counts under, or null when it is not trouble. */
function incidentKind(r: FleetEvent): string | null {
  switch (r.type) {
    case 'service.deployment-started':
      // Each state change is its own line.
      return `${r.type}:${r.time}:${r.deployment}`;
    case 'service.rollout-state':
      return `${r.type}:${r.time}:${r.deployment}:${r.state}`;
    case 'container.exited':
    case 'task.image-pull-failed':
    case 'task.unhealthy':
    case 'task.sigkill':
    case 'task.deregistration-cut':
      return r.type;
    case 'task.stopped':
      return r.stopCode === 'SpotInterruption' ? 'spot' : null;
    case 'pod.event':
      return `pod:${r.cause.reason}`;
    case 'service.event':
      return serviceEventKind(r.cause);
    default:
      return null;
  }
}

/** The trouble a service event reports, or null for an ordinary one (tasks started, a steady state, ...). */
function serviceEventKind(c: ServiceEventCause): string | null {
  switch (c.code) {
    case 'UNABLE_TO_START_TASKS_CONSISTENTLY':
      return 'throttled';
    case 'UNABLE_TO_PLACE':
      return 'unplaced';
    case 'WAITING_FOR_CAPACITY_PROVIDER':
    case 'TASK_WAITING_FOR_ENI':
    case 'FARGATE_TASK_WAITING_FOR_ADDRESS':
      return 'provisioning';
    case 'DNS_LOOKUPS_FAILING':
      return 'dns';
    case 'API_THROTTLED':
    case 'API_CALL_FAILED':
      return 'api-throttled';
    default:
      return null;
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
    case 'task.stopped':
      return 'task stopped: ';
    default:
      return '';
  }
}
