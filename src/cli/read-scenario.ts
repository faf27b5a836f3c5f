import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SimulationSpec } from '../model/simulation-spec.js';
import { formatDiagnostic, type Diagnostic } from '../scenario/diagnostics.js';
import { loadScenario } from '../scenario/load-scenario.js';
import type { PlacementRegistry } from '../policy/placement-registry.js';
import { fsErrorReason } from './fs-error.js';

export type ReadResult = { ok: true; spec: SimulationSpec } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Reads and loads a scenario file; an unreadable file is a diagnostic like any other. The
 * registry holds the placement behaviour it may name (default: the built-ins).
 */
export function readScenario(cwd: string, file: string, registry?: PlacementRegistry): ReadResult {
  const read = readScenarioText(cwd, file);
  if (!read.ok) return read;
  const loaded = loadScenario(file, read.text, { readFile: includedFileReader(cwd, file), ...(registry === undefined ? {} : { registry }) });
  return loaded.ok ? loaded : { ok: false, diagnostics: [...loaded.diagnostics] };
}

/** A scenario file's text; an unreadable file is a diagnostic at 1:1 (`cannot read scenario: no such file`). */
export function readScenarioText(cwd: string, file: string): { ok: true; text: string } | { ok: false; diagnostics: Diagnostic[] } {
  try {
    return { ok: true, text: readFileSync(resolve(cwd, file), 'utf8') };
  } catch (error) {
    return { ok: false, diagnostics: [{ file, line: 1, column: 1, path: '', message: `cannot read scenario: ${fsErrorReason(error)}` }] };
  }
}

/**
 * The loader's `readFile`: the files a scenario names (e.g. a recorded load trace), relative to
 * the scenario's own folder; undefined for one that cannot be read (the loader reports it at
 * the field that names it).
 */
export function includedFileReader(cwd: string, scenarioFile: string): (relative: string) => string | undefined {
  const base = dirname(resolve(cwd, scenarioFile));
  return (relative) => {
    try {
      return readFileSync(resolve(base, relative), 'utf8');
    } catch {
      return undefined;
    }
  };
}

/**
 * The workload file of `compare` and `summary-table` with the reader for the files it names, or
 * the one-line error (`web.yaml: error: cannot read workload (ENOENT)`) when it cannot be read.
 */
export function readWorkloadFile(
  cwd: string,
  file: string,
): { ok: true; text: string; readFile: (relative: string) => string | undefined } | { ok: false; message: string } {
  try {
    return { ok: true, text: readFileSync(resolve(cwd, file), 'utf8'), readFile: includedFileReader(cwd, file) };
  } catch (error) {
    return { ok: false, message: `${file}: error: cannot read workload (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join('');
}
