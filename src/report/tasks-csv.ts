import type { FleetEvent } from '../model/events/index.js';
import { CsvWriter, seconds } from './csv-writer.js';
import { describeEvent } from './describe/index.js';
import { describeStopReason } from './describe/stop-reason.js';
import type { TextSink } from './text-sink.js';

interface TaskRow {
  id: string;
  service: string;
  taskDefinition: string;
  host: string | null;
  az: string | null;
  status: string;
  createdAt: number;
  placedAt: number | null;
  pendingAt: number | null;
  runningAt: number | null;
  stoppingAt: number | null;
  stoppedAt: number | null;
  pullMs: number | null;
  healthyAt: number | null;
  inServiceAt: number | null;
  stopCode: string | null;
  stoppedReason: string | null;
}

/**
 * tasks.csv: one row per task with its lifecycle timestamps. A row is written when its task
 * stops (so memory holds only live tasks); tasks still alive at the end are written by `close`
 * in creation order.
 */
export class TasksCsv {
  private readonly csv: CsvWriter;
  private readonly live = new Map<string, TaskRow>();

  constructor(sink: TextSink) {
    this.csv = new CsvWriter(sink, [
      'task_id',
      'service',
      'task_definition',
      'host',
      'az',
      'last_status',
      'created_s',
      'placed_s',
      'pending_s',
      'running_s',
      'stopping_s',
      'stopped_s',
      'healthy_s',
      'in_service_s',
      'startup_s',
      'phase_wait_s',
      'phase_provisioning_s',
      'phase_pull_s',
      'phase_start_s',
      'phase_health_s',
      'phase_load_balancer_s',
      'stop_code',
      'stopped_reason',
    ]);
  }

  readonly listener = (r: FleetEvent): void => {
    switch (r.type) {
      case 'task.created':
        this.live.set(r.task, {
          id: r.task,
          service: r.service,
          // The created event's wording: `family:revision`, and ` on <provider>` with a capacity provider.
          taskDefinition: describeEvent(r),
          host: null,
          az: null,
          status: 'UNPLACED',
          createdAt: r.time,
          placedAt: null,
          pendingAt: null,
          runningAt: null,
          stoppingAt: null,
          stoppedAt: null,
          pullMs: null,
          healthyAt: null,
          inServiceAt: null,
          stopCode: null,
          stoppedReason: null,
        });
        break;
      case 'task.placed': {
        const row = this.live.get(r.task);
        if (row === undefined) return;
        row.host = r.host;
        row.az = r.az;
        row.placedAt = r.time;
        row.status = 'PROVISIONING';
        break;
      }
      case 'task.status-changed': {
        const row = this.live.get(r.task);
        if (row === undefined) return;
        row.status = r.to;
        if (r.to === 'PENDING') row.pendingAt = r.time;
        else if (r.to === 'RUNNING') row.runningAt = r.time;
        else row.stoppingAt = r.time;
        break;
      }
      case 'task.eni-attached': {
        // Fargate tasks have no host: their AZ is their ENI's.
        const row = this.live.get(r.task);
        if (row !== undefined) row.az ??= r.az;
        break;
      }
      case 'task.images-ready': {
        const row = this.live.get(r.task);
        if (row !== undefined) row.pullMs = r.pullMs;
        break;
      }
      case 'task.healthy': {
        const row = this.live.get(r.task);
        if (row !== undefined) row.healthyAt = r.time;
        break;
      }
      case 'task.in-service': {
        const row = this.live.get(r.task);
        if (row !== undefined) row.inServiceAt = r.time;
        break;
      }
      case 'task.stopped': {
        const row = this.live.get(r.task);
        if (row === undefined) return;
        row.status = 'STOPPED';
        row.stoppedAt = r.time;
        row.stopCode = r.stopCode;
        row.stoppedReason = describeStopReason(r.reason);
        this.write(row);
        this.live.delete(r.task);
        break;
      }
    }
  };

  close(): void {
    for (const row of this.live.values()) this.write(row);
    this.live.clear();
    this.csv.close();
  }

  private write(t: TaskRow): void {
    this.csv.row([
      t.id,
      t.service,
      t.taskDefinition,
      t.host,
      t.az,
      t.status,
      seconds(t.createdAt),
      seconds(t.placedAt),
      seconds(t.pendingAt),
      seconds(t.runningAt),
      seconds(t.stoppingAt),
      seconds(t.stoppedAt),
      seconds(t.healthyAt),
      seconds(t.inServiceAt),
      t.runningAt === null ? null : seconds(t.runningAt - t.createdAt),
      // The start-up phases, each the time between two milestones (empty when not reached):
      // waiting for capacity, provisioning (ENI, microVM, agent hand-off), image pull,
      // container start, health check, load balancer registration and health.
      diff(t.placedAt, t.createdAt),
      diff(t.pendingAt, t.placedAt),
      seconds(t.pullMs),
      t.runningAt === null || t.pendingAt === null || t.pullMs === null ? null : seconds(t.runningAt - t.pendingAt - t.pullMs),
      diff(t.healthyAt, t.runningAt),
      diff(t.inServiceAt, t.healthyAt),
      t.stopCode,
      t.stoppedReason,
    ]);
  }
}

function diff(later: number | null, earlier: number | null): number | null {
  return later === null || earlier === null ? null : (later - earlier) / 1000;
}
