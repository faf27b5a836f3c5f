import { CPU_SHARES_PER_VCPU } from '../model/resources.js';
import type { FleetEvent } from '../model/events/index.js';
import type { SimulationSpec } from '../model/simulation-spec.js';
import { CostReport } from '../report/cost.js';
import { percentile } from '../report/percentile.js';
import { ScalingTimeline } from '../report/scaling-timeline.js';
import { runSimulation } from '../run.js';
import { loadScenario, type LoadContext } from '../scenario/load-scenario.js';
import { kubeName, meshApplies, VARIANTS, variantScenario, type CompareOptions, type VariantId, type Workload } from './compare-variants.js';
import { workloadBreakEvens, type BreakEven } from './break-even.js';
import { combineVariantRuns } from './compare-seeds.js';
import type { VariantResult } from './compare-result.js';

export type { VariantResult } from './compare-result.js';
import { tableSeeds } from './seed-spread.js';

/**
 * `fleetsim compare`, the runs: each variant's scenario (compare-variants.ts) loaded through the
 * scenario compiler and simulated with the workload's seed and traffic, then measured from its
 * trace: start-up, scale-out, 5xx during the traffic step, nodes, utilization, addresses, cost.
 * Nothing here computes a figure the simulation could measure.
 */

/** Gives a variant's run one more trace listener (compare.html's timelines); called with the variant's compiled spec. */
export type VariantObserver = (id: VariantId, spec: SimulationSpec) => (r: FleetEvent) => void;

