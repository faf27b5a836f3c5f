import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runChecked } from '../support/scenario-runner.js';
import { describeEvent, entityOf } from '../../src/report/describe/index.js';

function run(text: string): ReturnType<typeof runChecked> {
  const loaded = loadScenario('t.yaml', text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  return runChecked(loaded.spec, { everyEvent: true });
}

const ECS = (events: string, maxSize = 6): string => `name: t
duration: 15m
cluster:
  platform: ecs
  autoScalingGroups: [{ name: g, instanceType: m5.large, desiredCapacity: 2, maxSize: ${maxSize} }]
services:
  - serviceName: api
    desiredCount: 6
    taskDefinition: { cpu: 1024, memory: 1024, containerDefinitions: [{ name: api, image: api:1, imageSize: 100MB }] }
events: ${events}
`;

describe('Auto Scaling groups', () => {
  it('launches instances with launch, boot and agent registration latency; waiting tasks then run', () => {
    const r = run(ECS('[{ at: 1m, scale: { autoScalingGroup: g, desiredCapacity: 3 } }]'));
    expect(r.violations).toEqual([]);
    const launched = r.records.filter((x) => x.type === 'host.launched' && x.time > 0);
    const registered = r.records.filter((x) => x.type === 'host.registered' && x.time > 0);
    expect(launched.length).toBe(1);
    const boot = (registered[0]!.time - launched[0]!.time) / 1000;
    expect(boot).toBeGreaterThan(20);
    expect(boot).toBeLessThan(70);
    expect(r.result.state.services.get('api')!.counts.RUNNING).toBe(6);
  });

  it('clamps desired capacity to maxSize and says so', () => {
    const r = run(ECS('[{ at: 1m, scale: { autoScalingGroup: g, desiredCapacity: 10 } }]', 4));
    const change = r.records.find((x) => x.type === 'asg.desired-changed')!;
    expect(describeEvent(change)).toMatch(/desired 2 -> 4 .*asked 10, limits 0\.\.4/);
    expect(r.result.state.hosts.filter((h) => h.status === 'ACTIVE').length).toBe(4);
  });

  it('scale-in behind a capacity provider (managed draining) drains an instance, replaces its tasks elsewhere, then terminates it', () => {
    // A plain group terminates at once instead (test/controllers/scale-in-drain.test.ts).
    const yaml = ECS('[{ at: 1m, scale: { autoScalingGroup: g, desiredCapacity: 4 } }, { at: 5m, scale: { autoScalingGroup: g, desiredCapacity: 3 } }]');
    const r = run(yaml.replace('maxSize: 6 }]\n', 'maxSize: 6 }]\n  capacityProviders: [{ name: cp, autoScalingGroup: g }]\n'));
    expect(r.violations).toEqual([]);
    const drained = r.records.find((x) => x.type === 'host.draining')!;
    const terminated = r.records.find((x) => x.type === 'host.terminated')!;
    expect(entityOf(terminated)).toBe(entityOf(drained));
    expect(terminated.time).toBeGreaterThanOrEqual(drained.time);
    expect(r.result.state.services.get('api')!.counts.RUNNING).toBe(6);
  });

  it('EKS node groups: cordon and drain evicts pods, which the Deployment replaces', () => {
    const r = run(`name: t
duration: 15m
cluster:
  platform: eks
  coreDns: false
  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/20 }, { az: us-east-1b, cidr: 10.0.16.0/20 }, { az: us-east-1c, cidr: 10.0.32.0/20 }] }
  nodeGroups: [{ name: ng, instanceType: m5.xlarge, desiredSize: 3, maxSize: 5 }]
workloads:
  - kind: Deployment
    name: web
    replicas: 9
    containers: [{ name: web, image: web:1, imageSize: 50MB, resources: { requests: { cpu: 500m, memory: 512Mi } } }]
events: [{ at: 5m, scale: { nodeGroup: ng, desiredSize: 2 } }]
`);
    expect(r.violations).toEqual([]);
    expect(r.records.some((x) => x.type === 'host.terminated')).toBe(true);
    expect(r.records.some((x) => x.type === 'task.status-changed' && describeEvent(x).includes('being drained'))).toBe(true);
    expect(r.result.state.services.get('web')!.counts.RUNNING).toBe(9);
  });
});

describe('instance failures', () => {
  it('EKS: a failed node turns NotReady after 40-55 s (node-monitor-grace-period 50 s); its pods are evicted 300 s later and replaced', () => {
    const r = run(`name: t
duration: 15m
seed: 4
cluster:
  platform: eks
  coreDns: false
  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/20 }, { az: us-east-1b, cidr: 10.0.16.0/20 }, { az: us-east-1c, cidr: 10.0.32.0/20 }] }
  nodeGroups: [{ name: ng, instanceType: m5.xlarge, desiredSize: 3 }]
workloads:
  - kind: Deployment
    name: web
    replicas: 6
    containers: [{ name: web, image: web:1, imageSize: 50MB, resources: { requests: { cpu: 500m, memory: 512Mi } } }]
events: [{ at: 2m, nodeFailure: { count: 1 } }]
`);
    expect(r.violations).toEqual([]);
    const failed = r.records.find((x) => x.type === 'host.failed')!;
    const notReady = r.records.find((x) => x.type === 'node.tainted')!;
    // Last Lease renewal at the failure (2m, renewals every 10 s from 0) + 50 s, at the next 5-s pass.
    expect(notReady.time - failed.time).toBe(55_000);
    const eviction = r.records.find((x) => x.type === 'pod.event' && describeEvent(x).startsWith('TaintManagerEviction'));
    // The Auto Scaling health check (2 min) replaces the instance before the 300 s toleration ends.
    const replaced = r.records.find((x) => x.type === 'host.terminated')!;
    expect(replaced.time - failed.time).toBe(120_000);
    expect(eviction).toBeUndefined();
    expect(r.result.state.services.get('web')!.counts.RUNNING).toBe(6);
  });

  it('ECS: an AZ outage takes out every instance there; Auto Scaling replaces them and the tasks come back', () => {
    const r = run(`name: t
duration: 15m
cluster:
  platform: ecs
  autoScalingGroups: [{ name: g, instanceType: m5.large, desiredCapacity: 3 }]
services:
  - serviceName: api
    desiredCount: 6
    taskDefinition: { cpu: 512, memory: 1024, containerDefinitions: [{ name: api, image: api:1, imageSize: 100MB }] }
events: [{ at: 2m, nodeFailure: { az: us-east-1a } }]
`);
    expect(r.violations).toEqual([]);
    expect(r.records.filter((x) => x.type === 'host.failed').length).toBe(1);
    expect(r.records.some((x) => x.type === 'task.stopped' && describeEvent(x).includes('terminated'))).toBe(true);
    expect(r.result.state.services.get('api')!.counts.RUNNING).toBe(6);
  });
});
