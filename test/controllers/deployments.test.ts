import { ECS_CONTROL_PLANE } from '../../src/model/params/ecs-control-plane.js';
import { describe, expect, it } from 'vitest';
import { circuitBreakerThreshold, rollingBounds } from '../../src/model/service.js';
import type { FleetEvent } from '../../src/model/events/index.js';
import { formatDiagnostic } from '../../src/scenario/diagnostics.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runChecked } from '../support/scenario-runner.js';
import { describeEvent, entityOf } from '../../src/report/describe/index.js';

/**
 * ECS rolling deployments and the deployment circuit breaker (src/controllers/ecs/service-scheduler.ts,
 * docs/models.md "Deployments and the circuit breaker").
 */
function ecs(opts: { desired: number; min: number; max: number; breaker?: boolean; deploy?: string; lb?: boolean }): string {
  return `name: deploy
seed: 4
duration: 15m
cluster:
  platform: ecs
  autoScalingGroups:
    - { name: g, instanceType: m5.4xlarge, desiredCapacity: 2 }
services:
  - serviceName: api
    desiredCount: ${opts.desired}
    deploymentConfiguration:
      minimumHealthyPercent: ${opts.min}
      maximumPercent: ${opts.max}
      ${opts.breaker === true ? 'deploymentCircuitBreaker: { enable: true, rollback: true }' : ''}
    taskDefinition:
      cpu: 256
      memory: 512
      containerDefinitions:
        - name: api
          image: api:1
          imageSize: 50MB
          portMappings: [{ containerPort: 8080 }]
    ${opts.lb === true ? 'loadBalancer: { healthCheckIntervalSeconds: 10, healthyThresholdCount: 2, deregistrationDelaySeconds: 20 }' : ''}
events:
  - { at: 5m, deploy: { service: api, image: api:2${opts.deploy ?? ''} } }
`;
}

function withEvent(yaml: string, event: string): string {
  return `${yaml}  - ${event}\n`;
}

function run(yaml: string): { records: FleetEvent[]; service: ReturnType<typeof serviceOf> } {
  const loaded = loadScenario('deploy.yaml', yaml);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  const checked = runChecked(loaded.spec, { everyEvent: true });
  expect(checked.violations).toEqual([]);
  return { records: checked.records, service: serviceOf(checked) };
}

function serviceOf(checked: ReturnType<typeof runChecked>) {
  return checked.result.state.services.get('api')!;
}

/** Live (not STOPPING/STOPPED) and RUNNING task counts after each record from the deployment on. */
function extremes(records: readonly FleetEvent[], from: number): { maxLive: number; minRunning: number } {
  const status = new Map<string, string>();
  let maxLive = 0;
  let minRunning = Infinity;
  for (const r of records) {
    if (r.type === 'task.created') status.set(entityOf(r), 'UNPLACED');
    else if (r.type === 'task.status-changed') status.set(r.task, r.to);
    else if (r.type === 'task.placed') status.set(r.task, 'PROVISIONING');
    else if (r.type === 'task.stopped') status.set(r.task, 'STOPPED');
    else continue;
    if (r.time < from) continue;
    const values = [...status.values()];
    // A stopping task still counts against maximumPercent: ECS shows it RUNNING until it exits.
    maxLive = Math.max(maxLive, values.filter((s) => s !== 'STOPPED').length);
    minRunning = Math.min(minRunning, values.filter((s) => s === 'RUNNING').length);
  }
  return { maxLive, minRunning };
}

describe('rolling deployment bounds', () => {
  it('rounds the healthy floor up and the task ceiling down (DeploymentConfiguration)', () => {
    expect(rollingBounds(3, { minimumHealthyPercent: 50, maximumPercent: 150 })).toEqual({ floor: 2, ceiling: 4 });
    expect(rollingBounds(5, { minimumHealthyPercent: 100, maximumPercent: 200 })).toEqual({ floor: 5, ceiling: 10 });
    expect(rollingBounds(7, { minimumHealthyPercent: 33, maximumPercent: 133 })).toEqual({ floor: 3, ceiling: 9 });
    expect(rollingBounds(1, { minimumHealthyPercent: 0, maximumPercent: 100 })).toEqual({ floor: 0, ceiling: 1 });
    expect(rollingBounds(10, { minimumHealthyPercent: 90, maximumPercent: 110 })).toEqual({ floor: 9, ceiling: 11 });
  });

  it('circuit breaker threshold: 0.5 x desired, at least 3, at most 200', () => {
    expect([1, 2, 4, 6, 7, 10, 399, 400, 1000].map(circuitBreakerThreshold)).toEqual([3, 3, 3, 3, 4, 5, 200, 200, 200]);
  });
});

