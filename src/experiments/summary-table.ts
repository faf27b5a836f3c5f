import { FARGATE_QUOTAS } from '../model/params/fargate-quotas.js';
import { getInstanceType } from '../model/catalog/instance-types.js';
import { maxPods } from '../model/network/max-pods.js';
import { EKS_NODE_DAEMONSETS } from '../model/params/eks-node.js';
import type { FleetEvent } from '../model/events/index.js';
import { percentile } from '../report/percentile.js';
import { runSimulation } from '../run.js';
import { loadScenario, type LoadContext } from '../scenario/load-scenario.js';
import { runCompare, type VariantResult } from './compare.js';
import { readWorkload, type VariantId } from './compare-variants.js';
import { seedSpread, tableSeeds, type SeedSpread } from './seed-spread.js';
import { measureStartup, STARTUP_TABLE_SEEDS, type StartupPlatform } from './startup-matrix.js';

/**
 * The quantitative rows of the seed's summary comparison table (§15) — control plane cost,
 * compute cost, start-up time, max pods/tasks — filled from simulation runs:
 *
 * - control plane and compute cost: the Web API workload (scenarios/seed/web-api.yaml) run by
 *   `compare` on each platform, monthly projection;
 * - start-up: the start-up matrix's medians for small and medium images on existing capacity,
 *   and for Karpenter the Web API's first deployment, whose pods wait for new nodes;
 * - max pods/tasks: what one instance (or one /24 subnet, for Fargate) holds when a service asks
 *   for more than fits, and what Karpenter does with 200 pods.
 */
export type SummaryColumn = 'ECS Fargate' | 'ECS EC2' | 'EKS + Managed Nodes' | 'EKS + Karpenter';
export const SUMMARY_COLUMNS: readonly SummaryColumn[] = ['ECS Fargate', 'ECS EC2', 'EKS + Managed Nodes', 'EKS + Karpenter'];

/** The seed's §15 cells for these rows, as printed. */
export const SEED_SUMMARY: Readonly<Record<'controlPlane' | 'compute' | 'startup' | 'maxTasks', Readonly<Record<SummaryColumn, string>>>> = {
  controlPlane: { 'ECS Fargate': 'Free', 'ECS EC2': 'Free', 'EKS + Managed Nodes': '$73/mo', 'EKS + Karpenter': '$73/mo' },
  compute: { 'ECS Fargate': 'High', 'ECS EC2': 'Medium', 'EKS + Managed Nodes': 'Medium', 'EKS + Karpenter': 'Low (Spot)' },
  startup: { 'ECS Fargate': '15-45s', 'ECS EC2': '3-15s', 'EKS + Managed Nodes': '3-15s', 'EKS + Karpenter': '60-120s (new node)' },
  maxTasks: { 'ECS Fargate': 'Unlimited', 'ECS EC2': 'Instance-limited', 'EKS + Managed Nodes': 'Instance-limited', 'EKS + Karpenter': 'Flexible' },
};

const VARIANT_OF: Readonly<Record<SummaryColumn, VariantId>> = {
  'ECS Fargate': 'ecs-fargate',
  'ECS EC2': 'ecs-ec2',
  'EKS + Managed Nodes': 'eks-managed',
  'EKS + Karpenter': 'eks-karpenter-spot',
};

export interface SummaryTable {
  readonly workload: string;
  readonly costs: Readonly<Record<SummaryColumn, VariantResult>>;
  /**
   * Start-up p50 for small and medium images (seconds): each the median over the seeds of one
   * seed's p50, with the seeds' spread; or the Karpenter first deployment's p50 / p90 (the
   * medians over the same seeds of compare's runs of the workload, with their spread).
   */
  readonly startup: Readonly<Record<SummaryColumn, { readonly low: number; readonly high: number; readonly what: string; readonly spread?: readonly [SeedSpread, SeedSpread] }>>;
  /** The seeds the start-up row ran. */
  readonly seeds: readonly string[];
  readonly maxTasks: Readonly<Record<SummaryColumn, string>>;
  readonly maxTaskRuns: readonly { readonly label: string; readonly asked: number; readonly running: number; readonly nodes: number }[];
  /** The workload's tasks and how many fit one instance of its type (from compare's break-even). */
  readonly packing: { readonly tasks: number; readonly instanceType: string; readonly ecsPerInstance: number; readonly eksPerInstance: number };
}

