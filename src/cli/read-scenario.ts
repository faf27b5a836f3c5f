import { resolve } from 'node:path';
import type { SimulationSpec } from '../model/simulation-spec.js';
import { formatDiagnostic, type Diagnostic } from '../scenario/diagnostics.js';
import type { ImportReport } from '../scenario/import/import-notes.js';
import { loadScenario } from '../scenario/load-scenario.js';
import type { NamedFileReader } from '../scenario/named-files.js';
import type { Scenario } from '../scenario/schema.js';
import { readInputText, type InputText } from './input-file.js';
import { MAX_SCENARIO_BYTES, scenarioFileReader } from './scenario-files.js';

export type ReadResult = { ok: true; spec: SimulationSpec; scenario: Scenario; imports?: ImportReport } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Reads and loads a scenario file; an unreadable file is a diagnostic like any other. `maxHosts`:
 * `--max-hosts`, when given.
 */
export function readScenario(cwd: string, file: string, maxHosts?: number): ReadResult {
  const read = readScenarioText(cwd, file);
  if (!read.ok) return read;
  const loaded = loadScenario(file, read.text, { readFile: scenarioFileReader(cwd, file), ...(maxHosts === undefined ? {} : { maxHosts }) });
  return loaded.ok ? loaded : { ok: false, diagnostics: [...loaded.diagnostics] };
}

/**
 * A scenario file's text (input-file.ts: a regular UTF-8 file within MAX_SCENARIO_BYTES); an
 * unreadable one is a diagnostic at 1:1 (`cannot read scenario: no such file`).
 */
export function readScenarioText(cwd: string, file: string): { ok: true; text: string } | { ok: false; diagnostics: Diagnostic[] } {
  const read = readText(cwd, file);
  if (read.ok) return read;
  return { ok: false, diagnostics: [{ file, line: 1, column: 1, path: '', message: `cannot read scenario: ${read.reason}` }] };
}

/**
 * The workload file of `compare` and `summary-table` with the reader for the files it names, or
 * the one-line error (`web.yaml: error: cannot read workload (no such file)`) when it cannot be read.
 */
export function readWorkloadFile(cwd: string, file: string): { ok: true; text: string; readFile: NamedFileReader } | { ok: false; message: string } {
  const read = readText(cwd, file);
  if (read.ok) return { ok: true, text: read.text, readFile: scenarioFileReader(cwd, file) };
  return { ok: false, message: `${file}: error: cannot read workload (${read.code ?? read.reason})` };
}

/** `-` (standard input) is refused with a reason: the files a scenario names resolve against its folder, which stdin has none of. */
function readText(cwd: string, file: string): InputText {
  if (file.trim() === '') return { ok: false, reason: 'the path is empty' };
  return readInputText(resolve(cwd, file), MAX_SCENARIO_BYTES);
}

/**
 * Most diagnostics printed at once: a file with thousands of problems (a generated file, the
 * wrong file) must not flood the terminal; the first ones show what is wrong (docs/limits.md).
 */
export const MAX_DIAGNOSTICS_PRINTED = 20;

/** One `file:line:col: error: ...` line per diagnostic, the first MAX_DIAGNOSTICS_PRINTED of them, then `... and N more`. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const shown = diagnostics.slice(0, MAX_DIAGNOSTICS_PRINTED).map((d) => `${formatDiagnostic(d)}\n`);
  const more = diagnostics.length - MAX_DIAGNOSTICS_PRINTED;
  if (more > 0) shown.push(`${diagnostics[0]!.file}: ... and ${more.toLocaleString('en-US')} more problem${more === 1 ? '' : 's'}\n`);
  return shown.join('');
}
