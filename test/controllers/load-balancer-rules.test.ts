import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import { describeEvent } from '../../src/report/describe/index.js';
import { oneAzEksCluster, runYamlChecked } from '../support/scenario-runner.js';

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
