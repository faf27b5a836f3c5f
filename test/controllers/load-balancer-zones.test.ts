import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import { runYamlChecked, yamlErrors } from '../support/scenario-runner.js';

/** The ALB's nodes per AZ (docs/models.md, "Load balancer rules", item 6): zonal routing, cross-zone on and off, DNS failover. */

type Minute = Extract<FleetEvent, { type: 'metrics.minute' }>['minute'];
const minutes = (records: readonly FleetEvent[]): Minute[] =>
  records.filter((r): r is Extract<FleetEvent, { type: 'metrics.minute' }> => r.type === 'metrics.minute').map((r) => r.minute);
const sum = (ms: readonly Minute[], from: number, to: number, f: (m: Minute) => number): number => ms.filter((m) => m.endMs > from && m.endMs <= to).reduce((n, m) => n + f(m), 0);

// Fargate tasks in three AZs behind an ALB; each 0.5 vCPU task serves 50 requests/s (10 ms each).
const yaml = (tasks: number, rps: number, extra: string, events = '') => `name: zones
seed: 3
duration: 12m
cluster:
  platform: ecs
  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/22 }
      - { az: us-east-1b, cidr: 10.0.4.0/22 }
      - { az: us-east-1c, cidr: 10.0.8.0/22 }
services:
  - serviceName: api
    launchType: FARGATE
    desiredCount: ${tasks}
    taskDefinition:
      cpu: 512
      memory: 1024
      containerDefinitions: [{ name: api, image: api:1, imageSize: 50MB, readyAfter: 2s, portMappings: [{ containerPort: 8080 }] }]
    loadBalancer: { healthCheckIntervalSeconds: 10, healthyThresholdCount: 2${extra} }
    load: { rps: { steps: [{ at: 0s, rps: 0 }, { at: 3m, rps: ${rps} }] }, cpuPerRequest: 10ms, latency: 20ms }
${events}`;

describe('cross-zone load balancing', () => {
  // Four tasks spread 2/1/1 over three AZs, 165 requests/s: 41 per task with cross-zone on (82 %
  // CPU); off, each node takes 55 requests/s to its own zone, more than a lone target there serves.
  it('is on by default: every node routes to every target, so uneven zones do not matter', () => {
    const ms = minutes(runYamlChecked(yaml(4, 165, '')).records);
    expect(sum(ms, 240_000, 720_000, (m) => m.target5xx + m.elb5xx)).toBe(0);
  });

  it("off, a node routes only to its own zone's targets: a zone with fewer is overloaded", () => {
    const ms = minutes(runYamlChecked(yaml(4, 165, ', crossZoneLoadBalancing: false')).records);
    // The two lone targets refuse 5 of their 55 requests/s each: ~10 a second, 600 a minute.
    const refused = sum(ms, 300_000, 720_000, (m) => m.target5xx);
    expect(refused).toBeGreaterThan(7 * 500);
    expect(refused).toBeLessThan(7 * 700);
    expect(sum(ms, 300_000, 720_000, (m) => m.elb5xx)).toBe(0);
  });

  it('off, an even spread behaves as on', () => {
    const on = minutes(runYamlChecked(yaml(6, 150, '')).records);
    const off = minutes(runYamlChecked(yaml(6, 150, ', crossZoneLoadBalancing: false')).records);
    expect(sum(off, 240_000, 720_000, (m) => m.target5xx + m.elb5xx)).toBe(0);
    expect(off.at(-1)!.cpuUtilization).toBeCloseTo(on.at(-1)!.cpuUtilization, 6);
  });

  it('cannot be off with slow start (not modelled)', () => {
    expect(yamlErrors(yaml(4, 165, ', crossZoneLoadBalancing: false, slowStartSeconds: 60')).join('\n')).toMatch(/crossZoneLoadBalancing.*|slow start with cross-zone load balancing off is not modelled/);
  });
});

describe("an impaired AZ's load balancer node", () => {
  const outage = (instances = 1) => `events:\n  - { at: 5m, azImpairment: { az: us-east-1b, duration: 3m, instances: ${instances} } }\n`;

  it("fails its share of requests until DNS drops it and clients' caches expire", () => {
    const ms = minutes(runYamlChecked(yaml(6, 150, '', outage())).records);
    // 50 requests/s to the node for 30 s, then falling to 0 over the 60 s TTL: ~3,000 fail
    // (a little more in 5 s load ticks, each counting its whole tick at its start's share).
    const failed = sum(ms, 300_000, 480_000, (m) => m.elb5xx);
    expect(failed).toBeGreaterThan(2_800);
    expect(failed).toBeLessThan(3_500);
    // Its Fargate tasks were lost at once, and nothing failed before the outage or after DNS moved on.
    expect(sum(ms, 0, 300_000, (m) => m.elb5xx + m.target5xx)).toBe(0);
    expect(sum(ms, 420_000, 720_000, (m) => m.elb5xx + m.target5xx)).toBe(0);
  });

  it('keeps routing in a partial impairment', () => {
    const ms = minutes(runYamlChecked(yaml(6, 150, '', outage(0.5))).records);
    expect(sum(ms, 300_000, 720_000, (m) => m.elb5xx)).toBeLessThan(100);
  });
});
