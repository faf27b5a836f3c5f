/** A file-system error in a few words for a one-line message (`no such file`), else its code. */
export function fsErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
    case 'EEXIST': // from mkdir -p: a file where a folder of the path should be
      return 'a parent is not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENAMETOOLONG':
      return 'name too long';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'ENXIO':
    case 'ENODEV':
      return 'no such device';
    case 'EBUSY':
      return 'busy';
    case 'EFBIG':
      return 'file too large';
    case 'EXDEV':
      return 'on another file system';
    default:
      return String(code ?? error);
  }
}

/**
 * Codes of file-system errors that come from the user's files, folders, permissions or disk
 * rather than from a bug: the CLI reports them as bad input (exit 2) in one line.
 */
const USER_FS_CODES = new Set([
  'ENOENT',
  'EISDIR',
  'ENOTDIR',
  'EEXIST',
  'EACCES',
  'EPERM',
  'EROFS',
  'ELOOP',
  'ENAMETOOLONG',
  'ENOSPC',
  'EDQUOT',
  'EMFILE',
  'ENFILE',
  'ENXIO',
  'ENODEV',
  'EBUSY',
  'EFBIG',
  'EXDEV',
  'ETXTBSY',
  'ENOTEMPTY',
]);

/**
 * The one line for a file-system error the user caused (`cannot open /x/y: permission denied`),
 * or undefined for anything else (which stays a bug).
 */
export function userFsErrorLine(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const e = error as NodeJS.ErrnoException;
  if (e.code === undefined || !USER_FS_CODES.has(e.code)) return undefined;
  const verb = e.syscall === undefined ? 'use' : (SYSCALL_VERBS[e.syscall] ?? e.syscall);
  return `cannot ${verb} ${e.path ?? 'a file'}: ${fsErrorReason(e)}`;
}

const SYSCALL_VERBS: Readonly<Record<string, string>> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create',
  rename: 'rename',
  rmdir: 'remove',
  unlink: 'remove',
  rm: 'remove',
  scandir: 'list',
  stat: 'read',
  lstat: 'read',
  realpath: 'resolve',
  mkdtemp: 'create a folder in',
  copyfile: 'copy',
  fsync: 'write',
  close: 'write',
};
