import type { FleetEvent } from '../model/events/index.js';
import { CsvWriter, seconds } from './csv-writer.js';
import { describeEvent, entityOf, serviceOf } from './describe/index.js';
import type { TextSink } from './text-sink.js';

/** events.csv: every trace event except timeline samples, one row each, in time order, with its wording. */
export class EventsCsv {
  private readonly csv: CsvWriter;

  constructor(sink: TextSink) {
    this.csv = new CsvWriter(sink, ['time_s', 'kind', 'entity', 'service', 'detail']);
  }

  readonly listener = (e: FleetEvent): void => {
    if (e.type === 'timeline.sampled') return;
    this.csv.row([seconds(e.time), e.type, entityOf(e), serviceOf(e), describeEvent(e)]);
  };

  close(): void {
    this.csv.close();
  }
}
