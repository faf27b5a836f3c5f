import type { FleetEvent } from '../../model/events/index.js';
import { handlersListener, type EventHandlers } from '../event-handlers.js';
import { IdSlots } from './id-slots.js';
import type { StartupHistogram } from './report-data.js';

/**
 * Where a task's start-up time goes, phase by phase, counted into fixed duration bins per
 * service (the report's start-up histogram):
 *
 * - scheduling: created until placed (waiting for a host with room, or for capacity);
 * - provisioning: placed until PENDING (the agent accepting it, Fargate's microVM, the pod sandbox and its address);
 * - image pull: waiting for its images (0 when cached);
 * - dependencies (only in runs with ordered containers: ECS dependsOn, init containers, mesh
 *   sidecars): what the last container to start waited for the others (task.containers-ordered);
 * - container start: PENDING until RUNNING, less the image pull and the dependencies;
 * - health check: RUNNING until first healthy (ECS HEALTHY, Kubernetes Ready);
 * - load balancer: healthy until in service in its target group (services with a load balancer).
 *
 * A phase counts when it ends; a task stopped before a phase ends does not count in it. Per task
 * it holds a few times while the task starts, and forgets it once it serves or stops. Every task
 * event of the run comes here, most of them of services not shown: a task's record is found by
 * the number in its id (IdSlots), and records are reused, so such an event costs no hashing and
 * a tracked task no allocation once the run has warmed up.
 */
export const STARTUP_PHASES = ['scheduling', 'provisioning', 'image pull', 'container start', 'health check', 'load balancer'] as const;
/** The phases of a run whose tasks start containers in an order: "dependencies" before the container start. */
export const ORDERED_STARTUP_PHASES = ['scheduling', 'provisioning', 'image pull', 'dependencies', 'container start', 'health check', 'load balancer'] as const;

/** Upper bounds of the duration bins, seconds (the last is open). */
const BIN_UPPER_S = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, Number.POSITIVE_INFINITY];
export const BIN_LABELS = ['< 1 s', '1-2 s', '2-5 s', '5-10 s', '10-20 s', '20-30 s', '30-60 s', '1-2 min', '2-5 min', '5-10 min', '>= 10 min'];

/** Indexes into STARTUP_PHASES (ORDERED_STARTUP_PHASES shifts those from ContainerStart on by one). */
const Phase = { Scheduling: 0, Provisioning: 1, ImagePull: 2, ContainerStart: 3, HealthCheck: 4, LoadBalancer: 5, Dependencies: 6 } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

interface Starting {
  created: number;
  placed: number;
  pending: number;
  pullMs: number;
  dependencyWaitMs: number;
  running: number;
  healthy: number;
}

export class StartupPhases {
  /** Per service, counts[phase * bins + bin]. */
  private readonly counts = new Map<string, number[]>();
  /** Tasks starting: task -> 1 + the index of its record in `records`. */
  private readonly tasks = new IdSlots('t');
  private readonly records: Starting[] = [];
  /** Indexes of records free for the next task. */
  private readonly free: number[] = [];

  private readonly phases: readonly string[];
  /** Row of each Phase in `phases`. */
  private readonly row: readonly number[];

  /**
   * Only tasks of these services are tracked; the value says whether the service has a load
   * balancer. `ordered`: some task starts its containers in an order (the dependencies phase).
   */
  constructor(
    private readonly services: ReadonlyMap<string, boolean>,
    ordered = false,
  ) {
    this.phases = ordered ? ORDERED_STARTUP_PHASES : STARTUP_PHASES;
    this.row = ordered ? [0, 1, 2, 4, 5, 6, 3] : [0, 1, 2, 3, 4, 5, -1];
  }

