import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { comparedFigures, delta, renderCostTables, runCostTables } from '../../experiments/cost-tables.js';
import { renderSummaryTable, runSummaryTable } from '../../experiments/summary-table.js';
import { ExitCode, type CliIo } from '../io.js';

/**
 * `fleetsim cost-tables`: reproduces the seed's cost tables (§4, §9) by simulation and writes
 * results/cost-tables.md. Exit 0; the test in test/experiments/cost-tables.test.ts is what
 * holds the figures to the seed's.
 */
export function costTablesCommand(opts: { seed: string; out: string }, io: CliIo): number {
  const tables = runCostTables(opts.seed);
  const markdown = renderCostTables(tables, `npx fleetsim cost-tables${opts.seed === '1' ? '' : ` --seed ${opts.seed}`}`);
  writeFileSync(resolve(io.cwd, opts.out), markdown);
  io.stdout(markdown);
  const off = comparedFigures(tables).filter((f) => Math.abs(delta(f.fleetsim, f.seed)) > 0.1);
  if (off.length > 0) io.stderr(`not within 10 % of the seed (explained in ${opts.out}): ${off.map((f) => f.label).join('; ')}\n`);
  return ExitCode.Ok;
}

/**
 * `fleetsim summary-table`: the quantitative rows of the seed's §15 table from simulation runs
 * (the Web API workload on each platform, the start-up matrix, max-tasks runs), written to
 * results/summary-table.md.
 */
export function summaryTableCommand(opts: { workload: string; samples: number; seed: string; out: string }, io: CliIo): number {
  const path = resolve(io.cwd, opts.workload);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    io.stderr(`${opts.workload}: error: cannot read workload (${(error as NodeJS.ErrnoException).code ?? String(error)})\n`);
    return ExitCode.BadInput;
  }
  const base = dirname(path);
  const table = runSummaryTable(opts.workload, text, { samples: opts.samples, seed: opts.seed }, {
    readFile: (relative) => {
      try {
        return readFileSync(resolve(base, relative), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  const markdown = renderSummaryTable(table, `npx fleetsim summary-table --samples ${opts.samples} --seed ${opts.seed}`);
  writeFileSync(resolve(io.cwd, opts.out), markdown);
  io.stdout(markdown);
  return ExitCode.Ok;
}
