import { ECS_CONTROL_PLANE } from '../../src/model/params/ecs-control-plane.js';
import { describe, expect, it } from 'vitest';
import type { EventOf, FleetEvent, FleetEventType } from '../../src/model/events/index.js';
import { oneAzEksCluster, runYamlChecked, yamlErrors } from '../support/scenario-runner.js';
import { describeEvent, entityOf } from '../../src/report/describe/index.js';

/**
 * Health checks that fail (src/controllers/health-monitor.ts, docs/models.md "Health checks that
 * fail"): ECS replaces tasks that fail container or load balancer checks, Kubernetes takes
 * NotReady pods out of service and restarts containers that fail liveness probes; the ECS
 * service throttle logic spaces out launches of tasks that never start.
 */
function ecs(opts: { container?: string; service?: string; events?: string; desired?: number; duration?: string } = {}): string {
  return `name: health
seed: 5
duration: ${opts.duration ?? '15m'}
cluster:
  platform: ecs
  autoScalingGroups:
    - { name: g, instanceType: m5.xlarge, desiredCapacity: 2 }
services:
  - serviceName: api
    desiredCount: ${opts.desired ?? 2}
    ${opts.service ?? ''}
    taskDefinition:
      cpu: 256
      memory: 512
      networkMode: bridge
      containerDefinitions:
        - name: api
          image: api:1
          imageSize: 50MB
          readyAfter: 5s
          portMappings: [{ containerPort: 8080 }]
          ${opts.container ?? ''}
${opts.events ?? ''}`;
}

function eks(container: string, extra = ''): string {
  return `name: health
seed: 5
duration: 15m
${oneAzEksCluster()}
workloads:
  - kind: Deployment
    name: api
    replicas: 2
    ${extra}
    containers:
      - name: api
        image: api:1
        imageSize: 50MB
        readyAfter: 5s
        resources: { requests: { cpu: 250m, memory: 256Mi } }
        ${container}
`;
}

function run(yaml: string): FleetEvent[] {
  return runYamlChecked(yaml, { file: 'health.yaml' }).records;
}

const of = <T extends FleetEventType>(records: FleetEvent[], type: T, entity?: string): EventOf<T>[] =>
  records.filter((r): r is EventOf<T> => r.type === type && (entity === undefined || entityOf(r) === entity));
const runningAt = (records: FleetEvent[], task: string): number => records.find((r) => r.type === 'task.status-changed' && r.task === task && r.to === 'RUNNING')!.time;

const ALB = 'loadBalancer: { healthCheckIntervalSeconds: 10, healthyThresholdCount: 2, unhealthyThresholdCount: 2 }';

