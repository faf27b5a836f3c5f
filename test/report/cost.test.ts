import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import { DEFAULT_PRICING, fargateHourlyUsd } from '../../src/model/pricing.js';
import { CostReport, type CostResult } from '../../src/report/cost.js';
import { StringSink } from '../../src/report/text-sink.js';
import { runSimulation } from '../../src/run.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { describeEvent, entityOf } from '../../src/report/describe/index.js';

/** Runs a scenario text with the cost report and keeps the trace to check it against. */
function run(text: string): { bill: CostResult; records: FleetEvent[] } {
  const loaded = loadScenario('cost-test.yaml', text);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => `${d.line}:${d.column} ${d.path}: ${d.message}`).join('\n'));
  const cost = new CostReport(loaded.spec);
  const records: FleetEvent[] = [];
  const result = runSimulation(loaded.spec, { listeners: [cost.listener, (r) => records.push(r)] });
  return { bill: cost.finish(result.durationMs), records };
}

const ECS = (pricing = ''): string => `name: cost-test
seed: 3
duration: 10m
cluster:
  platform: ecs
  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/22 }, { az: us-east-1b, cidr: 10.0.4.0/22 }] }
  availabilityZones: [us-east-1a, us-east-1b]
  autoScalingGroups: [{ name: hosts, instanceType: m5.large, desiredCapacity: 2 }]
services:
  - serviceName: on-ec2
    desiredCount: 2
    taskDefinition: { cpu: 512, memory: 1024, containerDefinitions: [{ name: a, image: a:1, imageSize: 50MB }] }
  - serviceName: on-fargate
    desiredCount: 2
    capacityProviderStrategy: [{ capacityProvider: FARGATE, base: 1, weight: 0 }, { capacityProvider: FARGATE_SPOT, weight: 1 }]
    taskDefinition: { cpu: 512, memory: 1024, containerDefinitions: [{ name: f, image: f:1, imageSize: 50MB }] }
  - serviceName: short
    launchType: FARGATE
    desiredCount: 1
    taskDefinition: { cpu: 256, memory: 512, containerDefinitions: [{ name: s, image: s:1, imageSize: 5MB }] }
events:
  - { at: 20s, scale: { service: short, desiredCount: 0 } }
${pricing}`;

