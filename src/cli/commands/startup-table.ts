import type { Argv } from 'yargs';
import { renderStartupTable, runStartupMatrix, sociEffect, STARTUP_TABLE_SEEDS } from '../../experiments/startup-matrix.js';
import { ReportFile } from '../file-output.js';
import { ExitCode, type CliIo } from '../io.js';
import { reportTableOptions, SHARED_OPTIONS } from '../shared-options.js';

export const command = 'startup-table';
export const describe = "Reproduce the seed's container start-up table (results/startup-table.md)";

export function builder(y: Argv) {
  return y
    .option('samples', { ...SHARED_OPTIONS.samples, default: 200 })
    .options(reportTableOptions('results/startup-table.md'))
    .option('seed-count', { ...SHARED_OPTIONS.seedCount, default: STARTUP_TABLE_SEEDS })
    .example('$0 startup-table', 'Regenerate results/startup-table.md');
}

export interface StartupTableArgs {
  readonly samples: number;
  readonly seed: string;
  readonly seedCount: number;
  readonly out: string;
}

/**
 * `fleetsim startup-table`: reproduces the seed's start-up table over `--seed-count` seeds and
 * writes it as markdown. Exit 1 when a cell's median (over the seeds) falls outside the seed's range.
 */
export function handler(args: StartupTableArgs, io: CliIo): number {
  const report = ReportFile.check(io, args.out);
  const options = { samples: args.samples, seed: args.seed, seedCount: args.seedCount };
  const cells = runStartupMatrix(options);
  const soci = sociEffect(options);
  const markdown = renderStartupTable(cells, soci, `npx fleetsim startup-table --samples ${args.samples} --seed ${args.seed} --seed-count ${args.seedCount}`);
  report.publish(io, markdown);
  const outOfRange = cells.filter((c) => c.p50 < c.seedRange[0] || c.p50 > c.seedRange[1]).length;
  return outOfRange === 0 ? ExitCode.Ok : ExitCode.ExpectationFailed;
}
