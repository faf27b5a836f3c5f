import { accessSync, constants, lstatSync, mkdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, parse, resolve, sep } from 'node:path';
import { fsErrorReason } from './fs-error.js';
import { BadInputError } from './io.js';

/**
 * Where a command may write, checked before it runs anything (docs/outputs.md): an output folder
 * is replaced as a whole and an output file by a rename, so a wrong `--out` would destroy what is
 * there. Refused, before any write:
 * - the root folder, the home folder, and the top folders that hold other things (/home, /tmp,
 *   /var, /opt, /mnt, ...) themselves (a folder below them is fine);
 * - anything inside the system trees (/proc, /sys, /dev: kernel file systems where a recursive
 *   mkdir can spin; /etc, /usr, /bin, /sbin, /lib*, /boot: the operating system);
 * - a path whose existing part has a file where a folder must be, or that cannot be written.
 */
const SYSTEM_TREES = ['/proc', '/sys', '/dev', '/etc', '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/boot'];
const SHARED_ROOTS = ['/home', '/root', '/tmp', '/var', '/var/tmp', '/opt', '/srv', '/mnt', '/media', '/run', '/snap', '/Users', '/Volumes', '/private', '/private/tmp'];

/** Linux limits: a path of at most 4,095 bytes, each name at most 255 bytes. */
const PATH_MAX = 4_095;
const NAME_MAX = 255;

/** Why fleetsim must not write at `path` (absolute), or undefined. `home` is the user's home folder. */
export function protectedReason(path: string, home = homedir()): string | undefined {
  const p = trimSlash(path);
  if (p === '/' || p === parse(p).root) return 'is the root folder';
  if (home !== '' && p === trimSlash(home)) return 'is your home folder';
  for (const tree of SYSTEM_TREES) if (p === tree || p.startsWith(`${tree}/`)) return `is ${p === tree ? '' : 'inside '}a system folder (${tree})`;
  if (SHARED_ROOTS.includes(p)) return `is a top-level folder (${p}) that holds more than fleetsim's outputs`;
  return undefined;
}

export type OutputKind = 'folder' | 'file';

/**
 * Checks an output path (resolved against `cwd`) before anything runs and returns it absolute,
 * with a symbolic link at its end resolved (the swap then replaces the real folder, not the
 * link). Throws BadInputError with one line (`cannot write <path>: a parent is not a directory`)
 * when it is refused or cannot be written. Creates nothing.
 */
export function checkOutputPath(cwd: string, given: string, kind: OutputKind): string {
  if (given.trim() === '') throw new BadInputError('--out: the path is empty');
  let path = resolve(cwd, given);
  const refuse = (reason: string): never => {
    throw new BadInputError(`cannot write ${path}: ${reason}`);
  };
  if (Buffer.byteLength(path) > PATH_MAX || path.split(sep).some((name) => Buffer.byteLength(name) > NAME_MAX)) refuse('name too long');
  const target = lstatOrUndefined(path, refuse);
  if (target?.isSymbolicLink()) {
    try {
      path = realpathSync(path);
    } catch (error) {
      refuse(fsErrorReason(error));
    }
  }
  checkProtected(path, refuse);
  const existing = target === undefined ? undefined : statSync(path);
  if (existing !== undefined) {
    if (kind === 'folder' && !existing.isDirectory()) refuse('is a file, not a folder');
    if (kind === 'file' && existing.isDirectory()) refuse('is a directory');
  }
  // The nearest existing ancestor must be a folder fleetsim can write in (it creates the rest,
  // and stages beside the output, in its parent).
  let ancestor = dirname(path);
  for (;;) {
    const stats = lstatOrUndefined(ancestor, refuse);
    if (stats !== undefined) {
      const real = stats.isSymbolicLink() ? statSync(ancestor) : stats;
      if (!real.isDirectory()) refuse('a parent is not a directory');
      break;
    }
    if (dirname(ancestor) === ancestor) break;
    ancestor = dirname(ancestor);
  }
  // The real location counts too: `--out ./link/x` where link -> /etc is /etc/x.
  checkProtected(join(realpathSync(ancestor), ...relativeParts(ancestor, path)), refuse);
  try {
    accessSync(ancestor, constants.W_OK);
  } catch (error) {
    refuse(fsErrorReason(error));
  }
  return path;
}

/**
 * Creates `dir` and its missing parents one at a time (mkdir -p without recursion into the
 * kernel's own loop, which spins on some file systems, e.g. /proc). Throws BadInputError.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    const stats = lstatOrUndefined(d, (reason) => {
      throw new BadInputError(`cannot write ${dir}: ${reason}`);
    });
    if (stats !== undefined) break;
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(d).isDirectory()) continue; // made meanwhile
      throw new BadInputError(`cannot write ${dir}: ${fsErrorReason(error)}`);
    }
  }
}

function checkProtected(path: string, refuse: (reason: string) => never): void {
  const reason = protectedReason(path);
  if (reason !== undefined) refuse(`${reason}; choose a folder of your own`);
}

function lstatOrUndefined(path: string, refuse: (reason: string) => never): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    return refuse(fsErrorReason(error));
  }
}

/** The names from `ancestor` down to `path` (both absolute, ancestor above path). */
function relativeParts(ancestor: string, path: string): string[] {
  const parts: string[] = [];
  for (let p = path; p !== ancestor && dirname(p) !== p; p = dirname(p)) parts.unshift(basename(p));
  return parts;
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
