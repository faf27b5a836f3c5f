import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runChecked } from '../support/scenario-runner.js';
import { describeEvent, entityOf } from '../../src/report/describe/index.js';

/**
 * The stop path (src/controllers/task-lifecycle.ts, docs/models.md "Graceful shutdown"): SIGTERM,
 * drain, exit or SIGKILL at the stop timeout, and the requests dropped at SIGKILL. Each scenario
 * runs 4 tasks at 40 requests/s (10 per task) and scales to 2 at minute 5.
 */
interface App {
  handlesSigterm?: boolean;
  requestDuration?: string;
  stopTimeout?: number;
  loadBalancer?: string;
}

function ecsScenario(app: App): string {
  const lines = [
    app.handlesSigterm === undefined ? '' : `handlesSigterm: ${app.handlesSigterm}`,
    app.requestDuration === undefined ? '' : `requestDuration: ${app.requestDuration}`,
    app.stopTimeout === undefined ? '' : `stopTimeout: ${app.stopTimeout}`,
  ].filter((l) => l !== '');
  return `name: stop
seed: 3
duration: 10m
cluster:
  platform: ecs
  vpc:
    subnets:
      - { id: a, az: us-east-1a, cidr: 10.0.0.0/24 }
services:
  - serviceName: api
    launchType: FARGATE
    desiredCount: 4
    taskDefinition:
      cpu: 256
      memory: 512
      containerDefinitions:
        - name: api
          image: api:1
          imageSize: 50MB
${lines.map((l) => `          ${l}`).join('\n')}
${app.loadBalancer === undefined ? '' : `    loadBalancer: ${app.loadBalancer}`}
    load: { rps: 40, cpuPerRequest: 5ms, latency: 50ms }
events:
  - { at: 5m, scale: { service: api, desiredCount: 2 } }
`;
}

function eksScenario(gracePeriod: number, requestDuration: string): string {
  return `name: stop
seed: 3
duration: 10m
cluster:
  platform: eks
  coreDns: false
  availabilityZones: [us-east-1a]
  vpc:
    subnets:
      - { id: a, az: us-east-1a, cidr: 10.0.0.0/22 }
  nodeGroups:
    - { name: general, instanceType: c5.xlarge, desiredSize: 2 }
workloads:
  - kind: Deployment
    name: api
    replicas: 4
    terminationGracePeriodSeconds: ${gracePeriod}
    containers:
      - name: api
        image: api:1
        imageSize: 50MB
        requestDuration: ${requestDuration}
        resources: { requests: { cpu: 250m, memory: 256Mi } }
    loadBalancer: { deregistrationDelaySeconds: 300 }
    load: { rps: 40, cpuPerRequest: 5ms, latency: 50ms }
events:
  - { at: 5m, scale: { workload: api, replicas: 2 } }
`;
}

