import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SimulationSpec } from '../model/simulation-spec.js';
import { formatDiagnostic, type Diagnostic } from '../scenario/diagnostics.js';
import { loadScenario } from '../scenario/load-scenario.js';

export type ReadResult = { ok: true; spec: SimulationSpec } | { ok: false; diagnostics: Diagnostic[] };

/** Reads and loads a scenario file; an unreadable file is a diagnostic like any other. */
export function readScenario(cwd: string, file: string): ReadResult {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    return { ok: false, diagnostics: [{ file, line: 1, column: 1, path: '', message: `cannot read scenario: ${why}` }] };
  }
  const base = dirname(resolve(cwd, file));
  const loaded = loadScenario(file, text, {
    readFile: (relative) => {
      try {
        return readFileSync(resolve(base, relative), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  return loaded.ok ? loaded : { ok: false, diagnostics: [...loaded.diagnostics] };
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join('');
}
