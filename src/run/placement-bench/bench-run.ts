/**
 * One placement benchmark cell: a policy on a generated cluster and workload with a seed. The
 * cluster is built through the actions module (so every change emits the records a policy's
 * indexes need), each task is created, placed by the policy and, when it found a host, bound
 * there; the same seed gives every policy the same tasks in the same order, and the same churn.
 *
 * Placements/s counts decisions (found a host or not) over the time spent deciding and applying
 * them, measured with the clock the caller passes (the CLI's; nothing here reads the wall clock).
 * The quality figures are read from the state at the end.
 */
import { Actions } from '../../controllers/actions/index.js';
import { isLaunchFailure } from '../../controllers/actions/hosts.js';
import { RandomStream } from '../../engine/rng.js';
import { Simulation } from '../../engine/simulation.js';
import { Trace } from '../../engine/trace.js';
import { getInstanceType } from '../../model/catalog/instance-types.js';
import type { InstanceType } from '../../model/catalog/instance-type.js';
import { ClusterState } from '../../model/cluster-state.js';
import type { FleetEvent } from '../../model/events/index.js';
import { CPU_SHARES_PER_VCPU } from '../../model/resources.js';
import { maxPods } from '../../model/network/max-pods.js';
import { ecsRegisteredResources } from '../../model/params/ecs-container-instance.js';
import { eksAllocatable } from '../../model/params/eks-node.js';
import type { PodSchedulingSpec } from '../../model/pod-scheduling-spec.js';
import type { PlacementFailure } from '../../model/reasons/placement.js';
import { SCALE_IN } from '../../model/reasons/stop.js';
import type { Service } from '../../model/service.js';
import { serviceSpec } from '../../model/simulation-spec.js';
import type { Task } from '../../model/task.js';
import type { TaskDefinition } from '../../model/task-definition.js';
import type { PlacementRegistry } from '../../policy/placement-registry.js';
import { podRequestOf, requestOf, type PlacementPolicy } from '../../policy/placement-policy.js';
import type { BenchPolicy } from './bench-policies.js';
import { BENCH_AZS, GENERAL_TYPE, GPU_EVERY, GPU_TYPE, shapeCpu, WORKLOAD_MIXES, type TaskShape, type WorkloadOptions } from './bench-workload.js';

/** Hours in a month, for the monthly cost of the hosts used (AWS's 730). */
export const HOURS_PER_MONTH = 730;

export interface BenchCell {
  readonly policy: BenchPolicy;
  readonly hosts: number;
  readonly workload: WorkloadOptions;
  readonly seed: string;
}

export interface BenchCellResult {
  readonly policy: string;
  readonly hosts: number;
  readonly mix: string;
  readonly seed: string;
  /** Decisions made (placements found and not). */
  readonly decisions: number;
  readonly placed: number;
  readonly unschedulable: number;
  /** Unschedulable decisions by reason code (ECS's unmet requirement of the closest instance, or kube-scheduler's filter reasons), most frequent first. */
  readonly reasons: readonly { readonly code: string; readonly count: number }[];
  readonly placementsPerSecond: number;
  readonly hostsUsed: number;
  /** Allocated over capacity, summed over the hosts used (0..1). */
  readonly cpuUtilization: number;
  readonly memoryUtilization: number;
  /** Free vCPU on used hosts with too little memory left for the smallest task of the mix. */
  readonly strandedVcpu: number;
  /** Free GiB on used hosts with too little CPU left for the smallest task of the mix. */
  readonly strandedMemoryGiB: number;
  /** (most - fewest running tasks in an AZ) / mean tasks per AZ. */
  readonly azImbalance: number;
  /** On-demand price of the hosts used for a month (730 h), USD. */
  readonly monthlyCostUsd: number;
}

/** The clock the caller measures with (ms); the CLI passes performance.now. */
export type BenchClock = () => number;

