import { closeSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { TextSink } from '../report/text-sink.js';
import { fsErrorReason } from './fs-error.js';
import { BadInputError, type CliIo } from './io.js';

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
    this.fd = openSync(path, 'w');
  }

  write(chunk: string): void {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= 65_536) this.flush();
  }

  /** Flushes and closes; closing twice is harmless. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.size === 0) return;
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

/**
 * An output directory updated atomically: files are written into a private staging directory
 * inside it and moved into place only by `commit`, so a run that fails half-way leaves the
 * previous results untouched. `abort` removes the staging directory.
 */
export class StagedOutputDir {
  private readonly staging: string;
  private readonly files: { name: string; sink: FileSink }[] = [];
  private readonly stale: string[] = [];

  /** Throws BadInputError (exit 2, one line) when `dir` cannot be created or written. */
  constructor(readonly dir: string) {
    try {
      mkdirSync(dir, { recursive: true });
      this.staging = mkdtempSync(join(dir, '.staging-'));
    } catch (error) {
      throw new BadInputError(`cannot write ${dir}: ${fsErrorReason(error)}`);
    }
  }

  /** The files opened so far, in order. */
  get fileNames(): string[] {
    return this.files.map((f) => f.name);
  }

  open(name: string): FileSink {
    const sink = new FileSink(join(this.staging, name));
    this.files.push({ name, sink });
    return sink;
  }

  /**
   * Names an output this run does not write (e.g. events.csv under --no-events): a copy left by
   * an earlier run is removed at commit, so the directory never mixes two runs.
   */
  drop(name: string): void {
    this.stale.push(name);
  }

  /** Flushes and closes every file, then moves them into the directory. */
  commit(): void {
    for (const { sink } of this.files) sink.close();
    for (const { name } of this.files) renameSync(join(this.staging, name), join(this.dir, name));
    for (const name of this.stale) rmSync(join(this.dir, name), { force: true });
    rmSync(this.staging, { recursive: true, force: true });
  }

  abort(): void {
    for (const { sink } of this.files) sink.close();
    rmSync(this.staging, { recursive: true, force: true });
  }
}

/**
 * The output of the commands that reproduce a seed table: writes `markdown` to `out` (relative to
 * io.cwd) through writeReportFile, then prints it. Throws BadInputError (exit 2, one line, nothing
 * printed) when the file cannot be written.
 */
export function publishReport(io: CliIo, out: string, markdown: string): void {
  const written = writeReportFile(resolve(io.cwd, out), markdown);
  if (!written.ok) throw new BadInputError(`cannot write ${out}: ${written.reason}`);
  io.stdout(markdown);
}

/**
 * Writes one file atomically, creating its folder: the text goes to a temporary file beside it,
 * which is then renamed over it. Returns why it could not, in a few words (`permission denied`).
 */
function writeReportFile(path: string, text: string): { ok: true } | { ok: false; reason: string } {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, text);
  } catch (error) {
    return { ok: false, reason: fsErrorReason(error) };
  }
  try {
    renameSync(temporary, path);
    return { ok: true };
  } catch (error) {
    rmSync(temporary, { force: true });
    return { ok: false, reason: fsErrorReason(error) };
  }
}
