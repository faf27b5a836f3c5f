import { type CostSummary } from '../report/cost.js';
import type { CompareResult, VariantResult } from './compare.js';
import { COMPARE_FIGURES, formatSpread, type CompareFigure } from './compare-seeds.js';

/** `fleetsim compare`'s outputs: the table on stdout, compare.md and compare.csv. */

/**
 * The side-by-side table: one column per variant. Over several seeds each figure is the median,
 * with the seeds' p5-p95 in brackets (in the figure's unit) where they differ (compare-seeds.ts).
 */
export function compareTable(r: CompareResult): { header: string[]; rows: string[][] } {
  const v = r.variants;
  const secs = (x: number): string => `${x}s`;
  const s = (x: number | null): string => (x === null ? '-' : secs(x));
  const usd = (x: number): string => `$${x.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 })}`;
  const row = (label: string, f: (x: VariantResult) => string): string[] => [label, ...v.map(f)];
  const m = (x: VariantResult): CostSummary['monthly']['byCategory'] => x.cost.monthly.byCategory;
  const spread = (x: VariantResult, figure: CompareFigure, format: (n: number) => string): string => formatSpread(x.spread?.[figure], format);
  const startup = (x: VariantResult, p50: number | null, p90: number | null, f50: CompareFigure, f90: CompareFigure): string =>
    p50 === null ? '-' : `${s(p50)}${spread(x, f50, oneDecimal)} / ${s(p90)}${spread(x, f90, oneDecimal)}`;
  const oneDecimal = (n: number): string => String(round1(n));
  const count = (n: number): string => Math.round(n).toLocaleString('en-US');
  return {
    header: ['', ...v.map((x) => x.variant.label)],
    rows: [
      row('start-up p50 / p90, first deployment', (x) => startup(x, x.startup.firstP50, x.startup.firstP90, 'firstP50', 'firstP90')),
      row('start-up p50 / p90, all tasks, image pulled', (x) => startup(x, x.startup.coldP50, x.startup.coldP90, 'coldP50', 'coldP90')),
      row('start-up p50 / p90, all tasks, image cached', (x) => startup(x, x.startup.cachedP50, x.startup.cachedP90, 'cachedP50', 'cachedP90')),
      row('traffic step to first new task serving', (x) => (x.stepAtS === null ? 'no step' : x.scaleOutS === null ? '-' : `${secs(round1(x.scaleOutS))}${spread(x, 'scaleOutS', oneDecimal)}`)),
      row('5xx during the step', (x) => (x.errorsDuringStep === null ? '-' : `${count(x.errorsDuringStep)}${spread(x, 'errorsDuringStep', count)} (${x.errorRateDuringStep ?? 0}%)`)),
      row('nodes at end (peak)', (x) => (x.variant.ec2 ? `${x.nodesEnd}${spread(x, 'nodesEnd', oneDecimal)} (${x.nodesPeak}${spread(x, 'nodesPeak', oneDecimal)})` : 'none (Fargate)')),
      row('tasks per node at end', (x) => (x.tasksPerNode === null ? '-' : `${x.tasksPerNode}${spread(x, 'tasksPerNode', oneDecimal)}`)),
      row('vCPU used / vCPU paid for', (x) => (x.utilization === null ? '-' : `${x.utilization}%${spread(x, 'utilization', oneDecimal)}`)),
      row('VPC addresses in use (peak)', (x) => `${x.ipsPeak}${spread(x, 'ipsPeak', count)}`),
      row('monthly: compute', (x) => usd(m(x).compute)),
      row('monthly: control plane', (x) => usd(m(x).controlPlane)),
      row('monthly: load balancer', (x) => usd(m(x).loadBalancer)),
      row('monthly: data transfer', (x) => usd(m(x).dataTransfer)),
      ...(v.some((x) => m(x).network !== undefined) ? [row('monthly: NAT gateways and VPC endpoints', (x) => usd(m(x).network ?? 0))] : []),
      ...(v.some((x) => m(x).storage !== undefined) ? [row('monthly: EBS volumes', (x) => usd(m(x).storage ?? 0))] : []),
      row('**monthly total**', (x) => `**${usd(x.cost.monthly.totalUsd)}**${spread(x, 'monthlyUsd', usd)}`),
    ],
  };
}

