import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import { describeEvent } from '../../src/report/describe/index.js';
import { oneAzEksCluster, runYamlChecked, yamlErrors } from '../support/scenario-runner.js';
import { slowStartWeight } from '../../src/model/load.js';

/** The load balancer's own rules (docs/models.md, "Load balancer rules"): fail-open, the deregistration cut-off. */

const minutes = (records: readonly FleetEvent[]): Extract<FleetEvent, { type: 'metrics.minute' }>['minute'][] =>
  records.filter((r): r is Extract<FleetEvent, { type: 'metrics.minute' }> => r.type === 'metrics.minute').map((r) => r.minute);

describe('ALB fail-open', () => {
  // The health endpoint breaks for every pod at 3m (no readiness probe: the pods stay Ready and
  // registered); the ALB marks them all unhealthy and then routes to all of them.
  const yaml = (replicas: number) => `name: lb
seed: 4
duration: 8m
${oneAzEksCluster(2)}
workloads:
  - kind: Deployment
    name: api
    replicas: ${replicas}
    containers:
      - name: api
        image: api:1
        imageSize: 50MB
        resources: { requests: { cpu: 250m, memory: 256Mi } }
    loadBalancer: { healthCheckIntervalSeconds: 10, healthyThresholdCount: 2, unhealthyThresholdCount: 2 }
    load: { rps: 40, cpuPerRequest: 10ms, latency: 30ms }
events:
  - { at: 3m, deploy: { service: api, healthEndpoint: { failsAfter: 0s } } }
`;

  it('routes to every registered target once all are unhealthy, and says so', () => {
    const { records } = runYamlChecked(yaml(3));
    const said = records.filter((r) => r.type === 'service.event' && r.cause.code === 'ALB_FAIL_OPEN');
    expect(said.length).toBeGreaterThanOrEqual(1);
    expect(describeEvent(said[0]!)).toContain('the load balancer fails open and routes requests to all');
    // Once failing open the apps (which still work) serve the traffic: the last minutes fail nothing.
    const last = minutes(records).slice(-2);
    for (const m of last) {
      expect(m.requests).toBeGreaterThan(2_000);
      expect(m.elb5xx + m.target5xx).toBe(0);
    }
  });
});

describe('the deregistration cut-off', () => {
  const yaml = (delay: number) => `name: lb
seed: 4
duration: 12m
cluster:
  platform: ecs
  vpc:
    subnets:
      - { id: a, az: us-east-1a, cidr: 10.0.0.0/22 }
services:
  - serviceName: api
    launchType: FARGATE
    desiredCount: 2
    taskDefinition:
      cpu: 256
      memory: 512
      containerDefinitions:
        - { name: api, image: api:1, imageSize: 50MB, portMappings: [{ containerPort: 8080 }], handlesSigterm: true, requestDuration: 60s, stopTimeout: 120 }
    loadBalancer: { healthCheckIntervalSeconds: 10, healthyThresholdCount: 2, deregistrationDelaySeconds: ${delay} }
    networkConfiguration:
      awsvpcConfiguration: { subnets: [a] }
    load: { rps: 20, cpuPerRequest: 5ms, latency: 100ms }
events:
  - { at: 5m, scale: { service: api, desiredCount: 1 } }
`;

  it('cuts the requests still in flight when the delay runs out, as ELB 5XX', () => {
    const { records, result } = runYamlChecked(yaml(20));
    const cut = records.filter((r): r is Extract<FleetEvent, { type: 'task.deregistration-cut' }> => r.type === 'task.deregistration-cut');
    expect(cut.length).toBe(1);
    expect(cut[0]!.cut).toBeGreaterThan(0);
    expect(cut[0]!.deregistrationDelayMs).toBe(20_000);
    const kills = records.filter((r) => r.type === 'task.sigkill').map((r) => JSON.stringify(r));
    expect(kills).toEqual([]);
    expect(result.state.services.get('api')!.traffic.dropped).toBe(cut[0]!.cut);
    // (Before 5m the only ELB 5XX are the 503s of the start, before any target was healthy.)
    expect(minutes(records).filter((m) => m.endMs > 300_000).reduce((s, m) => s + m.elb5xx, 0)).toBe(cut[0]!.cut);
    // After the cut nothing is left for SIGTERM to drain: the task exits at once.
    const stopped = records.find((r) => r.type === 'task.stopped' && r.task === cut[0]!.task)!;
    expect(stopped.time - cut[0]!.time).toBeLessThan(5_000);
  });

  it('cuts nothing when the delay outlasts the requests: deregistration completes early', () => {
    const { records, result } = runYamlChecked(yaml(90));
    expect(records.some((r) => r.type === 'task.deregistration-cut')).toBe(false);
    expect(result.state.services.get('api')!.traffic.dropped).toBe(0);
  });
});