/** Runs one cell. Throws what the policy throws (a PluginError for a misbehaving plugin). */
export function runBenchCell(cell: BenchCell, registry: PlacementRegistry, clock: BenchClock): BenchCellResult {
  const shapes = WORKLOAD_MIXES[cell.workload.mix];
  if (shapes === undefined) throw new RangeError(`no workload mix '${cell.workload.mix}'`);
  const world = new BenchWorld(cell, shapes);
  const rng = RandomStream.root(cell.seed);
  const policy = registry.createPolicy(cell.policy.policy, {
    view: world.state,
    rng: rng.fork('placement-bench-policy'),
    platform: cell.policy.platform,
    ecsPlacement: () => cell.policy.ecsPlacement,
    podScheduling: (service) => world.podSpecs.get(service)!,
    schedulerProfile: cell.policy.profile,
    checkScores: false,
  });
  if (policy.onRecord !== undefined) world.trace.subscribe(policy.onRecord);

  const draws = rng.fork('placement-bench-workload');
  const total = shapes.reduce((s, x) => s + x.weight, 0);
  const draw = (): Service => {
    let r = draws.random() * total;
    for (let i = 0; i < shapes.length; i++) if ((r -= shapes[i]!.weight) < 0) return world.services[i]!;
    return world.services[shapes.length - 1]!;
  };
  // Fill to `fill` of the cluster in the resource the tasks ask more of (CPU or memory).
  const cpuGoal = cell.workload.fill * world.state.hosts.reduce((s, h) => s + h.cpu, 0);
  const memoryGoal = cell.workload.fill * world.state.hosts.reduce((s, h) => s + h.memoryMiB, 0);
  const placer = new Placer(world, policy, clock);
  let askedCpu = 0;
  let askedMemory = 0;
  while (askedCpu < cpuGoal && askedMemory < memoryGoal) {
    const service = draw();
    askedCpu += service.taskDefinition.cpu;
    askedMemory += service.taskDefinition.memoryMiB;
    placer.place(service);
  }
  const churn = rng.fork('placement-bench-churn');
  for (let round = 0; round < cell.workload.churnRounds; round++) {
    const running = [...world.running];
    const stops = Math.floor(running.length * cell.workload.churn);
    // A partial Fisher-Yates shuffle picks the tasks to stop.
    for (let i = 0; i < stops; i++) {
      const j = churn.int(i, running.length - 1);
      [running[i], running[j]] = [running[j]!, running[i]!];
      world.stop(running[i]!);
    }
    for (let i = 0; i < stops; i++) placer.place(draw());
  }
  return { policy: cell.policy.label, hosts: cell.hosts, mix: cell.workload.mix, seed: cell.seed, ...placer.figures(), ...quality(world, shapes) };
}

/** The cluster, its services (one per shape) and the tasks running. */
class BenchWorld {
  readonly state = new ClusterState();
  readonly trace = new Trace<FleetEvent>();
  readonly actions = new Actions(this.state, new Simulation(), this.trace);
  readonly services: Service[];
  readonly podSpecs = new Map<string, PodSchedulingSpec>();
  readonly running = new Set<Task>();

  constructor(
    readonly cell: BenchCell,
    shapes: readonly TaskShape[],
  ) {
    const general = instanceType(GENERAL_TYPE);
    const gpu = instanceType(GPU_TYPE);
    for (let i = 0; i < cell.hosts; i++) {
      const type = i % GPU_EVERY === GPU_EVERY - 1 ? gpu : general;
      const az = BENCH_AZS[i % BENCH_AZS.length]!;
      const host =
        cell.policy.platform === 'ecs'
          ? this.actions.hosts.launch('bench', type, az, ecsRegisteredResources(type, 0))
          : this.actions.hosts.launch('bench', type, az, eksAllocatable(type, maxPods(type)), { maxTasks: maxPods(type), region: 'us-east-1' });
      // The bench's cluster has no subnets and no host limit: every launch succeeds.
      if (isLaunchFailure(host)) throw new Error(`placement-bench: launching host ${i} failed (${host.code})`);
      this.actions.hosts.register(host);
    }
    this.services = shapes.map((shape) => {
      this.podSpecs.set(shape.name, { labels: { app: shape.name, ...(shape.gpu === true ? { 'fleetsim.dev/gpu': 'true' } : {}) } });
      const taskDefinition = {
        family: shape.name,
        revision: 1,
        cpu: shapeCpu(shape),
        memoryMiB: shape.memoryMiB,
        networkMode: cell.policy.platform === 'ecs' ? 'bridge' : 'awsvpc',
        readyAfterMs: 0,
        containers: [{ name: shape.name, image: `${shape.name}:1`, imageSizeMiB: 100, layers: 3, essential: true, portMappings: [] }],
      } as TaskDefinition;
      return this.actions.services.create(serviceSpec({ name: shape.name, kind: cell.policy.platform === 'ecs' ? 'ecs-service' : 'deployment', taskDefinition }));
    });
  }