describe('cost accrual', () => {
  it('bills EC2 instances per second from launch to the end of the run', () => {
    const { bill, records } = run(ECS());
    const launches = records.filter((r) => r.type === 'host.launched');
    expect(launches).toHaveLength(2);
    const expected = launches.reduce((a, r) => a + Math.ceil((600_000 - r.time) / 1000), 0) / 3600;
    const row = bill.rows.find((r) => r.resource === 'ec2 m5.large')!;
    expect(row).toMatchObject({ category: 'compute', service: 'hosts', capacityType: 'on-demand', count: 2, unit: 'instance-hours' });
    expect(row.usage).toBeCloseTo(expected, 9);
    expect(row.usd).toBeCloseTo(expected * 0.096, 9);
    // Both instances run through the projection window: 2 x $0.096 x 730.
    expect(row.monthlyUsd).toBeCloseTo(140.16, 6);
  });

  it('bills Fargate tasks from the image pull to the stop, Fargate Spot at its discount, with a 60 s minimum', () => {
    const { bill, records } = run(ECS());
    const pendingAt = new Map<string, number>();
    const stoppedAt = new Map<string, number>();
    for (const r of records) {
      if (r.type === 'task.status-changed' && r.to === 'PENDING') pendingAt.set(entityOf(r), r.time);
      if (r.type === 'task.stopped') stoppedAt.set(entityOf(r), r.time);
    }
    const spotTasks = new Set(records.filter((r) => r.type === 'task.created' && describeEvent(r).endsWith('on FARGATE_SPOT')).map((r) => entityOf(r)));
    const fargateTasks = records.filter((r) => r.type === 'task.created' && r.service === 'on-fargate').map((r) => entityOf(r));
    expect(spotTasks.size).toBe(1);
    const hours = (id: string): number => Math.max(60, Math.ceil(((stoppedAt.get(id) ?? 600_000) - pendingAt.get(id)!) / 1000)) / 3600;
    const rate = fargateHourlyUsd(DEFAULT_PRICING, 0.5, 1024);
    const regular = bill.rows.find((r) => r.service === 'on-fargate' && r.capacityType === 'fargate')!;
    const spot = bill.rows.find((r) => r.service === 'on-fargate' && r.capacityType === 'fargate-spot')!;
    const regularId = fargateTasks.find((t) => !spotTasks.has(t))!;
    const spotId = fargateTasks.find((t) => spotTasks.has(t))!;
    expect(regular.resource).toBe('fargate 0.5 vCPU 1 GB');
    expect(regular.usage).toBeCloseTo(hours(regularId), 9);
    expect(regular.usd).toBeCloseTo(hours(regularId) * rate, 9);
    expect(spot.usd).toBeCloseTo(hours(spotId) * rate * (1 - DEFAULT_PRICING.fargate.spotDiscount), 9);
    // The short task ran well under a minute and is billed the minimum; it is gone from the projection.
    const short = entityOf(records.find((r) => r.type === 'task.created' && r.service === 'short')!);
    expect(stoppedAt.get(short)! - pendingAt.get(short)!).toBeLessThan(60_000);
    const shortRow = bill.rows.find((r) => r.service === 'short')!;
    expect(shortRow.usage * 3600).toBeCloseTo(60, 6);
    expect(shortRow.monthlyUsd).toBe(0);
  });

  it('bills nothing for EC2-launch tasks and sums the run and the month by category', () => {
    const { bill } = run(ECS());
    expect(bill.rows.some((r) => r.service === 'on-ec2')).toBe(false);
    const compute = bill.rows.filter((r) => r.category === 'compute').reduce((a, r) => a + r.usd, 0);
    expect(bill.summary.totalUsd).toBeCloseTo(compute, 2);
    expect(bill.summary.byCategory).toMatchObject({ controlPlane: 0, loadBalancer: 0, dataTransfer: 0 });
    expect(bill.summary.monthly.windowS).toBe(150);
    expect(bill.summary.monthly.method).toContain('730 h');
  });

  it("applies the scenario's price overrides and a partial Reserved Instance coverage", () => {
    const { bill } = run(ECS('pricing:\n  ec2: { onDemandHourly: { m5.large: 1 } }\n  commitment: { type: reserved-instances, discount: 0.5, coverage: 0.5 }\n'));
    const ri = bill.rows.find((r) => r.resource === 'ec2 m5.large' && r.capacityType === 'reserved')!;
    const od = bill.rows.find((r) => r.resource === 'ec2 m5.large' && r.capacityType === 'on-demand')!;
    expect(ri.usage).toBeCloseTo(od.usage, 9);
    expect(ri.usd / ri.usage).toBeCloseTo(0.5, 9);
    expect(od.usd / od.usage).toBeCloseTo(1, 9);
    expect(ri.monthlyUsd + od.monthlyUsd).toBeCloseTo(2 * 730 * 0.75, 6);
  });

  it('bills the EKS control plane, the ALB by the (partial) hour with LCUs, and data transfer from the requests', () => {
    const { bill, records } = run(`name: eks-cost
seed: 2
duration: 10m
cluster:
  platform: eks
  coreDns: false
  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/22 }] }
  availabilityZones: [us-east-1a]
  nodeGroups: [{ name: nodes, instanceType: m5.large, desiredSize: 1 }]
workloads:
  - kind: Deployment
    name: api
    replicas: 2
    containers: [{ name: api, image: api:1, imageSize: 50MB, resources: { requests: { cpu: 250m, memory: 256Mi } } }]
    loadBalancer: { healthCheckIntervalSeconds: 10, healthyThresholdCount: 2 }
    load: { rps: 20, cpuPerRequest: 10ms }
`);
    const cp = bill.rows.find((r) => r.category === 'control-plane')!;
    expect(cp.usd).toBeCloseTo((0.1 * 600) / 3600, 9);
    expect(cp.monthlyUsd).toBeCloseTo(73, 9);
    const alb = bill.rows.find((r) => r.resource === 'alb')!;
    expect(alb).toMatchObject({ service: 'api', usage: 1, unit: 'ALB-hours' });
    expect(alb.usd).toBeCloseTo(0.0225, 9);
    const minutes = records.filter((r) => r.type === 'metrics.minute').map((r) => r.minute!);
    const ok = minutes.reduce((a, m) => a + m.requests - m.target5xx - m.elb5xx, 0);
    const dt = bill.rows.find((r) => r.category === 'data-transfer')!;
    expect(dt.usage).toBeCloseTo((ok * 2048) / 1024 ** 3, 9);
    expect(dt.usd).toBeCloseTo(dt.usage * 0.09, 9);
    expect(bill.rows.find((r) => r.resource === 'alb lcu')!.usage).toBeGreaterThan(0);
  });

  it('reads instance type, capacity type and group from typed host.launched fields', () => {
    const { records } = run(ECS());
    const launch = records.find((r) => r.type === 'host.launched')!;
    expect(launch.instanceType).toMatch(/^[a-z0-9]+\.[a-z0-9]+$/);
    expect(launch.capacityType).toBe('on-demand');
    expect(launch.group).toBeTruthy();
    // The text still says the same for people reading events.csv.
    expect(describeEvent(launch).startsWith(launch.instanceType!)).toBe(true);
  });

  it('writes cost.csv with one line per resource, service and capacity type', () => {
    const { bill } = run(ECS());
    const sink = new StringSink();
    CostReport.write(bill.rows, sink);
    const lines = sink.toString().trim().split('\n');
    expect(lines[0]).toBe('category,resource,service,capacity_type,count,usage,unit,usd,monthly_usd');
    expect(lines.length).toBe(bill.rows.length + 1);
    expect(lines.some((l) => l.startsWith('compute,ec2 m5.large,hosts,on-demand,2,'))).toBe(true);
  });

  it("compiles a scenario's pricing section over the defaults, and rejects unknown types and keys", () => {
    const base = ECS().replace('name: cost-test', 'name: p');
    const plain = loadScenario('p.yaml', base);
    expect(plain.ok && plain.spec.pricing).toEqual(DEFAULT_PRICING);
    const sp = loadScenario('p.yaml', `${base}pricing:\n  commitment: { type: savings-plan }\n  requests: { responseBytes: 4096, connectionDuration: 1m }\n  projectionWindow: 2m\n`);
    expect(sp.ok).toBe(true);
    if (sp.ok) {
      expect(sp.spec.pricing!.commitment).toEqual({ type: 'savings-plan', ec2Discount: 0.36, fargateDiscount: 0.2, coverage: 1 });
      expect(sp.spec.pricing!.requests.responseBytes).toBe(4096);
      expect(sp.spec.pricing!.requests.connectionMs).toBe(60_000);
      expect(sp.spec.pricing!.projectionWindowMs).toBe(120_000);
    }
    const badType = loadScenario('p.yaml', `${base}pricing:\n  ec2: { onDemandHourly: { m9.huge: 1 } }\n`);
    expect(badType.ok).toBe(false);
    if (!badType.ok) expect(badType.diagnostics[0]!.path).toContain('pricing');
    const badKey = loadScenario('p.yaml', `${base}pricing:\n  fargate: { vcpuHours: 1 }\n`);
    expect(badKey.ok).toBe(false);
  });
});

