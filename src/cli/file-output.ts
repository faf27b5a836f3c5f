import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { TextSink } from '../report/text-sink.js';
import { fsErrorReason } from './fs-error.js';
import { BadInputError, type CliIo } from './io.js';
import type { Interruption } from './interruption.js';
import { isAlive, OutputLock } from './output-lock.js';
import { checkOutputPath, makeFolders } from './output-path.js';

/**
 * A file written through a 64 KiB buffer with synchronous writes: the simulation loop is
 * synchronous, so buffered async streams would hold every row in memory until it ends.
 */
export class FileSink implements TextSink {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;
  private closed = false;

  constructor(path: string) {
    this.fd = openSync(path, 'wx');
  }

  write(chunk: string): void {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= 65_536) this.flush();
  }

  /** Flushes, syncs to disk (`durable`) and closes; closing twice is harmless. */
  close(durable = false): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.flush();
      if (durable) fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
  }

  private flush(): void {
    if (this.size === 0) return;
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

/** `<output>.staging-<pid>-<hex>` and `<output>.previous-<pid>-<hex>`: what a writer leaves beside its output. */
const SIBLING = /^(.*)\.(staging|previous)-(\d+)-[0-9a-f]+$/;

/** A fresh sibling name of `output` for this process. */
function siblingName(output: string, kind: 'staging' | 'previous'): string {
  return `${output}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Removes what writers that have died left beside `output` (their process id is in the name):
 * staging folders or files, and a previous output set moved aside by a swap that was cut short,
 * which is moved back when `output` itself is missing (the swap had not finished, so the
 * previous set is the complete one). Called with the lock held.
 */
function cleanUpAfterDeadWriters(output: string): void {
  const parent = dirname(output);
  const name = basename(output);
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    const m = SIBLING.exec(entry);
    if (m === null || m[1] !== name || isAlive(Number(m[3]))) continue;
    const path = join(parent, entry);
    if (m[2] === 'previous' && !exists(output)) renameSync(path, output);
    else rmSync(path, { recursive: true, force: true });
  }
}

/**
 * Stat-based existence that does not follow a final symbolic link's absence into an error.
 */
function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes a folder's metadata (a rename in it) to disk; file systems that cannot are skipped. */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the rename is still atomic, only its durability differs.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * An output folder replaced as a whole (docs/outputs.md): checked and locked when opened, written
 * into a staging folder beside it (`<out>.staging-<pid>-<hex>`, never inside it), and swapped in
 * by renames at `commit`, so a reader sees the complete previous set or the complete new set,
 * never a mix. `abort` (or an interruption) removes the staging folder and leaves `<out>` as it
 * was. Only a folder that holds nothing but this command's outputs may be replaced.
 */
export class OutputDir {
  private readonly staging: string;
  private readonly files: { name: string; sink: FileSink }[] = [];
  private state: 'open' | 'committed' | 'aborted' = 'open';

  private constructor(
    readonly dir: string,
    private readonly lock: OutputLock,
    private readonly interruption: Interruption | undefined,
  ) {
    try {
      this.staging = siblingName(dir, 'staging');
      mkdirSync(this.staging);
    } catch (error) {
      lock.release();
      throw new BadInputError(`cannot write ${dirname(dir)}: ${fsErrorReason(error)}`);
    }
  }

  /**
   * The checks of `open` without taking or creating anything, for commands that compute for a
   * long time before they write (compare, sweep): a wrong --out is reported before the work.
   * Returns the absolute path. Throws BadInputError.
   */
  static check(io: CliIo, given: string, names: readonly string[]): string {
    const dir = checkOutputPath(io.cwd, given, 'folder');
    refuseForeignContent(dir, names);
    return dir;
  }

  /**
   * Checks `given` (output-path.ts), takes its lock, removes what dead writers left and creates
   * the staging folder. `names` are the files the command may write: a folder holding anything
   * else is refused rather than replaced. Throws BadInputError (exit 2, one line).
   */
  static open(io: CliIo, given: string, names: readonly string[], interruption?: Interruption): OutputDir {
    const dir = checkOutputPath(io.cwd, given, 'folder');
    makeFolders(dirname(dir));
    const lock = OutputLock.acquire(dir);
    try {
      cleanUpAfterDeadWriters(dir);
      refuseForeignContent(dir, names);
    } catch (error) {
      lock.release();
      throw error;
    }
    return new OutputDir(dir, lock, interruption);
  }

  /** The files opened so far, in order. */
  get fileNames(): string[] {
    return this.files.map((f) => f.name);
  }

  /** A file of the output set; `name` may name a file in a subfolder (`runs/seed-1/summary.json`), which is created. */
  open(name: string): FileSink {
    if (name.includes('/')) mkdirSync(dirname(join(this.staging, name)), { recursive: true });
    const sink = new FileSink(join(this.staging, name));
    this.files.push({ name, sink });
    return sink;
  }

  /**
   * Closes every file (synced to disk), then swaps the staging folder in: `<out>` (if any) is
   * renamed to `<out>.previous-<pid>-<hex>`, the staging folder to `<out>`, and the previous set
   * removed. A signal noted before the swap aborts (nothing changes); once the swap has begun it
   * completes, and the signal is then reported with `<out>` holding the new set.
   */
  async commit(): Promise<void> {
    for (const { sink } of this.files) sink.close(true);
    syncFolder(this.staging);
    const interruption = this.interruption;
    if (interruption !== undefined) {
      await interruption.poll();
      await interruption.pause('before-swap');
      interruption.check(() => `interrupted; ${this.abortMessage()}`);
    }
    const previous = exists(this.dir) ? siblingName(this.dir, 'previous') : undefined;
    if (previous !== undefined) renameSync(this.dir, previous);
    await interruption?.pause('mid-swap');
    renameSync(this.staging, this.dir);
    this.state = 'committed';
    syncFolder(dirname(this.dir));
    if (previous !== undefined) rmSync(previous, { recursive: true, force: true });
    this.lock.release();
    interruption?.check(() => `interrupted after the outputs were written: ${this.dir} holds this run's complete set`);
  }

  /** Removes the staging folder and the lock; `<out>` is left as it was. Harmless after commit or twice. */
  abort(): void {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    for (const { sink } of this.files) {
      try {
        sink.close();
      } catch {
        // The folder goes anyway.
      }
    }
    rmSync(this.staging, { recursive: true, force: true });
    this.lock.release();
  }

  /** What an interruption before the swap leaves, for its message. */
  abortMessage(): string {
    return `nothing written: ${this.dir} is as it was`;
  }
}

