import type { FleetEvent } from '../model/events/index.js';
import { percentile } from '../report/percentile.js';
import { runSimulation } from '../run.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { formatOutside, seedSpread, seedsOutside, tableSeeds, type SeedSpread } from './seed-spread.js';

/**
 * The seed's "Container Startup Time" table (§8), reproduced from the phase models: for each
 * platform and image, many tasks start on capacity that is already there, and the time from
 * task creation to RUNNING is measured. Nothing here knows the seed's answers except to print
 * them beside fleetsim's.
 */
export type StartupPlatform = 'ECS Fargate' | 'ECS EC2' | 'EKS EC2' | 'EKS Fargate';
export type StartupImage = 'small' | 'medium' | 'large' | 'cached';

export const STARTUP_PLATFORMS: readonly StartupPlatform[] = ['ECS Fargate', 'ECS EC2', 'EKS EC2', 'EKS Fargate'];
export const STARTUP_IMAGES: readonly { readonly image: StartupImage; readonly label: string; readonly size: string }[] = [
  { image: 'small', label: 'Small image (50 MB)', size: '50MB' },
  { image: 'medium', label: 'Medium image (200 MB)', size: '200MB' },
  { image: 'large', label: 'Large image (1 GB)', size: '1GB' },
  // Fargate keeps no image cache between tasks: its closest real equivalent of "cached" is an
  // image so small that the pull is negligible (a 5 MB distroless image).
  { image: 'cached', label: 'Cached image', size: '5MB' },
];

/** The seed's ranges in seconds, [low, high], by image then platform. */
export const SEED_STARTUP_RANGES: Readonly<Record<StartupImage, Readonly<Record<StartupPlatform, readonly [number, number]>>>> = {
  small: { 'ECS Fargate': [15, 25], 'ECS EC2': [3, 8], 'EKS EC2': [3, 8], 'EKS Fargate': [20, 35] },
  medium: { 'ECS Fargate': [25, 45], 'ECS EC2': [5, 15], 'EKS EC2': [5, 15], 'EKS Fargate': [30, 50] },
  large: { 'ECS Fargate': [45, 90], 'ECS EC2': [10, 30], 'EKS EC2': [10, 30], 'EKS Fargate': [60, 120] },
  cached: { 'ECS Fargate': [10, 15], 'ECS EC2': [1, 3], 'EKS EC2': [1, 3], 'EKS Fargate': [15, 25] },
};

/**
 * One cell over the seeds: each seed starts `samples` tasks and gives their p10 / p50 / p90; the
 * cell's p10, p50 and p90 are the medians of those over the seeds, `spread` is the seeds' p50s'
 * spread (seed-spread.ts) and `outside` how many seeds' p50 fell outside the seed's range.
 */
export interface StartupCell {
  readonly platform: StartupPlatform;
  readonly image: StartupImage;
  readonly seedRange: readonly [number, number];
  readonly samples: number;
  readonly seeds: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  readonly spread: SeedSpread;
  readonly outside: number;
}

/** Seeds per cell of the committed table: each seed already starts 200 tasks, so a few seeds keep every median and verdict in place (test/experiments/startup-matrix.test.ts regenerates with two base seeds). */
export const STARTUP_TABLE_SEEDS = 9;

/** Options of the start-up table: tasks per cell and seed, the base seed, how many seeds. */
export interface StartupTableOptions {
  readonly samples?: number;
  readonly seed?: string;
  readonly seedCount?: number;
}

/**
 * Most tasks one cell may sample. Each EC2 task gets its own instance in the cell's VPC of three
 * /19 subnets (24,564 usable addresses), and an EKS node holds about six of them (its own and
 * the VPC CNI's warm IPs). Measured: 4,000 samples start every task (the whole start-up table
 * in about 5 s on 2 cores); at 4,500 the subnets run out and 2,271 pods of the EKS EC2 cell
 * never start (FailedCreatePodSandBox: failed to assign an IP address), so the table would lie.
 */
export const MAX_STARTUP_SAMPLES = 4_000;