const SUBNETS = (cidr24: boolean): string =>
  cidr24
    ? '  vpc: { subnets: [{ id: only, az: us-east-1a, cidr: 10.0.0.0/24 }] }\n  availabilityZones: [us-east-1a]'
    : '  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/19 }, { az: us-east-1b, cidr: 10.0.32.0/19 }, { az: us-east-1c, cidr: 10.0.64.0/19 }] }';

/** Asks for more tasks than fit and counts those that run: one case of the max-tasks row. */
function maxTaskRun(label: string, yaml: string, asked: number): { label: string; asked: number; running: number; nodes: number } {
  const loaded = loadScenario(`summary-table:${label}`, yaml);
  if (!loaded.ok) throw new Error(`summary table scenario ${label} is invalid: ${loaded.diagnostics.map((d) => `${d.path}: ${d.message}`).join('; ')}`);
  const result = runSimulation(loaded.spec, { listeners: [(_r: FleetEvent) => undefined] });
  const app = result.state.services.get('app')!;
  return { label, asked, running: app.counts.RUNNING, nodes: result.state.totals.hostsActive };
}

export function maxTaskRuns(): SummaryTable['maxTaskRuns'] {
  const ecs = (launch: string, mode: string, trunking: boolean, n: number, cidr24: boolean, hosts: number, cpu = 256): string => `name: max-tasks
duration: 10m
cluster:
  platform: ecs
${SUBNETS(cidr24)}
${trunking ? '  awsvpcTrunking: true\n' : ''}${hosts > 0 ? `  autoScalingGroups: [{ name: g, instanceType: m5.xlarge, desiredCapacity: ${hosts} }]\n` : ''}services:
  - serviceName: app
    launchType: ${launch}
    desiredCount: ${n}
    taskDefinition: { cpu: ${cpu}, memory: ${cpu * 2}, networkMode: ${mode}, containerDefinitions: [{ name: app, image: app:1, imageSize: 50MB }] }
`;
  const eks = (n: number, karpenter: boolean): string => `name: max-pods
duration: 10m
cluster:
  platform: eks
  coreDns: false
${SUBNETS(false)}
${karpenter ? `  karpenter:
    nodePools:
      - name: default
        requirements:
          - { key: karpenter.k8s.aws/instance-family, operator: In, values: [m5] }
          - { key: karpenter.k8s.aws/instance-size, operator: In, values: [xlarge] }
` : '  nodeGroups: [{ name: g, instanceType: m5.xlarge, desiredSize: 1 }]\n'}workloads:
  - kind: Deployment
    name: app
    replicas: ${n}
    containers: [{ name: app, image: app:1, imageSize: 50MB, resources: { requests: { cpu: 10m, memory: 16Mi } } }]
`;
  return [
    maxTaskRun('ECS Fargate, 0.25 vCPU tasks, one /24 subnet', ecs('FARGATE', 'awsvpc', false, 300, true, 0), 300),
    maxTaskRun('ECS EC2, one m5.xlarge, awsvpc tasks of 0.25 vCPU', ecs('EC2', 'awsvpc', false, 40, false, 1), 40),
    maxTaskRun('ECS EC2, one m5.xlarge, awsvpc tasks of 0.125 vCPU with ENI trunking', ecs('EC2', 'awsvpc', true, 40, false, 1, 128), 40),
    maxTaskRun('ECS EC2, one m5.xlarge, bridge tasks of 0.25 vCPU', ecs('EC2', 'bridge', false, 40, false, 1), 40),
    maxTaskRun('EKS, one m5.xlarge node, pods of 10m CPU', eks(100, false), 100),
    maxTaskRun('EKS + Karpenter (m5.xlarge nodes), pods of 10m CPU', eks(200, true), 200),
  ];
}

