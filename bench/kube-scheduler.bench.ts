import { serviceSpec } from '../src/model/simulation-spec.js';
import { Bench } from 'tinybench';
import { Actions, isLaunchFailure } from '../src/controllers/actions/index.js';
import { RandomStream } from '../src/engine/rng.js';
import { Simulation } from '../src/engine/simulation.js';
import { Trace } from '../src/engine/trace.js';
import { getInstanceType } from '../src/model/catalog/instance-types.js';
import { ClusterState } from '../src/model/cluster-state.js';
import type { Host } from '../src/model/host.js';
import { DEFAULT_PROFILE, type PodSchedulingSpec, type SchedulerProfileSpec } from '../src/model/pod-scheduling-spec.js';
import { CPU_SHARES_PER_MILLICORE } from '../src/model/resources.js';
import type { Service } from '../src/model/service.js';
import type { Task } from '../src/model/task.js';
import type { FleetEvent } from '../src/model/events/index.js';
import { KubeSchedulerPolicy } from '../src/policy/kube/kube-scheduler-policy.js';
import type { PlacementPolicy, PlacementRequest } from '../src/policy/placement-policy.js';
import { SCALE_IN } from '../src/model/reasons/stop.js';

/**
 * kube-scheduler benchmark: pods per second through KubeSchedulerPolicy with the default
 * profile, against a naive baseline in the same process, on EKS-like clusters of 1,000 and 5,000
 * nodes (4 vCPU / 16 GiB, max 58 pods, three zones).
 *
 * The cluster is preloaded with 8 pods per node from 20 Deployments (16 plain, so the cluster
 * default spreading applies; 4 with a zone DoNotSchedule + hostname ScheduleAnyway spread), and
 * every image is cached on a third of the nodes (ImageLocality scores). One sample schedules a
 * batch of pods round-robin over the Deployments: the scheduling cycle plus the bind
 * (actions.tasks.place and its trace record); the pods are created before and stopped after the
 * timed part, so every sample starts from the same state.
 *
 * - default profile: percentageOfNodesToScore adaptive (1,000 nodes -> 420, 5,000 -> 500),
 *   counts kept incrementally from the trace.
 * - naive baseline: the same plugins over every node (percentageOfNodesToScore 100) and every
 *   count (pods per node and per zone, images per node) recomputed from the state each cycle,
 *   as a scheduler without incremental indexes would.
 * - bind only: a policy that returns a fixed node; the floor under both.
 */
export async function kubeSchedulerBench(
  options: { sizes?: number[]; timeMs?: number; impls?: readonly KubeSchedulerBenchRow['impl'][] } = {},
): Promise<KubeSchedulerBenchResult> {
  const sizes = options.sizes ?? [1_000, 5_000];
  const timeMs = options.timeMs ?? 1_500;
  const impls = options.impls ?? ['bind only', 'default profile', 'naive baseline'];
  const rows: KubeSchedulerBenchRow[] = [];
  for (const nodes of sizes) {
    if (impls.includes('bind only')) rows.push(await measure(nodes, 'bind only', () => null, 2_000, timeMs));
    if (impls.includes('default profile')) rows.push(await measure(nodes, 'default profile', (c) => c.policy(DEFAULT_PROFILE, 'incremental'), 2_000, timeMs));
    if (impls.includes('naive baseline')) {
      const naive = (c: BenchCluster) => c.policy({ ...DEFAULT_PROFILE, percentageOfNodesToScore: 100 }, 'rebuild');
      rows.push(await measure(nodes, 'naive baseline', naive, nodes >= 5_000 ? 20 : 50, timeMs));
    }
  }
  const speedup = sizes.flatMap((nodes) => {
    const fast = rows.find((r) => r.nodes === nodes && r.impl === 'default profile');
    const naive = rows.find((r) => r.nodes === nodes && r.impl === 'naive baseline');
    return fast === undefined || naive === undefined ? [] : [{ nodes, ratio: round(fast.podsPerSecond / naive.podsPerSecond, 1) }];
  });
  const at5k = rows.find((r) => r.nodes === 5_000 && r.impl === 'default profile');
  return { rows, speedup, target: { podsPerSecondAt5kNodes: 20_000, met: at5k === undefined ? null : at5k.podsPerSecond >= 20_000 } };
}

export interface KubeSchedulerBenchRow {
  readonly nodes: number;
  readonly impl: 'default profile' | 'naive baseline' | 'bind only';
  readonly podsPerSecond: number;
  readonly microsPerPod: number;
  /** Pods per sample and samples taken. */
  readonly batch: number;
  readonly samples: number;
  /** Pods of the last sample that found no node (should be 0). */
  readonly unschedulable: number;
}

export interface KubeSchedulerBenchResult {
  readonly rows: readonly KubeSchedulerBenchRow[];
  /** default profile / naive baseline pods per second, per cluster size. */
  readonly speedup: readonly { nodes: number; ratio: number }[];
  readonly target: { podsPerSecondAt5kNodes: number; met: boolean | null };
}