/**
 * Opens `given` as an output folder (OutputDir.open), lets `write` fill it, and commits; on any
 * error (or an interruption before the swap) removes what it staged and rethrows.
 */
export async function writeOutputDir(io: CliIo, given: string, names: readonly string[], interruption: Interruption, write: (out: OutputDir) => void): Promise<void> {
  const out = OutputDir.open(io, given, names, interruption);
  try {
    write(out);
    await out.commit();
  } catch (error) {
    out.abort();
    throw error;
  }
}

/**
 * Rewrites one file of an existing output folder in place (`fleetsim report` renders report.html
 * in a run's folder from its report.json), under the folder's lock so that no run swaps the folder
 * meanwhile: `make` reads what it needs from the folder and returns the file's text, which goes
 * to a staging file beside the folder (removed like any dead writer's, should this process die)
 * and is renamed into it. Returns the file's absolute path. Throws BadInputError (one line);
 * `make` may throw its own.
 */
export async function rewriteFileInOutputDir(io: CliIo, given: string, name: string, make: (dir: string) => Promise<string>): Promise<string> {
  const dir = checkOutputPath(io.cwd, given, 'folder');
  const path = join(dir, name);
  const lock = OutputLock.acquire(dir);
  const staging = siblingName(dir, 'staging');
  try {
    cleanUpAfterDeadWriters(dir);
    const text = await make(dir);
    try {
      const sink = new FileSink(staging);
      try {
        sink.write(text);
      } finally {
        sink.close(true);
      }
      renameSync(staging, path);
      syncFolder(dir);
    } catch (error) {
      rmSync(staging, { force: true });
      throw new BadInputError(`cannot write ${path}: ${fsErrorReason(error)}`);
    }
    return path;
  } finally {
    lock.release();
  }
}

/** Most names a refusal lists before "and N more". */
const NAMES_SHOWN = 3;

/**
 * Refuses to replace a folder that holds anything but files named in `names` (or the staging
 * folders older fleetsim versions left inside it, `.staging-XXXXXX`): replacing it would delete them.
 */
function refuseForeignContent(dir: string, names: readonly string[]): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new BadInputError(`cannot write ${dir}: ${fsErrorReason(error)}`);
  }
  const foreign = entries.filter((e) => !names.includes(e) && !/^\.staging-[A-Za-z0-9]{6}$/.test(e)).sort();
  if (foreign.length === 0) return;
  const shown = foreign.slice(0, NAMES_SHOWN).join(', ') + (foreign.length > NAMES_SHOWN ? ` and ${foreign.length - NAMES_SHOWN} more` : '');
  throw new BadInputError(`cannot write ${dir}: it holds files fleetsim does not write here (${shown}); outputs replace the whole folder, so name a new or empty one`);
}

/**
 * An output file of the commands that reproduce a table of the seed (one markdown file): checked
 * when the command starts, before it computes anything, and written at the end by `publish`
 * through a staging file beside it (`<file>.staging-<pid>-<hex>`) renamed over it, under its lock.
 */
export class ReportFile {
  private constructor(readonly path: string) {}

  /** Checks `given` (relative to io.cwd) as an output file; throws BadInputError (exit 2, one line). */
  static check(io: CliIo, given: string): ReportFile {
    return new ReportFile(checkOutputPath(io.cwd, given, 'file'));
  }

  /** Writes `text` to the file in one rename (creating its folder), then prints it. Throws BadInputError. */
  publish(io: CliIo, text: string): void {
    makeFolders(dirname(this.path));
    const lock = OutputLock.acquire(this.path);
    const staging = siblingName(this.path, 'staging');
    try {
      cleanUpAfterDeadWriters(this.path);
      const sink = new FileSink(staging);
      sink.write(text);
      sink.close(true);
      renameSync(staging, this.path);
      syncFolder(dirname(this.path));
    } catch (error) {
      rmSync(staging, { force: true });
      if (error instanceof BadInputError) throw error;
      throw new BadInputError(`cannot write ${this.path}: ${fsErrorReason(error)}`);
    } finally {
      lock.release();
    }
    io.stdout(text);
  }
}
