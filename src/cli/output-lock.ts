import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { fsErrorReason } from './fs-error.js';
import { readInputText } from './input-file.js';
import { BadInputError } from './io.js';

/**
 * The lock on an output (`<out>.lock` beside it, docs/outputs.md): a file created with O_EXCL that
 * holds the writer's process id and start time. A second fleetsim writing the same output while
 * the first runs is refused with a clear message; a lock left by a process that has died (killed,
 * power cut) is taken over. A lock whose process is alive is honoured even if that process is not
 * fleetsim (its id was reused): the message says to remove the file then.
 */
export class OutputLock {
  private released = false;

  private constructor(
    readonly path: string,
    private readonly content: string,
  ) {}

  /** Takes the lock for `output` (absolute) or throws BadInputError naming the process that holds it. */
  static acquire(output: string, pid = process.pid): OutputLock {
    const path = `${output}.lock`;
    const content = `${pid}\n${new Date().toISOString()}\n`;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        try {
          writeSync(fd, content);
        } finally {
          closeSync(fd);
        }
        return new OutputLock(path, content);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new BadInputError(`cannot lock ${output}: ${fsErrorReason(error)}`);
      }
      const holder = readHolder(path);
      if (holder !== undefined && isAlive(holder.pid)) {
        throw new BadInputError(
          `${output} is being written by another fleetsim (process ${holder.pid}${holder.since === '' ? '' : `, since ${holder.since}`}); wait for it to finish, or remove ${path} if that process is not fleetsim`,
        );
      }
      // Stale: its writer is gone. Remove it only if it is still the file we read, then retry once.
      if (holder === undefined || readHolder(path)?.raw === holder.raw) rmSync(path, { force: true });
    }
    throw new BadInputError(`${output} is being written by another fleetsim (it took the lock just now); wait for it to finish`);
  }

  /** Removes the lock file if it is still ours; releasing twice is harmless. */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (readHolder(this.path)?.raw === this.content) rmSync(this.path, { force: true });
  }
}

/** Whether a process with this id exists (signal 0 checks without sending; EPERM: it exists, another user's). */
export function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock file's content; a lock file is a few dozen bytes, so anything else (a link to a device) is read as no holder. */
function readHolder(path: string): { pid: number; since: string; raw: string } | undefined {
  const read = readInputText(path, 256);
  if (!read.ok) return undefined;
  const raw = read.text;
  const [pid, since] = raw.split('\n');
  return { pid: Number(pid), since: (since ?? '').slice(0, 40), raw };
}
