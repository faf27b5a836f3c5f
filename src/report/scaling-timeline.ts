import type { FleetEvent } from '../model/events/index.js';
import { CsvWriter } from './csv-writer.js';
import { percentile } from './percentile.js';
import { describeEvent } from './describe/index.js';
import type { TextSink } from './text-sink.js';

/** Where the seconds of one scale-out went (all seconds; medians over the new tasks). */
export interface ScaleOutRow {
  readonly service: string;
  readonly atS: number;
  readonly from: number;
  readonly to: number;
  /** What decided it, e.g. `hpa: cpu 130% of target` or `target tracking: CPUUtilization`. */
  readonly cause: string;
  /** Load change until the autoscaler decided (null when no load change preceded it). */
  readonly detectionS: number | null;
  /** Decision until the new tasks' containers could start: waiting for capacity (a new node), microVM, ENI. */
  readonly provisioningS: number | null;
  readonly imagePullS: number | null;
  readonly containerStartS: number | null;
  /** Containers started until serving (health check, load balancer registration). */
  readonly healthCheckS: number | null;
  /** Load change (or decision) until the median new task served traffic. */
  readonly totalS: number | null;
  readonly newTasks: number;
}

interface Pending {
  service: string;
  at: number;
  from: number;
  to: number;
  cause: string;
  loadChangedAt: number | null;
  expect: number;
  tasks: Map<string, { created: number; pending: number | null; pull: number | null; running: number | null; serving: number | null }>;
}

/**
 * The scaling timeline (scaling.csv, and `scaling` in summary.json): for every scale-out an
 * autoscaler made, the phases from the load change to the new capacity serving traffic —
 * detection, provisioning, image pull, container start, health check, total.
 */
export class ScalingTimeline {
  private readonly open: Pending[] = [];
  /** Per service, its scale-outs still waiting for new tasks, oldest first (filled in order). */
  private readonly unfilled = new Map<string, Pending[]>();
  private readonly byTask = new Map<string, Pending>();
  private readonly loadChange = new Map<string, number>();
  private readonly rows: ScaleOutRow[] = [];

  readonly listener = (r: FleetEvent): void => {
    switch (r.type) {
      case 'load.changed':
        this.loadChange.set(r.service, r.time);
        break;
      case 'autoscaling.scaled': {
        const { from, to } = r;
        if (to <= from) return;
        const pending: Pending = { service: r.service, at: r.time, from, to, cause: describeEvent(r), loadChangedAt: this.loadChange.get(r.service) ?? null, expect: to - from, tasks: new Map() };
        this.open.push(pending);
        let queue = this.unfilled.get(r.service);
        if (queue === undefined) this.unfilled.set(r.service, (queue = []));
        queue.push(pending);
        break;
      }
      case 'task.created': {
        // A new task belongs to the oldest scale-out of its service that still expects tasks.
        const queue = this.unfilled.get(r.service);
        const p = queue?.[0];
        if (p === undefined) return;
        if (p.tasks.size + 1 >= p.expect) queue!.shift();
        p.tasks.set(r.task, { created: r.time, pending: null, pull: null, running: null, serving: null });
        this.byTask.set(r.task, p);
        break;
      }
      case 'task.status-changed': {
        const t = this.byTask.get(r.task)?.tasks.get(r.task);
        if (t === undefined) return;
        if (r.to === 'PENDING') t.pending = r.time;
        else if (r.to === 'RUNNING') t.running = r.time;
        break;
      }
      case 'task.images-ready': {
        const t = this.byTask.get(r.task)?.tasks.get(r.task);
        if (t !== undefined) t.pull = r.pullMs;
        break;
      }
      case 'task.in-service':
      case 'task.healthy': {
        const p = this.byTask.get(r.task);
        const t = p?.tasks.get(r.task);
        if (t === undefined) return;
        // Serving: healthy, or (behind a load balancer) in service, which comes later and wins.
        if (r.type === 'task.in-service' || t.serving === null) t.serving = r.time;
        break;
      }
    }
  };

  /** Closes the open scale-outs into rows; call once, after the run. */
  finish(): readonly ScaleOutRow[] {
    for (const p of this.open) this.rows.push(toRow(p));
    this.open.length = 0;
    return this.rows;
  }

  write(sink: TextSink): void {
    const csv = new CsvWriter(sink, ['service', 'at_s', 'from', 'to', 'detection_s', 'provisioning_s', 'image_pull_s', 'container_start_s', 'health_check_s', 'total_s', 'new_tasks', 'cause']);
    for (const r of this.rows) {
      csv.row([r.service, r.atS, r.from, r.to, r.detectionS, r.provisioningS, r.imagePullS, r.containerStartS, r.healthCheckS, r.totalS, r.newTasks, r.cause]);
    }
    csv.close();
  }
}

function toRow(p: Pending): ScaleOutRow {
  const tasks = [...p.tasks.values()];
  const median = (xs: number[]): number | null => {
    const v = percentile(xs.sort((a, b) => a - b), 50);
    return v === undefined ? null : Math.round(v) / 1000;
  };
  const start = p.loadChangedAt ?? p.at;
  return {
    service: p.service,
    atS: p.at / 1000,
    from: p.from,
    to: p.to,
    cause: p.cause,
    detectionS: p.loadChangedAt === null ? null : (p.at - p.loadChangedAt) / 1000,
    provisioningS: median(tasks.filter((t) => t.pending !== null).map((t) => t.pending! - p.at)),
    imagePullS: median(tasks.filter((t) => t.pull !== null).map((t) => t.pull!)),
    containerStartS: median(tasks.filter((t) => t.running !== null && t.pending !== null && t.pull !== null).map((t) => t.running! - t.pending! - t.pull!)),
    healthCheckS: median(tasks.filter((t) => t.serving !== null && t.running !== null).map((t) => t.serving! - t.running!)),
    totalS: median(tasks.filter((t) => t.serving !== null).map((t) => t.serving! - start)),
    newTasks: tasks.length,
  };
}
