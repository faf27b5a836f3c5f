import { realpathSync } from 'node:fs';
import { dirname, relative as relativePath, resolve, isAbsolute } from 'node:path';
import type { NamedFileReader } from '../scenario/named-files.js';
import { checkScenarioPath } from '../scenario/scenario-path.js';
import { fsErrorReason } from './fs-error.js';
import { readInputText } from './input-file.js';

/**
 * Largest scenario file read (docs/limits.md). The largest in scenarios/ is 4 KB; `fleetsim
 * validate` on a generated 1 MiB scenario (5,000 services, or 17,000 events) takes about 1 to 2 s
 * and 250 MB on 2 cores, while 53 MB exhausted the V8 heap. 1 MiB is 250 times the largest real one.
 */
export const MAX_SCENARIO_BYTES = 1024 * 1024;

/**
 * Largest traffic trace read (docs/limits.md): 16 MiB is about a million `time_s,rps` rows, a
 * year at one row every 30 s.
 */
export const MAX_TRACE_BYTES = 16 * 1024 * 1024;

/**
 * "Resolve a path a scenario names": the one reader of the files a scenario refers to (traffic
 * traces; imported definitions next). A path passes checkScenarioPath (relative, no `..` out, no
 * URL), is resolved against the scenario's folder, and its real path (symbolic links followed)
 * must still be inside that folder's real path; then it is read as text within `maxBytes`
 * (input-file.ts: regular files only, UTF-8). Refusals are predicates for the loader's message
 * (`traffic trace 'x' is a symbolic link out of the scenario's folder`).
 */
export function scenarioFileReader(cwd: string, scenarioFile: string, maxBytes = MAX_TRACE_BYTES): NamedFileReader {
  const folder = dirname(resolve(cwd, scenarioFile));
  let realFolder: string | undefined;
  return (named) => {
    const check = checkScenarioPath(named);
    if (!check.ok) return { refused: check.reason };
    let real: string;
    try {
      realFolder ??= realpathSync(folder);
      real = realpathSync(resolve(folder, check.relative));
    } catch (error) {
      return { refused: `cannot be read: ${fsErrorReason(error)}` };
    }
    if (!isInside(realFolder, real)) return { refused: "is a symbolic link to a file outside the scenario's folder" };
    const read = readInputText(real, maxBytes);
    if (read.ok) return read.text;
    return { refused: read.reason.startsWith('is ') ? read.reason : `cannot be read: ${read.reason}` };
  };
}

/** Whether `path` is `folder` or below it (both absolute and real). */
function isInside(folder: string, path: string): boolean {
  const rel = relativePath(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
