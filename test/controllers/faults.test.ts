import { describe, expect, it } from 'vitest';
import { Actions } from '../../src/controllers/actions/index.js';
import { ScenarioEvents } from '../../src/controllers/scenario-events.js';
import { RandomStream } from '../../src/engine/rng.js';
import { Simulation } from '../../src/engine/simulation.js';
import { HOUR } from '../../src/engine/time.js';
import { Trace } from '../../src/engine/trace.js';
import { imageRegistry, registryDown } from '../../src/model/app-failure.js';
import { ClusterState } from '../../src/model/cluster-state.js';
import type { TimedEventSpec } from '../../src/model/simulation-spec.js';
import type { FleetEvent } from '../../src/model/events/index.js';
import { cli } from '../support/cli-runner.js';
import { oneAzEksCluster, runYamlChecked, yamlErrors } from '../support/scenario-runner.js';
import { describeEvent, entityOf } from '../../src/report/describe/index.js';

/**
 * Injected faults (src/controllers/scenario-events.ts, docs/models.md "Injected faults"):
 * registry outages, task kills, node partitions (NotReady), and faults at a rate.
 */

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

function eks(workloads: string, events: string, options: { seed?: number; nodes?: number; duration?: string } = {}): string {
  return `name: faults
seed: ${options.seed ?? 3}
duration: ${options.duration ?? '20m'}
${oneAzEksCluster(options.nodes ?? 2)}
workloads:
${workloads}
events:
${events}
`;
}

const workload = (name: string, image: string, replicas: number): string => `  - kind: Deployment
    name: ${name}
    replicas: ${replicas}
    containers:
      - name: ${name}
        image: ${image}
        imageSize: 50MB
        resources: { requests: { cpu: 250m, memory: 256Mi } }`;

function fargate(events: string, seed = 3): string {
  return `name: faults
seed: ${seed}
duration: 30m
cluster:
  platform: ecs
  availabilityZones: [us-east-1a]
  vpc:
    subnets:
      - { id: a, az: us-east-1a, cidr: 10.0.0.0/22 }
services:
  - serviceName: api
    launchType: FARGATE
    desiredCount: 1
    taskDefinition:
      cpu: 256
      memory: 512
      containerDefinitions:
        - { name: api, image: ${ECR}/api:1, imageSize: 50MB }
    networkConfiguration:
      awsvpcConfiguration: { subnets: [a] }
events:
${events}
`;
}

function ecs(events: string): string {
  return `name: faults
seed: 3
duration: 20m
cluster:
  platform: ecs
  autoScalingGroups:
    - { name: g, instanceType: m5.large, desiredCapacity: 2 }
services:
  - serviceName: api
    desiredCount: 4
    taskDefinition:
      cpu: 256
      memory: 512
      containerDefinitions:
        - { name: api, image: api:1, imageSize: 50MB }
events:
${events}
`;
}

function run(yaml: string, seed?: string): FleetEvent[] {
  return runYamlChecked(yaml, { file: 'faults.yaml', seed }).records;
}

function errorsOf(yaml: string): string[] {
  return yamlErrors(yaml, 'faults.yaml');
}

const times = (records: readonly FleetEvent[], type: string, entity?: string): number[] => records.filter((r) => r.type === type && (entity === undefined || entityOf(r) === entity)).map((r) => r.time);
/** When the node lifecycle controller tainted nodes NotReady: the unreachable NoSchedule and NoExecute taints go on together. */
function notReadyTimes(records: readonly FleetEvent[], entity?: string): number[] {
  const taints = records.filter((r) => r.type === 'node.tainted' && (entity === undefined || entityOf(r) === entity));
  const out: number[] = [];
  for (let i = 0; i < taints.length; i += 2) {
    const [a, b] = [taints[i]!, taints[i + 1]];
    expect(b, 'a NoExecute taint follows each NoSchedule one').toBeDefined();
    expect([a.type === 'node.tainted' && a.effect, b!.type === 'node.tainted' && b!.effect]).toEqual(['NoSchedule', 'NoExecute']);
    expect(b!.time).toBe(a.time);
    out.push(a.time);
  }
  return out;
}