describe('ALB slow start', () => {
  it("ramps a target's weight linearly from 0 to a full share over the duration", () => {
    expect(slowStartWeight(60_000, 60_000, 120_000)).toBe(0);
    expect(slowStartWeight(120_000, 60_000, 120_000)).toBe(0.5);
    expect(slowStartWeight(180_000, 60_000, 120_000)).toBe(1);
    expect(slowStartWeight(1_000_000, 60_000, 120_000)).toBe(1);
    // 0: off, a full share at once.
    expect(slowStartWeight(60_000, 60_000, 0)).toBe(1);
  });

  // Two pods of 0.25 vCPU answer 50 requests/s each; at 3m the load goes to 150 requests/s and
  // the workload to 4 replicas. Without slow start the new pods take 37.5 requests/s each as
  // soon as they are in service; with it they start near 0 and the old two stay saturated.
  const yaml = (slowStart: string, scale = true, replicas = 2) => `name: lb
seed: 4
duration: 12m
${oneAzEksCluster(2)}
workloads:
  - kind: Deployment
    name: api
    replicas: ${replicas}
    containers:
      - name: api
        image: api:1
        imageSize: 50MB
        resources: { requests: { cpu: 250m, memory: 256Mi } }
    loadBalancer: { healthCheckIntervalSeconds: 10, healthyThresholdCount: 2${slowStart} }
    load: { rps: { steps: [{ at: 0s, rps: 60 }, { at: 3m, rps: 150 }] }, cpuPerRequest: 5ms, latency: 30ms }
${scale ? 'events:\n  - { at: 3m, scale: { workload: api, replicas: 4 } }\n' : ''}`;

  it('keeps the old targets loaded while the new ones ramp up, and not once they have', () => {
    const plain = runYamlChecked(yaml('')).records;
    const slow = runYamlChecked(yaml(', slowStartSeconds: 300')).records;
    const inService = slow.filter((r) => r.type === 'task.in-service' && r.time > 180_000).map((r) => r.time);
    expect(inService).toHaveLength(2);
    const errorsIn = (records: readonly FleetEvent[], from: number, to: number): number =>
      records.filter((r) => r.type === 'metrics.minute' && r.time > from && r.time <= to).reduce((n, r) => n + (r.type === 'metrics.minute' ? r.minute.target5xx : 0), 0);
    // The minute after the new pods are in service: none refused without slow start, many with it.
    const after = Math.ceil(Math.max(...inService) / 60_000) * 60_000 + 60_000;
    expect(errorsIn(plain, after - 60_000, after)).toBe(0);
    expect(errorsIn(slow, after - 60_000, after)).toBeGreaterThan(500);
    // Once the 300 s have passed every target has its full share again.
    expect(errorsIn(slow, Math.max(...inService) + 300_000 + 60_000, 720_000)).toBe(0);
  });

  it('puts no target in slow start when none has a full share: the first target of a group', () => {
    // (Targets registered one at a time, as ECS and the load balancer controller do, enter slow
    // start from the second on: the first has a full share by then.)
    const off = runYamlChecked(yaml('', false, 1)).records;
    const on = runYamlChecked(yaml(', slowStartSeconds: 120', false, 1)).records;
    expect(JSON.stringify(on)).toBe(JSON.stringify(off));
  });

  it('takes 0 or 30 to 900 seconds', () => {
    const errors = yamlErrors(yaml(', slowStartSeconds: 10')).join('\n');
    expect(errors).toMatch(/must be 0 \(off\) or 30 to 900 seconds/);
    expect(errors).toContain('slowStartSeconds');
    expect(yamlErrors(yaml(', slowStartSeconds: 901')).join('\n')).toMatch(/slowStartSeconds/);
  });
});
