import { stringify } from 'csv-stringify/sync';
import type { TextSink } from './text-sink.js';

export type CsvCell = string | number | null;

/**
 * Streams CSV rows to a sink through csv-stringify, in batches so that memory stays flat however
 * many rows a run produces and the per-row cost stays small. Call `close()` to flush the tail.
 */
export class CsvWriter {
  private batch: CsvCell[][] = [];

  constructor(
    private readonly sink: TextSink,
    header: readonly string[],
    private readonly batchSize = 512,
  ) {
    this.batch.push([...header]);
  }

  row(cells: CsvCell[]): void {
    this.batch.push(cells);
    if (this.batch.length >= this.batchSize) this.flush();
  }

  close(): void {
    this.flush();
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    this.sink.write(stringify(this.batch, { cast: { number: formatNumber } }));
    this.batch = [];
  }
}

/** Numbers print without float noise: integers as is, others to at most 3 decimals. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Math.round(value * 1000) / 1000);
}

/** Milliseconds as seconds with millisecond precision, e.g. `12.345`; empty when absent. */
export function seconds(ms: number | null | undefined): CsvCell {
  return ms === null || ms === undefined ? null : ms / 1000;
}
