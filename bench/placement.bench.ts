import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Bench } from 'tinybench';
import { RandomStream } from '../src/engine/rng.js';
import { DEFAULT_SERVICE_PLACEMENT, type EcsPlacementSpec } from '../src/model/ecs-placement-spec.js';
import type { Host } from '../src/model/host.js';
import type { Service } from '../src/model/service.js';
import type { Task } from '../src/model/task.js';
import { HostTree } from '../src/policy/ecs/host-tree.js';
import { naiveEcsPlace } from '../src/policy/ecs/naive-placement.js';
import { EcsPlacementEngine } from '../src/policy/ecs/placement-engine.js';
import type { PlacementRequest, PlacementResult } from '../src/policy/placement-policy.js';
import { AZS, WORKLOAD_SHAPES, addService, buildCluster, preload, requestFor, type BenchCluster } from './workloads/placement-cluster.js';
import { SCALE_IN } from '../src/model/reasons/stop.js';

/**
 * ECS placement benchmark: the indexed engine against the naive reference (a full scan), in the
 * same process, on clusters of m5.large-like hosts.
 *
 * Throughput: a cluster preloaded to ~40% memory; one sample places a batch of tasks (two
 * services, 256 units/512 MiB and 512 units/1 GiB) through the actions module and stops them
 * again, so the state returns to where it was. Every placement therefore includes its trace
 * records and the engine's index upkeep; "apply only" is that same cycle with a trivial policy,
 * the floor under both.
 *
 * Quality: an empty cluster receives a mixed workload asking for about half its memory, in a
 * seeded random order; reported per strategy: hosts used against the lower bound
 * max(ceil(sum cpu / host cpu), ceil(sum memory / host memory)), mean utilization of the hosts
 * used, AZ skew. Binpack is also compared with first-fit-decreasing on the same tasks.
 */
export async function placementBench(options: { sizes?: number[] } = {}): Promise<PlacementBenchResult> {
  const sizes = options.sizes ?? [1_000, 10_000, 100_000];
  const throughput: ThroughputRow[] = [];
  const quality: QualityRow[] = [];
  const ffd: FfdRow[] = [];
  for (const hosts of sizes) {
    throughput.push(await measureApplyOnly(hosts));
    for (const [name, placement] of STRATEGIES) {
      throughput.push(await measure(hosts, name, placement, 'indexed'));
      throughput.push(await measure(hosts, name, placement, 'naive'));
    }
    for (const [name, placement] of STRATEGIES) quality.push(measureQuality(hosts, name, placement, 'arrival'));
    const binpack = STRATEGIES.find(([n]) => n === 'binpack(memory)')![1];
    const decreasing = measureQuality(hosts, 'binpack(memory), tasks sorted by size', binpack, 'decreasing');
    quality.push(decreasing);
    const arrival = quality.find((q) => q.hosts === hosts && q.strategy === 'binpack(memory)')!;
    const ffdHosts = firstFitDecreasing(hosts);
    ffd.push({
      hosts,
      firstFitDecreasingHostsUsed: ffdHosts,
      binpackHostsUsed: arrival.hostsUsed,
      binpackSortedHostsUsed: decreasing.hostsUsed,
      binpackNoWorseThanFfd: arrival.hostsUsed <= ffdHosts,
      binpackSortedNoWorseThanFfd: decreasing.hostsUsed <= ffdHosts,
    });
  }
  const growth = STRATEGIES.map(([name]) => {
    const rows = throughput.filter((r) => r.strategy === name && r.impl === 'indexed');
    const first = rows[0]!;
    const last = rows[rows.length - 1]!;
    return {
      strategy: name,
      fromHosts: first.hosts,
      toHosts: last.hosts,
      costRatio: round(first.placementsPerSecond / last.placementsPerSecond, 2),
      medianCostRatio: round(first.medianPlacementsPerSecond / last.medianPlacementsPerSecond, 2),
    };
  });
  return { throughput, growth, quality, ffd };
}

export interface ThroughputRow {
  readonly hosts: number;
  readonly strategy: string;
  readonly impl: 'indexed' | 'naive' | 'apply only';
  /** From the mean sample (garbage collection pauses included). */
  readonly placementsPerSecond: number;
  readonly microsPerPlacement: number;
  /** From the median sample (robust to the odd major collection of a large heap). */
  readonly medianPlacementsPerSecond: number;
  /** Placements per sample and samples taken. */
  readonly batch: number;
  readonly samples: number;
}

export interface QualityRow {
  readonly hosts: number;
  readonly strategy: string;
  readonly tasks: number;
  readonly unplaced: number;
  readonly hostsUsed: number;
  readonly lowerBound: number;
  readonly meanMemoryUtilization: number;
  readonly meanCpuUtilization: number;
  /** (most - fewest tasks in an AZ) / mean tasks per AZ, worst service. */
  readonly azSkew: number;
}