describe('ECS rolling deployment', () => {
  const cases: Array<{ desired: number; min: number; max: number; first: string[] }> = [
    // 200 %: every new task starts at once; old ones stop as new ones become healthy.
    { desired: 4, min: 100, max: 200, first: ['has started 4 tasks'] },
    // 100 % ceiling: room is made by stopping old tasks down to the floor first. A stopping task
    // counts against the ceiling until it has exited (ECS reports it RUNNING while it drains), so
    // replacements start as the stopped tasks go: the stopped tasks exit within one scheduler
    // reaction time (src/model/params/ecs-control-plane.ts) of each other, so the next pass
    // starts their replacements together.
    { desired: 4, min: 50, max: 100, first: ['has stopped 2 running tasks', 'has started 2 tasks', 'has stopped 1 running tasks'] },
    { desired: 6, min: 50, max: 150, first: ['has started 3 tasks', 'has stopped 3 running tasks', 'has started 3 tasks'] },
    { desired: 3, min: 34, max: 100, first: ['has stopped 1 running tasks', 'has started 1 tasks'] },
  ];
  for (const c of cases) {
    it(`desired ${c.desired}, min ${c.min} %, max ${c.max} %: batches ${c.first.join(', ')}; stays within the bounds; completes`, () => {
      const { records, service } = run(ecs({ ...c, lb: true }));
      const events = records.filter((r) => r.type === 'service.event' && r.time >= 300_000 && /has (started|stopped)/.test(describeEvent(r))).map((r) => describeEvent(r).replace(/^\(service api\) /, '').replace(/: \(deployment.*$/, ''));
      expect(events.slice(0, c.first.length)).toEqual(c.first);
      const { floor, ceiling } = rollingBounds(c.desired, { minimumHealthyPercent: c.min, maximumPercent: c.max });
      const { maxLive, minRunning } = extremes(records, 300_000);
      expect(maxLive).toBeLessThanOrEqual(ceiling);
      expect(minRunning).toBeGreaterThanOrEqual(floor);
      expect(service.deployment.rolloutState).toBe('COMPLETED');
      expect(service.deployment.taskDefinition.revision).toBe(2);
      expect([...service.tasks].every((t) => t.taskDefinition.revision === 2 && t.status === 'RUNNING')).toBe(true);
      expect(service.tasks.size).toBe(c.desired);
      expect(records.some((r) => r.type === 'service.event' && describeEvent(r) === '(service api) has reached a steady state.')).toBe(true);
    });
  }
});

describe('ECS rolling deployment with failures around it', () => {
  it('replaces the tasks of a failed instance mid-deployment with new-revision tasks and completes', () => {
    const { records, service } = run(withEvent(ecs({ desired: 6, min: 50, max: 150, lb: true }), '{ at: 5m10s, nodeFailure: { count: 1 } }'));
    expect(records.some((r) => r.type === 'host.failed' || describeEvent(r).includes('instance failure'))).toBe(true);
    expect(service.deployment.rolloutState).toBe('COMPLETED');
    expect([...service.tasks].every((t) => t.taskDefinition.revision === 2 && t.status === 'RUNNING')).toBe(true);
    expect(service.tasks.size).toBe(6);
  });

  it('a second deploy registers the next revision and supersedes the one in progress', () => {
    const { service } = run(withEvent(ecs({ desired: 4, min: 100, max: 200, lb: true }), '{ at: 5m5s, deploy: { service: api, image: api:3 } }'));
    expect(service.deployment.taskDefinition.revision).toBe(3);
    expect(service.deployment.taskDefinition.containers[0]!.image).toBe('api:3');
    expect(service.deployment.rolloutState).toBe('COMPLETED');
    expect([...service.tasks].every((t) => t.taskDefinition.revision === 3)).toBe(true);
  });
});

describe('ECS deployment circuit breaker', () => {
  it('fails a deployment whose image cannot be pulled at the threshold and rolls back to the last COMPLETED revision', () => {
    const { records, service } = run(ecs({ desired: 8, min: 100, max: 200, breaker: true, deploy: ', imagePull: { fails: tag-not-found }' }));
    const failed = records.find((r) => r.type === 'service.rollout-state' && describeEvent(r).includes('rolloutState=FAILED'))!;
    expect(describeEvent(failed)).toContain('threshold 4');
    // Exactly the threshold's worth of revision-2 tasks failed before the breaker tripped.
    const failedStarts = records.filter((r) => r.type === 'task.stopped' && r.stopCode === 'TaskFailedToStart' && r.time <= failed.time);
    expect(failedStarts.length).toBeGreaterThanOrEqual(4);
    expect(service.rollbacks).toBe(1);
    expect(service.deployment.rollback).toBe(true);
    expect(service.deployment.taskDefinition.revision).toBe(1);
    expect(service.deployment.rolloutState).toBe('COMPLETED');
    expect([...service.tasks].every((t) => t.taskDefinition.revision === 1 && t.status === 'RUNNING')).toBe(true);
    expect(service.tasks.size).toBe(8);
    // minimumHealthyPercent 100: no old task was stopped.
    expect(records.some((r) => r.type === 'task.stopped' && r.stopCode === 'ServiceSchedulerInitiated' && describeEvent(r).includes('ecs-svc/2'))).toBe(false);
  });

  it('without the breaker a failing deployment stays IN_PROGRESS and keeps the old tasks', () => {
    const { service } = run(ecs({ desired: 4, min: 100, max: 200, deploy: ', imagePull: { fails: tag-not-found }' }));
    expect(service.deployment.rolloutState).toBe('IN_PROGRESS');
    expect([...service.tasks].filter((t) => t.taskDefinition.revision === 1 && t.status === 'RUNNING').length).toBe(4);
  });

  it('a FAILED deployment without rollback launches no more tasks and keeps the old ones', () => {
    const yaml = ecs({ desired: 4, min: 100, max: 200, breaker: true, deploy: ', imagePull: { fails: tag-not-found }' }).replace('rollback: true', 'rollback: false');
    const { service, records } = run(yaml);
    const failed = records.find((r) => r.type === 'service.rollout-state' && describeEvent(r).includes('rolloutState=FAILED'))!;
    expect(service.deployment.rolloutState).toBe('FAILED');
    expect(service.rollbacks).toBe(0);
    expect(records.filter((r) => r.type === 'task.created' && r.time > failed.time)).toEqual([]);
    expect([...service.tasks].filter((t) => t.taskDefinition.revision === 1 && t.status === 'RUNNING').length).toBe(4);
  });

  it('counts tasks that crash after starting (EssentialContainerExited) in stage 2', () => {
    const { service, records } = run(ecs({ desired: 4, min: 100, max: 200, breaker: true, lb: true, deploy: ', crash: { after: 15s }' }));
    expect(records.some((r) => r.type === 'service.rollout-state' && describeEvent(r).includes('stage 2'))).toBe(true);
    expect(service.rollbacks).toBe(1);
    expect(service.deployment.taskDefinition.revision).toBe(1);
  });
});

describe('ECS draining container instances', () => {
  /**
   * Six tasks spread over three instances; at 5m the group scales in to two, draining one (its
   * capacity provider's managed draining: a plain group would terminate it undrained).
   */
  function draining(min: number, max: number): string {
    return `name: drain
seed: 4
duration: 12m
cluster:
  platform: ecs
  autoScalingGroups:
    - { name: g, instanceType: m5.xlarge, desiredCapacity: 3 }
  capacityProviders:
    - { name: cp, autoScalingGroup: g }
services:
  - serviceName: api
    desiredCount: 6
    deploymentConfiguration: { minimumHealthyPercent: ${min}, maximumPercent: ${max} }
    placementStrategy: [{ type: spread, field: instanceId }]
    taskDefinition:
      cpu: 256
      memory: 512
      containerDefinitions:
        - { name: api, image: api:1, imageSize: 50MB, portMappings: [{ containerPort: 8080 }] }
    loadBalancer: { healthCheckIntervalSeconds: 10, healthyThresholdCount: 2, deregistrationDelaySeconds: 20 }
events:
  - { at: 5m, scale: { autoScalingGroup: g, desiredCapacity: 2 } }
`;
  }

  it('100/200 %: starts the replacements first and stops the draining tasks once they are healthy', () => {
    const { records, service } = run(draining(100, 200));
    const drainedAt = records.find((r) => r.type === 'host.draining')!.time;
    const after = records.filter((r) => r.time >= drainedAt);
    const firstStop = after.find((r) => r.type === 'task.status-changed' && r.to === 'STOPPING')!;
    const replacementsInService = after.filter((r) => r.type === 'task.in-service');
    expect(replacementsInService).toHaveLength(2);
    // Never below 6 healthy: each drained task stops only once a replacement is in service (at
    // the scheduler's pass that follows).
    expect(firstStop.time).toBe(replacementsInService[0]!.time + ECS_CONTROL_PLANE.serviceSchedulerReactionMs);
    expect(describeEvent(firstStop)).toContain('is being drained');
    expect(extremes(records, drainedAt).minRunning).toBeGreaterThanOrEqual(6);
    expect(service.tasks.size).toBe(6);
    expect(records.some((r) => r.type === 'host.terminated')).toBe(true);
  });

  it('50/100 %: stops the draining tasks first, down to the healthy floor, then replaces them', () => {
    const { records, service } = run(draining(50, 100));
    const drainedAt = records.find((r) => r.type === 'host.draining')!.time;
    const after = records.filter((r) => r.time >= drainedAt);
    const firstStop = after.find((r) => r.type === 'task.status-changed' && r.to === 'STOPPING')!;
    const firstCreate = after.find((r) => r.type === 'task.created')!;
    expect(firstStop.time).toBeLessThanOrEqual(firstCreate.time);
    expect(extremes(records, drainedAt).maxLive).toBeLessThanOrEqual(6);
    expect([...service.tasks].filter((t) => t.status === 'RUNNING')).toHaveLength(6);
  });
});