describe('ECS: tasks that fail health checks are replaced', () => {
  it('a target whose endpoint starts failing is unhealthy at the second failed ALB check, and ECS replaces it', () => {
    const records = run(ecs({ container: 'healthEndpoint: { failsAfter: 2m }', service: ALB, duration: '4m' }));
    const first = of(records, 'task.unhealthy')[0]!;
    const failsAt = runningAt(records, entityOf(first)) + 120_000;
    // The first check at or after the failure fails, and so does the next one, 10 s later.
    expect(first.time).toBeGreaterThanOrEqual(failsAt + 10_000);
    expect(first.time).toBeLessThan(failsAt + 20_000);
    expect(describeEvent(first)).toContain('Health checks failed with these codes: [503]');
    const stop = of(records, 'task.stopped', entityOf(first))[0]!;
    expect(describeEvent(stop)).toBe('ServiceSchedulerInitiated: Task failed ELB health checks in (target-group api-tg)');
    const events = of(records, 'service.event').map((r) => describeEvent(r));
    expect(events).toContain(`(service api) (task ${entityOf(first)}) (port 8080) is unhealthy in (target-group api-tg) due to (reason Health checks failed with these codes: [503]).`);
    // A replacement is created at the scheduler's next pass; the throttle logic ignores tasks that reached RUNNING.
    expect(of(records, 'task.created').some((r) => r.time === first.time + ECS_CONTROL_PLANE.serviceSchedulerReactionMs)).toBe(true);
    expect(events.some((e) => e.includes('unable to consistently start tasks'))).toBe(false);
  });

  it('a container health check that never passes is UNHEALTHY after retries x interval, later within the grace period', () => {
    const container = 'healthCheck: { command: [CMD-SHELL, "curl -f http://localhost:8080/health"], interval: 10, retries: 3 }\n          healthEndpoint: { failsAfter: 0s }';
    const plain = run(ecs({ container, duration: '2m' }));
    const u = of(plain, 'task.unhealthy')[0]!;
    expect(u.time - runningAt(plain, entityOf(u))).toBe(30_000);
    expect(describeEvent(u)).toContain('healthStatus UNHEALTHY: container health check failed 3 times');
    expect(of(plain, 'task.healthy')).toEqual([]);
    expect(describeEvent(of(plain, 'task.stopped', entityOf(u))[0]!)).toBe('ServiceSchedulerInitiated: Task failed container health checks');
    const graced = run(ecs({ container, service: 'healthCheckGracePeriodSeconds: 75', duration: '2m' }));
    const g = of(graced, 'task.unhealthy')[0]!;
    expect(g.time - runningAt(graced, entityOf(g))).toBe(75_000);
  });

  it('an endpoint queued with requests fails under saturation ("Request timed out"); a shallow one does not', () => {
    const load = `${ALB}\n    load: { rps: { steps: [{ at: 0s, rps: 0 }, { at: 1m, rps: 40 }, { at: 3m, rps: 200 }] }, cpuPerRequest: 5ms, latency: 30ms }`;
    const queued = run(ecs({ container: 'healthEndpoint: { queuedWithRequests: true }', service: load, duration: '5m' }));
    const unhealthy = of(queued, 'task.unhealthy');
    // 40 requests/s is 40 % of two 0.25-vCPU tasks: nothing fails until the step to 200.
    expect(unhealthy.length).toBeGreaterThan(0);
    expect(unhealthy[0]!.time).toBeGreaterThan(180_000);
    expect(describeEvent(unhealthy[0]!)).toContain('Request timed out');
    const shallow = run(ecs({ service: load, duration: '5m' }));
    expect(of(shallow, 'task.unhealthy')).toEqual([]);
  });

  it("the circuit breaker's stage 2 counts tasks replaced for failed health checks and rolls back", () => {
    const records = run(
      ecs({
        desired: 4,
        service: `${ALB}\n    deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: true } }`,
        events: 'events:\n  - { at: 3m, deploy: { service: api, image: api:2, healthEndpoint: { failsAfter: 0s } } }',
      }),
    );
    const failed = of(records, 'service.rollout-state').find((r) => describeEvent(r).includes('rolloutState=FAILED'))!;
    // The breaker is judged at the scheduler's pass after the third failure: the new-revision
    // tasks that failed their ELB checks by then (the third and any within the reaction time) all count.
    const replaced = of(records, 'task.unhealthy').filter((r) => r.time <= failed.time);
    expect(replaced.length).toBeGreaterThanOrEqual(3);
    expect(describeEvent(failed)).toContain(`${replaced.length} failed tasks, threshold 3, stage 2`);
    expect(failed.time - replaced[2]!.time).toBeLessThanOrEqual(ECS_CONTROL_PLANE.serviceSchedulerReactionMs);
    expect(of(records, 'service.event').some((r) => describeEvent(r).includes('deployment rolling back to api:1'))).toBe(true);
  });
});

describe('ECS service throttle logic', () => {
  it('spaces out launches of tasks that never start, and a new task definition ends it', () => {
    const records = run(
      ecs({
        container: 'imagePull: { fails: access-denied }',
        events: 'events:\n  - { at: 3m, deploy: { service: api, image: api:2 } }',
        duration: '6m',
      }),
    );
    const throttled = of(records, 'service.event').filter((r) => describeEvent(r) === '(service api) is unable to consistently start tasks successfully.');
    expect(throttled.length).toBeGreaterThan(0);
    // Before the deployment: far fewer than the hundreds of attempts an unthrottled loop makes.
    // The throttle counts launch attempts (both tasks of a pass are one): three passes in the
    // first 20 s, then one a minute later, the next after two more minutes.
    const failedBefore = of(records, 'task.stopped').filter((r) => r.time < 180_000 && r.stopCode === 'TaskFailedToStart');
    expect(failedBefore.length).toBeLessThanOrEqual(8);
    const createdAt = new Map(of(records, 'task.created').map((c) => [c.task, c.time]));
    expect(new Set(failedBefore.map((r) => createdAt.get(r.task))).size).toBeLessThanOrEqual(4);
    // The deployment's tasks are created at the scheduler's next pass, though the throttle would still hold launches.
    const created = of(records, 'task.created').filter((r) => r.time >= 180_000);
    expect(created[0]!.time).toBe(180_000 + ECS_CONTROL_PLANE.serviceSchedulerReactionMs);
    expect(records.some((r) => r.type === 'task.status-changed' && r.to === 'RUNNING' && r.time > 180_000)).toBe(true);
  });

  it('counts launch attempts, not tasks: ten tasks launched together that all fail are one failed attempt', () => {
    const records = run(ecs({ container: 'imagePull: { fails: access-denied }', desired: 10, duration: '20m' }));
    const createdAt = new Map(of(records, 'task.created').map((c) => [c.task, c.time]));
    const throttledAt = of(records, 'service.event').find((r) => r.cause.code === 'UNABLE_TO_START_TASKS_CONSISTENTLY')!.time;
    // The first pass launched all ten, and all ten failed before the throttle engaged...
    const firstPass = of(records, 'task.created')[0]!.time;
    const failedBefore = of(records, 'task.stopped').filter((s) => s.stopCode === 'TaskFailedToStart' && s.time <= throttledAt);
    expect(failedBefore.filter((s) => createdAt.get(s.task) === firstPass).length).toBe(10);
    // ...but it took failures from three launch attempts (passes) to engage it.
    const attempts = new Set(failedBefore.map((s) => createdAt.get(s.task)));
    expect(attempts.size).toBeGreaterThanOrEqual(3);
    // The first delay is one minute, not the 27-minute cap ten counted failures would reach: the
    // held-back launch comes at the scheduler's pass after it.
    const next = of(records, 'task.created').find((c) => c.time > throttledAt)!;
    expect(next.time - throttledAt).toBeGreaterThanOrEqual(60_000);
    expect(next.time - throttledAt).toBeLessThanOrEqual(60_000 + ECS_CONTROL_PLANE.serviceSchedulerReactionMs);
  });
});

