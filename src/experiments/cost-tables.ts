import { getInstanceType } from '../model/catalog/instance-types.js';
import { fargateHourlyUsd, DEFAULT_PRICING, HOURS_PER_MONTH, RESERVED_INSTANCE_DISCOUNTS } from '../model/pricing.js';
import type { FleetEvent } from '../model/events/index.js';
import { CostReport, type CostByCategory } from '../report/cost.js';
import { runSimulation } from '../run.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { ecsTasksPerInstance, eksPodsPerNode } from './compare-variants.js';

/**
 * The seed's cost tables (§4 Fargate example, §9 "Monthly Cost Comparison" and "At Scale"),
 * reproduced by simulation: every column is a scenario run for an hour of steady traffic, and
 * its monthly figure is the cost report's projection of the last 30 minutes to 730 hours
 * (src/report/cost.ts). Nothing here knows the seed's answers except to print them beside
 * fleetsim's.
 *
 * Where the seed names no traffic, the traffic is chosen to match what it does name: 110
 * requests/s per 10 tasks make the seed's ~$50 of data transfer at fleetsim's 2 KiB per
 * response (docs/costs.md). Where the seed names no fleet or commitment (the at-scale table),
 * the fleet is the smallest one that runs every task in the simulation and the commitment is
 * said in the column's note.
 */
export interface CostCase {
  readonly id: string;
  readonly label: string;
  readonly platform: 'ecs' | 'eks';
  readonly fargate: boolean;
  readonly tasks: number;
  /** ECS CPU units and MiB per task (pod requests on EKS). */
  readonly cpuUnits: number;
  readonly memoryMiB: number;
  /** Requests per second (0: no traffic and no load balancer). */
  readonly rps: number;
  /** Instances per group (ECS Auto Scaling groups, EKS managed node groups). */
  readonly groups?: readonly { readonly instanceType: string; readonly count: number }[];
  /** Karpenter for the pods the groups cannot hold. */
  readonly karpenter?: { readonly capacityType: 'spot' | 'on-demand'; readonly families: readonly string[] };
  /** Reserved Instances on the on-demand instances. */
  readonly reservedDiscount?: number;
}

export interface CostCaseResult {
  readonly case: CostCase;
  readonly running: number;
  readonly nodes: number;
  readonly monthly: CostByCategory & { readonly total: number };
}

/** Requests per second per task: 11 (110 for the seed's 10 tasks; see the module comment). */
export const RPS_PER_TASK = 11;

const SUBNETS = `  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/19 }
      - { az: us-east-1b, cidr: 10.0.32.0/19 }
      - { az: us-east-1c, cidr: 10.0.64.0/19 }`;

/** The scenario text of one case: an hour of constant traffic, the projection over the last 30 minutes. */
export function costScenario(c: CostCase, seed = '1'): string {
  const load =
    c.rps > 0
      ? `    loadBalancer: { healthCheckIntervalSeconds: 10, healthyThresholdCount: 2 }
    load: { rps: ${c.rps}, cpuPerRequest: 35ms }
`
      : '';
  const head = `name: cost-${c.id}
seed: ${seed}
duration: 60m
pricing:
  projectionWindow: 30m
${c.reservedDiscount === undefined ? '' : `  commitment: { type: reserved-instances, discount: ${c.reservedDiscount} }\n`}cluster:
  platform: ${c.platform}
${SUBNETS}
`;
  const groups = c.groups ?? [];
  if (c.platform === 'ecs') {
    return `${head}${groups.length > 0 ? `  autoScalingGroups:\n${groups.map((g, i) => `    - { name: g${i}, instanceType: ${g.instanceType}, desiredCapacity: ${g.count} }`).join('\n')}\n` : ''}services:
  - serviceName: app
    launchType: ${c.fargate ? 'FARGATE' : 'EC2'}
    desiredCount: ${c.tasks}
    taskDefinition:
      cpu: ${c.cpuUnits}
      memory: ${c.memoryMiB}
      containerDefinitions: [{ name: app, image: app:1, imageSize: 200MB }]
${load}`;
  }
  const nodeGroups = groups.length > 0 ? `  nodeGroups:\n${groups.map((g, i) => `    - { name: g${i}, instanceType: ${g.instanceType}, desiredSize: ${g.count} }`).join('\n')}\n` : '';
  const karpenter =
    c.karpenter === undefined
      ? ''
      : `  karpenter:
    nodePools:
      - name: default
        requirements:
          - { key: karpenter.sh/capacity-type, operator: In, values: [${c.karpenter.capacityType}] }
          - { key: karpenter.k8s.aws/instance-family, operator: In, values: [${c.karpenter.families.join(', ')}] }
          - { key: karpenter.k8s.aws/instance-size, operator: In, values: [large, xlarge, 2xlarge, 4xlarge] }
`;
  return `${head}  coreDns: false
${nodeGroups}${karpenter}${c.fargate ? '  fargateProfiles: [{ name: apps, selectors: [{ namespace: apps }] }]\n' : ''}workloads:
  - kind: Deployment
    name: app
    namespace: ${c.fargate ? 'apps' : 'default'}
    replicas: ${c.tasks}
    containers: [{ name: app, image: app:1, imageSize: 200MB, resources: { requests: { cpu: ${Math.round((c.cpuUnits * 1000) / 1024)}m, memory: ${c.memoryMiB}Mi } } }]
${load}`;
}