/** Arrival times of fault events played by ScenarioEvents alone (no cluster): registry outages of 1 s. */
function arrivals(events: readonly TimedEventSpec[], seed: string, untilMs: number): number[] {
  const sim = new Simulation({ maxEvents: 10_000_000 });
  const trace = new Trace<FleetEvent>();
  const out: number[] = [];
  trace.subscribe((r) => {
    if (r.type === 'fault.injected') out.push(r.time);
  });
  const actions = new Actions(new ClusterState(), sim, trace);
  const groups = { setDesired: (): void => {} };
  new ScenarioEvents(sim, actions, events, groups, undefined, RandomStream.root(seed).fork('faults')).start();
  sim.run({ until: untilMs });
  return out;
}

const outage = (at: number, rate?: TimedEventSpec['rate']): TimedEventSpec => ({ at, kind: 'registry-outage', durationMs: 1_000, registry: null, ...(rate === undefined ? {} : { rate }) });

describe('faults at a rate', () => {
  it('every: arrivals at at, at + every, ... strictly before until', () => {
    expect(arrivals([outage(600_000, { until: 3_000_000, everyMs: 600_000 })], '1', 10_000_000)).toEqual([600_000, 1_200_000, 1_800_000, 2_400_000]);
  });

  it('ratePerHour: Poisson arrivals reproducible from the seed, independent of other events', () => {
    const poisson = outage(0, { until: 10 * HOUR, perHour: 6, index: 0 });
    const a = arrivals([poisson], '7', 11 * HOUR);
    expect(a.length).toBeGreaterThan(20);
    expect(arrivals([poisson], '7', 11 * HOUR)).toEqual(a);
    expect(arrivals([poisson], '8', 11 * HOUR)).not.toEqual(a);
    // Another fault (its own stream faults/1) does not shift these arrivals.
    const other = outage(0, { until: 10 * HOUR, perHour: 30, index: 1 });
    const both = arrivals([poisson, other], '7', 11 * HOUR);
    const alone = new Set(a);
    expect(both.filter((t) => alone.has(t))).toEqual(a);
    expect(a.every((t) => t < 10 * HOUR)).toBe(true);
  });

  it('ratePerHour: the number of arrivals and the mean gap match the rate', () => {
    const a = arrivals([outage(0, { until: 1000 * HOUR, perHour: 12, index: 0 })], '3', 1001 * HOUR);
    // 12,000 expected; a Poisson count's standard deviation is about 110.
    expect(Math.abs(a.length - 12_000)).toBeLessThan(500);
    const meanGap = a[a.length - 1]! / a.length;
    expect(meanGap / (HOUR / 12)).toBeGreaterThan(0.95);
    expect(meanGap / (HOUR / 12)).toBeLessThan(1.05);
  });

  it('taskKill every 5m: one exit per arrival, each restarted in place (Kubernetes)', () => {
    const records = run(eks(workload('api', 'api:1', 3), '  - { at: 2m, until: 20m, every: 5m, taskKill: { workload: api, count: 1 } }'));
    expect(times(records, 'fault.injected')).toEqual([120_000, 420_000, 720_000, 1_020_000]);
    const exits = records.filter((r) => r.type === 'container.exited');
    expect(exits.map((r) => r.time)).toEqual([120_000, 420_000, 720_000, 1_020_000]);
    expect(exits.every((r) => r.exitCode === 137 && describeEvent(r) === 'container api terminated: Error, exit code 137')).toBe(true);
    expect(times(records, 'container.restarted')).toHaveLength(4);
    expect(records.some((r) => r.type === 'task.stopped')).toBe(false);
  });
});