describe('Kubernetes probes', () => {
  it('a failing liveness probe restarts the container with the CrashLoopBackOff back-off', () => {
    const records = run(eks('livenessProbe: { periodSeconds: 10, failureThreshold: 3 }\n        healthEndpoint: { failsAfter: 1m }'));
    const killing = of(records, 'pod.event').filter((r) => describeEvent(r).startsWith('Killing: Container api failed liveness probe, will be restarted'));
    expect(killing.length).toBeGreaterThan(1);
    expect(of(records, 'pod.event').some((r) => describeEvent(r) === 'Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 503')).toBe(true);
    const pod = killing[0]!.task;
    const start = runningAt(records, pod);
    // Probes at start + k x 10 s; failing from start + 60 s: the third failure is at start + 80 s.
    expect(killing[0]!.time - start).toBe(80_000);
    expect(of(records, 'container.restarted', pod).length).toBeGreaterThan(0);
    expect(of(records, 'pod.back-off', pod)[0]!.delayMs).toBe(10_000);
    expect(of(records, 'task.stopped')).toEqual([]);
  });

  it('a readiness probe with successThreshold 3 makes a pod Ready two periods after its first passing probe', () => {
    const one = run(eks('readinessProbe: { periodSeconds: 10 }'));
    const three = run(eks('readinessProbe: { periodSeconds: 10, successThreshold: 3 }'));
    const readyAfterStart = (records: FleetEvent[]): number[] => of(records, 'task.healthy').map((r) => r.time - runningAt(records, entityOf(r)));
    // Same seed, same draws: the app is ready at the same moment in both runs.
    expect(readyAfterStart(three)).toEqual(readyAfterStart(one).map((t) => t + 20_000));
  });

  it('an overloaded pod fails its readiness probe, leaves the endpoints, and is Ready again once idle', () => {
    const records = run(
      eks(
        'readinessProbe: { periodSeconds: 5, failureThreshold: 2 }\n        healthEndpoint: { queuedWithRequests: true }',
        'load: { rps: { steps: [{ at: 0s, rps: 0 }, { at: 1m, rps: 30 }] }, cpuPerRequest: 20ms, latency: 30ms }',
      ),
    );
    const notReady = of(records, 'task.unhealthy');
    expect(notReady.length).toBeGreaterThan(0);
    expect(describeEvent(notReady[0]!)).toBe('NotReady: readiness probe failed 2 times');
    expect(of(records, 'pod.event').some((r) => describeEvent(r).startsWith('Unhealthy: Readiness probe failed: Get "http://') && describeEvent(r).endsWith('context deadline exceeded (Client.Timeout exceeded while awaiting headers)'))).toBe(true);
    expect(of(records, 'task.recovered').length).toBeGreaterThan(0);
    // Readiness never restarts anything.
    expect(of(records, 'container.restarted')).toEqual([]);
  });
});

describe('scenario validation', () => {
  it('rejects an unknown healthEndpoint key with its path', () => {
    const errors = yamlErrors(ecs({ container: 'healthEndpoint: { failAfter: 1m }' }), 'health.yaml');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^health\.yaml:\d+:\d+: error: unknown key 'failAfter'.*healthEndpoint/);
  });
});