export interface FfdRow {
  readonly hosts: number;
  readonly firstFitDecreasingHostsUsed: number;
  readonly binpackHostsUsed: number;
  readonly binpackSortedHostsUsed: number;
  readonly binpackNoWorseThanFfd: boolean;
  readonly binpackSortedNoWorseThanFfd: boolean;
}

export interface PlacementBenchResult {
  readonly throughput: ThroughputRow[];
  /** Indexed cost per placement at the largest size over the smallest (target: at most 3). */
  readonly growth: { strategy: string; fromHosts: number; toHosts: number; costRatio: number; medianCostRatio: number }[];
  readonly quality: QualityRow[];
  readonly ffd: FfdRow[];
}

const spec = (strategies: EcsPlacementSpec['strategies']): EcsPlacementSpec => ({ strategies, constraints: [] });

const STRATEGIES: readonly (readonly [string, EcsPlacementSpec])[] = [
  ['spread(AZ)', spec([{ type: 'spread', field: 'attribute:ecs.availability-zone' }])],
  ['binpack(memory)', spec([{ type: 'binpack', field: 'memory' }])],
  ['random', spec([{ type: 'random' }])],
  ['default (spread AZ, then instanceId)', DEFAULT_SERVICE_PLACEMENT],
];

type Policy = (request: PlacementRequest, cluster: BenchCluster) => PlacementResult;

async function measure(hosts: number, strategy: string, placement: EcsPlacementSpec, impl: 'indexed' | 'naive'): Promise<ThroughputRow> {
  const cluster = buildCluster(hosts);
  preload(cluster, 'bench');
  let policy: Policy;
  if (impl === 'indexed') {
    const engine = new EcsPlacementEngine(cluster.state, () => placement, RandomStream.root('bench').fork('placement'));
    cluster.trace.subscribe(engine.onRecord);
    policy = (request, c) => engine.place(request, c.state);
  } else {
    const rng = RandomStream.root('bench').fork('placement');
    policy = (request, c) => naiveEcsPlace(request, c.state, placement, rng);
  }
  // The naive scan costs O(hosts) per placement: smaller batches keep large clusters measurable.
  const batch = impl === 'indexed' ? 2000 : Math.max(4, Math.min(500, Math.round(2_000_000 / hosts / 4)));
  return run(cluster, hosts, strategy, impl, policy, batch);
}

/** The create/place/stop cycle with a policy that costs nothing: round-robin over the hosts. */
async function measureApplyOnly(hosts: number): Promise<ThroughputRow> {
  const cluster = buildCluster(hosts);
  preload(cluster, 'bench');
  let next = 0;
  const all = cluster.state.hosts;
  const policy: Policy = () => {
    next = (next + 1) % all.length;
    return { ok: true, host: all[next]! };
  };
  return run(cluster, hosts, '-', 'apply only', policy, 2000);
}

async function run(cluster: BenchCluster, hosts: number, strategy: string, impl: ThroughputRow['impl'], policy: Policy, batch: number): Promise<ThroughputRow> {
  const services: Service[] = [addService(cluster, 'web', 256, 512), addService(cluster, 'api', 512, 1024)];
  const requests = services.map(requestFor);
  const placed: Task[] = [];
  const cycle = (): void => {
    for (let i = 0; i < batch; i++) {
      const k = i & 1;
      const decision = policy(requests[k]!, cluster);
      if (!decision.ok) throw new Error(`${strategy} ${impl}: ${decision.failure.code}`);
      const task = cluster.actions.tasks.create(services[k]!);
      cluster.actions.tasks.place(task, decision.host);
      placed.push(task);
    }
    for (const task of placed) cluster.actions.tasks.stop(task, 'UserInitiated', SCALE_IN);
    placed.length = 0;
  };
  // The cluster was just built: collect its construction garbage now rather than mid-run.
  collectGarbage();
  const bench = new Bench({ time: 1000, warmupTime: 200, iterations: 3, warmupIterations: 1 });
  bench.add(`${strategy} ${impl} ${hosts}`, cycle);
  await bench.run();
  const task = bench.tasks[0]!;
  const result = task.result as { latency?: { mean: number; p50?: number; samplesCount?: number }; period?: number } | undefined;
  const meanMs = result?.latency?.mean ?? result?.period ?? Number.NaN;
  const medianMs = result?.latency?.p50 ?? meanMs;
  const perPlacementUs = (meanMs * 1000) / batch;
  return {
    hosts,
    strategy,
    impl,
    placementsPerSecond: Math.round(1e6 / perPlacementUs),
    microsPerPlacement: round(perPlacementUs, 2),
    medianPlacementsPerSecond: Math.round((1e3 * batch) / medianMs),
    batch,
    samples: result?.latency?.samplesCount ?? Number.NaN,
  };
}

