import { ECS_CONTROL_PLANE } from '../../src/model/params/ecs-control-plane.js';
import type { FleetEvent } from '../../src/model/events/index.js';
import { describeEvent, entityOf } from '../../src/report/describe/index.js';
import { describe, expect, it } from 'vitest';
import { SpecBuilder } from '../support/spec-builder.js';
import { runChecked } from '../support/scenario-runner.js';

describe('ECS service scheduler on EC2', () => {
  it('starts desiredCount tasks through PROVISIONING, PENDING and RUNNING', () => {
    const run = runChecked(new SpecBuilder().hosts(2).service('api', 4).build(), { everyEvent: true });
    expect(run.violations).toEqual([]);
    const first = run.records.filter((r) => entityOf(r) === 't-000001').map((r) => `${r.type}:${statusOf(r)}`);
    expect(first).toEqual([
      'task.created:UNPLACED',
      'task.placed:PROVISIONING',
      'task.status-changed:PENDING',
      'task.images-ready:',
      'task.status-changed:RUNNING',
      'task.healthy:',
    ]);
    expect(run.result.state.services.get('api')!.counts.RUNNING).toBe(4);
  });

  it('reports the ECS service event, naming the closest instance, when no instance has room', () => {
    // m5.large registers 2048 CPU units: two 1024-unit tasks per host, so 4 fit on 2 hosts.
    const run = runChecked(new SpecBuilder().hosts(2).service('api', 6, 1024, 512).build());
    const api = run.result.state.services.get('api')!;
    expect(api.counts.RUNNING).toBe(4);
    expect(api.counts.UNPLACED).toBe(2);
    const events = run.records.filter((r) => r.type === 'service.event').map((r) => describeEvent(r));
    expect(events).toEqual([
      '(service api) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance i-000001) has insufficient CPU units available. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.',
    ]);
  });

  it('reports an empty cluster as ECS does', () => {
    const run = runChecked(new SpecBuilder().service('api', 1).build());
    const event = run.records.find((r) => r.type === 'service.event');
    expect(event === undefined ? undefined : describeEvent(event)).toMatch(/Reason: No Container Instances were found in your cluster\.$/);
  });

  it('places waiting tasks as soon as capacity frees up', () => {
    const spec = new SpecBuilder().hosts(1).service('big', 2, 1024).service('waiter', 1, 1024).scale(120_000, 'big', 1).build();
    const run = runChecked(spec, { everyEvent: true });
    expect(run.violations).toEqual([]);
    const waiter = run.result.state.services.get('waiter')!;
    expect(waiter.counts.RUNNING).toBe(1);
    const placed = run.records.find((r) => r.type === 'task.placed' && r.service === 'waiter')!;
    expect(placed.time).toBeGreaterThan(120_000);
    // Two scheduler passes (big's scale-in, then waiter's placement once the task has stopped).
    expect(placed.time).toBeLessThan(125_000 + 2 * ECS_CONTROL_PLANE.serviceSchedulerReactionMs);
  });

  it('scale-in stops unplaced tasks first, then running ones from the fullest AZ', () => {
    const spec = new SpecBuilder().hosts(3, 'm5.large').service('api', 8, 1024).scale(60_000, 'api', 5).build();
    const run = runChecked(spec, { everyEvent: true });
    const stoppedBeforeRunning = run.records.filter((r) => r.type === 'task.stopped' && describeEvent(r).includes('ServiceSchedulerInitiated'));
    expect(stoppedBeforeRunning.length).toBe(3);
    const api = run.result.state.services.get('api')!;
    expect(api.counts.RUNNING).toBe(5);
    expect(api.counts.UNPLACED).toBe(0);
    // 6 ran (2 per host); the 2 unplaced went first, then one running task.
    const stoppingRunning = run.records.filter((r) => r.type === 'task.status-changed' && r.to === 'STOPPING');
    expect(stoppingRunning.length).toBe(1);
  });

  it('pulls an image once per host and reuses the cache', () => {
    const run = runChecked(new SpecBuilder().hosts(1, 'm5.4xlarge').service('api', 10).scale(300_000, 'api', 20).build());
    const pulls = run.records.filter((r) => r.type === 'image.pull-started');
    expect(pulls.length).toBe(1);
    const startups = run.records.filter((r) => r.type === 'task.status-changed' && r.to === 'RUNNING' && r.time > 300_000);
    // Cached starts are agent hand-off + container start: seconds, not a pull.
    for (const r of startups) expect(r.time - 300_000).toBeLessThan(6_000);
  });
});

/** The task status an event reports ('' for events that report none), as the records once carried it. */
function statusOf(r: FleetEvent): string {
  switch (r.type) {
    case 'task.created':
      return 'UNPLACED';
    case 'task.placed':
      return 'PROVISIONING';
    case 'task.status-changed':
      return r.to;
    case 'task.stopped':
      return 'STOPPED';
    default:
      return '';
  }
}
