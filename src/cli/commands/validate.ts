import type { Argv } from 'yargs';
import { formatImportReport } from '../import-report.js';
import { ExitCode, type CliIo } from '../io.js';
import { formatDiagnostics, readScenario } from '../read-scenario.js';
import { renderRows, type OutputFormat } from '../output-format.js';
import { tableWidth } from '../text-table.js';
import { SHARED_OPTIONS } from '../shared-options.js';

export const command = 'validate <files..>';
export const describe = 'Check scenario files; print file:line:col errors';

export function builder(y: Argv) {
  return y
    .positional('files', { type: 'string', array: true, demandOption: true, describe: 'Scenario files' })
    .option('output', SHARED_OPTIONS.output)
    .option('max-hosts', SHARED_OPTIONS.maxHosts)
    .example('$0 validate scenarios/*.yaml', 'Validate every scenario');
}

export interface ValidateArgs {
  readonly files: readonly string[];
  readonly output: OutputFormat;
  readonly maxHosts?: number;
}

/** `fleetsim validate <files...>`: checks each file; exit 2 if any has a problem. */
export function handler(args: ValidateArgs, io: CliIo): number {
  let bad = 0;
  const rows: Record<string, string | number | boolean | null>[] = [];
  for (const file of args.files) {
    const loaded = readScenario(io.cwd, file, args.maxHosts);
    if (loaded.ok) {
      if (loaded.imports !== undefined) io.stderr(formatImportReport(file, loaded.imports));
      rows.push({ file, valid: true, problems: 0, detail: `${loaded.spec.services.length} service(s), ${loaded.spec.expectations.length} expectation(s)` });
    } else {
      bad++;
      io.stderr(formatDiagnostics(loaded.diagnostics));
      rows.push({ file, valid: false, problems: loaded.diagnostics.length, detail: loaded.diagnostics[0]!.message });
    }
  }
  if (args.output === 'table') {
    for (const r of rows) if (r.valid === true) io.stdout(`${String(r.file)}: ok (${String(r.detail)})\n`);
  } else io.stdout(renderRows(rows, ['file', 'valid', 'problems', 'detail'], args.output, tableWidth(io)));
  return bad === 0 ? ExitCode.Ok : ExitCode.BadInput;
}