/** Runs one variant's scenario and measures it. */
export function runVariant(w: Workload, id: VariantId, options: CompareOptions = {}, context: LoadContext = {}, observe?: VariantObserver): VariantResult {
  const built = variantScenario(w, id, options);
  const loaded = loadScenario(`${w.file} [${id}]`, built.yaml, context);
  if (!loaded.ok) throw new Error(`compare: the ${id} variant is not a valid scenario: ${loaded.diagnostics.map((d) => `${d.path}: ${d.message}`).join('; ')}\n${built.yaml}`);
  const spec = loaded.spec;
  const names = new Set(spec.services.map((s) => s.name));
  const vcpuOf = new Map(spec.services.map((s) => [s.name, s.taskDefinition.cpu / CPU_SHARES_PER_VCPU]));
  const cost = new CostReport(spec);
  const scaling = new ScalingTimeline();
  const created = new Map<string, number>();
  const cached = new Map<string, boolean>();
  const cold: number[] = [];
  const warm: number[] = [];
  const first: number[] = [];
  const serviceCreated = new Map<string, number>();
  const firstLaunch = new Map<string, number>();
  const firstTasks = new Set<string>();
  const loadChanges: { at: number; up: boolean }[] = [];
  const minutes: { endMs: number; requests: number; errors: number; usedVcpu: number }[] = [];
  const samples: { time: number; hosts: number; paidVcpu: number; ips: number }[] = [];
  const fargate = spec.services.filter((s) => s.launchType === 'FARGATE').map((s) => s.name);
  let nodesPeak = 0;
  const listener = (r: FleetEvent): void => {
    cost.listener(r);
    scaling.listener(r);
    if ('service' in r && r.service !== null && !names.has(r.service)) return;
    switch (r.type) {
      case 'service.created':
        serviceCreated.set(r.service, r.time);
        break;
      case 'task.created':
        created.set(r.task, r.time);
        // The first deployment's tasks: those of the service scheduler's first launch (a reaction
        // time after the service was created, src/model/params/ecs-control-plane.ts).
        if (!firstLaunch.has(r.service)) firstLaunch.set(r.service, r.time);
        if (serviceCreated.has(r.service) && firstLaunch.get(r.service) === r.time) firstTasks.add(r.task);
        break;
      case 'task.images-ready':
        cached.set(r.task, r.pullMs === 0);
        break;
      case 'task.status-changed':
        if (r.to === 'RUNNING' && created.has(r.task)) {
          const s = (r.time - created.get(r.task)!) / 1000;
          (cached.get(r.task) === true ? warm : cold).push(s);
          if (firstTasks.has(r.task)) first.push(s);
        }
        break;
      case 'task.stopped':
        created.delete(r.task);
        cached.delete(r.task);
        break;
      case 'load.changed':
        // Up or down in whole requests per second (a change below one request/s is no step).
        loadChanges.push({ at: r.time, up: Math.round(r.toRps) > Math.round(r.fromRps) });
        break;
      case 'metrics.minute': {
        const m = r.minute;
        minutes.push({ endMs: m.endMs, requests: m.requests, errors: m.target5xx + m.elb5xx, usedVcpu: (m.cpuUtilization / 100) * m.servingTasks * (vcpuOf.get(m.service) ?? 0) });
        break;
      }
      case 'timeline.sampled': {
        const s = r.sample;
        nodesPeak = Math.max(nodesPeak, s.hostsActive);
        let paid = s.cpuCapacityVcpu;
        for (const sv of s.services) if (fargate.includes(sv.name)) paid += sv.running * (vcpuOf.get(sv.name) ?? 0);
        samples.push({ time: r.time, hosts: s.hostsActive, paidVcpu: paid, ips: s.subnets.reduce((a, sn) => a + sn.allocated, 0) });
        break;
      }
    }
  };
  const result = runSimulation(spec, { listeners: observe === undefined ? [listener] : [listener, observe(id, spec)] });
  const bill = cost.finish(result.durationMs);
  const step = loadChanges.find((c) => c.up);
  const stepEnd = step === undefined ? null : (loadChanges.find((c) => !c.up && c.at > step.at)?.at ?? result.durationMs);
  const firstScaleOut = step === undefined ? undefined : scaling.finish().find((row) => names.has(row.service) && row.atS * 1000 >= step.at);
  let errors: number | null = null;
  let rate: number | null = null;
  if (step !== undefined && stepEnd !== null) {
    const during = minutes.filter((m) => m.endMs > step.at && m.endMs - 60_000 < stepEnd);
    errors = during.reduce((a, m) => a + m.errors, 0);
    const requests = during.reduce((a, m) => a + m.requests, 0);
    rate = requests > 0 ? (100 * errors) / requests : null;
  }
  const windowStart = result.durationMs - bill.summary.monthly.windowS * 1000;
  const windowMinutes = minutes.filter((m) => m.endMs > windowStart);
  const windowSamples = samples.filter((s) => s.time >= windowStart);
  const byMinute = new Map<number, number>();
  for (const m of windowMinutes) byMinute.set(m.endMs, (byMinute.get(m.endMs) ?? 0) + m.usedVcpu);
  const used = mean([...byMinute.values()]);
  const paid = mean(windowSamples.map((s) => s.paidVcpu));
  const last = samples[samples.length - 1];
  const sorted = (xs: number[]): number[] => xs.sort((a, b) => a - b);
  const q = (xs: number[], p: number): number | null => (xs.length === 0 ? null : round1(percentile(xs, p)!));
  sorted(cold);
  sorted(warm);
  sorted(first);
  return {
    variant: built.variant,
    startup: { firstP50: q(first, 50), firstP90: q(first, 90), coldP50: q(cold, 50), coldP90: q(cold, 90), cachedP50: q(warm, 50), cachedP90: q(warm, 90), tasks: cold.length + warm.length },
    stepAtS: step === undefined ? null : step.at / 1000,
    scaleOutS: firstScaleOut?.totalS ?? null,
    errorsDuringStep: errors,
    errorRateDuringStep: rate === null ? null : round2(rate),
    nodesEnd: last?.hosts ?? 0,
    nodesPeak,
    tasksPerNode: built.variant.ec2 && (last?.hosts ?? 0) > 0 ? round1(workloadRunning(result.state.services, w) / last!.hosts) : null,
    utilization: used === null || paid === null || paid === 0 ? null : round1((100 * used) / paid),
    ipsPeak: Math.max(0, ...samples.map((s) => s.ips)),
    cost: bill.summary,
    pendingAtEnd: result.state.services.size === 0 ? 0 : [...result.state.services.values()].filter((s) => names.has(s.name)).reduce((a, s) => a + s.counts.UNPLACED + s.counts.PROVISIONING + s.counts.PENDING, 0),
    notes: built.notes,
  };
}