/** The scenario of one cell: `n` tasks, each on its own instance (EC2) or microVM (Fargate). */
export function startupScenario(platform: StartupPlatform, image: StartupImage, n: number, seed: string, soci = false): string {
  const size = STARTUP_IMAGES.find((i) => i.image === image)!.size;
  const ref = `registry.example/app-${image}:1`;
  const cached = image === 'cached' && platform.endsWith('EC2') ? `, cachedImages: [${ref}]` : '';
  const subnets = `  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/19 }, { az: us-east-1b, cidr: 10.0.32.0/19 }, { az: us-east-1c, cidr: 10.0.64.0/19 }] }`;
  const sociLine = soci ? ', soci: true' : '';
  // The n tasks started together stand for n separate single-task starts: Fargate's launch-rate
  // quotas (docs/models.md, "Service quotas") would queue them behind each other, which is not
  // part of one task's start-up, so the cell lifts them.
  const quotas = `quotas: { fargate: { launchBurst: ${n}, serviceLaunchesPerMinute: ${n}, onDemandVcpu: ${n * 4} } }\n`;
  switch (platform) {
    case 'ECS EC2':
    case 'ECS Fargate': {
      const fargate = platform === 'ECS Fargate';
      return `name: startup
seed: ${seed}
duration: 10m
cluster:
  platform: ecs
${subnets}
  autoScalingGroups: [{ name: g, instanceType: m5.large, desiredCapacity: ${fargate ? 0 : n}${cached} }]
services:
  - serviceName: app
    launchType: ${fargate ? 'FARGATE' : 'EC2'}
    desiredCount: ${n}
    taskDefinition:
      cpu: ${fargate ? 1024 : 2048}
      memory: 2048
      containerDefinitions: [{ name: app, image: ${ref}, imageSize: ${size}${sociLine} }]
expect: [{ service: app, running: ${n} }]
${quotas}`;
    }
    case 'EKS EC2':
    case 'EKS Fargate': {
      const fargate = platform === 'EKS Fargate';
      return `name: startup
seed: ${seed}
duration: 10m
cluster:
  platform: eks
  coreDns: false
${subnets}
  nodeGroups: [{ name: g, instanceType: m5.large, desiredSize: ${fargate ? 0 : n}${cached} }]
${fargate ? '  fargateProfiles: [{ name: apps, selectors: [{ namespace: apps }] }]\n' : ''}workloads:
  - kind: Deployment
    name: app
    namespace: ${fargate ? 'apps' : 'default'}
    replicas: ${n}
    containers: [{ name: app, image: ${ref}, imageSize: ${size}${sociLine}, resources: { requests: { cpu: 1500m, memory: 1Gi } } }]
expect: [{ workload: app, running: ${n} }]
${quotas}`;
    }
  }
}