async function measure(
  nodes: number,
  impl: KubeSchedulerBenchRow['impl'],
  makePolicy: (c: BenchCluster) => PlacementPolicy | null,
  batch: number,
  timeMs: number,
): Promise<KubeSchedulerBenchRow> {
  const c = new BenchCluster(nodes);
  const policy = makePolicy(c) ?? fixedNode(c.state.hosts[0]!);
  const pending: Task[] = [];
  const requests: PlacementRequest[] = c.services.map((s) => ({ service: s.name, cpu: s.taskDefinition.cpu, memoryMiB: s.taskDefinition.memoryMiB }));
  let unschedulable = 0;
  const run = (): void => {
    unschedulable = 0;
    for (let i = 0; i < pending.length; i++) {
      const task = pending[i]!;
      const r = policy.place(requests[i % requests.length]!, c.state);
      if (r.ok) c.actions.tasks.place(task, r.host);
      else unschedulable++;
    }
  };
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(500, timeMs / 3) });
  bench.add(`${impl} (${nodes} nodes)`, run, {
    beforeEach: () => {
      for (let i = 0; i < batch; i++) pending.push(c.actions.tasks.create(c.services[i % c.services.length]!));
    },
    afterEach: () => {
      for (const task of pending) c.actions.tasks.stop(task, 'ServiceSchedulerInitiated', SCALE_IN);
      pending.length = 0;
    },
  });
  await bench.run();
  const task = bench.tasks[0]!;
  const result = task.result as { latency?: { mean: number; samplesCount?: number }; period?: number; samples?: number[] } | undefined;
  const meanMs = result?.latency?.mean ?? result?.period ?? Number.NaN;
  const samples = result?.latency?.samplesCount ?? result?.samples?.length ?? 0;
  return {
    nodes,
    impl,
    podsPerSecond: Math.round(batch / (meanMs / 1000)),
    microsPerPod: round((meanMs * 1000) / batch, 2),
    batch,
    samples,
    unschedulable,
  };
}

function fixedNode(host: Host): PlacementPolicy {
  return { name: 'fixed', place: () => ({ ok: true, host }) };
}

const PRELOAD_PODS_PER_NODE = 8;
const DEPLOYMENTS = 20;
const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** An EKS-like cluster built through the real state and actions, with its own trace. */
class BenchCluster {
  readonly sim = new Simulation();
  readonly trace = new Trace<FleetEvent>();
  readonly state = new ClusterState();
  readonly actions = new Actions(this.state, this.sim, this.trace);
  readonly specs = new Map<string, PodSchedulingSpec>();
  readonly services: Service[] = [];

  constructor(nodes: number) {
    const type = getInstanceType('m5.xlarge')!;
    const rng = RandomStream.root('kube-scheduler-bench').fork(`cluster-${nodes}`);
    for (let i = 0; i < nodes; i++) {
      const host = this.actions.hosts.launch('ng', type, AZS[i % AZS.length]!, { cpu: 3920 * CPU_SHARES_PER_MILLICORE, memoryMiB: 15_000 }, { maxTasks: 58, region: 'us-east-1' });
      if (isLaunchFailure(host)) throw new Error(`the fixture's host did not launch: ${host.code}`);
      this.actions.hosts.register(host);
    }
    for (let d = 0; d < DEPLOYMENTS; d++) {
      const name = `app-${d}`;
      const spread = d % 5 === 4;
      this.specs.set(name, {
        labels: { app: name, team: `t${d % 4}` },
        topologySpreadConstraints: spread
          ? [
              { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: name } } },
              { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: name } } },
            ]
          : undefined,
      });
      const image = `registry/${name}:1`;
      this.services.push(
        this.actions.services.create(
          serviceSpec({
            name,
            kind: 'deployment',
          taskDefinition: {
            family: name,
            revision: 1,
            cpu: (100 + 50 * (d % 4)) * CPU_SHARES_PER_MILLICORE,
            memoryMiB: 128 + 64 * (d % 5),
            networkMode: 'awsvpc',
            containers: [{ name, image, imageSizeMiB: 200, layers: 5, essential: true, portMappings: [] }],
            readyAfterMs: 0,
          },
          }),
        ),
      );
      for (const host of this.state.hosts) if (rng.bernoulli(1 / 3)) this.actions.images.finishPull(host, image);
    }
    // Preload: pods spread evenly over the nodes (zones stay balanced for the DoNotSchedule spread).
    for (let i = 0; i < nodes * PRELOAD_PODS_PER_NODE; i++) {
      const host = this.state.hosts[i % nodes]!;
      this.actions.tasks.place(this.actions.tasks.create(this.services[(i * 7 + Math.floor(i / nodes)) % DEPLOYMENTS]!), host);
    }
  }

  policy(profile: SchedulerProfileSpec, indexing: 'incremental' | 'rebuild'): KubeSchedulerPolicy {
    const policy = new KubeSchedulerPolicy(profile, RandomStream.root('kube-scheduler-bench').fork('tie-break'), (s) => this.specs.get(s)!, { indexing });
    this.trace.subscribe(policy.onRecord);
    return policy;
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