  /** What it reads, by event type (the report's recorder combines these with its other readers'). */
  readonly handlers: EventHandlers = {
    'task.created': (r) => {
      if (this.services.has(r.service)) this.start(r.task, r.time);
    },
    'task.placed': (r) => {
      const t = this.starting(r.task);
      if (t === undefined || t.placed >= 0) return;
      t.placed = r.time;
      this.count(r.service, Phase.Scheduling, r.time - t.created);
    },
    'task.images-ready': (r) => {
      const t = this.starting(r.task);
      if (t === undefined || t.pullMs >= 0) return;
      t.pullMs = r.pullMs;
      this.count(r.service, Phase.ImagePull, r.pullMs);
    },
    'task.containers-ordered': (r) => {
      const t = this.starting(r.task);
      // Without the dependencies phase the wait stays part of the container start.
      if (t !== undefined && t.running < 0 && this.row[Phase.Dependencies]! >= 0) t.dependencyWaitMs = r.dependencyWaitMs;
    },
    'task.status-changed': (r) => {
      const t = this.starting(r.task);
      if (t === undefined) return;
      if (r.to === 'PENDING' && t.pending < 0 && t.placed >= 0) {
        t.pending = r.time;
        this.count(r.service, Phase.Provisioning, r.time - t.placed);
      } else if (r.to === 'RUNNING' && t.running < 0 && t.pending >= 0) {
        t.running = r.time;
        if (this.row[Phase.Dependencies]! >= 0) this.count(r.service, Phase.Dependencies, t.dependencyWaitMs);
        this.count(r.service, Phase.ContainerStart, Math.max(0, r.time - t.pending - Math.max(0, t.pullMs) - t.dependencyWaitMs));
      }
    },
    'task.healthy': (r) => {
      const t = this.starting(r.task);
      if (t === undefined || t.healthy >= 0 || t.running < 0) return;
      t.healthy = r.time;
      this.count(r.service, Phase.HealthCheck, r.time - t.running);
      // Without a load balancer the task serves once healthy: nothing more to measure.
      if (this.services.get(r.service) === false) this.forget(r.task);
    },
    'task.in-service': (r) => {
      const t = this.starting(r.task);
      if (t === undefined) return;
      if (t.healthy >= 0) this.count(r.service, Phase.LoadBalancer, r.time - t.healthy);
      this.forget(r.task);
    },
    'task.stopped': (r) => this.forget(r.task),
  };

  readonly listener: (r: FleetEvent) => void = handlersListener([this.handlers]);

  /** The service's histogram (all zeros when none of its tasks started). */
  histogram(service: string): StartupHistogram {
    const flat = this.counts.get(service) ?? new Array<number>(this.phases.length * BIN_LABELS.length).fill(0);
    return {
      phases: [...this.phases],
      bins: [...BIN_LABELS],
      counts: this.phases.map((_, p) => flat.slice(p * BIN_LABELS.length, (p + 1) * BIN_LABELS.length)),
    };
  }

  /** A task of a shown service was created at `time`: a record for it (a free one when there is). */
  private start(task: string, time: number): void {
    let i = this.free.pop();
    if (i === undefined) {
      i = this.records.length;
      this.records.push({ created: 0, placed: 0, pending: 0, pullMs: 0, dependencyWaitMs: 0, running: 0, healthy: 0 });
    }
    const t = this.records[i]!;
    t.created = time;
    t.placed = -1;
    t.pending = -1;
    t.pullMs = -1;
    t.dependencyWaitMs = 0;
    t.running = -1;
    t.healthy = -1;
    this.tasks.set(task, i + 1);
  }

  /** The task's record while it starts, or undefined (not shown, or serving or stopped). */
  private starting(task: string): Starting | undefined {
    const slot = this.tasks.get(task);
    return slot === 0 ? undefined : this.records[slot - 1];
  }

  /** The task serves or stopped: its record is free. */
  private forget(task: string): void {
    const slot = this.tasks.take(task);
    if (slot !== 0) this.free.push(slot - 1);
  }

  private count(service: string, phase: Phase, ms: number): void {
    let flat = this.counts.get(service);
    if (flat === undefined) this.counts.set(service, (flat = new Array<number>(this.phases.length * BIN_LABELS.length).fill(0)));
    const seconds = ms / 1000;
    let bin = 0;
    while (seconds >= BIN_UPPER_S[bin]!) bin++;
    flat[this.row[phase]! * BIN_LABELS.length + bin]!++;
  }
}
