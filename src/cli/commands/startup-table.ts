import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderStartupTable, runStartupMatrix, sociEffect } from '../../experiments/startup-matrix.js';
import { ExitCode, type CliIo } from '../io.js';

/** `fleetsim startup-table`: reproduces the seed's start-up table and writes it as markdown. */
export function startupTableCommand(opts: { samples: number; seed: string; out: string }, io: CliIo): number {
  const cells = runStartupMatrix({ samples: opts.samples, seed: opts.seed });
  const soci = sociEffect({ samples: opts.samples, seed: opts.seed });
  const markdown = renderStartupTable(cells, soci, `npx fleetsim startup-table --samples ${opts.samples} --seed ${opts.seed}`);
  writeFileSync(resolve(io.cwd, opts.out), markdown);
  io.stdout(markdown);
  const outOfRange = cells.filter((c) => c.p50 < c.seedRange[0] || c.p50 > c.seedRange[1]).length;
  return outOfRange === 0 ? ExitCode.Ok : ExitCode.ExpectationFailed;
}