describe('EBS volumes in the bill (storage)', () => {
  const spec = (): ReturnType<typeof loadScenario> => loadScenario('cost-test.yaml', ECS());

  it('bills each volume per GB-month from provisioning to deletion, at least 60 s, and projects the ones still there', () => {
    const loaded = spec();
    if (!loaded.ok) throw new Error('scenario');
    const cost = new CostReport(loaded.spec);
    const hour = 3_600_000;
    cost.listener({ type: 'volume.provisioned', time: 0, volume: 'vol-1', claim: 'data-db-0', service: 'db', az: 'us-east-1a', volumeType: 'gp3', sizeGiB: 100 });
    cost.listener({ type: 'volume.provisioned', time: hour, volume: 'vol-2', claim: 'data-db-1', service: 'db', az: 'us-east-1b', volumeType: 'gp3', sizeGiB: 100 });
    cost.listener({ type: 'volume.provisioned', time: 0, volume: 'vol-3', claim: 'logs-0', service: 'db', az: 'us-east-1a', volumeType: 'io2', sizeGiB: 10 });
    cost.listener({ type: 'volume.deleted', time: 10_000, volume: 'vol-3', claim: 'logs-0', service: 'db' });
    const bill = cost.finish(2 * hour);
    const gp3 = bill.rows.find((r) => r.resource === 'ebs gp3')!;
    // 100 GB for 2 h + 100 GB for 1 h, at $0.08 per GB-month of 730 h.
    expect(gp3).toMatchObject({ category: 'storage', service: 'db', count: 2, unit: 'GB-months' });
    expect(gp3.usage).toBeCloseTo((100 * 3) / 730, 9);
    expect(gp3.usd).toBeCloseTo((100 * 3 * 0.08) / 730, 9);
    // Both are there through the projection window (the last 30 min): 200 GB x $0.08.
    expect(gp3.monthlyUsd).toBeCloseTo(16, 6);
    const io2 = bill.rows.find((r) => r.resource === 'ebs io2')!;
    // Deleted after 10 s: billed the 60 s minimum, gone from the projection.
    expect(io2.usd).toBeCloseTo((10 * 0.125 * 60) / 3600 / 730, 12);
    expect(io2.monthlyUsd).toBe(0);
    expect(bill.summary.byCategory.storage).toBeCloseTo(Math.round((gp3.usd + io2.usd) * 100) / 100, 9);
    expect(bill.summary.monthly.byCategory.storage).toBe(16);
  });

  it('has no storage category when the run provisioned no volume', () => {
    const { bill } = run(ECS());
    expect(bill.summary.byCategory.storage).toBeUndefined();
    expect(bill.rows.some((r) => r.category === 'storage')).toBe(false);
  });
});