/** Runs everything the table needs. `workloadText` is scenarios/seed/web-api.yaml's. */
export function runSummaryTable(workloadFile: string, workloadText: string, options: { samples?: number; seed?: string; seedCount?: number } = {}, context: LoadContext = {}): SummaryTable {
  const read = readWorkload(workloadFile, workloadText, {}, context);
  if (!read.ok) throw new Error(`summary table: ${workloadFile} is not a valid workload: ${'diagnostics' in read ? read.diagnostics.map((d) => d.message).join('; ') : read.message}`);
  const seedCount = options.seedCount ?? STARTUP_TABLE_SEEDS;
  const compare = runCompare(read.workload, { variants: SUMMARY_COLUMNS.map((c) => VARIANT_OF[c]), seed: options.seed ?? '1', seedCount }, context);
  const costs = Object.fromEntries(SUMMARY_COLUMNS.map((c) => [c, compare.variants.find((v) => v.variant.id === VARIANT_OF[c])!])) as Record<SummaryColumn, VariantResult>;
  const n = options.samples ?? 100;
  const seeds = tableSeeds(options.seed ?? '1', seedCount);
  const p50 = (platform: StartupPlatform, image: 'small' | 'medium'): SeedSpread => seedSpread(seeds.map((seed) => percentile(measureStartup(platform, image, n, seed), 50)!))!;
  const range = (platform: StartupPlatform): SummaryTable['startup'][SummaryColumn] => {
    const small = p50(platform, 'small');
    const medium = p50(platform, 'medium');
    return { low: small.median, high: medium.median, what: 'median, 50 MB to 200 MB image', spread: [small, medium] };
  };
  const karpenter = costs['EKS + Karpenter'].startup;
  const karpenterSpread = costs['EKS + Karpenter'].spread;
  const startup = {
    'ECS Fargate': range('ECS Fargate'),
    'ECS EC2': range('ECS EC2'),
    'EKS + Managed Nodes': range('EKS EC2'),
    'EKS + Karpenter': {
      low: karpenter.firstP50 ?? 0,
      high: karpenter.firstP90 ?? 0,
      what: 'p50-p90 of pods waiting for new nodes, 200 MB image',
      ...(karpenterSpread?.firstP50 && karpenterSpread.firstP90 ? { spread: [karpenterSpread.firstP50, karpenterSpread.firstP90] as const } : {}),
    },
  };
  const runs = maxTaskRuns();
  const r = (i: number): { running: number; nodes: number } => runs[i]!;
  const maxTasks: Record<SummaryColumn, string> = {
    'ECS Fargate': `no host to fill; one VPC address per task: a /24 subnet (251 usable) ran ${r(0).running} of 300; the account's Fargate On-Demand vCPU quota (default ${FARGATE_QUOTAS.onDemandVcpu.toLocaleString('en-US')}) allows ${(FARGATE_QUOTAS.onDemandVcpu / 0.25).toLocaleString('en-US')} such tasks at once, launched at 20 a second after a burst of 100`,
    'ECS EC2': `per m5.xlarge: ${r(1).running} awsvpc tasks (ENIs - 1), ${r(2).running} with ENI trunking, ${r(3).running} bridge tasks of 0.25 vCPU (by CPU)`,
    'EKS + Managed Nodes': `per m5.xlarge: ${r(4).running} pods (max pods ${maxPods(getInstanceType('m5.xlarge')!, { managedNodeGroup: true })} less the ${EKS_NODE_DAEMONSETS.length} DaemonSet pods)`,
    'EKS + Karpenter': `${r(5).running} of 200 pods on ${r(5).nodes} nodes launched as needed (up to the NodePool's limits)`,
  };
  // workloadBreakEvens order: ECS EC2 on-demand, ECS EC2 RI, EKS managed vs EKS Fargate, EKS managed vs ECS Fargate.
  const packing = {
    tasks: read.workload.spec.services[0]!.desiredCount,
    instanceType: compare.instanceType,
    ecsPerInstance: compare.breakEvens[0]!.tasksPerInstance,
    eksPerInstance: compare.breakEvens[2]!.tasksPerInstance,
  };
  return { workload: read.workload.spec.name, costs, startup, seeds, maxTasks, maxTaskRuns: runs, packing };
}