/** Runs one case: tasks running at the end, nodes, and the monthly projection by category. */
export function runCostCase(c: CostCase, seed = '1'): CostCaseResult {
  const loaded = loadScenario(`cost-tables:${c.id}`, costScenario(c, seed));
  if (!loaded.ok) throw new Error(`cost case ${c.id} is invalid: ${loaded.diagnostics.map((d) => `${d.path}: ${d.message}`).join('; ')}`);
  const cost = new CostReport(loaded.spec);
  const result = runSimulation(loaded.spec, { listeners: [(r: FleetEvent) => cost.listener(r)] });
  const bill = cost.finish(result.durationMs);
  const app = result.state.services.get('app')!;
  const m = bill.summary.monthly.byCategory;
  return { case: c, running: app.counts.RUNNING, nodes: result.state.totals.hostsActive, monthly: { ...m, total: bill.summary.monthly.totalUsd } };
}

/**
 * The smallest group of `instanceType` that runs every task, found by simulation: starting
 * from the packing estimate less one, up until all run.
 */
export function rightSizedCase(base: CostCase, instanceType: string, seed = '1'): CostCaseResult {
  const type = getInstanceType(instanceType)!;
  const per = (): number => {
    const loaded = loadScenario('cost-tables:probe', costScenario({ ...base, groups: [{ instanceType, count: 1 }] }, seed));
    if (!loaded.ok) throw new Error('cost-tables: probe scenario invalid');
    const s = loaded.spec.services.find((x) => x.name === 'app')!;
    return base.platform === 'ecs' ? ecsTasksPerInstance(type, s, 0, false) : eksPodsPerNode(type, s);
  };
  let n = Math.max(1, Math.ceil(base.tasks / Math.max(1, per())) - 1);
  for (;;) {
    const r = runCostCase({ ...base, groups: [{ instanceType, count: n }] }, seed);
    if (r.running === base.tasks) return r;
    n++;
    if (n > base.tasks) throw new Error(`cost-tables: ${base.tasks} tasks do not fit on ${base.tasks} ${instanceType}`);
  }
}

export interface SeedColumn {
  readonly label: string;
  readonly controlPlane: number;
  readonly compute: number;
  readonly loadBalancer: number;
  /** null: the seed's table has no such row. */
  readonly dataTransfer: number | null;
  readonly total: number;
  /** The seed's own words for the compute, e.g. "~$280 (2x c5.xlarge)". */
  readonly computeNote?: string;
}