export interface CompareResult {
  readonly workload: string;
  /** The base seed: the one run, or the base of `seeds`. */
  readonly seed: string;
  /** The seeds each variant ran (`<seed>-1` .. `<seed>-N` over several seeds, else the seed itself). */
  readonly seeds: readonly string[];
  readonly instanceType: string;
  readonly durationS: number;
  readonly windowS: number;
  readonly variants: readonly VariantResult[];
  readonly breakEvens: readonly BreakEven[];
}

/** How `runCompare` runs: the variants' options, and over how many seeds. */
export interface CompareRunOptions extends CompareOptions {
  /**
   * Run each variant once per seed, `<seed>-1` .. `<seed>-N` (the seed tables' convention,
   * seed-spread.ts), and report each figure as the median with its p5-p95 (compare-seeds.ts).
   * Without it, each variant runs once with the seed itself.
   */
  readonly seedCount?: number;
  /** Called after each run (variant and seed), e.g. for a progress bar. */
  readonly onRun?: (done: number, total: number) => void;
}

/**
 * Runs every variant (or those asked for) of the workload, once or over `seedCount` seeds.
 * `observe` sees the first seed's run of each variant (compare.html's timelines draw one run).
 * With `sidecar`, each variant the mesh applies to runs twice, without and with it (the second
 * has no timeline in compare.html), and the others are left out.
 */
export function runCompare(w: Workload, options: CompareRunOptions = {}, context: LoadContext = {}, observe?: VariantObserver): CompareResult {
  const mesh = options.sidecar;
  const ids = (options.variants ?? VARIANTS.map((v) => v.id)).filter((id) => mesh === undefined || meshApplies(mesh, VARIANTS.find((v) => v.id === id)!));
  const { sidecar: _none, ...plain } = options;
  // Each variant once as asked (without the mesh), then with it when --sidecar names one.
  const columns = ids.flatMap((id) => (mesh === undefined ? [{ id, options: plain, observe }] : [{ id, options: plain, observe }, { id, options, observe: undefined }]));
  const base = options.seed ?? w.spec.seed;
  const seeds = options.seedCount === undefined ? [base] : tableSeeds(base, options.seedCount);
  let done = 0;
  const variants = columns.map((c) => {
    const runs = seeds.map((seed, i) => {
      const run = runVariant(w, c.id, { ...c.options, seed }, context, i === 0 ? c.observe : undefined);
      options.onRun?.(++done, columns.length * seeds.length);
      return run;
    });
    return options.seedCount === undefined ? runs[0]! : combineVariantRuns(runs);
  });
  return {
    workload: String(w.raw.name),
    seed: base,
    seeds,
    instanceType: w.instanceType.name,
    durationS: w.spec.durationMs / 1000,
    windowS: variants[0]?.cost.monthly.windowS ?? 0,
    variants,
    breakEvens: workloadBreakEvens(w),
  };
}

/** RUNNING tasks of the workload's own services (not CoreDNS or istiod). */
function workloadRunning(services: ReadonlyMap<string, { readonly counts: { readonly RUNNING: number } }>, w: Workload): number {
  let n = 0;
  for (const s of w.spec.services) n += services.get(s.name)?.counts.RUNNING ?? services.get(kubeName(s.name))?.counts.RUNNING ?? 0;
  return n;
}

function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
