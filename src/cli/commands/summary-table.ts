import type { Argv } from 'yargs';
import { STARTUP_TABLE_SEEDS } from '../../experiments/startup-matrix.js';
import { renderSummaryTable, runSummaryTable } from '../../experiments/summary-table.js';
import { ReportFile } from '../file-output.js';
import { ExitCode, type CliIo } from '../io.js';
import { readWorkloadFile } from '../read-scenario.js';
import { reportTableOptions, SHARED_OPTIONS } from '../shared-options.js';

export const command = 'summary-table';
export const describe = "The seed's summary table's quantitative rows from simulation (results/summary-table.md)";

export function builder(y: Argv) {
  return y
    .option('workload', { type: 'string', nargs: 1, default: 'scenarios/seed/web-api.yaml', describe: 'The workload the cost rows run' })
    .option('samples', { ...SHARED_OPTIONS.samples, default: 100, describe: 'Tasks per start-up cell' })
    .options(reportTableOptions('results/summary-table.md'))
    .option('seed-count', { ...SHARED_OPTIONS.seedCount, default: STARTUP_TABLE_SEEDS })
    .example('$0 summary-table', 'Regenerate results/summary-table.md');
}

export interface SummaryTableArgs {
  readonly workload: string;
  readonly samples: number;
  readonly seed: string;
  readonly seedCount: number;
  readonly out: string;
}

/**
 * `fleetsim summary-table`: the quantitative rows of the seed's §15 table from simulation runs
 * (the Web API workload on each platform, the start-up matrix, max-tasks runs), written to
 * results/summary-table.md.
 */
export function handler(args: SummaryTableArgs, io: CliIo): number {
  const report = ReportFile.check(io, args.out);
  const file = readWorkloadFile(io.cwd, args.workload);
  if (!file.ok) {
    io.stderr(`${file.message}\n`);
    return ExitCode.BadInput;
  }
  const table = runSummaryTable(args.workload, file.text, { samples: args.samples, seed: args.seed, seedCount: args.seedCount }, { readFile: file.readFile });
  const markdown = renderSummaryTable(table, `npx fleetsim summary-table --samples ${args.samples} --seed ${args.seed} --seed-count ${args.seedCount}`);
  report.publish(io, markdown);
  return ExitCode.Ok;
}