/** The seed's §9 tables, as printed. */
export const SEED_WEB_API: readonly SeedColumn[] = [
  { label: 'ECS Fargate', controlPlane: 0, compute: 351, loadBalancer: 22, dataTransfer: 50, total: 423 },
  { label: 'ECS EC2 (On-Demand)', controlPlane: 0, compute: 280, loadBalancer: 22, dataTransfer: 50, total: 352, computeNote: '~$280 (2x c5.xlarge)' },
  { label: 'EKS EC2 (On-Demand)', controlPlane: 73, compute: 280, loadBalancer: 22, dataTransfer: 50, total: 425, computeNote: '~$280 (2x c5.xlarge)' },
  { label: 'EKS Fargate', controlPlane: 73, compute: 351, loadBalancer: 22, dataTransfer: 50, total: 496 },
];
export const SEED_AT_SCALE: readonly SeedColumn[] = [
  { label: 'ECS Fargate', controlPlane: 0, compute: 3510, loadBalancer: 45, dataTransfer: null, total: 3555 },
  { label: 'ECS EC2 (RI)', controlPlane: 0, compute: 1200, loadBalancer: 45, dataTransfer: null, total: 1245 },
  { label: 'EKS EC2 (RI + Spot)', controlPlane: 73, compute: 900, loadBalancer: 45, dataTransfer: null, total: 1018 },
];
/** §4: "a task with 0.5 vCPU and 1 GB memory costs roughly $0.02469/hour = $17.78/month". */
export const SEED_FARGATE_EXAMPLE = { hourly: 0.02469, monthly: 17.78 } as const;

const web = (id: string, label: string, platform: 'ecs' | 'eks', fargate: boolean, tasks: number, extra: Partial<CostCase> = {}): CostCase => ({
  id,
  label,
  platform,
  fargate,
  tasks,
  cpuUnits: 1024,
  memoryMiB: 2048,
  rps: tasks * RPS_PER_TASK,
  ...extra,
});

/** The RI whose discount the at-scale table's "RI" figure matches (see the table's notes). */
export const AT_SCALE_RI = RESERVED_INSTANCE_DISCOUNTS.threeYearAllUpfront;

export interface CostColumn {
  readonly seed: SeedColumn;
  /** fleetsim with the seed's own configuration (its fleet as labelled, or the documented assumptions). */
  readonly fleetsim: CostCaseResult;
  /** What the column's note says about the configuration. */
  readonly note: string;
  /** fleetsim with a fleet that runs every task, when the seed's does not. */
  readonly rightSized?: readonly CostCaseResult[];
}

export interface CostTables {
  readonly fargateExample: { readonly hourly: number; readonly monthly: number; readonly monthly720: number };
  readonly webApi: readonly CostColumn[];
  readonly atScale: readonly CostColumn[];
  /** Alternatives shown for the at-scale EC2 columns (other RI terms). */
  readonly atScaleAlternatives: readonly { readonly label: string; readonly result: CostCaseResult }[];
}