/** results/summary-table.md. */
export function renderSummaryTable(t: SummaryTable, command: string): string {
  const usd = (x: number): string => `$${Math.round(x).toLocaleString('en-US')}`;
  const f = (x: number): string => (x < 10 ? x.toFixed(1) : x.toFixed(0));
  const lines: string[] = [];
  lines.push("# The seed's summary table (§15), quantitative rows, from simulation");
  lines.push('');
  lines.push("Each cell: the seed's words, then fleetsim's figure. Costs are the Web API workload (`scenarios/seed/web-api.yaml`:");
  lines.push('10 tasks of 1 vCPU / 2 GB behind an ALB, EC2 on m5.xlarge) run on each platform by `fleetsim compare`, projected to a');
  lines.push('730-hour month (docs/costs.md). EKS + Karpenter is the spot variant. Start-up: time from task creation to RUNNING');
  lines.push(`(results/startup-table.md has the full matrix). Every cell is the median over ${t.seeds.length} seed${t.seeds.length === 1 ? '' : 's'} (${t.seeds[0]} .. ${t.seeds[t.seeds.length - 1]}): the start-up cells`);
  lines.push("with the p5-p95 of the seeds' figures beside them, the Karpenter cell the Web API's first deployment in compare's runs, the costs");
  lines.push(`compare's medians (results/cost-tables.md has them per resource). Regenerate with \`${command}\`.`);
  lines.push('');
  lines.push(`| Dimension | ${SUMMARY_COLUMNS.join(' | ')} |`);
  lines.push(`|---|${SUMMARY_COLUMNS.map(() => '---').join('|')}|`);
  const row = (label: string, cell: (c: SummaryColumn) => string): void => {
    lines.push(`| ${label} | ${SUMMARY_COLUMNS.map(cell).join(' | ')} |`);
  };
  row('Control plane cost', (c) => `${SEED_SUMMARY.controlPlane[c]}; **${usd(t.costs[c].cost.monthly.byCategory.controlPlane)}/mo**`);
  row('Compute cost', (c) => `${SEED_SUMMARY.compute[c]}; **${usd(t.costs[c].cost.monthly.byCategory.compute)}/mo** for the Web API`);
  row('Total (with ALB, data transfer)', (c) => `**${usd(t.costs[c].cost.monthly.totalUsd)}/mo**`);
  const spread = (s: SeedSpread): string => `${f(s.p5)}-${f(s.p95)}`;
  row('Startup time', (c) => {
    const s = t.startup[c];
    const seeds = s.spread === undefined || t.seeds.length === 1 ? '' : `; seeds ${spread(s.spread[0])} / ${spread(s.spread[1])}s`;
    return `${SEED_SUMMARY.startup[c]}; **${f(s.low)}-${f(s.high)}s** (${s.what}${seeds})`;
  });
  row('Max pods/tasks', (c) => `${SEED_SUMMARY.maxTasks[c]}; ${t.maxTasks[c]}`);
  lines.push('');
  lines.push('Notes');
  lines.push('');
  const k = t.packing;
  const ecsNodes = Math.ceil(k.tasks / k.ecsPerInstance);
  const eksNodes = Math.ceil(k.tasks / k.eksPerInstance);
  const monthly = (c: SummaryColumn): number => t.costs[c].cost.monthly.byCategory.compute;
  const ecsVsFargate = monthly('ECS EC2') > monthly('ECS Fargate') ? 'costs more' : 'costs less';
  lines.push(`- Compute: ECS on EC2 ${ecsVsFargate} than Fargate for this workload at on-demand prices; ${k.tasks} tasks leave ${ecsNodes * k.ecsPerInstance - k.tasks} of the ${ecsNodes * k.ecsPerInstance}`);
  lines.push(`  task slots of ${ecsNodes} ${k.instanceType} empty (see the break-even in \`fleetsim compare\`). EKS managed nodes fit ${k.eksPerInstance} of these`);
  lines.push(`  pods per ${k.instanceType} (kube-reserved and DaemonSets), so they need ${eksNodes} nodes.`);
  lines.push("- The EKS managed nodes column's node group starts at the desired count; Cluster Autoscaler (default flags) adds nodes");
  lines.push('  for the traffic step\'s pods and removes them once unneeded, so its monthly figure (the last 15 minutes) is the settled size.');
  lines.push('- Max tasks: the runs asked for more than fits and counted what ran:');
  for (const m of t.maxTaskRuns) lines.push(`  - ${m.label}: ${m.running} of ${m.asked} running${m.nodes > 0 ? ` on ${m.nodes} node(s)` : ''}`);
  return `${lines.join('\n')}\n`;
}
