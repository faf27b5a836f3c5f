import { COREDNS } from '../../src/model/params/coredns.js';
import { EKS_TIMING } from '../../src/model/params/eks-timing.js';
import { dnsQueryDropWithRetries, lookupOutcome } from '../../src/model/dns.js';
import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import { oneAzEksCluster, runYamlChecked, yamlErrors } from '../support/scenario-runner.js';
import { describeEvent } from '../../src/report/describe/index.js';

/**
 * EKS control-plane failure modes (docs/models.md, "CoreDNS" and "API server throttling"):
 * DNS lookups through CoreDNS under load and crashes; API Priority and Fairness 429s delaying
 * pod creation.
 */

function scenario(options: { coreDns?: string; load?: string; workload?: string; events?: string; duration?: string }): string {
  return `name: control-plane
seed: 9
duration: ${options.duration ?? '15m'}
cluster:
  platform: eks
  coreDns: ${options.coreDns ?? 'true'}
  availabilityZones: [us-east-1a]
  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/20 }
  nodeGroups:
    - { name: g, instanceType: m5.2xlarge, desiredSize: 3 }
workloads:
${options.workload ?? `  - kind: Deployment
    name: api
    replicas: 10
    containers:
      - name: api
        image: api:1
        imageSize: 50MB
        resources: { requests: { cpu: 500m, memory: 256Mi } }
    loadBalancer: { healthCheckIntervalSeconds: 10, healthyThresholdCount: 2 }
    load:
      rps: 1000
      cpuPerRequest: 2ms
${options.load ?? ''}`}
events:
${options.events ?? '  []'}
`.replace('events:\n  []\n', '');
}

function run(yaml: string): FleetEvent[] {
  return runYamlChecked(yaml, { file: 'control-plane.yaml' }).records;
}

function errorsOf(yaml: string): string[] {
  return yamlErrors(yaml, 'control-plane.yaml');
}