export function runCostTables(seed = '1'): CostTables {
  // §4: one 0.5 vCPU / 1 GB Fargate task for an hour.
  const example = runCostCase({ id: 'fargate-example', label: 'Fargate example', platform: 'ecs', fargate: true, tasks: 1, cpuUnits: 512, memoryMiB: 1024, rps: 0 }, seed);
  const hourly = example.monthly.compute / HOURS_PER_MONTH;

  const seedFleet = [{ instanceType: 'c5.xlarge', count: 2 }];
  const ecsEc2 = web('ecs-ec2', 'ECS EC2 (On-Demand)', 'ecs', false, 10);
  const eksEc2 = web('eks-ec2', 'EKS EC2 (On-Demand)', 'eks', false, 10);
  const webApi: CostColumn[] = [
    { seed: SEED_WEB_API[0]!, fleetsim: runCostCase(web('ecs-fargate', 'ECS Fargate', 'ecs', true, 10), seed), note: '10 Fargate tasks of 1 vCPU / 2 GB' },
    {
      seed: SEED_WEB_API[1]!,
      fleetsim: runCostCase({ ...ecsEc2, groups: seedFleet }, seed),
      note: '2 x c5.xlarge, as the seed labels it',
      rightSized: [rightSizedCase(ecsEc2, 'c5.xlarge', seed), rightSizedCase(ecsEc2, 'm5.xlarge', seed)],
    },
    {
      seed: SEED_WEB_API[2]!,
      fleetsim: runCostCase({ ...eksEc2, groups: seedFleet }, seed),
      note: '2 x c5.xlarge managed nodes, as the seed labels it',
      rightSized: [rightSizedCase(eksEc2, 'c5.xlarge', seed), rightSizedCase(eksEc2, 'c5.2xlarge', seed)],
    },
    { seed: SEED_WEB_API[3]!, fleetsim: runCostCase(web('eks-fargate', 'EKS Fargate', 'eks', true, 10), seed), note: '10 Fargate pods requesting 1 vCPU / 2 GiB' },
  ];

  const ecsRi = rightSizedCase(web('scale-ecs-ec2-ri', 'ECS EC2 (RI)', 'ecs', false, 100, { reservedDiscount: AT_SCALE_RI }), 'm5.xlarge', seed);
  const ecsRiGroups = [{ instanceType: 'm5.xlarge', count: ecsRi.nodes }];
  // RI + Spot: a managed node group under RIs for half the pods, Karpenter spot for the rest.
  const eksBase = web('scale-eks-ri-spot', 'EKS EC2 (RI + Spot)', 'eks', false, 100, {
    reservedDiscount: AT_SCALE_RI,
    groups: [{ instanceType: 'm5.4xlarge', count: 4 }],
    karpenter: { capacityType: 'spot', families: ['c5', 'c6i', 'm5', 'm6i'] },
  });
  const atScale: CostColumn[] = [
    { seed: SEED_AT_SCALE[0]!, fleetsim: runCostCase(web('scale-ecs-fargate', 'ECS Fargate', 'ecs', true, 100), seed), note: '100 Fargate tasks of 1 vCPU / 2 GB' },
    {
      seed: SEED_AT_SCALE[1]!,
      fleetsim: ecsRi,
      note: `${ecsRi.nodes} x m5.xlarge (the smallest m5.xlarge fleet that runs 100 tasks), 3-year standard all-upfront RIs (${Math.round(AT_SCALE_RI * 100)} % off)`,
    },
    {
      seed: SEED_AT_SCALE[2]!,
      fleetsim: runCostCase(eksBase, seed),
      note: `4 x m5.4xlarge managed nodes under 3-year all-upfront RIs (${Math.round(AT_SCALE_RI * 100)} % off) for 60 pods, Karpenter spot nodes (x86, ${Math.round(DEFAULT_PRICING.ec2.spotDiscount * 100)} % off) for the other 40`,
    },
  ];
  const graviton = runCostCase(web('scale-eks-graviton-spot', 'EKS, Graviton spot', 'eks', false, 100, { karpenter: { capacityType: 'spot', families: ['c6g', 'c7g', 'm6g', 'm7g', 'r6g', 'r7g'] } }), seed);
  const atScaleAlternatives = [
    { label: `ECS EC2, ${ecsRi.nodes} x m5.xlarge, 1-year no-upfront RIs (37 % off; fleetsim's default RI)`, result: runCostCase({ ...web('scale-ecs-ec2-ri1', 'ECS EC2 (RI 1y)', 'ecs', false, 100, { reservedDiscount: RESERVED_INSTANCE_DISCOUNTS.oneYearNoUpfront }), groups: ecsRiGroups }, seed) },
    { label: `ECS EC2, ${ecsRi.nodes} x m5.xlarge, on-demand`, result: runCostCase({ ...web('scale-ecs-ec2-od', 'ECS EC2 (on-demand)', 'ecs', false, 100), groups: ecsRiGroups }, seed) },
    { label: `EKS, all 100 pods on Karpenter spot nodes of the seed's §6 Graviton families (${graviton.nodes} nodes)`, result: graviton },
  ];
  return { fargateExample: { hourly, monthly: example.monthly.compute, monthly720: hourly * 720 }, webApi, atScale, atScaleAlternatives };
}

/** Relative difference of fleetsim's figure from the seed's (0.05 = 5 % above). */
export function delta(fleetsim: number, seed: number): number {
  return seed === 0 ? (fleetsim === 0 ? 0 : Number.POSITIVE_INFINITY) : fleetsim / seed - 1;
}

