import type { FleetRecord } from '../model/trace-record.js';

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

  /** Takes a record about the service; ignores the ordinary ones. */
  add(r: FleetRecord): void {
    const kind = incidentKind(r);
    if (kind === null) return;
    const seen = this.byKind.get(kind);
    if (seen !== undefined) {
      seen.count++;
      seen.last = r.time;
    } else this.byKind.set(kind, { at: r.time, last: r.time, count: 1, what: r.type === 'service.deployment-started' || r.type === 'service.rollout-state' ? r.detail : `${label(r)}${r.detail}` });
  }

  get size(): number {
    return this.byKind.size;
  }

  /** In order of first occurrence (ties: as they happened). */
  list(): Incident[] {
    return [...this.byKind.values()].map((v) => ({ atS: v.at / 1000, lastAtS: v.last / 1000, count: v.count, what: v.what })).sort((a, b) => a.atS - b.atS);
  }
}

/** The kind a record counts under, or null when it is not trouble. */
function incidentKind(r: FleetRecord): string | null {
  switch (r.type) {
    case 'service.deployment-started':
    case 'service.rollout-state':
      // Each state change is its own line.
      return `${r.type}:${r.time}:${r.detail}`;
    case 'container.exited':
    case 'task.image-pull-failed':
    case 'task.unhealthy':
    case 'task.sigkill':
      return r.type;
    case 'task.stopped':
      return r.stopCode === 'SpotInterruption' ? 'spot' : null;
    case 'pod.event': {
      const reason = r.detail.slice(0, Math.max(0, r.detail.indexOf(':')));
      return `pod:${reason}`;
    }
    case 'service.event':
      if (r.detail.includes('is unable to consistently start tasks successfully')) return 'throttled';
      if (r.detail.includes('was unable to place a task')) return 'unplaced';
      if (r.detail.includes('waiting in PROVISIONING')) return 'provisioning';
      if (r.detail.startsWith('dial tcp: lookup')) return 'dns';
      if (r.detail.includes('429 Too Many Requests') || r.detail.startsWith('FailedCreate:')) return 'api-throttled';
      return null;
    default:
      return null;
  }
}

function label(r: FleetRecord): string {
  switch (r.type) {
    case 'container.exited':
      return 'container exited: ';
    case 'task.image-pull-failed':
      return 'image pull failed: ';
    case 'task.unhealthy':
      return 'taken out of service: ';
    case 'task.sigkill':
      return 'SIGKILL: ';
    case 'task.stopped':
      return 'task stopped: ';
    default:
      return '';
  }
}
