import { closeSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { TextSink } from '../report/text-sink.js';

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

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.staging = mkdtempSync(join(dir, '.staging-'));
  }

  open(name: string): FileSink {
    const sink = new FileSink(join(this.staging, name));
    this.files.push({ name, sink });
    return sink;
  }

  /** Flushes and closes every file, then moves them into the directory. */
  commit(): void {
    for (const { sink } of this.files) sink.close();
    for (const { name } of this.files) renameSync(join(this.staging, name), join(this.dir, name));
    rmSync(this.staging, { recursive: true, force: true });
  }

  abort(): void {
    for (const { sink } of this.files) sink.close();
    rmSync(this.staging, { recursive: true, force: true });
  }
}