/** The figures the cost-tables test checks against the seed: label, seed, fleetsim. */
export function comparedFigures(t: CostTables): { label: string; seed: number; fleetsim: number }[] {
  const out: { label: string; seed: number; fleetsim: number }[] = [
    { label: 'Fargate example, per hour', seed: SEED_FARGATE_EXAMPLE.hourly, fleetsim: t.fargateExample.hourly },
    { label: 'Fargate example, per month', seed: SEED_FARGATE_EXAMPLE.monthly, fleetsim: t.fargateExample.monthly },
  ];
  for (const c of t.webApi) out.push({ label: `Web API: ${c.seed.label} total`, seed: c.seed.total, fleetsim: c.fleetsim.monthly.total });
  // The at-scale table has no data-transfer row: its totals are control plane + compute + load balancer.
  for (const c of t.atScale) out.push({ label: `At scale: ${c.seed.label} total`, seed: c.seed.total, fleetsim: c.fleetsim.monthly.total - c.fleetsim.monthly.dataTransfer });
  return out;
}

/** Exact pricing arithmetic the seed's figures rest on (for the notes): 10 x (1 vCPU + 2 GB) Fargate over 730 h. */
export function fargateWebApiCompute(tasks = 10): number {
  return tasks * fargateHourlyUsd(DEFAULT_PRICING, 1, 2048) * HOURS_PER_MONTH;
}