describe('registry outage', () => {
  it('Fargate: pulls before the window succeed, pulls in it fail (CannotPullContainerError), pulls after it succeed', () => {
    // Scale-ups at 1m (before), 5m (during) and 12m (after) an outage from 4m to 10m.
    const records = run(
      fargate(`  - { at: 4m, registryOutage: { duration: 6m } }
  - { at: 1m, scale: { service: api, desiredCount: 2 } }
  - { at: 5m, scale: { service: api, desiredCount: 3 } }`),
    );
    const failed = records.filter((r) => r.type === 'task.image-pull-failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(describeEvent(failed[0]!)).toContain(`CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${ECR}/api:1: failed to do request: Head "https://${ECR}/v2/": dial tcp ${ECR}:443: i/o timeout`);
    expect(Math.min(...failed.map((r) => r.time))).toBeGreaterThan(300_000);
    // A failed pull reports after 60 s, so the last that fails started before 10m.
    expect(Math.max(...failed.map((r) => r.time))).toBeLessThanOrEqual(600_000 + 60_000);
    expect(records.filter((r) => r.type === 'task.stopped').every((r) => r.stopCode === 'TaskFailedToStart')).toBe(true);
    const running = records.filter((r) => r.type === 'task.status-changed' && r.to === 'RUNNING');
    expect(running.filter((r) => r.time < 240_000)).toHaveLength(2);
    expect(running.filter((r) => r.time >= 240_000 && r.time < 600_000)).toHaveLength(0);
    expect(running.filter((r) => r.time >= 600_000)).toHaveLength(1);
    expect(times(records, 'registry.outage-ended')).toEqual([600_000]);
  });

  it('only the named registry is down', () => {
    const records = run(fargate(`  - { at: 0s, registryOutage: { registry: public.ecr.aws, duration: 20m } }`));
    expect(records.some((r) => r.type === 'task.image-pull-failed')).toBe(false);
  });

  it('Kubernetes: a cached image needs no pull; an uncached one backs off (ImagePullBackOff) until the outage ends', () => {
    // Both nodes pulled api:1 at start; web:1 is first needed at 3m, during the outage (2m-8m).
    const records = run(
      eks(`${workload('api', 'api:1', 2)}\n${workload('web', `${ECR}/web:1`, 0)}`, `  - { at: 2m, registryOutage: { duration: 6m } }
  - { at: 3m, scale: { workload: api, replicas: 6 } }
  - { at: 3m, scale: { workload: web, replicas: 2 } }`),
    );
    const failed = records.filter((r) => r.type === 'task.image-pull-failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.service === 'web')).toBe(true);
    expect(describeEvent(failed[0]!)).toContain(`Failed to pull image "${ECR}/web:1"`);
    expect(records.some((r) => r.type === 'pod.back-off' && describeEvent(r).startsWith('ImagePullBackOff'))).toBe(true);
    const running = (service: string, from: number): number => records.filter((r) => r.type === 'task.status-changed' && r.service === service && r.to === 'RUNNING' && r.time >= from).length;
    expect(running('api', 180_000)).toBe(4);
    expect(running('web', 0)).toBe(2);
    expect(Math.min(...records.filter((r) => r.type === 'task.status-changed' && r.service === 'web' && r.to === 'RUNNING').map((r) => r.time))).toBeGreaterThan(480_000);
  });

  it('imageRegistry follows Docker: a first component with a dot, a port or localhost is a host', () => {
    // Docker Hub however it is spelt: the rate limit and an outage of Docker Hub cover them all.
    for (const image of ['nginx:1.27', 'bitnami/redis:7.2', 'docker.io/library/nginx:1.27', 'index.docker.io/bitnami/redis:7.2', 'registry-1.docker.io/library/nginx:1.27']) expect(imageRegistry(image)).toBe('registry-1.docker.io');
    expect(imageRegistry(`${ECR}/api:1`)).toBe(ECR);
    expect(imageRegistry('nginx:1.27')).toBe('registry-1.docker.io');
    expect(imageRegistry('library/nginx')).toBe('registry-1.docker.io');
    expect(imageRegistry('localhost:5000/x')).toBe('localhost:5000');
    expect(registryDown('api:1', [{ registry: ECR, until: 1 }])).toBe(false);
    expect(registryDown('api:1', [{ registry: null, until: 1 }])).toBe(true);
  });
});

describe('taskKill', () => {
  it('ECS: the essential container exits 137, the task stops (EssentialContainerExited) and is replaced', () => {
    const records = run(ecs('  - { at: 3m, taskKill: { service: api, fraction: 0.5 } }'));
    const exits = records.filter((r) => r.type === 'container.exited');
    expect(exits).toHaveLength(2);
    expect(exits.every((r) => r.exitCode === 137 && r.time === 180_000)).toBe(true);
    const stopped = records.filter((r) => r.type === 'task.stopped');
    expect(stopped.map((r) => r.stopCode)).toEqual(['EssentialContainerExited', 'EssentialContainerExited']);
    expect(describeEvent(stopped[0]!)).toContain('Essential container in task exited (container api: exit code 137)');
    expect(describeEvent(stopped[0]!)).not.toContain('OutOfMemory');
    expect(records.filter((r) => r.type === 'task.status-changed' && r.to === 'RUNNING')).toHaveLength(6);
  });
});

describe('nodeNotReady', () => {
  const pods = workload('api', 'api:1', 4);

  it('a partition that outlasts grace period + toleration evicts the pods; they are rescheduled; the node comes back Ready', () => {
    const records = run(eks(pods, '  - { at: 2m, nodeNotReady: { count: 1, duration: 8m } }'));
    const node = records.find((r) => r.type === 'node.partitioned')!.host;
    // The kubelet's last Lease renewal is at 2m (renewals every 10 s from registration at 0);
    // the controller's first 5-s pass strictly after 2m + 50 s grace is at 2m55s.
    expect(notReadyTimes(records, node)).toEqual([120_000 + 55_000]);
    const evicted = records.filter((r) => r.type === 'task.stopped');
    expect(evicted.length).toBeGreaterThan(0);
    expect(evicted.every((r) => r.time === 120_000 + 355_000 && describeEvent(r).includes(`Evicted: node ${node} NotReady`))).toBe(true);
    // The ReplicaSet controller creates the replacements one reaction (100 ms) after the deletions.
    expect(records.filter((r) => r.type === 'task.created' && r.time >= 475_000).map((r) => r.time)).toEqual(evicted.map(() => 475_100));
    const replaced = records.filter((r) => r.type === 'task.placed' && r.time >= 475_000);
    expect(replaced).toHaveLength(evicted.length);
    expect(replaced.every((r) => r.type === 'task.placed' && r.host !== node)).toBe(true);
    expect(times(records, 'node.reconnected', node)).toEqual([600_000]);
    // The controller's next pass sees the renewed Lease.
    expect(times(records, 'node.untainted', node)).toEqual([605_000]);
    // EC2 status checks pass: the node group does not replace the instance.
    expect(records.some((r) => r.type === 'host.terminated')).toBe(false);
  });

  it('a partition fixed before the 300 s toleration runs out evicts nothing, and the node keeps its pods', () => {
    const records = run(eks(pods, '  - { at: 2m, nodeNotReady: { count: 1, duration: 3m } }'));
    const node = records.find((r) => r.type === 'node.partitioned')!.host;
    expect(notReadyTimes(records, node)).toEqual([175_000]);
    expect(times(records, 'node.untainted', node)).toEqual([305_000]);
    expect(records.some((r) => r.type === 'task.stopped' || r.type === 'pod.event')).toBe(false);
    expect(describeEvent(records.find((r) => r.type === 'fault.ended')!)).toMatch(/nodeNotReady over: i-\d+ Ready again with [1-9]\d* pods/);
  });

  it('evicts pods whose kubelet has a step pending (a crash-loop back-off) without running that step', () => {
    const crashing = workload('api', 'api:1', 4).replace('imageSize: 50MB', 'imageSize: 50MB\n        crash: { after: 50s }');
    for (const fault of ['nodeNotReady: { count: 1 }', 'nodeFailure: { count: 1 }']) {
      const records = run(eks(crashing, `  - { at: 2m, ${fault} }`));
      expect(records.filter((r) => r.type === 'task.stopped').length).toBeGreaterThan(0);
    }
  });

  it('a partition shorter than the grace period leaves no taint', () => {
    const records = run(eks(pods, '  - { at: 2m, nodeNotReady: { count: 2, duration: 30s } }'));
    expect(times(records, 'node.partitioned')).toHaveLength(2);
    expect(records.some((r) => r.type === 'node.tainted')).toBe(false);
    expect(times(records, 'node.reconnected')).toEqual([150_000, 150_000]);
  });

  it('a node partitioned again after it reconnected is judged on the new episode only', () => {
    // 1 node: out at 1m for 2m (tainted at 1m55s, back at 3m), out again at 4m for good. The
    // first episode's eviction timer (due at 6m55s) must not evict; the second evicts at 9m55s.
    const records = run(
      eks(pods, `  - { at: 1m, nodeNotReady: { count: 1, duration: 2m } }
  - { at: 4m, nodeNotReady: { count: 1 } }`, { nodes: 1 }),
    );
    expect(notReadyTimes(records)).toEqual([115_000, 295_000]);
    const stopped = times(records, 'task.stopped');
    expect(stopped.length).toBe(4);
    expect(stopped.every((t) => t === 240_000 + 355_000)).toBe(true);
  });
});

describe('a node whose kubelet went silent looks Ready until the node lifecycle controller marks it NotReady', () => {
  const pods = workload('api', 'api:1', 4);
  /** Pods placed on `node` from `from` on, with when they reached RUNNING (null: never). */
  function boundTo(records: readonly FleetEvent[], node: string, from: number): { id: string; at: number; runningAt: number | null }[] {
    return records
      .filter((r) => r.type === 'task.placed' && r.host === node && r.time >= from)
      .map((r) => {
        const id = r.type === 'task.placed' ? r.task : '';
        const running = records.find((x) => x.type === 'task.status-changed' && x.task === id && x.to === 'RUNNING');
        return { id, at: r.time, runningAt: running?.time ?? null };
      });
  }

  it('nodeFailure: kube-scheduler binds scale-out pods to the dead node until it is tainted; they never start and go with the instance', () => {
    const records = run(eks(pods, '  - { at: 2m, nodeFailure: { count: 1 } }\n  - { at: 2m10s, scale: { workload: api, replicas: 12 } }'));
    const node = records.find((r) => r.type === 'host.failed')!.host;
    const tainted = notReadyTimes(records, node);
    expect(tainted).toHaveLength(1);
    const window = boundTo(records, node, 120_000);
    // Both nodes are equally loaded: LeastAllocated spreads the 8 new pods over both.
    expect(window.length).toBeGreaterThan(0);
    expect(window.every((p) => p.at >= 130_000 && p.at < tainted[0]! && p.runningAt === null)).toBe(true);
    // Auto Scaling replaces the instance after its status checks fail (2 min): its pods go with
    // it, and the ReplicaSet replaces them on the other nodes.
    const terminated = records.find((r) => r.type === 'host.terminated' && r.host === node)!.time;
    expect(terminated).toBe(120_000 + 120_000);
    for (const p of window) expect(records.find((r) => r.type === 'task.stopped' && r.task === p.id)?.time).toBe(terminated);
    const running = records.filter((r) => r.type === 'task.status-changed' && r.to === 'RUNNING' && r.time > terminated);
    expect(running.length).toBeGreaterThanOrEqual(window.length);
  });

  it('nodeFailure: the scale-out pods bound to the dead node never run (the rest run within a minute)', () => {
    const records = run(eks(pods, '  - { at: 2m, nodeFailure: { count: 1 } }\n  - { at: 2m10s, scale: { workload: api, replicas: 12 } }'));
    const created = records.filter((r) => r.type === 'task.created' && r.time >= 130_000 && r.time < 131_000).map((r) => (r.type === 'task.created' ? r.task : ''));
    expect(created).toHaveLength(8);
    const runningAt = (id: string): number => records.find((r) => r.type === 'task.status-changed' && r.task === id && r.to === 'RUNNING')?.time ?? Number.POSITIVE_INFINITY;
    // Pods bound to the live node run within a minute; the others never do (their replacements do, after 4m).
    const late = created.filter((id) => runningAt(id) > 190_000);
    expect(late.length).toBeGreaterThan(0);
    expect(late.length).toBeLessThan(created.length);
    expect(late.every((id) => runningAt(id) === Number.POSITIVE_INFINITY)).toBe(true);
  });

  it('nodeNotReady: pods bound during the window wait unseen and start when the kubelet reconnects', () => {
    const records = run(eks(pods, '  - { at: 2m, nodeNotReady: { count: 1, duration: 3m } }\n  - { at: 2m10s, scale: { workload: api, replicas: 12 } }'));
    const node = records.find((r) => r.type === 'node.partitioned')!.host;
    expect(notReadyTimes(records, node)).toEqual([175_000]);
    const window = boundTo(records, node, 120_000);
    expect(window.length).toBeGreaterThan(0);
    // None after the taint; each starts only after the reconnection at 5m.
    expect(window.every((p) => p.at < 175_000 && p.runningAt !== null && p.runningAt > 300_000)).toBe(true);
    expect(records.some((r) => r.type === 'task.stopped')).toBe(false);
  });

  it('nodeNotReady: pods bound during the window are evicted with the others when the toleration runs out', () => {
    const records = run(eks(pods, '  - { at: 2m, nodeNotReady: { count: 1 } }\n  - { at: 2m10s, scale: { workload: api, replicas: 12 } }'));
    const node = records.find((r) => r.type === 'node.partitioned')!.host;
    const window = boundTo(records, node, 120_000);
    expect(window.length).toBeGreaterThan(0);
    for (const p of window) {
      expect(p.runningAt).toBeNull();
      // Tainted at 2m55s, evicted 300 s later.
      expect(records.find((r) => r.type === 'task.stopped' && r.task === p.id)?.time).toBe(175_000 + 300_000);
    }
  });
});

describe('nodeNotReady on ECS: the container agent disconnects (agentConnected false)', () => {
  it("a task waiting for capacity is placed when the only instance's agent reconnects", () => {
    const yaml = ecs('  - { at: 0s, nodeNotReady: { count: 1, duration: 10s } }\n  - { at: 0s, scale: { service: api, desiredCount: 5 } }')
      .replace('desiredCapacity: 2', 'desiredCapacity: 1')
      .replace('desiredCount: 4', 'desiredCount: 0');
    const records = run(yaml);
    const placed = times(records, 'task.placed');
    expect(placed).toHaveLength(5);
    // Nothing while the agent is away; all at the service scheduler's first pass after the
    // reconnection at 10 s (it reacts in seconds), not at some later retry.
    expect(placed.every((t) => t > 10_000 && t <= 15_000)).toBe(true);
  });

  it('places nothing there, keeps its tasks running, holds their stops until it reconnects, and nothing replaces the instance', () => {
    const records = run(ecs('  - { at: 2m, nodeNotReady: { count: 1, duration: 4m } }\n  - { at: 3m, scale: { service: api, desiredCount: 8 } }\n  - { at: 4m, scale: { service: api, desiredCount: 1 } }'));
    const partitioned = records.find((r) => r.type === 'node.partitioned')!;
    expect(partitioned.type === 'node.partitioned' && partitioned.agent).toBe('ecs-agent');
    expect(describeEvent(partitioned)).toContain('container agent disconnected');
    const host = partitioned.host;
    // No placement there while disconnected.
    expect(records.some((r) => r.type === 'task.placed' && r.host === host && r.time >= 120_000 && r.time < 360_000)).toBe(false);
    // Its tasks: none stopped before the reconnection at 6m, though the scale-in at 4m asked.
    const onHost = new Set(records.filter((r) => r.type === 'task.placed' && r.host === host && r.time < 120_000).map((r) => (r.type === 'task.placed' ? r.task : '')));
    expect(onHost.size).toBeGreaterThan(0);
    const stopsOnHost = records.filter((r) => r.type === 'task.stopped' && onHost.has(r.task));
    expect(stopsOnHost.length).toBeGreaterThan(0);
    expect(stopsOnHost.every((r) => r.time >= 360_000)).toBe(true);
    // The scale-in asked at 4m: the other instance's tasks stopped then.
    expect(records.some((r) => r.type === 'task.stopped' && !onHost.has(r.task) && r.time < 360_000)).toBe(true);
    // EC2 status checks pass: no failure, no replacement.
    expect(records.some((r) => r.type === 'host.failed' || r.type === 'host.terminated')).toBe(false);
    expect(times(records, 'node.reconnected', host)).toEqual([360_000]);
    expect(describeEvent(records.find((r) => r.type === 'fault.ended')!)).toMatch(/container agent connected again with \d+ tasks/);
  });
});

describe('fault validation', () => {
  const base = ecs('  - { at: 3m, taskKill: { service: api, count: 1 } }');
  const withEvent = (event: string): string => base.replace('  - { at: 3m, taskKill: { service: api, count: 1 } }', `  - ${event}`);

  it.each([
    ['{ at: 3m, nodeRegistrationFailure: { nodePool: default } }', 'faults.yaml:17:40: error: nodeRegistrationFailure is about Karpenter NodeClaims: add cluster.karpenter (EKS) (at events[0].nodeRegistrationFailure)'],
    ['{ at: 3m, every: 1m, taskKill: { service: api, count: 1 } }', "faults.yaml:17:5: error: missing required key 'until' (with every: when the arrivals stop) (at events[0])"],
    ['{ at: 3m, until: 2m, every: 1m, taskKill: { service: api, count: 1 } }', 'faults.yaml:17:22: error: until (2m) must be after at (3m) (at events[0].until)'],
    ['{ at: 3m, until: 5m, every: 1m, ratePerHour: 3, taskKill: { service: api, count: 1 } }', 'faults.yaml:17:50: error: give every (a fixed period) or ratePerHour (Poisson arrivals), not both (at events[0].ratePerHour)'],
    ['{ at: 3m, until: 5m, taskKill: { service: api, count: 1 } }', 'faults.yaml:17:22: error: until goes with every (a fixed period) or ratePerHour (Poisson arrivals) (at events[0].until)'],
    ['{ at: 3m, until: 5m, every: 1m, scale: { service: api, desiredCount: 1 } }', 'faults.yaml:17:33: error: a rate applies to faults (spotInterruption, nodeFailure, azImpairment, insufficientCapacity, registryOutage, endpointOutage, natGatewayFailure, secretFailure, taskKill, nodeNotReady, nodeRegistrationFailure, corednsFailure), not to scale (at events[0].every)'],
    ['{ at: 3m, taskKill: { service: apx, count: 1 } }', "faults.yaml:17:36: error: no service named 'apx' (did you mean 'api'?) (at events[0].taskKill.service)"],
    ['{ at: 3m, taskKill: { service: api } }', 'faults.yaml:17:25: error: say how many tasks: count or fraction (at events[0].taskKill)'],
    ['{ at: 3m, registryOutage: { duration: 0s } }', 'faults.yaml:17:43: error: must be longer than 0 (at events[0].registryOutage.duration)'],
    ['{ at: 3m, taskKill: { service: api, count: 1 }, nodeFailure: { count: 1 } }', 'faults.yaml:17:5: error: one action per event, got nodeFailure and taskKill (make one event each) (at events[0])'],
  ])('%s', (event, message) => {
    expect(errorsOf(withEvent(event))).toEqual([message]);
  });

  it('fleetsim validate: one line with file:line:col and the field, exit 2', async () => {
    const r = await cli('validate', 'test/fixtures/fault-rate-without-until.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("test/fixtures/fault-rate-without-until.yaml:14:5: error: missing required key 'until' (with ratePerHour: when the arrivals stop) (at events[0])\n");
  });

  it('accepts faults at a rate', () => {
    expect(errorsOf(withEvent('{ at: 0s, until: 2h, ratePerHour: 3, nodeFailure: { count: 1 } }'))).toEqual([]);
    expect(errorsOf(withEvent('{ at: 10m, until: 2h, every: 15m, taskKill: { service: api, count: 1 } }'))).toEqual([]);
  });
});
