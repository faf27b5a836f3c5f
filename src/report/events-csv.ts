import type { FleetRecord } from '../model/trace-record.js';
import { CsvWriter, seconds } from './csv-writer.js';
import type { TextSink } from './text-sink.js';

/** events.csv: every trace record except timeline samples, one row each, in time order. */
export class EventsCsv {
  private readonly csv: CsvWriter;

  constructor(sink: TextSink) {
    this.csv = new CsvWriter(sink, ['time_s', 'kind', 'entity', 'service', 'detail']);
  }

  readonly listener = (r: FleetRecord): void => {
    if (r.type === 'timeline.sampled') return;
    this.csv.row([seconds(r.time), r.type, r.entity, r.service ?? null, r.detail]);
  };

  close(): void {
    this.csv.close();
  }
}