function run(yaml: string) {
  const loaded = loadScenario('stop.yaml', yaml);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`).join('\n'));
  const checked = runChecked(loaded.spec, { everyEvent: true });
  expect(checked.violations).toEqual([]);
  return checked;
}

/** For each stopped task: ms from STOPPING to SIGTERM, SIGKILL and STOPPED (null: none). */
function stops(records: readonly FleetEvent[]): { sigterm: number | null; sigkill: number | null; stopped: number; dropped: number }[] {
  const stopping = records.filter((r) => r.type === 'task.status-changed' && r.to === 'STOPPING');
  return stopping.map((s) => {
    const of = (type: string): FleetEvent | undefined => records.find((r) => entityOf(r) === entityOf(s) && r.type === type);
    const kill = of('task.sigkill');
    return {
      sigterm: of('task.sigterm') === undefined ? null : of('task.sigterm')!.time - s.time,
      sigkill: kill === undefined ? null : kill.time - s.time,
      stopped: of('task.stopped')!.time - s.time,
      dropped: kill?.type === 'task.sigkill' ? kill.dropped : 0,
    };
  });
}

describe('graceful shutdown', () => {
  it('an app that handles SIGTERM exits once its in-flight requests are done', () => {
    const r = run(ecsScenario({ requestDuration: '20s' }));
    const s = stops(r.records);
    expect(s).toHaveLength(2);
    for (const x of s) {
      expect(x.sigkill).toBeNull();
      // Drains the 20 s of requests it accepted last, then the runtime's exit (median 1 s).
      expect(x.stopped).toBeGreaterThan(20_000);
      expect(x.stopped).toBeLessThan(25_000);
    }
    expect(r.result.state.services.get('api')!.traffic.dropped).toBe(0);
  });

  it('an app that ignores SIGTERM lives until SIGKILL at stopTimeout, dropping nothing it had finished', () => {
    const r = run(ecsScenario({ handlesSigterm: false, requestDuration: '20s', stopTimeout: 45 }));
    for (const x of stops(r.records)) expect(x).toEqual({ sigterm: null, sigkill: 45_000, stopped: 45_000, dropped: 0 });
    expect(r.result.state.services.get('api')!.traffic.dropped).toBe(0);
  });

  it('counts the requests still in flight at SIGKILL as dropped, and only then', () => {
    // 10 requests/s per task, 60 s requests, SIGKILL at 30 s: the last 30 s of requests remain.
    const r = run(ecsScenario({ handlesSigterm: true, requestDuration: '60s' }));
    const s = stops(r.records);
    for (const x of s) expect(x).toEqual({ sigterm: null, sigkill: 30_000, stopped: 30_000, dropped: 300 });
    const api = r.result.state.services.get('api')!;
    expect(api.traffic.dropped).toBe(600);
    const kills = r.records.filter((x) => x.type === 'task.sigkill');
    expect(kills.map((k) => describeEvent(k))).toEqual(Array(2).fill('stop timeout reached (still draining); 300 requests in flight dropped'));
  });

  it('keeps the old stop timing when nothing is set (defaults: handles SIGTERM, no request in flight)', () => {
    const r = run(ecsScenario({}));
    for (const x of stops(r.records)) {
      expect(x.sigkill).toBeNull();
      expect(x.stopped).toBeLessThan(5_000);
    }
  });

  it('ECS behind a load balancer: SIGTERM waits for deregistration (delay, or until nothing is in flight)', () => {
    const delay = run(ecsScenario({ handlesSigterm: false, requestDuration: '90s', loadBalancer: '{ healthCheckIntervalSeconds: 5, deregistrationDelaySeconds: 30 }' }));
    // The deregistration delay runs out with the last 60 s of 90 s requests in flight: the load
    // balancer closes them (docs/models.md, "Load balancer rules"), so SIGKILL finds none.
    for (const x of stops(delay.records)) expect(x).toEqual({ sigterm: 30_000, sigkill: 60_000, stopped: 60_000, dropped: 0 });
    const cuts = delay.records.filter((x) => x.type === 'task.deregistration-cut');
    expect(cuts.map((c) => (c.type === 'task.deregistration-cut' ? c.cut : 0))).toEqual([600, 600]);
    expect(delay.result.state.services.get('api')!.traffic.dropped).toBe(1200);
    const early = run(ecsScenario({ handlesSigterm: false, requestDuration: '10s', loadBalancer: '{ healthCheckIntervalSeconds: 5 }' }));
    for (const x of stops(early.records)) expect(x).toEqual({ sigterm: 10_000, sigkill: 40_000, stopped: 40_000, dropped: 0 });
  });

  it('Kubernetes: endpoint removal and SIGTERM at once, SIGKILL at terminationGracePeriodSeconds', () => {
    const r = run(eksScenario(10, '25s'));
    const s = stops(r.records);
    expect(s).toHaveLength(2);
    // No deregistration wait despite the 300 s delay; 15 s of the 25 s requests remain at SIGKILL.
    for (const x of s) expect(x).toEqual({ sigterm: null, sigkill: 10_000, stopped: 10_000, dropped: 150 });
  });

  it('rejects a stopTimeout above 120 seconds with its line and column', () => {
    const loaded = loadScenario('stop.yaml', ecsScenario({ stopTimeout: 121 }));
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)).toEqual(['stop.yaml:20:24: stopTimeout is 121 seconds; ECS allows at most 120']);
    expect(loadScenario('stop.yaml', ecsScenario({ stopTimeout: 120 })).ok).toBe(true);
  });
});
