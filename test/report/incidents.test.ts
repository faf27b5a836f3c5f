import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import { IncidentLog } from '../../src/report/incidents.js';
import { formatHumanSummary } from '../../src/report/human-summary.js';
import { SCALING_ROWS_KEPT, SummaryBuilder } from '../../src/report/summary.js';
import type { ScaleOutRow } from '../../src/report/scaling-timeline.js';

const TASK = { task: 't-000001', service: 'api', host: 'i-000001' } as const;
const TD = { family: 'api', revision: 2 } as const;

describe('what happened (src/report/incidents.ts)', () => {
  it('keeps the first of each kind of trouble with its count and the last time, in order of first occurrence', () => {
    const log = new IncidentLog();
    const unhealthy = (time: number): FleetEvent => ({ type: 'task.unhealthy', time, ...TASK, reason: { code: 'TARGET_UNHEALTHY', cause: 'overload' } });
    log.add(unhealthy(5_000));
    log.add({ type: 'container.exited', time: 1_000, ...TASK, agent: 'kubelet', container: 'api', exitCode: 1, oom: false, memoryLimitMiB: 512 });
    log.add(unhealthy(9_000));
    log.add({ type: 'task.status-changed', time: 2_000, ...TASK, from: 'PENDING', to: 'RUNNING', step: 'CONTAINERS_STARTED' });
    log.add({ type: 'service.event', time: 3_000, service: 'api', cause: { code: 'STEADY_STATE' } });
    log.add({ type: 'service.event', time: 4_000, service: 'api', cause: { code: 'UNABLE_TO_START_TASKS_CONSISTENTLY' } });
    log.add({ type: 'task.stopped', time: 6_000, ...TASK, stopCode: 'SpotInterruption', reason: { code: 'SPOT_INTERRUPTION' } });
    log.add({ type: 'task.stopped', time: 7_000, ...TASK, stopCode: 'ServiceSchedulerInitiated', reason: { code: 'SCALE_IN' } });
    expect(log.list()).toEqual([
      { atS: 1, lastAtS: 1, count: 1, what: 'container exited: container api terminated: Error, exit code 1' },
      { atS: 4, lastAtS: 4, count: 1, what: '(service api) is unable to consistently start tasks successfully.' },
      { atS: 5, lastAtS: 9, count: 2, what: 'taken out of service: target unhealthy in the load balancer: Request timed out' },
      { atS: 6, lastAtS: 6, count: 1, what: 'task stopped: SpotInterruption: Your Spot Task was interrupted.' },
    ]);
  });

  it('lists every deployment state change, and pod events by reason', () => {
    const log = new IncidentLog();
    const fitError = (time: number, code: 'INSUFFICIENT_CPU' | 'INSUFFICIENT_MEMORY'): FleetEvent => ({
      type: 'pod.event',
      time,
      ...TASK,
      host: null,
      cause: { reason: 'FailedScheduling', failure: { by: 'scheduler', failure: { code: 'FIT_ERROR', nodes: 3, reasons: [{ reason: { code }, nodes: 3 }] } } },
    });
    log.add({ type: 'service.deployment-started', time: 300_000, service: 'api', deployment: 'ecs-svc/2', taskDefinition: TD, rollback: false });
    log.add({ type: 'service.rollout-state', time: 320_000, service: 'api', deployment: 'ecs-svc/2', state: 'FAILED', cause: { code: 'CIRCUIT_BREAKER', failedTasks: 3, threshold: 3, stage: 1 } });
    log.add({ type: 'service.deployment-started', time: 320_000, service: 'api', deployment: 'ecs-svc/3', taskDefinition: { family: 'api', revision: 1 }, rollback: true });
    log.add(fitError(330_000, 'INSUFFICIENT_CPU'));
    log.add(fitError(340_000, 'INSUFFICIENT_MEMORY'));
    const list = log.list();
    expect(list.map((i) => i.what)).toEqual([
      '(service api) deployment ecs-svc/2 api:2 rolloutState=IN_PROGRESS',
      'ecs-svc/2 rolloutState=FAILED: (service api) (deployment ecs-svc/2) deployment failed: tasks failed to start. (circuit breaker: 3 failed tasks, threshold 3, stage 1)',
      '(service api) deployment ecs-svc/3 api:1 rolloutState=IN_PROGRESS (rollback)',
      'FailedScheduling: 0/3 nodes are available: 3 Insufficient cpu.',
    ]);
    expect(list[3]).toMatchObject({ count: 2, lastAtS: 340 });
  });
});

describe('summary counts from codes (src/report/summary.ts)', () => {
  it('counts placement failures and pod events by their codes, and keeps the last wording', () => {
    const builder = new SummaryBuilder();
    builder.listener({ type: 'service.created', time: 0, service: 'api', desiredCount: 3, taskDefinition: TD });
    const unplaced: FleetEvent = { type: 'service.event', time: 1_000, service: 'api', cause: { code: 'UNABLE_TO_PLACE', failure: { code: 'NO_CONTAINER_INSTANCES' } } };
    builder.listener(unplaced);
    builder.listener({ type: 'service.event', time: 2_000, service: 'api', cause: { code: 'WAITING_FOR_CAPACITY_PROVIDER', capacityProvider: 'cp' } });
    builder.listener({ ...unplaced, time: 3_000 });
    builder.listener({ type: 'pod.event', time: 4_000, ...TASK, host: null, cause: { reason: 'FailedScheduling', failure: { by: 'scheduler', failure: { code: 'NO_NODES_AVAILABLE' } } } });
    builder.listener({ type: 'pod.event', time: 5_000, ...TASK, cause: { reason: 'FailedCreatePodSandBox', failures: 1 } });
    const api = builder.build({ scenario: 's', seed: '1', durationMs: 10_000, events: 6 }).services[0]!;
    expect(api.placementFailures).toBe(3);
    expect(api.lastServiceEvent).toBe('(service api) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster.');
    expect(api.podEvents).toEqual({ FailedCreatePodSandBox: 1, FailedScheduling: 1 });
    expect(api.incidents?.map((i) => i.what)).toEqual([
      '(service api) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster.',
      '(service api) has tasks waiting in PROVISIONING for capacity from capacity provider cp',
      'FailedScheduling: no nodes available to schedule pods',
      'FailedCreatePodSandBox: Failed to create pod sandbox: plugin type="aws-cni" name="aws-cni" failed (add): add cmd: failed to assign an IP address to container',
    ]);
  });
});

describe('summary size limits', () => {
  it('keeps the first scale-outs in summary.json, prints 20, and says how many more are in scaling.csv', () => {
    const builder = new SummaryBuilder();
    builder.listener({ type: 'service.created', time: 0, service: 'api', desiredCount: 1, taskDefinition: TD });
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
