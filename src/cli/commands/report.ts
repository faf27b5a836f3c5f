import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { writeReportHtml } from '../../experiments/run-outputs.js';
import { parseReportData } from '../../report/html/report-data.js';
import { readChartShapes } from '../chart-shapes-file.js';
import { rewriteFileInOutputDir } from '../file-output.js';
import { readInputText } from '../input-file.js';
import { BadInputError, ExitCode, type CliIo } from '../io.js';
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

/** Largest report.json read: the 100,000-host day's is well under 1 MB (results/bench.md). */
const MAX_REPORT_JSON_BYTES = 256 * 1024 * 1024;

/**
 * `fleetsim report <dir>`: reads the report.json that `fleetsim run` wrote into `dir` and writes
 * report.html beside it, replacing only that file, atomically and under the folder's lock: the
 * same bytes the run wrote, or the page of a newer fleetsim from the same data. Exit 0, or 2 with
 * one line when `dir` holds no readable report.json.
 */
export async function handler(args: ReportArgs, io: CliIo): Promise<number> {
  const notARun = `${args.dir}: no report.json (not the output folder of fleetsim run)`;
  if (!existsSync(resolve(io.cwd, args.dir))) throw new BadInputError(notARun);
  const path = await rewriteFileInOutputDir(io, args.dir, 'report.html', async (dir) => {
    const read = readInputText(join(dir, 'report.json'), MAX_REPORT_JSON_BYTES);
    if (!read.ok) throw new BadInputError(read.code === 'ENOENT' ? notARun : `${join(args.dir, 'report.json')}: cannot read it: ${read.reason}`);
    const parsed = parseReportData(read.text);
    if (!parsed.ok) throw new BadInputError(`${join(args.dir, 'report.json')}: ${parsed.message}`);
    let html = '';
    await writeReportHtml(parsed.value, () => ({ write: (chunk: string) => void (html += chunk) }), readChartShapes());
    return html;
  });
  if (!args.quiet) io.stdout(`wrote ${path}\n`);
  return ExitCode.Ok;
}
