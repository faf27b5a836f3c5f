import { ECS_CONTROL_PLANE } from '../../src/model/params/ecs-control-plane.js';
import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import { describeEvent } from '../../src/report/describe/index.js';
import { runYamlChecked, yamlErrors } from '../support/scenario-runner.js';

/** Fargate's launch rate and vCPU quotas (src/controllers/fargate/launch-gate.ts; docs/models.md, "Service quotas"). */

/** Services scaling at 1m. Their image is in ECR: every Fargate task pulls, and from Docker Hub the bursts would meet its pull rate limit (100 per NAT gateway address) before the launch quotas. */
function fargate(services: readonly { name: string; from: number; to: number; spot?: boolean }[], quotas = '', cpu = 256): string {
  return `name: quotas
seed: 3
duration: 15m
cluster:
  platform: ecs
  vpc:
    subnets:
      - { id: a, az: us-east-1a, cidr: 10.0.0.0/19 }
      - { id: b, az: us-east-1b, cidr: 10.0.32.0/19 }
services:
${services
  .map(
    (s) => `  - serviceName: ${s.name}
    ${s.spot === true ? 'capacityProviderStrategy: [{ capacityProvider: FARGATE_SPOT, weight: 1 }]' : 'launchType: FARGATE'}
    desiredCount: ${s.from}
    taskDefinition:
      cpu: ${cpu}
      memory: ${cpu * 2}
      containerDefinitions: [{ name: c, image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/c:1, imageSize: 50MB }]
    networkConfiguration:
      awsvpcConfiguration: { subnets: [a, b] }`,
  )
  .join('\n')}
events:
${services.map((s) => `  - { at: 1m, scale: { service: ${s.name}, desiredCount: ${s.to} } }`).join('\n')}
${quotas}
`;
}

/** The scale-out at 1m reaches the service scheduler after its reaction time (src/model/params/ecs-control-plane.ts). */
const T0 = 60_000 + ECS_CONTROL_PLANE.serviceSchedulerReactionMs;

/** When each task got its ENI (it left the gate), in ms. */
function launchTimes(records: readonly FleetEvent[], service?: string): number[] {
  return records.filter((r) => r.type === 'task.eni-attached' && (service === undefined || r.service === service)).map((r) => r.time);
}

describe('the Fargate launch gate', () => {
  it('launches the burst at once, then 20 a second (the account bucket)', () => {
    const { records } = runYamlChecked(fargate([{ name: 'a', from: 0, to: 300 }]));
    const at = launchTimes(records);
    expect(at.length).toBe(300);
    expect(at.filter((t) => t === T0).length).toBe(100);
    // The 101st a refill interval (50 ms) after the burst; the 300th 200 tokens (10 s) after it.
    expect(at[100]).toBe(T0 + 50);
    expect(at[299]).toBe(T0 + 10_000);
  });

  it("holds one service to its 500 tasks a minute", () => {
    const { records } = runYamlChecked(fargate([{ name: 'a', from: 0, to: 900 }]));
    const at = launchTimes(records);
    // 500 tokens at the start (the bucket was full), then 8.33 a second: the 900th ~48 s later.
    const last = at[899]! - T0;
    expect(last).toBeGreaterThan(47_000);
    expect(last).toBeLessThan(49_000);
    const firstMinute = at.filter((t) => t < T0 + 60_000).length;
    expect(firstMinute).toBe(900);
  });

  it('takes waiting services in turns, so one burst does not starve another', () => {
    const { records } = runYamlChecked(fargate([{ name: 'a', from: 0, to: 400 }, { name: 'b', from: 0, to: 400 }]));
    // The burst goes to whoever asked first (a's tasks, at the same instant); the refills alternate.
    expect(launchTimes(records, 'a').filter((t) => t === T0).length).toBe(100);
    const by = (s: string, t: number): number => launchTimes(records, s).filter((x) => x > T0 && x <= t).length;
    expect(by('a', T0 + 10_000)).toBe(100);
    expect(by('b', T0 + 10_000)).toBe(100);
    expect(by('a', T0 + 60_000) + by('b', T0 + 60_000)).toBe(700);
  });

  it('keeps a separate bucket for Fargate Spot', () => {
    const { records } = runYamlChecked(fargate([{ name: 'od', from: 0, to: 100 }, { name: 'sp', from: 0, to: 100, spot: true }]));
    expect(launchTimes(records).filter((t) => t === T0).length).toBe(200);
  });

  it("waits at the vCPU quota with ECS's wording, and launches when tasks stop", () => {
    const yaml = fargate([{ name: 'a', from: 0, to: 12 }], 'quotas: { fargate: { onDemandVcpu: 10 } }', 1024);
    const { records, result } = runYamlChecked(yaml);
    expect(result.state.services.get('a')!.counts.RUNNING).toBe(10);
    const said = records.filter((r) => r.type === 'service.event').map(describeEvent);
    expect(said).toContain("(service a) was unable to place a task. Reason: You've reached the limit on the number of vCPUs you can run concurrently (Fargate On-Demand vCPU resource count: 10). For more information, see the Troubleshooting section.");
    const after = runYamlChecked(yaml.replace('events:\n', 'events:\n  - { at: 5m, scale: { service: a, desiredCount: 8 } }\n  - { at: 6m, scale: { service: a, desiredCount: 12 } }\n'));
    expect(after.result.state.services.get('a')!.counts.RUNNING).toBe(10);
  });

  it('takes its figures from quotas:, and checks them', () => {
    const { records } = runYamlChecked(fargate([{ name: 'a', from: 0, to: 50 }], 'quotas: { fargate: { launchBurst: 10, launchesPerSecond: 1 } }'));
    const at = launchTimes(records);
    expect(at.filter((t) => t === T0).length).toBe(10);
    expect(at[49]).toBe(T0 + 40_000);
    expect(yamlErrors(fargate([{ name: 'a', from: 0, to: 1 }], 'quotas: { fargate: { launchBurst: 0 } }')).join('\n')).toMatch(/launchBurst/);
  });
});