const dnsFailed = (records: readonly FleetEvent[]): number => records.filter((r) => r.type === 'dns.lookups-failed').reduce((n, r) => n + r.requests, 0);
const target5xx = (records: readonly FleetEvent[]): number => records.filter((r) => r.type === 'metrics.minute').reduce((n, r) => n + r.minute.target5xx, 0);
/** When each pod created by the scale event got a node, seconds after it. */
const placedAfter = (records: readonly FleetEvent[], atMs: number): number[] =>
  records.filter((r) => r.type === 'task.placed' && r.service === 'web' && r.time >= atMs).map((r) => (r.time - atMs) / 1000);
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('CoreDNS', () => {
  it('leaves a run without DNS lookups byte-identical', () => {
    const without = run(scenario({}));
    const zero = run(scenario({ load: '      dnsLookupsPerRequest: 0\n' }));
    expect(JSON.stringify(zero)).toBe(JSON.stringify(without));
  });

  it('fails no request while CoreDNS has capacity (8,000 of 10,000 queries/s)', () => {
    // 4 lookups of a Service's short name: its first search candidate answers, an A and an AAAA query each.
    const records = run(scenario({ load: '      dnsLookupsPerRequest: 4\n' }));
    expect(dnsFailed(records)).toBe(0);
    // The only 5XX are the first pods' overload as they come into service, as without DNS.
    expect(target5xx(records)).toBe(target5xx(run(scenario({}))));
  });

  it('fails requests whose lookups exceed capacity only when their tries run out, and slows the rest', () => {
    // 1,000 requests/s x 6 lookups x 2 queries = 12,000 queries/s > 10,000: 1/6 dropped before
    // retries; the retries of what is dropped (5 s later) add queries, so the drop settles higher.
    const records = run(scenario({ load: '      dnsLookupsPerRequest: 6\n      dnsName: orders\n' }));
    const resolver = COREDNS.resolver;
    const drop = dnsQueryDropWithRetries(1, 10_000, (f) => 6_000 * lookupOutcome(f, 1, resolver).queries);
    expect(drop).toBeGreaterThan(1 / 6);
    const outcome = lookupOutcome(drop, 1, resolver);
    const failed = dnsFailed(records);
    expect(failed).toBeGreaterThan(0);
    const minute = records.find((r) => r.type === 'dns.lookups-failed' && r.time === 300_000)!;
    expect(minute.type === 'dns.lookups-failed' && minute.requests).toBe(Math.round(60_000 * (1 - outcome.success ** 6)));
    expect(target5xx(records)).toBeGreaterThanOrEqual(failed - 15);
    expect(records.some((r) => r.type === 'service.event' && describeEvent(r).startsWith('dial tcp: lookup orders on 172.20.0.10:53: read udp: i/o timeout'))).toBe(true);
    // Latency first: the requests that succeed waited on timeouts (6 lookups x the mean delay).
    const rt = records.find((r) => r.type === 'metrics.minute' && r.time === 300_000)!;
    expect(rt.type === 'metrics.minute' && rt.minute.targetResponseTimeMs).toBeGreaterThan(6 * outcome.delayMsIfSuccess);
    expect(outcome.delayMsIfSuccess).toBeGreaterThan(1_000);
  });

  it("multiplies queries through the search list for a name with fewer dots than ndots:5", () => {
    // A cluster FQDN without its trailing dot (4 dots) tries 4 NXDOMAIN candidates first: 10
    // queries a lookup, 20,000 queries/s for 2 lookups; with the trailing dot, 4,000.
    const relative = run(scenario({ load: '      dnsLookupsPerRequest: 2\n      dnsName: orders.default.svc.cluster.local\n' }));
    expect(dnsFailed(relative)).toBeGreaterThan(0);
    const changed = relative.find((r) => r.type === 'dns.resolution-changed')!;
    expect(changed.type === 'dns.resolution-changed' && changed.offeredQps).toBeGreaterThanOrEqual(20_000);
    const absolute = run(scenario({ load: '      dnsLookupsPerRequest: 2\n      dnsName: orders.default.svc.cluster.local.\n' }));
    expect(dnsFailed(absolute)).toBe(0);
  });

  it('stops the failures when CoreDNS has more replicas', () => {
    const records = run(scenario({ coreDns: '{ replicas: 3 }', load: '      dnsLookupsPerRequest: 6\n' }));
    expect(dnsFailed(records)).toBe(0);
  });

  it('fails every lookup while crashed CoreDNS pods wait for their restart, then recovers', () => {
    const records = run(scenario({ load: '      dnsLookupsPerRequest: 2\n', events: '  - { at: 5m, corednsFailure: { replicas: 2 } }' }));
    const events = records.filter((r) => r.type === 'service.event' && r.service === 'api').map((r) => `${r.time / 1000}: ${describeEvent(r)}`);
    expect(events.some((e) => e.startsWith('300:') && e.includes('no CoreDNS replica is Ready'))).toBe(true);
    const recovered = records.find((r) => r.type === 'service.event' && r.service === 'api' && describeEvent(r).startsWith('DNS lookups of'))!;
    // kubelet's first crash back-off is 10 s; the next load tick sees them Ready.
    expect(recovered.time).toBeGreaterThanOrEqual(310_000);
    expect(recovered.time).toBeLessThanOrEqual(320_000);
    expect(records.filter((r) => r.type === 'container.restarted' && r.service === 'coredns')).toHaveLength(2);
    // Two ticks of 5 s without DNS: 10 s x 1,000 requests/s.
    expect(dnsFailed(records)).toBe(10_000);
  });

  it('crashes CoreDNS pods at a rate, each arrival restarting them with a longer back-off', () => {
    const records = run(scenario({ load: '      dnsLookupsPerRequest: 2\n', events: '  - { at: 5m, until: 8m, every: 1m, corednsFailure: { replicas: 2 } }' }));
    const crashes = records.filter((r) => r.type === 'fault.injected' && describeEvent(r).startsWith('corednsFailure:'));
    expect(crashes.map((r) => r.time / 1000)).toEqual([300, 360, 420]);
    expect(describeEvent(crashes[2]!)).toContain('(arrival 3, every 1m until 8m)');
    // The same pods crash again within 10 minutes, so kubelet's back-off doubles: 10, 20, 40 s.
    const backOffs = records.filter((r) => r.type === 'pod.back-off' && r.service === 'coredns').map((r) => (r.type === 'pod.back-off' ? r.delayMs : null));
    expect(backOffs).toEqual([10_000, 10_000, 20_000, 20_000, 40_000, 40_000]);
  });

  it('rejects DNS lookups and control-plane faults on ECS, and a CoreDNS failure without CoreDNS', () => {
    expect(errorsOf(scenario({ coreDns: 'false', events: '  - { at: 5m, corednsFailure: { replicas: 1 } }' })).join('\n')).toContain('the cluster runs no CoreDNS');
    const ecs = `name: ecs
seed: 1
duration: 5m
cluster:
  platform: ecs
  autoScalingGroups:
    - { name: g, instanceType: m5.large, desiredCapacity: 1 }
services:
  - serviceName: api
    desiredCount: 1
    taskDefinition:
      cpu: 256
      memory: 512
      containerDefinitions:
        - { name: api, image: api:1, imageSize: 50MB }
    load: { rps: 10, cpuPerRequest: 5ms, dnsLookupsPerRequest: 2 }
events:
  - { at: 1m, apiLoad: { client: x, qps: 10 } }
`;
    const errors = errorsOf(ecs).join('\n');
    expect(errors).toContain('DNS lookups go through CoreDNS, an EKS model');
    expect(errors).toContain('apiLoad is an EKS fault');
  });
});

