import { basename } from 'node:path';
import type { Argv } from 'yargs';
import { stringify } from 'csv-stringify/sync';
import { runCompare, type CompareResult } from '../../experiments/compare.js';
import { compareCsvRows, compareTable, renderCompare, seedsSentence } from '../../experiments/compare-report.js';
import { VariantTimeline, type VariantTimelineData } from '../../experiments/compare-timeline.js';
import { meshApplies, readWorkload, SIDECAR_MESHES, VARIANTS, type SidecarMesh, type VariantId } from '../../experiments/compare-variants.js';
import { SimulationError } from '../../engine/errors.js';
import { OutputDir, writeOutputDir } from '../file-output.js';
import { Interruption } from '../interruption.js';
import { ExitCode, UsageError, type CliIo } from '../io.js';
import type { OutputFormat } from '../output-format.js';
import { formatDiagnostics, readWorkloadFile } from '../read-scenario.js';
import { SHARED_OPTIONS } from '../shared-options.js';
import { ProgressBar } from '../progress-bar.js';
import { layoutTable, tableWidth } from '../text-table.js';

export const command = 'compare <workload>';
export const describe =
  'Run one workload on ECS Fargate, ECS EC2 (on-demand, RI), EKS managed nodes, EKS + Karpenter (spot, on-demand) and EKS Fargate; write compare.md, compare.csv and compare.html';

export function builder(y: Argv) {
  return y
    .positional('workload', { type: 'string', demandOption: true, describe: 'An ECS scenario file describing the services, load and autoscaling' })
    .option('seed', { ...SHARED_OPTIONS.seed, describe: "Override the workload's seed" })
    .option('out', { ...SHARED_OPTIONS.out, describe: 'Output directory (default results/compare-<name>)' })
    .option('instance-type', { type: 'string', nargs: 1, describe: "EC2 type of the ECS EC2 and EKS managed node variants (default: the workload's Auto Scaling group's, else m5.xlarge)" })
    .option('variants', { type: 'string', array: true, describe: 'Only these: ecs-fargate ecs-ec2 ecs-ec2-ri eks-managed eks-karpenter-spot eks-karpenter-on-demand eks-fargate' })
    .option('seed-count', { ...SHARED_OPTIONS.seedCount, default: COMPARE_SEEDS, describe: 'Runs per variant, seeds <seed>-1 .. <seed>-N: each figure is their median, with their p5-p95 range' })
    .option('sidecar', { type: 'string', nargs: 1, choices: SIDECAR_MESHES as unknown as string[], describe: 'Run the variants of its platform with and without this mesh: service-connect (ECS) or istio (EKS on EC2)' })
    .option('output', SHARED_OPTIONS.output)
    .example('$0 compare scenarios/seed/web-api.yaml', "The seed's Web API on every platform")
    .example('$0 compare scenarios/seed/web-api.yaml --seed-count 21', 'Medians over 21 seeds per variant')
    .example('$0 compare scenarios/seed/web-api.yaml --sidecar service-connect', 'The ECS variants with and without Service Connect: tasks per node, cost and start-up');
}

export interface CompareArgs {
  readonly workload: string;
  readonly seed?: string;
  readonly out?: string;
  readonly instanceType?: string;
  readonly variants?: readonly string[];
  readonly seedCount: number;
  readonly sidecar?: string;
  readonly output: OutputFormat;
}

/**
 * Runs per variant by default. Five seeds make the medians of the Web API's figures repeatable
 * (a different base seed moves no verdict of results/summary-table.md, which runs nine) at five
 * times one run's cost: about ten seconds of CPU for the seven variants of the Web API.
 */
export const COMPARE_SEEDS = 5;

/**
 * `fleetsim compare <workload.yaml>`: runs the workload on every platform variant
 * (src/experiments/compare.ts), writes compare.md, compare.csv and compare.html into --out
 * (default results/compare-<name>/) atomically, and prints the side-by-side table (or JSON / CSV).
 * Exit 0, or 2 for a bad workload file or option.
 */
