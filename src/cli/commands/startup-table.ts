import type { Argv } from 'yargs';
import { renderStartupTable, runStartupMatrix, sociEffect } from '../../experiments/startup-matrix.js';
import { ReportFile } from '../file-output.js';
import { ExitCode, type CliIo } from '../io.js';
import { reportTableOptions, SHARED_OPTIONS } from '../shared-options.js';

export const command = 'startup-table';
export const describe = "Reproduce the seed's container start-up table (results/startup-table.md)";

export function builder(y: Argv) {
  return y
    .option('samples', { ...SHARED_OPTIONS.samples, default: 200 })
    .options(reportTableOptions('results/startup-table.md'))
    .example('$0 startup-table', 'Regenerate results/startup-table.md');
}

export interface StartupTableArgs {
  readonly samples: number;
  readonly seed: string;
  readonly out: string;
}

/**
 * `fleetsim startup-table`: reproduces the seed's start-up table and writes it as markdown.
 * Exit 1 when a cell's median falls outside the seed's range.
 */
export function handler(args: StartupTableArgs, io: CliIo): number {
  const report = ReportFile.check(io, args.out);
  const cells = runStartupMatrix({ samples: args.samples, seed: args.seed });
  const soci = sociEffect({ samples: args.samples, seed: args.seed });
  const markdown = renderStartupTable(cells, soci, `npx fleetsim startup-table --samples ${args.samples} --seed ${args.seed}`);
  report.publish(io, markdown);
  const outOfRange = cells.filter((c) => c.p50 < c.seedRange[0] || c.p50 > c.seedRange[1]).length;
  return outOfRange === 0 ? ExitCode.Ok : ExitCode.ExpectationFailed;
}
