import type { Argv } from 'yargs';
import { comparedFigures, delta, renderCostTables, runCostTables } from '../../experiments/cost-tables.js';
import { ReportFile } from '../file-output.js';
import { ExitCode, type CliIo } from '../io.js';
import { reportTableOptions } from '../shared-options.js';

export const command = 'cost-tables';
export const describe = "Reproduce the seed's cost tables (results/cost-tables.md)";

export function builder(y: Argv) {
  return y.options(reportTableOptions('results/cost-tables.md')).example('$0 cost-tables', 'Regenerate results/cost-tables.md');
}

export interface CostTablesArgs {
  readonly seed: string;
  readonly out: string;
}

/**
 * `fleetsim cost-tables`: reproduces the seed's cost tables (§4, §9) by simulation and writes
 * results/cost-tables.md. Exit 0; the test in test/experiments/cost-tables.test.ts is what
 * holds the figures to the seed's.
 */
export function handler(args: CostTablesArgs, io: CliIo): number {
  const report = ReportFile.check(io, args.out);
  const tables = runCostTables(args.seed);
  const markdown = renderCostTables(tables, `npx fleetsim cost-tables${args.seed === '1' ? '' : ` --seed ${args.seed}`}`);
  report.publish(io, markdown);
  const off = comparedFigures(tables).filter((f) => Math.abs(delta(f.fleetsim, f.seed)) > 0.1);
  if (off.length > 0) io.stderr(`not within 10 % of the seed (explained in ${args.out}): ${off.map((f) => f.label).join('; ')}\n`);
  return ExitCode.Ok;
}