const web = `  - kind: Deployment
    name: web
    replicas: 10
    containers:
      - name: web
        image: web:1
        imageSize: 50MB
        resources: { requests: { cpu: 250m, memory: 256Mi } }`;

function throttled(apiLoad: string | null): FleetEvent[] {
  const events = [...(apiLoad === null ? [] : [`  - { at: 2m, apiLoad: ${apiLoad} }`]), '  - { at: 5m, scale: { workload: web, replicas: 60 } }'].join('\n');
  return run(scenario({ workload: web, events, duration: '20m' }));
}

describe('API server throttling (API Priority and Fairness)', () => {
  it('creates pods at once without a noisy client', () => {
    const placed = placedAfter(throttled(null), 300_000);
    expect(placed).toHaveLength(50);
    // At once: only the Deployment and ReplicaSet controllers' reactions.
    expect(Math.max(...placed)).toBe((2 * EKS_TIMING.workloadControllerReactionMs) / 1000);
  });

  it("delays pod creation with 429s when a kube-system client floods the ReplicaSet controller's flow, more with more load", () => {
    const light = throttled('{ client: pod-watcher, qps: 800, objects: 1000 }');
    const heavy = throttled('{ client: pod-watcher, qps: 3000, objects: 1000 }');
    expect(describeEvent(light.find((r) => r.type === 'api.throttled')!)).toMatch(/^429 Too Many Requests to pod-watcher \(system:serviceaccount:kube-system:pod-watcher\): priority level workload-high has 196 seats/);
    const l = placedAfter(light, 300_000);
    const h = placedAfter(heavy, 300_000);
    expect(mean(l)).toBeGreaterThan(1);
    expect(mean(h)).toBeGreaterThan(mean(l));
    expect(light.some((r) => r.type === 'service.event' && describeEvent(r).startsWith('replicaset-controller: 429 Too Many Requests creating pods'))).toBe(true);
  });

  it('does not touch the controllers when the client is rate limited client-side (QPS 5, burst 10)', () => {
    const base = placedAfter(throttled(null), 300_000);
    const limited = throttled('{ client: pod-watcher, qps: 3000, objects: 1000, rateLimit: { qps: 5, burst: 10 } }');
    expect(limited.some((r) => r.type === 'api.throttled')).toBe(false);
    expect(placedAfter(limited, 300_000)).toEqual(base);
  });

  it("isolates a client in another namespace's priority level (workload-low)", () => {
    const records = throttled('{ client: pod-watcher, namespace: monitoring, qps: 3000, objects: 1000 }');
    expect(describeEvent(records.find((r) => r.type === 'api.throttled')!)).toContain('priority level workload-low');
    expect(Math.max(...placedAfter(records, 300_000))).toBe((2 * EKS_TIMING.workloadControllerReactionMs) / 1000);
  });
});
