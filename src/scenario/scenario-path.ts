import { posix } from 'node:path';

/**
 * The rule for a path a scenario names (a traffic trace today; imported task definitions and
 * manifests next, issue 15): relative to the scenario's own folder and inside it, so that a
 * scenario from elsewhere cannot make fleetsim read `/etc/passwd`, `~/.aws/credentials` or a URL.
 *
 * This is the lexical half, with no I/O, which every reader applies; the CLI's reader
 * (cli/scenario-files.ts) adds the file-system half: no symbolic link out of the folder
 * (realpath), regular files only, size limits.
 */
export type ScenarioPathCheck = { readonly ok: true; readonly relative: string } | { readonly ok: false; readonly reason: string };

/** Longest path a scenario may name, in characters (Linux's PATH_MAX is 4,096 bytes; real names are short). */
export const MAX_SCENARIO_PATH_LENGTH = 1_024;

/** Checks a path as written in a scenario; returns it normalized (`./a/../b.csv` -> `b.csv`) or why it is refused. */
export function checkScenarioPath(named: string): ScenarioPathCheck {
  const refuse = (reason: string): ScenarioPathCheck => ({ ok: false, reason });
  if (named.trim() === '') return refuse('is empty');
  if (named.length > MAX_SCENARIO_PATH_LENGTH) return refuse(`is longer than ${MAX_SCENARIO_PATH_LENGTH.toLocaleString('en-US')} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(named)) return refuse('contains a control character');
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(named) || /^(data|file|javascript):/i.test(named)) return refuse("is a URL; fleetsim reads only files in the scenario's folder");
  if (named.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(named) || named.startsWith('\\')) return refuse("is an absolute path; name the file relative to the scenario's folder");
  if (named.includes('\\')) return refuse("contains '\\'; separate folders with '/'");
  if (named.startsWith('~')) return refuse("starts with '~', which is not expanded here; name the file relative to the scenario's folder");
  const normalized = posix.normalize(named);
  if (normalized === '..' || normalized.startsWith('../')) return refuse("leaves the scenario's folder ('..'); keep the file beside the scenario or below it");
  if (normalized === '.' || normalized.endsWith('/')) return refuse('names a folder, not a file');
  return { ok: true, relative: normalized };
}
