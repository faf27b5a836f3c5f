import type { Diagnostic } from '../scenario/diagnostics.js';
import type { NamedFileReader } from '../scenario/named-files.js';
import { readScenarioText } from './read-scenario.js';
import { scenarioFileReader } from './scenario-files.js';

/**
 * A scenario read once for runs on worker threads (sweeps, runs over seeds): its text, and a
 * reader that records every file the scenario names as it is loaded (`files`), so that workers
 * are handed the same bytes and never read the file system.
 */
export type RecordedScenario = { readonly ok: true; readonly text: string; readonly files: Record<string, string>; readonly readFile: NamedFileReader } | { readonly ok: false; readonly diagnostics: Diagnostic[] };

export function readRecordedScenario(cwd: string, file: string): RecordedScenario {
  const read = readScenarioText(cwd, file);
  if (!read.ok) return read;
  const files: Record<string, string> = {};
  const readIncluded = scenarioFileReader(cwd, file);
  const readFile: NamedFileReader = (relative) => {
    if (Object.hasOwn(files, relative)) return files[relative];
    const included = readIncluded(relative);
    if (typeof included === 'string') files[relative] = included;
    return included;
  };
  return { ok: true, text: read.text, files, readFile };
}
