import { describe, expect, it } from 'vitest';
import type { FleetRecord } from '../../src/model/trace-record.js';
import { IncidentLog } from '../../src/report/incidents.js';
import { formatHumanSummary } from '../../src/report/human-summary.js';
import { SCALING_ROWS_KEPT, SummaryBuilder } from '../../src/report/summary.js';
import type { ScaleOutRow } from '../../src/report/scaling-timeline.js';

const rec = (time: number, type: string, detail: string, extra: Partial<FleetRecord> = {}): FleetRecord => ({ time, type, entity: 'x', detail, service: 'api', ...extra });

describe('what happened (src/report/incidents.ts)', () => {
  it('keeps the first of each kind of trouble with its count and the last time, in order of first occurrence', () => {
    const log = new IncidentLog();
    log.add(rec(5_000, 'task.unhealthy', 'target unhealthy in the load balancer: Request timed out'));
    log.add(rec(1_000, 'container.exited', 'container api terminated: Error, exit code 1'));
    log.add(rec(9_000, 'task.unhealthy', 'target unhealthy in the load balancer: Request timed out'));
    log.add(rec(2_000, 'task.status-changed', 'PENDING -> RUNNING'));
    log.add(rec(3_000, 'service.event', '(service api) has reached a steady state.'));
    log.add(rec(4_000, 'service.event', '(service api) is unable to consistently start tasks successfully.'));
    log.add(rec(6_000, 'task.stopped', 'SpotInterruption: Your Spot Task was interrupted.', { stopCode: 'SpotInterruption' }));
    log.add(rec(7_000, 'task.stopped', 'ServiceSchedulerInitiated: scale-in', { stopCode: 'ServiceSchedulerInitiated' }));
    expect(log.list()).toEqual([
      { atS: 1, lastAtS: 1, count: 1, what: 'container exited: container api terminated: Error, exit code 1' },
      { atS: 4, lastAtS: 4, count: 1, what: '(service api) is unable to consistently start tasks successfully.' },
      { atS: 5, lastAtS: 9, count: 2, what: 'taken out of service: target unhealthy in the load balancer: Request timed out' },
      { atS: 6, lastAtS: 6, count: 1, what: 'task stopped: SpotInterruption: Your Spot Task was interrupted.' },
    ]);
  });

  it('lists every deployment state change, and pod events by reason', () => {
    const log = new IncidentLog();
    log.add(rec(300_000, 'service.deployment-started', '(service api) deployment ecs-svc/2 api:2 rolloutState=IN_PROGRESS'));
    log.add(rec(320_000, 'service.rollout-state', 'ecs-svc/2 rolloutState=FAILED: ...'));
    log.add(rec(320_000, 'service.deployment-started', '(service api) deployment ecs-svc/3 api:1 rolloutState=IN_PROGRESS (rollback)'));
    log.add(rec(330_000, 'pod.event', 'FailedScheduling: 0/3 nodes are available: 3 Insufficient cpu.'));
    log.add(rec(340_000, 'pod.event', 'FailedScheduling: 0/3 nodes are available: 3 Insufficient memory.'));
    const list = log.list();
    expect(list.map((i) => i.what)).toEqual([
      '(service api) deployment ecs-svc/2 api:2 rolloutState=IN_PROGRESS',
      'ecs-svc/2 rolloutState=FAILED: ...',
      '(service api) deployment ecs-svc/3 api:1 rolloutState=IN_PROGRESS (rollback)',
      'FailedScheduling: 0/3 nodes are available: 3 Insufficient cpu.',
    ]);
    expect(list[3]).toMatchObject({ count: 2, lastAtS: 340 });
  });
});

describe('summary size limits', () => {
  it('keeps the first scale-outs in summary.json, prints 20, and says how many more are in scaling.csv', () => {
    const builder = new SummaryBuilder();
    builder.listener(rec(0, 'service.created', 'created', { entity: 'api', value: 1 }));
    const row: ScaleOutRow = { service: 'api', atS: 60, from: 1, to: 2, cause: 'test', detectionS: 1, provisioningS: 2, imagePullS: 3, containerStartS: 4, healthCheckS: 5, totalS: 15, newTasks: 1 };
    const scaling = Array.from({ length: SCALING_ROWS_KEPT + 30 }, () => row);
    const summary = builder.build({ scenario: 's', seed: '1', durationMs: 60_000, events: 1, scaling });
    expect(summary.scaling).toHaveLength(SCALING_ROWS_KEPT);
    expect(summary.scalingRowsOmitted).toBe(30);
    const text = formatHumanSummary(summary, null);
    expect(text.split('\n').filter((l) => l.startsWith('  api ')).length).toBe(20);
    expect(text).toContain(`... and ${(SCALING_ROWS_KEPT + 10).toLocaleString('en-US')} more (scaling.csv)`);
  });
});
