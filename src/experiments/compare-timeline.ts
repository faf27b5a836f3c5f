import type { FleetEvent } from '../model/events/index.js';
import type { SimulationSpec } from '../model/simulation-spec.js';
import { CostAccrual } from '../report/cost-accrual.js';
import { TimeSeries, type SeriesData } from '../report/html/time-series.js';

/** One variant of `compare` over time, for compare.html's shared axes. */
export interface VariantTimelineData {
  /** RUNNING tasks of the workload's services, at each timeline sample. */
  readonly running: SeriesData;
  /** Target and ELB 5XX of the workload's services, per minute. */
  readonly errors: SeriesData;
  /** VPC addresses allocated over every subnet, at each timeline sample. */
  readonly addresses: SeriesData;
  /** USD accrued so far (src/report/cost-accrual.ts), at each timeline sample. */
  readonly costUsd: SeriesData;
}

/**
 * Records one variant's run over time from its trace (a listener, like the report writers),
 * downsampled as the run report's series are (src/report/html/time-series.ts).
 */
export class VariantTimeline {
  private readonly names: ReadonlySet<string>;
  private readonly running: TimeSeries;
  private readonly errors: TimeSeries;
  private readonly addresses: TimeSeries;
  private readonly cost: TimeSeries;
  private readonly accrual: CostAccrual;
  /** The minute being summed over services (its end, ms) and its 5XX so far. */
  private minuteEnd = -1;
  private minuteErrors = 0;

  constructor(spec: SimulationSpec) {
    this.names = new Set(spec.services.map((s) => s.name));
    const samples = Math.floor(spec.durationMs / spec.sampleIntervalMs) + 2;
    this.running = new TimeSeries(samples, spec.durationMs);
    this.addresses = new TimeSeries(samples, spec.durationMs);
    this.cost = new TimeSeries(samples, spec.durationMs);
    this.errors = new TimeSeries(Math.floor(spec.durationMs / 60_000) + 2, spec.durationMs);
    this.accrual = new CostAccrual(spec);
  }

  readonly listener = (r: FleetEvent): void => {
    this.accrual.listener(r);
    if (r.type === 'timeline.sampled') {
      let running = 0;
      for (const s of r.sample.services) if (this.names.has(s.name)) running += s.running;
      let allocated = 0;
      for (const sn of r.sample.subnets) allocated += sn.allocated;
      this.running.add(r.time, running);
      this.addresses.add(r.time, allocated);
      let usd = 0;
      for (const v of this.accrual.totalsAt(r.time).values()) usd += v;
      this.cost.add(r.time, Math.round(usd * 10_000) / 10_000);
    } else if (r.type === 'metrics.minute' && this.names.has(r.service)) {
      // The services' minutes close at the same instant, one event each: sum them.
      if (r.time !== this.minuteEnd) this.flushMinute();
      this.minuteEnd = r.time;
      this.minuteErrors += r.minute.target5xx + r.minute.elb5xx;
    }
  };

  /** The recorded series; call once, after the run. */
  data(): VariantTimelineData {
    this.flushMinute();
    return { running: this.running.data(), errors: this.errors.data(), addresses: this.addresses.data(), costUsd: this.cost.data() };
  }

  private flushMinute(): void {
    if (this.minuteEnd < 0) return;
    this.errors.add(this.minuteEnd, this.minuteErrors);
    this.minuteEnd = -1;
    this.minuteErrors = 0;
  }
}
