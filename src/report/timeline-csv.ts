import type { FleetEvent } from '../model/events/index.js';
import type { TimelineSample } from '../model/events/observation.js';
import { CsvWriter } from './csv-writer.js';
import type { TextSink } from './text-sink.js';

/**
 * timeline.csv: one row per `timeline.sampled` event. Wide format (one column per service
 * metric) so a spreadsheet can chart it directly; the columns are fixed by the first sample.
 */
export class TimelineCsv {
  private csv: CsvWriter | undefined;
  private serviceNames: string[] = [];

  constructor(private readonly sink: TextSink) {}

  readonly listener = (r: FleetEvent): void => {
    if (r.type !== 'timeline.sampled') return;
    const s = r.sample;
    if (this.csv === undefined) this.csv = this.open(s);
    const cells: (string | number)[] = [r.time / 1000, s.hostsActive, s.cpuCapacityVcpu, s.cpuAllocatedVcpu, s.memoryCapacityMiB, s.memoryAllocatedMiB];
    for (const name of this.serviceNames) {
      const svc = s.services.find((x) => x.name === name);
      cells.push(svc?.desired ?? 0, svc?.unplaced ?? 0, svc?.pending ?? 0, svc?.running ?? 0);
    }
    for (const subnet of s.subnets) cells.push(subnet.free, subnet.freePrefixes);
    this.csv.row(cells);
  };

  close(): void {
    this.csv?.close();
  }

  private open(first: TimelineSample): CsvWriter {
    this.serviceNames = first.services.map((s) => s.name);
    const header = ['time_s', 'hosts_active', 'cpu_capacity_vcpu', 'cpu_allocated_vcpu', 'memory_capacity_mib', 'memory_allocated_mib'];
    for (const name of this.serviceNames) header.push(`${name}.desired`, `${name}.unplaced`, `${name}.pending`, `${name}.running`);
    for (const subnet of first.subnets) header.push(`${subnet.id}.free_ips`, `${subnet.id}.free_prefixes`);
    return new CsvWriter(this.sink, header);
  }
}
