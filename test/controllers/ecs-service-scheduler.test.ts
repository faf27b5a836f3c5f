import { ECS_CONTROL_PLANE } from '../../src/model/params/ecs-control-plane.js';
import type { FleetEvent } from '../../src/model/events/index.js';
import { describeEvent, entityOf } from '../../src/report/describe/index.js';
import { describe, expect, it } from 'vitest';
import { SpecBuilder } from '../support/spec-builder.js';
import { runChecked, runYamlChecked } from '../support/scenario-runner.js';
import { taskAz } from '../../src/model/task.js';

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

describe('ECS service scheduler on Fargate', () => {
  it('scale-in stops tasks from the fullest AZ, so a service unbalanced across AZs ends balanced', () => {
    // us-east-1b's /28 has 11 usable addresses (AWS reserves 5), all taken by `filler` at first,
    // so api's first 10 tasks all land in us-east-1a. Once filler is gone, api's next 10 go to
    // us-east-1b (Fargate prefers the AZ with fewest). Scaled back to 10, api keeps 5 in each AZ;
    // newest first alone would stop the 10 in us-east-1b and leave all 10 in us-east-1a.
    const { result, records } = runYamlChecked(`name: fargate-scale-in
seed: 3
duration: 8m
cluster:
  platform: ecs
  vpc:
    subnets:
      - { id: app-a, az: us-east-1a, cidr: 10.0.0.0/24 }
      - { id: app-b, az: us-east-1b, cidr: 10.0.1.0/28 }
services:
  - serviceName: filler
    launchType: FARGATE
    desiredCount: 11
    taskDefinition:
      cpu: 256
      memory: 512
      containerDefinitions: [{ name: filler, image: filler:1, imageSize: 50MB }]
    networkConfiguration:
      awsvpcConfiguration: { subnets: [app-b] }
  - serviceName: api
    launchType: FARGATE
    desiredCount: 10
    taskDefinition:
      cpu: 256
      memory: 512
      containerDefinitions: [{ name: api, image: api:1, imageSize: 50MB }]
    networkConfiguration:
      awsvpcConfiguration: { subnets: [app-a, app-b] }
events:
  - { at: 2m, scale: { service: filler, desiredCount: 0 } }
  - { at: 3m, scale: { service: api, desiredCount: 20 } }
  - { at: 5m, scale: { service: api, desiredCount: 10 } }
`);
    const before: Record<string, number> = {};
    for (const r of records) if (r.type === 'task.eni-attached' && r.service === 'api' && r.time < 300_000) before[r.az] = (before[r.az] ?? 0) + 1;
    expect(before).toEqual({ 'us-east-1a': 10, 'us-east-1b': 10 });
    const api = result.state.services.get('api')!;
    const perAz: Record<string, number> = {};
    for (const t of api.tasks) if (t.status === 'RUNNING') perAz[taskAz(t)!] = (perAz[taskAz(t)!] ?? 0) + 1;
    expect(api.tasks.size).toBe(10);
    expect(perAz).toEqual({ 'us-east-1a': 5, 'us-east-1b': 5 });
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