/** The workload of the quality runs: enough tasks for about half the cluster's memory, in a seeded order. */
function workload(hosts: number): number[] {
  const avgMemory = WORKLOAD_SHAPES.reduce((s, [, , m]) => s + m, 0) / WORKLOAD_SHAPES.length;
  const tasks = Math.floor((0.5 * hosts * 7985) / avgMemory);
  const rng = RandomStream.root('quality').fork(String(hosts));
  return Array.from({ length: tasks }, () => rng.int(0, WORKLOAD_SHAPES.length - 1));
}

function measureQuality(hosts: number, strategy: string, placement: EcsPlacementSpec, order: 'arrival' | 'decreasing'): QualityRow {
  const cluster = buildCluster(hosts);
  const services = WORKLOAD_SHAPES.map(([name, cpu, mem]) => addService(cluster, name, cpu, mem));
  const requests = services.map(requestFor);
  const engine = new EcsPlacementEngine(cluster.state, () => placement, RandomStream.root('quality').fork('placement'));
  cluster.trace.subscribe(engine.onRecord);
  const shapes = workload(hosts);
  if (order === 'decreasing') shapes.sort((a, b) => WORKLOAD_SHAPES[b]![2] - WORKLOAD_SHAPES[a]![2] || WORKLOAD_SHAPES[b]![1] - WORKLOAD_SHAPES[a]![1] || a - b);
  let unplaced = 0;
  let sumCpu = 0;
  let sumMem = 0;
  for (const k of shapes) {
    const request = requests[k]!;
    sumCpu += request.cpu;
    sumMem += request.memoryMiB;
    const decision = engine.place(request, cluster.state);
    if (!decision.ok) {
      unplaced++;
      continue;
    }
    cluster.actions.tasks.place(cluster.actions.tasks.create(services[k]!), decision.host);
  }
  const used = cluster.state.hosts.filter((h) => h.tasks.size > 0);
  const host0 = cluster.state.hosts[0]!;
  const lowerBound = Math.max(Math.ceil(sumCpu / host0.cpu), Math.ceil(sumMem / host0.memoryMiB));
  const mean = (f: (h: Host) => number): number => (used.length === 0 ? 0 : used.reduce((s, h) => s + f(h), 0) / used.length);
  let azSkew = 0;
  for (const service of services) {
    const perAz = AZS.map((az) => [...service.tasks].filter((t) => t.host?.az === az).length);
    const total = perAz.reduce((s, n) => s + n, 0);
    if (total > 0) azSkew = Math.max(azSkew, (Math.max(...perAz) - Math.min(...perAz)) / (total / AZS.length));
  }
  return {
    hosts,
    strategy,
    tasks: shapes.length,
    unplaced,
    hostsUsed: used.length,
    lowerBound,
    meanMemoryUtilization: round(mean((h) => h.allocatedMemoryMiB / h.memoryMiB), 4),
    meanCpuUtilization: round(mean((h) => h.allocatedCpu / h.cpu), 4),
    azSkew: round(azSkew, 4),
  };
}

/** First-fit-decreasing on the same tasks and hosts (sorted by memory, then CPU): hosts used. */
function firstFitDecreasing(hosts: number): number {
  const host = buildCluster(1).state.hosts[0]!;
  const shapes = workload(hosts).sort((a, b) => WORKLOAD_SHAPES[b]![2] - WORKLOAD_SHAPES[a]![2] || WORKLOAD_SHAPES[b]![1] - WORKLOAD_SHAPES[a]![1]);
  // Bins as plain arrays; the tree finds the lowest-index bin with room in O(log n).
  const freeCpu = new Float64Array(hosts).fill(host.cpu);
  const freeMem = new Float64Array(hosts).fill(host.memoryMiB);
  const tree = new HostTree();
  tree.ensure(hosts);
  for (let i = 0; i < hosts; i++) tree.setLeaf(i, true, host.cpu, host.memoryMiB);
  let cpu = 0;
  let mem = 0;
  const test = { accept: (pos: number): boolean => freeCpu[pos]! >= cpu && freeMem[pos]! >= mem };
  let used = 0;
  for (const k of shapes) {
    cpu = WORKLOAD_SHAPES[k]![1] * 1000;
    mem = WORKLOAD_SHAPES[k]![2];
    const pos = tree.first(cpu, mem, null, 0, test);
    if (pos < 0) continue;
    if (freeMem[pos] === host.memoryMiB && freeCpu[pos] === host.cpu) used++;
    freeCpu[pos] = freeCpu[pos]! - cpu;
    freeMem[pos] = freeMem[pos]! - mem;
    tree.setLeaf(pos, true, freeCpu[pos]!, freeMem[pos]!);
  }
  return used;
}

/**
 * Collects the previous run's cluster before the next is measured, so its garbage is not billed
 * to the next run's samples. Node exposes gc() only behind a flag; setting the flag at run time
 * and fetching the function from a fresh context works without restarting node.
 */
function collectGarbage(): void {
  if (gc === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed !== undefined) gc = exposed;
    else {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
  }
  gc();
}

let gc: (() => void) | undefined;

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
