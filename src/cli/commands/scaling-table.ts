import type { Argv } from 'yargs';
import { renderScalingTable, runScalingTable } from '../../experiments/scaling-table.js';
import { ReportFile } from '../file-output.js';
import { ExitCode, type CliIo } from '../io.js';
import { reportTableOptions } from '../shared-options.js';

export const command = 'scaling-table';
export const describe = "Reproduce the seed's scaling speed table (results/scaling-table.md)";

export function builder(y: Argv) {
  return y.options(reportTableOptions('results/scaling-table.md')).example('$0 scaling-table', 'Regenerate results/scaling-table.md');
}

export interface ScalingTableArgs {
  readonly seed: string;
  readonly out: string;
}

/**
 * `fleetsim scaling-table`: reproduces the seed's scaling speed table and writes it as markdown.
 * Exit 1 when a figure is out of the seed's range where the table does not explain why.
 */
export function handler(args: ScalingTableArgs, io: CliIo): number {
  const report = ReportFile.check(io, args.out);
  const markdown = renderScalingTable(runScalingTable(args.seed), `npx fleetsim scaling-table --seed ${args.seed}`);
  report.publish(io, markdown);
  return markdown.includes('OUT OF RANGE') ? ExitCode.ExpectationFailed : ExitCode.Ok;
}