export async function handler(args: CompareArgs, io: CliIo): Promise<number> {
  const file = readWorkloadFile(io.cwd, args.workload);
  if (!file.ok) {
    io.stderr(`${file.message}\n`);
    return ExitCode.BadInput;
  }
  const unknown = (args.variants ?? []).filter((v) => !VARIANTS.some((x) => x.id === v));
  if (unknown.length > 0) {
    io.stderr(`error: unknown variant ${unknown.join(', ')}; choose from ${VARIANTS.map((v) => v.id).join(', ')}\n`);
    return ExitCode.BadInput;
  }
  const context = { readFile: file.readFile };
  const options = {
    seed: args.seed,
    instanceType: args.instanceType,
    seedCount: args.seedCount,
    ...(args.variants === undefined || args.variants.length === 0 ? {} : { variants: args.variants as VariantId[] }),
    ...(args.sidecar === undefined ? {} : { sidecar: args.sidecar as SidecarMesh }),
  };
  const read = readWorkload(args.workload, file.text, options, context);
  if (!read.ok) {
    if ('option' in read) throw new UsageError(`--instance-type ${args.instanceType}: ${read.message}`);
    io.stderr(formatDiagnostics(read.diagnostics));
    return ExitCode.BadInput;
  }
  // The output folder is checked before the variants run (minutes), and written after.
  const outArg = args.out ?? `results/compare-${String(read.workload.raw.name)}`;
  OutputDir.check(io, outArg, COMPARE_FILES);
  let result: CompareResult;
  const timelines = new Map<VariantId, VariantTimeline>();
  const asked = (options.variants ?? VARIANTS.map((v) => v.id)).map((id) => VARIANTS.find((v) => v.id === id)!);
  // With --sidecar, each variant of the mesh's platform runs twice and the others not at all.
  const variantCount = options.sidecar === undefined ? asked.length : 2 * asked.filter((v) => meshApplies(options.sidecar!, v)).length;
  const bar = io.isTTY ? new ProgressBar(io.stderr, variantCount * args.seedCount, 'compare') : undefined;
  try {
    result = runCompare(read.workload, { ...options, onRun: (done) => bar?.update(done) }, context, (id, spec) => {
      const timeline = new VariantTimeline(spec);
      timelines.set(id, timeline);
      return timeline.listener;
    });
  } catch (error) {
    if (error instanceof SimulationError) {
      io.stderr(`${args.workload}: error: ${error.message}\n`);
      return ExitCode.BadInput;
    }
    throw error;
  }
  bar?.finish();
  const command = `npx fleetsim compare ${args.workload}${args.seed === undefined ? '' : ` --seed ${args.seed}`}${args.seedCount === COMPARE_SEEDS ? '' : ` --seed-count ${args.seedCount}`}${args.instanceType === undefined ? '' : ` --instance-type ${args.instanceType}`}${args.sidecar === undefined ? '' : ` --sidecar ${args.sidecar}`}`;
  const series = new Map<VariantId, VariantTimelineData>([...timelines].map(([id, t]) => [id, t.data()]));
  // Loaded here, not at start-up: it brings Vega, which the CLI's other commands never need.
  const { renderCompareHtml } = await import('../../experiments/compare-html.js');
  const html = await renderCompareHtml(result, series, command);
  await Interruption.during(io, (interruption) =>
    writeOutputDir(io, outArg, COMPARE_FILES, interruption, (out) => {
      out.open('compare.md').write(renderCompare(result, command));
      out.open('compare.csv').write(compareCsvText(result));
      out.open('compare.html').write(html);
    }),
  );
  if (args.output === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (args.output === 'csv') io.stdout(compareCsvText(result));
  else io.stdout(textTable(result, `${outArg}/{compare.md,compare.csv,compare.html}`, basename(args.workload), tableWidth(io)));
  return ExitCode.Ok;
}

const COMPARE_FILES = ['compare.md', 'compare.csv', 'compare.html'];

/** Words to lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function compareCsvText(result: CompareResult): string {
  const csv = compareCsvRows(result);
  return stringify([csv.header, ...csv.rows.map((r) => r.map((c) => (c === null ? '' : c)))]);
}

/** The table as aligned text for a terminal (split to fit its width, text-table.ts), then the break-even lines. */
function textTable(r: CompareResult, written: string, file: string, width: number): string {
  const t = compareTable(r);
  const strip = (s: string): string => s.replace(/\*\*/g, '');
  const rows = [t.header, ...t.rows].map((row) => row.map(strip));
  const lines = [`${file}: ${r.variants.length} variants, EC2 on ${r.instanceType}; monthly = the last ${r.windowS / 60} min x 730 h`, ...wrap(`Each figure is ${seedsSentence(r)}.`, width), ''];
  lines.push(...layoutTable(rows, { width, gap: '  ', right: (i) => i > 0 }));
  lines.push('');
  lines.push('break-even (EC2 cheaper than Fargate):');
  for (const b of r.breakEvens) {
    const u = Number.isFinite(b.utilization) && b.utilization <= 1 ? `above ${Math.round(b.utilization * 100)} % slot utilization` : 'never';
    lines.push(`  ${b.label}: ${u}${b.tasks === null ? '' : `, from ${b.tasks} tasks`} (${b.tasksPerInstance} per ${b.instanceType})`);
  }
  lines.push('');
  lines.push(`written: ${written}`);
  return `${lines.join('\n')}\n`;
}
