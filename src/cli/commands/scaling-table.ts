import type { Argv } from 'yargs';
import { renderScalingTable, runScalingTable, SCALING_TABLE_SEEDS } from '../../experiments/scaling-table.js';
import { ReportFile } from '../file-output.js';
import { ExitCode, type CliIo } from '../io.js';
import { reportTableOptions, SHARED_OPTIONS } from '../shared-options.js';

export const command = 'scaling-table';
export const describe = "Reproduce the seed's scaling speed table (results/scaling-table.md)";

export function builder(y: Argv) {
  return y
    .options(reportTableOptions('results/scaling-table.md'))
    .option('seed-count', { ...SHARED_OPTIONS.seedCount, default: SCALING_TABLE_SEEDS })
    .example('$0 scaling-table', 'Regenerate results/scaling-table.md')
    .example('$0 scaling-table --seed 2 --out /tmp/scaling.md', 'The same table from other seeds: its verdicts should not move');
}

export interface ScalingTableArgs {
  readonly seed: string;
  readonly seedCount: number;
  readonly out: string;
}

/**
 * `fleetsim scaling-table`: reproduces the seed's scaling speed table over `--seed-count` seeds
 * (each cell the median, with the seeds' p5-p95) and writes it as markdown. Exit 1 when a median
 * is out of the seed's range where the table does not explain why.
 */
export function handler(args: ScalingTableArgs, io: CliIo): number {
  const report = ReportFile.check(io, args.out);
  const markdown = renderScalingTable(runScalingTable(args.seed, args.seedCount), `npx fleetsim scaling-table --seed ${args.seed} --seed-count ${args.seedCount}`);
  report.publish(io, markdown);
  return markdown.includes('OUT OF RANGE') ? ExitCode.ExpectationFailed : ExitCode.Ok;
}