  stop(task: Task): void {
    this.actions.tasks.stop(task, 'ServiceSchedulerInitiated', SCALE_IN);
    this.running.delete(task);
  }
}

/** Places tasks one at a time, timing decide + apply, counting reasons. */
class Placer {
  private decisions = 0;
  private placed = 0;
  private elapsedMs = 0;
  private readonly reasons = new Map<string, number>();

  constructor(
    private readonly world: BenchWorld,
    private readonly policy: PlacementPolicy,
    private readonly clock: BenchClock,
  ) {}

  place(service: Service): void {
    const world = this.world;
    const task = world.actions.tasks.create(service);
    const request = world.cell.policy.platform === 'ecs' ? requestOf(task) : podRequestOf(task);
    const started = this.clock();
    const result = this.policy.place(request, world.state);
    if (result.ok) world.actions.tasks.place(task, result.host);
    this.elapsedMs += this.clock() - started;
    this.decisions++;
    if (result.ok) {
      this.placed++;
      world.running.add(task);
    } else {
      for (const code of reasonCodes(result.failure)) this.reasons.set(code, (this.reasons.get(code) ?? 0) + 1);
      world.actions.tasks.stop(task, 'ServiceSchedulerInitiated', SCALE_IN);
    }
  }

  figures(): Pick<BenchCellResult, 'decisions' | 'placed' | 'unschedulable' | 'reasons' | 'placementsPerSecond'> {
    const reasons = [...this.reasons].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
    return {
      decisions: this.decisions,
      placed: this.placed,
      unschedulable: this.decisions - this.placed,
      reasons,
      placementsPerSecond: this.elapsedMs > 0 ? Math.round(this.decisions / (this.elapsedMs / 1000)) : 0,
    };
  }
}

/** A failure's reason codes: the closest instance's unmet requirements (ECS), or each filter reason's code (kube-scheduler). */
export function reasonCodes(failure: PlacementFailure): string[] {
  switch (failure.code) {
    case 'NO_INSTANCE_MET_REQUIREMENTS':
      return failure.unmet.map((u) => u.code);
    case 'FIT_ERROR':
      return failure.reasons.map((r) => r.reason.code);
    default:
      return [failure.code];
  }
}

function quality(world: BenchWorld, shapes: readonly TaskShape[]): Omit<BenchCellResult, 'policy' | 'hosts' | 'mix' | 'seed' | 'decisions' | 'placed' | 'unschedulable' | 'reasons' | 'placementsPerSecond'> {
  const minCpu = Math.min(...shapes.map(shapeCpu));
  const minMemory = Math.min(...shapes.map((s) => s.memoryMiB));
  let used = 0;
  let cpu = 0;
  let cpuAllocated = 0;
  let memory = 0;
  let memoryAllocated = 0;
  let strandedCpu = 0;
  let strandedMemory = 0;
  let hourly = 0;
  const perAz = new Map<string, number>(BENCH_AZS.map((az) => [az, 0]));
  for (const host of world.state.hosts) {
    if (host.tasks.size === 0) continue;
    used++;
    cpu += host.cpu;
    cpuAllocated += host.allocatedCpu;
    memory += host.memoryMiB;
    memoryAllocated += host.allocatedMemoryMiB;
    const freeCpu = host.cpu - host.allocatedCpu;
    const freeMemory = host.memoryMiB - host.allocatedMemoryMiB;
    if (freeMemory < minMemory) strandedCpu += freeCpu;
    if (freeCpu < minCpu) strandedMemory += freeMemory;
    hourly += host.instanceType.onDemandHourlyUsd;
    perAz.set(host.az, perAz.get(host.az)! + host.tasks.size);
  }
  const counts = [...perAz.values()];
  const mean = counts.reduce((s, n) => s + n, 0) / counts.length;
  return {
    hostsUsed: used,
    cpuUtilization: ratio(cpuAllocated, cpu),
    memoryUtilization: ratio(memoryAllocated, memory),
    strandedVcpu: round(strandedCpu / CPU_SHARES_PER_VCPU, 1),
    strandedMemoryGiB: round(strandedMemory / 1024, 1),
    azImbalance: mean === 0 ? 0 : round((Math.max(...counts) - Math.min(...counts)) / mean, 3),
    monthlyCostUsd: round(hourly * HOURS_PER_MONTH, 0),
  };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : round(a / b, 3);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function instanceType(name: string): InstanceType {
  const type = getInstanceType(name);
  if (type === undefined) throw new RangeError(`${name} is not in the catalog`);
  return type;
}