/** results/cost-tables.md. */
export function renderCostTables(t: CostTables, command: string): string {
  const usd = (x: number): string => `$${x.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 })}`;
  const pct = (f: number, s: number): string => {
    const d = delta(f, s);
    return Number.isFinite(d) ? `${d >= 0 ? '+' : ''}${Math.round(d * 100)} %` : 'n/a';
  };
  const cell = (seed: number | null, fleetsim: number): string => (seed === null ? `(not in the seed) / ${usd(fleetsim)}` : `${usd(seed)} / ${usd(fleetsim)}`);
  const lines: string[] = [];
  lines.push("# The seed's cost tables, reproduced");
  lines.push('');
  lines.push("Each cell: the seed's figure / fleetsim's. fleetsim's figures are simulations: every column is a scenario");
  lines.push('run for an hour of steady traffic, billed by the cost report (per-second EC2 and Fargate billing, ALB hours and');
  lines.push('LCUs, data transfer; docs/costs.md), and projected to a 730-hour month from the last 30 minutes.');
  lines.push(`Regenerate with \`${command}\`; \`test/experiments/cost-tables.test.ts\` checks the totals against the seed.`);
  lines.push('Every figure is the same for every seed (a bill follows from the fleet, the tasks and the hours, which no random draw');
  lines.push('moves; the test regenerates the tables with other seeds and compares), so unlike the start-up and scaling tables a cell');
  lines.push('needs no median over seeds.');
  lines.push('');
  lines.push('## Fargate example (§4): 0.5 vCPU, 1 GB');
  lines.push('');
  const ex = t.fargateExample;
  lines.push('| | seed | fleetsim | difference |');
  lines.push('|---|---|---|---|');
  lines.push(`| per hour | $${SEED_FARGATE_EXAMPLE.hourly} | $${ex.hourly.toFixed(6)} | ${pct(ex.hourly, SEED_FARGATE_EXAMPLE.hourly)} |`);
  lines.push(`| per month | $${SEED_FARGATE_EXAMPLE.monthly} | $${ex.monthly.toFixed(2)} (730 h) | ${pct(ex.monthly, SEED_FARGATE_EXAMPLE.monthly)} |`);
  lines.push('');
  const x86 = DEFAULT_PRICING.fargate.x86;
  lines.push(`0.5 x $${x86.vcpuHourUsd} + 1 x $${x86.gbHourUsd} = $${ex.hourly.toFixed(6)} per hour. The seed's $${SEED_FARGATE_EXAMPLE.monthly} is its rounded $${SEED_FARGATE_EXAMPLE.hourly} over a 720-hour month`);
  lines.push(`($${ex.monthly720.toFixed(2)} unrounded); over AWS's 730-hour month it is $${ex.monthly.toFixed(2)}.`);
  const table = (title: string, cols: readonly CostColumn[], atScale: boolean): void => {
    lines.push('');
    lines.push(title);
    lines.push('');
    lines.push(`| seed / fleetsim | ${cols.map((c) => c.seed.label).join(' | ')} |`);
    lines.push(`|---|${cols.map(() => '---').join('|')}|`);
    lines.push(`| Control plane | ${cols.map((c) => cell(c.seed.controlPlane, c.fleetsim.monthly.controlPlane)).join(' | ')} |`);
    lines.push(`| Compute | ${cols.map((c) => `${c.seed.computeNote ?? usd(c.seed.compute)} / ${usd(c.fleetsim.monthly.compute)}`).join(' | ')} |`);
    lines.push(`| Load balancer | ${cols.map((c) => cell(c.seed.loadBalancer, c.fleetsim.monthly.loadBalancer)).join(' | ')} |`);
    lines.push(`| Data transfer | ${cols.map((c) => cell(c.seed.dataTransfer, c.fleetsim.monthly.dataTransfer)).join(' | ')} |`);
    const total = (c: CostColumn): number => (atScale ? c.fleetsim.monthly.total - c.fleetsim.monthly.dataTransfer : c.fleetsim.monthly.total);
    lines.push(`| **Total${atScale ? ' (the seed\'s rows)' : ''}** | ${cols.map((c) => `**${usd(c.seed.total)} / ${usd(total(c))}** (${pct(total(c), c.seed.total)})`).join(' | ')} |`);
    lines.push(`| tasks running | ${cols.map((c) => `${c.fleetsim.running} of ${c.fleetsim.case.tasks}${c.fleetsim.case.fargate ? '' : ` on ${c.fleetsim.nodes} nodes`}`).join(' | ')} |`);
    lines.push('');
    for (const c of cols) lines.push(`- ${c.seed.label}: ${c.note}.`);
  };
  table('## Monthly cost, Web API: 10 tasks/pods of 1 vCPU, 2 GB (§9)', t.webApi, false);
  lines.push('');
  lines.push(`Traffic: ${10 * RPS_PER_TASK} requests/s, so that data transfer (2 KiB per response at $0.09/GB) comes to the seed's ~$50; the`);
  lines.push(`ALB's hourly charge ($${(DEFAULT_PRICING.loadBalancer.hourlyUsd * HOURS_PER_MONTH).toFixed(2)}/month) and the LCUs that traffic needs (processed bytes dominate) make the load balancer line.`);
  lines.push('');
  lines.push('### Where the seed is off');
  lines.push('');
  const x86r = DEFAULT_PRICING.fargate.x86;
  lines.push(`- **Fargate compute.** 10 x (1 vCPU x $${x86r.vcpuHourUsd} + 2 GB x $${x86r.gbHourUsd}) x ${HOURS_PER_MONTH} h = $${fargateWebApiCompute().toFixed(1)}, not $${SEED_WEB_API[0]!.compute} (and`);
  lines.push(`  $${Math.round(10 * fargateWebApiCompute()).toLocaleString('en-US')}, not $${SEED_AT_SCALE[0]!.compute.toLocaleString('en-US')}, for 100 tasks). Its totals inherit the slip.`);
  lines.push("- **EKS Fargate compute.** EKS on Fargate adds 256 MiB to a pod's memory request for the Kubernetes components and rounds");
  lines.push("  up to a Fargate size (EKS user guide, \"Fargate pod configuration\"): a pod requesting 1 vCPU / 2 GiB runs, and is billed, as");
  lines.push(`  1 vCPU / 3 GB: $${(10 * fargateHourlyUsd(DEFAULT_PRICING, 1, 3072) * HOURS_PER_MONTH).toFixed(1)} for 10 pods, not the seed's $351.`);
  const ecs = t.webApi[1]!;
  const eks = t.webApi[2]!;
  lines.push(`- **2x c5.xlarge does not hold the workload.** Two c5.xlarge have 8 vCPU and 16 GiB for 10 tasks needing 10 vCPU and 20 GiB;`);
  lines.push(`  ECS registers 7,985 MiB of each instance's 8 GiB, so 3 tasks fit per instance: the simulation runs ${ecs.fleetsim.running} of 10 on ECS`);
  lines.push(`  and ${eks.fleetsim.running} of 10 on EKS (kube-reserved and the DaemonSets leave 3.8 vCPU allocatable). And 2 x c5.xlarge costs`);
  lines.push("  2 x $0.17 x 730 = $248/month: the seed's $280 is two m5.xlarge ($0.192/h), which still hold only 8 tasks on ECS, 6 on EKS.");
  lines.push('  The smallest fleets that run all 10 tasks, found by simulation:');
  lines.push('');
  lines.push('| platform | fleet | tasks running | compute / month | total / month |');
  lines.push('|---|---|---|---|---|');
  for (const c of [ecs, eks]) {
    for (const r of c.rightSized ?? []) {
      const g = r.case.groups![0]!;
      lines.push(`| ${c.seed.label} | ${g.count} x ${g.instanceType} | ${r.running} | ${usd(r.monthly.compute)} | ${usd(r.monthly.total)} |`);
    }
  }
  table('## At scale: 100 tasks/pods (§9)', t.atScale, true);
  lines.push('');
  lines.push(`Traffic: ${100 * RPS_PER_TASK} requests/s (the same per task). The seed's at-scale table has no data-transfer row, so its totals,`);
  lines.push("and the compared ones, leave it out; fleetsim's data transfer at this traffic is shown in its row.");
  lines.push('');
  lines.push('### Where the seed is off, and what its figures assume');
  lines.push('');
  const alt = (prefix: string): void => {
    for (const a of t.atScaleAlternatives.filter((x) => x.label.startsWith(prefix))) lines.push(`  - ${a.label}: compute ${usd(a.result.monthly.compute)}/month`);
  };
  lines.push("- **ECS EC2 (RI).** The seed names neither fleet nor reservation. On the smallest fleet that runs the 100 tasks, its ~$1,200");
  lines.push(`  matches 3-year all-upfront standard RIs (${Math.round(AT_SCALE_RI * 100)} % off). With 1-year no-upfront RIs or on-demand it is:`);
  lines.push('');
  alt('ECS');
  lines.push('');
  const ri = t.atScale[2]!;
  const riTotal = ri.fleetsim.monthly.total - ri.fleetsim.monthly.dataTransfer;
  lines.push(`- **EKS EC2 (RI + Spot).** The seed's ~$900 of compute for 100 vCPU of pods is $0.0123 per vCPU-hour, about 74 % below`);
  lines.push('  x86 on-demand (m5: $0.048 per vCPU-hour) on every vCPU; EKS nodes also lose CPU to kube-reserved and the DaemonSets (a');
  lines.push('  4-vCPU node holds three 1-vCPU pods). fleetsim\'s reading of "RI + Spot" (above: RIs on a base of managed nodes, Karpenter');
  lines.push(`  spot for the rest) comes to ${usd(riTotal)} (${pct(riTotal, ri.seed.total)} against the seed's $1,018). The seed's figure needs spot or RI`);
  lines.push("  discounts deeper than AWS's typical ones on every vCPU. The cheapest configuration fleetsim finds, all spot on Graviton:");
  lines.push('');
  alt('EKS');
  lines.push('');
  const g = t.atScaleAlternatives.find((x) => x.label.startsWith('EKS'));
  if (g !== undefined) {
    const total = g.result.monthly.total - g.result.monthly.dataTransfer;
    lines.push(`  That is ${usd(total)} with the control plane and load balancer (${pct(total, ri.seed.total)}), still above the seed's figure. fleetsim does`);
  }
  lines.push('  not tune its discounts to meet the seed: this cell is reported as not reproducible.');
  lines.push('');
  lines.push('## Prices used');
  lines.push('');
  lines.push('Fargate $0.04048 per vCPU-hour and $0.004445 per GB-hour (Linux/x86); EC2 on-demand from the catalog (c5.xlarge $0.17,');
  lines.push('m5.xlarge $0.192, m5.4xlarge $0.768); EKS $0.10 per cluster-hour; ALB $0.0225 per hour and $0.008 per LCU-hour; data');
  lines.push(`transfer out $0.09/GB; EC2 Spot ${Math.round(DEFAULT_PRICING.ec2.spotDiscount * 100)} % below on-demand. Sources and billing rules: docs/costs.md.`);
  return `${lines.join('\n')}\n`;
}
