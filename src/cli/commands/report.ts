import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { writeReportHtml } from '../../experiments/run-outputs.js';
import { parseReportData } from '../../report/html/report-data.js';
import { StagedOutputDir } from '../file-output.js';
import { fsErrorReason } from '../fs-error.js';
import { ExitCode, type CliIo } from '../io.js';
import { SHARED_OPTIONS } from '../shared-options.js';

export const command = 'report <dir>';
export const describe = 'Rebuild report.html in the output folder of a run, from its report.json';

export function builder(y: Argv) {
  return y
    .positional('dir', { type: 'string', demandOption: true, describe: 'The output folder of fleetsim run (it holds report.json)' })
    .option('quiet', SHARED_OPTIONS.quiet)
    .example('$0 report results/quickstart', 'Rebuild results/quickstart/report.html');
}

export interface ReportArgs {
  readonly dir: string;
  readonly quiet?: boolean;
}

/**
 * `fleetsim report <dir>`: reads the report.json that `fleetsim run` wrote into `dir` and writes
 * report.html beside it (atomically): the same bytes the run wrote, or the page of a newer
 * fleetsim from the same data. Exit 0, or 2 with one line when `dir` holds no readable report.json.
 */
export async function handler(args: ReportArgs, io: CliIo): Promise<number> {
  const dir = resolve(io.cwd, args.dir);
  let text: string;
  try {
    text = readFileSync(join(dir, 'report.json'), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr(`error: ${args.dir}: ${code === 'ENOENT' || code === 'ENOTDIR' ? 'no report.json (not the output folder of fleetsim run)' : `cannot read report.json: ${fsErrorReason(error)}`}\n`);
    return ExitCode.BadInput;
  }
  const parsed = parseReportData(text);
  if (!parsed.ok) {
    io.stderr(`error: ${join(args.dir, 'report.json')}: ${parsed.message}\n`);
    return ExitCode.BadInput;
  }
  const out = new StagedOutputDir(dir);
  try {
    await writeReportHtml(parsed.value, (name) => out.open(name));
  } catch (error) {
    out.abort();
    throw error;
  }
  out.commit();
  if (!args.quiet) io.stdout(`wrote ${join(args.dir, 'report.html')}\n`);
  return ExitCode.Ok;
}
