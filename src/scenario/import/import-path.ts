/**
 * The lexical rule for a file a scenario imports: a relative path inside the scenario's folder,
 * so that a scenario from elsewhere cannot make fleetsim read `/etc/passwd`,
 * `~/.aws/credentials` or a URL. No I/O here (the scenario layer touches no file system); the
 * CLI's reader adds the rest: no symbolic link out of the folder, regular files only.
 */
import { posix } from 'node:path';

export type ImportPathCheck = { readonly ok: true; readonly relative: string } | { readonly ok: false; readonly reason: string };

/** Checks a path as a scenario writes it; returns it normalized (`./a/../b.json` -> `b.json`) or why it is refused. */
export function checkImportPath(named: string): ImportPathCheck {
  const refuse = (reason: string): ImportPathCheck => ({ ok: false, reason });
  if (named.trim() === '') return refuse('is empty');
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(named) || /^(data|file):/i.test(named)) return refuse("is a URL; fleetsim reads only files in the scenario's folder");
  if (named.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(named) || named.startsWith('\\')) return refuse("is an absolute path; name the file relative to the scenario's folder");
  if (named.startsWith('~')) return refuse("starts with '~', which is not expanded; name the file relative to the scenario's folder");
  const normalized = posix.normalize(named.replace(/\\/g, '/'));
  if (normalized === '..' || normalized.startsWith('../')) return refuse("leaves the scenario's folder ('..'); keep the file beside the scenario or below it");
  if (normalized === '.' || normalized.endsWith('/')) return refuse('names a folder, not a file');
  return { ok: true, relative: normalized };
}