describe('nodes and instances that fail', () => {
  it('EKS: a NotReady node marks its pods not Ready (out of service) and Ready again when it reconnects', () => {
    const records = run(
      eks('', 'loadBalancer: { healthCheckIntervalSeconds: 10, healthyThresholdCount: 2 }').replace(
        'workloads:',
        'events:\n  - { at: 5m, nodeNotReady: { count: 1, duration: 2m } }\nworkloads:',
      ),
    );
    const notReady = of(records, 'task.unhealthy');
    expect(notReady.length).toBeGreaterThan(0);
    // The last Lease renewal at 5m + node-monitor-grace-period 50 s, at the controller's next 5-s pass.
    expect(notReady.every((r) => r.time === 355_000 && describeEvent(r).includes('is NotReady, so its pods are not Ready'))).toBe(true);
    const back = of(records, 'task.recovered');
    // Reconnected at 7m: the controller's next pass sees the node Ready.
    expect(back.filter((r) => r.time === 425_000).map((r) => entityOf(r)).sort()).toEqual(notReady.map((r) => entityOf(r)).sort());
    // Back in the endpoints, the load balancer registers them again and they serve.
    expect(back.filter((r) => describeEvent(r) === 'target healthy in the load balancer again').length).toBe(notReady.length);
    expect(of(records, 'task.stopped')).toEqual([]);
  });

  it("EKS: pods leave a NotReady node when their toleration of the unreachable taint runs out (default 300 s)", () => {
    const evictedAfter = (tolerations: string): number[] => {
      const records = run(eks('', tolerations).replace('workloads:', 'events:\n  - { at: 5m, nodeNotReady: { count: 1 } }\nworkloads:'));
      return of(records, 'pod.event').filter((r) => describeEvent(r).startsWith('TaintManagerEviction')).map((r) => r.time - 300_000);
    };
    // NotReady 55 s after (last renewal + 50 s grace, next 5-s pass), then the toleration.
    const byDefault = evictedAfter('');
    expect(byDefault.length).toBeGreaterThan(0);
    expect(new Set(byDefault)).toEqual(new Set([355_000]));
    expect(new Set(evictedAfter('tolerations: [{ key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 30 }]'))).toEqual(new Set([85_000]));
    expect(evictedAfter('tolerations: [{ key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute }]')).toEqual([]);
  });

  it('ECS: tasks on a failed instance fail their ALB checks and are replaced before the instance is', () => {
    const records = run(ecs({ service: ALB, desired: 4, events: 'events:\n  - { at: 5m, nodeFailure: { count: 1 } }', duration: '10m' }));
    const failedHost = of(records, 'host.failed')[0]!;
    const unhealthy = of(records, 'task.unhealthy');
    expect(unhealthy.length).toBeGreaterThan(0);
    expect(unhealthy.every((r) => r.host === entityOf(failedHost) && describeEvent(r).includes('Health checks failed'))).toBe(true);
    // Two failed checks 10 s apart: within 20 s of the failure, long before EC2 status checks (2 min).
    expect(Math.max(...unhealthy.map((r) => r.time)) - failedHost.time).toBeLessThanOrEqual(20_000);
    expect(of(records, 'task.created').filter((r) => r.time > failedHost.time).length).toBeGreaterThanOrEqual(unhealthy.length);
  });

  it('requests sent to dead targets fail at the load balancer until it marks them unhealthy', () => {
    const load = `${ALB}\n    load: { rps: { steps: [{ at: 0s, rps: 0 }, { at: 1m, rps: 40 }] }, cpuPerRequest: 5ms, latency: 30ms }`;
    const records = run(ecs({ service: load, desired: 4, events: 'events:\n  - { at: 5m10s, nodeFailure: { count: 1 } }', duration: '10m' }));
    const minutes = of(records, 'metrics.minute').filter((r) => r.service === 'api');
    const elb5xx = (from: number, to: number): number => minutes.filter((r) => r.time > from && r.time <= to).reduce((n, r) => n + r.minute.elb5xx, 0);
    const deadTasks = of(records, 'task.unhealthy').length;
    expect(deadTasks).toBeGreaterThan(0);
    expect(elb5xx(0, 300_000)).toBe(0);
    // The dead tasks' share (deadTasks of 4) for at most 20 s of detection, at 40 requests/s.
    const lost = elb5xx(300_000, 360_000);
    expect(lost).toBeGreaterThan(0);
    expect(lost).toBeLessThanOrEqual(Math.ceil((40 * 20 * deadTasks) / 4));
    expect(elb5xx(360_000, 600_000)).toBe(0);
  });
});