/** Start-up times (created -> RUNNING), seconds, of every task of one cell. */
export function measureStartup(platform: StartupPlatform, image: StartupImage, n: number, seed: string, soci = false): number[] {
  const loaded = loadScenario(`startup-matrix:${platform}:${image}`, startupScenario(platform, image, n, seed, soci));
  if (!loaded.ok) throw new Error(`startup matrix scenario is invalid: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  const created = new Map<string, number>();
  const out: number[] = [];
  const listener = (r: FleetEvent): void => {
    if (r.type === 'task.created' && r.service === 'app') created.set(r.task, r.time);
    else if (r.type === 'task.status-changed' && r.service === 'app' && r.to === 'RUNNING') out.push((r.time - created.get(r.task)!) / 1000);
  };
  const result = runSimulation(loaded.spec, { listeners: [listener] });
  if (result.expectationsFailed > 0 || out.length !== n) throw new Error(`startup matrix ${platform}/${image}: only ${out.length} of ${n} tasks ran`);
  return out.sort((a, b) => a - b);
}

export function runStartupMatrix(options: StartupTableOptions = {}): StartupCell[] {
  const n = options.samples ?? 200;
  const seeds = tableSeeds(options.seed ?? '1', options.seedCount ?? STARTUP_TABLE_SEEDS);
  const cells: StartupCell[] = [];
  for (const { image } of STARTUP_IMAGES) {
    for (const platform of STARTUP_PLATFORMS) {
      const perSeed = seeds.map((seed) => measureStartup(platform, image, n, seed));
      const median = (p: number): number => seedSpread(perSeed.map((s) => percentile(s, p)!))!.median;
      const p50s = perSeed.map((s) => percentile(s, 50)!);
      const seedRange = SEED_STARTUP_RANGES[image][platform];
      cells.push({ platform, image, seedRange, samples: n, seeds: seeds.length, p10: median(10), p50: median(50), p90: median(90), spread: seedSpread(p50s)!, outside: seedsOutside(p50s, seedRange) });
    }
  }
  return cells;
}

/** SOCI on Fargate: median start of the large image with and without lazy loading (each the median over the seeds). */
export function sociEffect(options: StartupTableOptions = {}): { without: number; with: number; reduction: number } {
  const n = options.samples ?? 200;
  const seeds = tableSeeds(options.seed ?? '1', options.seedCount ?? STARTUP_TABLE_SEEDS);
  const medianStart = (soci: boolean): number => seedSpread(seeds.map((seed) => percentile(measureStartup('ECS Fargate', 'large', n, seed, soci), 50)!))!.median;
  const without = medianStart(false);
  const withSoci = medianStart(true);
  return { without, with: withSoci, reduction: 1 - withSoci / without };
}

/** results/startup-table.md: the seed's range and fleetsim's p10-p50-p90 for every cell. */
export function renderStartupTable(cells: readonly StartupCell[], soci: { without: number; with: number; reduction: number }, command: string): string {
  const f = (x: number): string => (x < 10 ? x.toFixed(1) : x.toFixed(0));
  const lines: string[] = [];
  lines.push('# Container start-up time: the seed\'s table, reproduced');
  lines.push('');
  lines.push('Time from task (pod) creation to RUNNING on capacity that already exists, for each platform');
  const seeds = cells[0]?.seeds ?? 0;
  lines.push('and image. Each cell: the seed\'s range, then fleetsim\'s p10 / **median** / p90 over');
  lines.push(`${cells[0]?.samples ?? 0} tasks, from the phase models in docs/models.md (agent hand-off, ENI or microVM`);
  lines.push('provisioning, image pull at the platform\'s throughput with the host\'s image cache, container start),');
  lines.push(`each the median over ${seeds} seed${seeds === 1 ? '' : 's'}, and in brackets the p5-p95 range of the seeds' medians. A cell is "in range"`);
  lines.push('when the median over the seeds lies inside the seed\'s range; it says how many single seeds\' medians would not.');
  lines.push(`Regenerate with \`${command}\`.`);
  lines.push('');
  lines.push(`| Scenario | ${STARTUP_PLATFORMS.join(' | ')} |`);
  lines.push(`|---|${STARTUP_PLATFORMS.map(() => '---').join('|')}|`);
  for (const { image, label } of STARTUP_IMAGES) {
    const row = STARTUP_PLATFORMS.map((p) => {
      const c = cells.find((x) => x.platform === p && x.image === image)!;
      const ok = c.p50 >= c.seedRange[0] && c.p50 <= c.seedRange[1];
      const seedsRange = c.seeds === 1 ? '' : ` (${f(c.spread.p5)}-${f(c.spread.p95)})`;
      return `seed ${c.seedRange[0]}-${c.seedRange[1]}s; fleetsim ${f(c.p10)} / **${f(c.p50)}**${seedsRange} / ${f(c.p90)}s ${ok ? '(in range' : '(OUT OF RANGE'}${formatOutside(c.outside, c.seeds)})`;
    });
    lines.push(`| ${label} | ${row.join(' | ')} |`);
  }
  lines.push('');
  lines.push(`SOCI lazy loading (ECS Fargate, 1 GB image): median ${f(soci.without)}s without, ${f(soci.with)}s with a SOCI index:`);
  lines.push(`${Math.round(soci.reduction * 100)} % faster (the seed: 40-70 %).`);
  lines.push('');
  lines.push('Notes');
  lines.push('');
  lines.push('- Fargate keeps no image cache between tasks, so "cached image" has no literal Fargate meaning;');
  lines.push('  fleetsim\'s Fargate cells in that row use a 5 MB image, the closest real equivalent.');
  lines.push('- EKS on EC2 adds the pod sandbox (pause container, network namespace, CNI ADD) to what ECS on EC2 does.');
  lines.push('- EKS on Fargate adds the fargate-scheduler binding and the microVM\'s registration as a node.');
  lines.push('- EC2 cells place one task per instance, so every sample pulls independently; tasks that share a host');
  lines.push('  share its pull and cache.');
  return `${lines.join('\n')}\n`;
}