/** How the runs were repeated, for the outputs' first lines: "from one run with seed 9" or "the median of 5 seeds (9-1 .. 9-5), p5-p95 in brackets". */
export function seedsSentence(r: CompareResult): string {
  if (r.seeds.length === 1) return `from one run with seed ${r.seeds[0]}`;
  return `the median of ${r.seeds.length} seeds (${r.seeds[0]} .. ${r.seeds[r.seeds.length - 1]}) per figure, the seeds' p5-p95 in brackets where they differ`;
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** compare.md: the table, the break-even analysis and how each figure was measured. */
export function renderCompare(r: CompareResult, command: string): string {
  const t = compareTable(r);
  const lines: string[] = [];
  lines.push(`# ${r.workload}: ECS vs EKS, simulated`);
  lines.push('');
  lines.push(`The workload \`${r.workload}\` run on each platform with the same traffic and ${fmtDuration(r.durationS)} simulated; each figure is ${seedsSentence(r)};`);
  lines.push(`EC2 variants on ${r.instanceType}. Monthly figures scale the last ${fmtDuration(r.windowS)} of each run to 730 hours (docs/costs.md).`);
  lines.push(`Regenerate with \`${command}\`.`);
  lines.push('');
  lines.push(...markdownTable(t.header, t.rows));
  lines.push('');
  lines.push('## Break-even: where EC2 becomes cheaper than Fargate');
  lines.push('');
  lines.push('For this task size, with instances bought as needed and packed as fleetsim packs them:');
  lines.push('');
  lines.push(...markdownTable(
    ['comparison', 'instance', 'tasks per instance', 'instance $/h', 'Fargate $/task-h', 'EC2 cheaper above slot utilization', 'EC2 cheaper from (tasks)'],
    r.breakEvens.map((b) => [
      b.label,
      b.instanceType,
      String(b.tasksPerInstance),
      `$${b.instanceHourlyUsd.toFixed(4)}`,
      `$${b.fargateTaskHourlyUsd.toFixed(5)}`,
      Number.isFinite(b.utilization) && b.utilization <= 1 ? `${Math.round(b.utilization * 100)} %` : 'never',
      b.tasks === null ? 'never' : String(b.tasks),
    ]),
  ));
  lines.push('');
  lines.push('Slot utilization: the share of the instances\' task slots that hold a task, on average (an ASG kept at');
  lines.push('the exact task count is at 100 %; headroom for scale-outs and spread over AZs lower it). The task count');
  lines.push('assumes perfect packing; every partly filled instance moves it up. In these runs:');
  lines.push('');
  for (const v of r.variants.filter((x) => x.variant.ec2)) {
    const fg = r.variants.find((x) => x.variant.id === (v.variant.platform === 'ecs' ? 'ecs-fargate' : 'eks-fargate'));
    if (fg === undefined) continue;
    const diff = v.cost.monthly.byCategory.compute - fg.cost.monthly.byCategory.compute;
    lines.push(`- ${v.variant.label}: compute $${Math.round(v.cost.monthly.byCategory.compute)}/month against ${fg.variant.label}'s $${Math.round(fg.cost.monthly.byCategory.compute)} (${diff < 0 ? `$${Math.round(-diff)} cheaper` : `$${Math.round(diff)} dearer`}) ${r.seeds.length === 1 ? 'in this run' : 'at the median over the seeds'}.`);
  }
  lines.push('');
  lines.push('## How each figure is measured');
  lines.push('');
  lines.push('- start-up: task (pod) creation to RUNNING. First deployment: the tasks created with the service, on the capacity the variant starts with (none for Karpenter: it launches nodes for them). All tasks: every task of the run, including scale-outs that waited for new instances, split by whether the image was pulled or already on the host (never on Fargate).');
  lines.push('- traffic step: from the first increase of the offered load to the median new task of the first scale-out serving behind the load balancer (scaling.csv\'s total).');
  lines.push('- 5xx during the step: target and ELB 5XX from the step until the load next falls.');
  lines.push('- vCPU used / paid for: the CPU the requests used (CloudWatch CPUUtilization x serving tasks x task vCPU) over the vCPU of the instances (registered or allocatable) or Fargate tasks, in the projection window.');
  lines.push('- VPC addresses: the most allocated at once over the subnets (instances, trunk and task ENIs, pods, the VPC CNI\'s warm pool).');
  lines.push('- monthly cost: `cost` in each run\'s summary (src/report/cost.ts).');
  const notes = [...new Set(r.variants.flatMap((v) => v.notes.map((n) => `${v.variant.label}: ${n}`)))];
  const pending = r.variants.filter((v) => v.pendingAtEnd > 0);
  if (notes.length > 0 || pending.length > 0) {
    lines.push('');
    lines.push('## Notes');
    lines.push('');
    for (const n of notes) lines.push(`- ${n}`);
    for (const v of pending) lines.push(`- ${v.variant.label}: ${v.pendingAtEnd} task(s) still not running at the end of the run.`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * compare.csv: one row per variant, the figures (medians over several seeds), then how many seeds
 * and each figure's p5 and p95 over them (equal to the figure for one seed; empty where no seed
 * had a value).
 */
export function compareCsvRows(r: CompareResult): { header: string[]; rows: (string | number | null)[][] } {
  return {
    header: [
      'variant',
      'label',
      'startup_first_p50_s',
      'startup_first_p90_s',
      'startup_cold_p50_s',
      'startup_cold_p90_s',
      'startup_cached_p50_s',
      'startup_cached_p90_s',
      'step_at_s',
      'scale_out_s',
      'errors_during_step',
      'error_rate_during_step_pct',
      'nodes_end',
      'nodes_peak',
      'tasks_per_node_end',
      'vcpu_utilization_pct',
      'ips_peak',
      'run_usd',
      'monthly_compute_usd',
      'monthly_control_plane_usd',
      'monthly_load_balancer_usd',
      'monthly_data_transfer_usd',
      'monthly_total_usd',
      'seeds',
      ...Object.keys(COMPARE_FIGURES).flatMap((f) => [`${snake(f)}_p5`, `${snake(f)}_p95`]),
    ],
    rows: r.variants.map((v) => [
      v.variant.id,
      v.variant.label,
      v.startup.firstP50,
      v.startup.firstP90,
      v.startup.coldP50,
      v.startup.coldP90,
      v.startup.cachedP50,
      v.startup.cachedP90,
      v.stepAtS,
      v.scaleOutS,
      v.errorsDuringStep,
      v.errorRateDuringStep,
      v.nodesEnd,
      v.nodesPeak,
      v.tasksPerNode,
      v.utilization,
      v.ipsPeak,
      v.cost.totalUsd,
      v.cost.monthly.byCategory.compute,
      v.cost.monthly.byCategory.controlPlane,
      v.cost.monthly.byCategory.loadBalancer,
      v.cost.monthly.byCategory.dataTransfer,
      v.cost.monthly.totalUsd,
      r.seeds.length,
      ...(Object.entries(COMPARE_FIGURES) as [CompareFigure, (x: VariantResult) => number | null][]).flatMap(([f, pick]) => {
        const s = v.spread?.[f];
        if (s === undefined) return [pick(v), pick(v)];
        return s === null ? [null, null] : [round2(s.p5), round2(s.p95)];
      }),
    ]),
  };
}

/** `errorsDuringStep` -> `errors_during_step`, `firstP50` -> `first_p50`. */
function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function fmtDuration(s: number): string {
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}
