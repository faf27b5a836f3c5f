import { ExitCode, type CliIo } from '../io.js';
import { formatDiagnostics, readScenario } from '../read-scenario.js';
import { renderRows, type OutputFormat } from '../output-format.js';

/** `fleetsim validate <files...>`: checks each file; exit 2 if any has a problem. */
export function validateCommand(files: readonly string[], format: OutputFormat, io: CliIo): number {
  let bad = 0;
  const rows: Record<string, string | number | boolean | null>[] = [];
  for (const file of files) {
    const loaded = readScenario(io.cwd, file);
    if (loaded.ok) {
      rows.push({ file, valid: true, problems: 0, detail: `${loaded.spec.services.length} service(s), ${loaded.spec.expectations.length} expectation(s)` });
    } else {
      bad++;
      io.stderr(formatDiagnostics(loaded.diagnostics));
      rows.push({ file, valid: false, problems: loaded.diagnostics.length, detail: loaded.diagnostics[0]!.message });
    }
  }
  if (format === 'table') {
    for (const r of rows) if (r.valid === true) io.stdout(`${String(r.file)}: ok (${String(r.detail)})\n`);
  } else io.stdout(renderRows(rows, ['file', 'valid', 'problems', 'detail'], format));
  return bad === 0 ? ExitCode.Ok : ExitCode.BadInput;
}
