import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderScalingTable, runScalingTable } from '../../experiments/scaling-table.js';
import { ExitCode, type CliIo } from '../io.js';

/** `fleetsim scaling-table`: reproduces the seed's scaling speed table and writes it as markdown. */
export function scalingTableCommand(opts: { seed: string; out: string }, io: CliIo): number {
  const markdown = renderScalingTable(runScalingTable(opts.seed), `npx fleetsim scaling-table --seed ${opts.seed}`);
  writeFileSync(resolve(io.cwd, opts.out), markdown);
  io.stdout(markdown);
  return markdown.includes('OUT OF RANGE') ? ExitCode.ExpectationFailed : ExitCode.Ok;
}
