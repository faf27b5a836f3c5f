/**
 * A time series for the HTML report's charts, downsampled as it is recorded so that a chart never
 * holds more than MAX_POINTS points however long the run (the CSVs keep every sample).
 *
 * The rule (docs/report.md, "Downsampling"): when a series will get more than MAX_POINTS samples
 * (known before the run from its duration and the sampling interval), the run's time is cut into
 * MAX_POINTS / 2 equal buckets and each bucket keeps its lowest and its highest sample, in time
 * order (min/max buckets: a spike of one sample survives, a flat stretch costs two points per
 * bucket). Otherwise every sample is kept. Ties keep the earliest sample, so the same run gives
 * the same points.
 *
 * Memory and time per sample are O(1): a bucketed series holds two points per bucket.
 */
export const MAX_POINTS = 600;

/** A series as report.json stores it: times in seconds and values, same length. */
export interface SeriesData {
  readonly t: readonly number[];
  readonly v: readonly number[];
}

export class TimeSeries {
  private readonly t: number[] = [];
  private readonly v: number[] = [];
  /** Bucket width in ms; 0: every sample kept. */
  private readonly bucketMs: number;
  /** Index of the bucket being filled (bucketed series only). */
  private bucket = -1;

  /**
   * `expectedSamples`: how many samples the run will give at most (e.g. duration / interval + 2);
   * `durationMs`: the run's length, over which the buckets are laid out.
   */
  constructor(expectedSamples: number, durationMs: number) {
    this.bucketMs = expectedSamples > MAX_POINTS ? Math.max(1, Math.ceil(durationMs / (MAX_POINTS / 2))) : 0;
  }

  /** Adds the sample at `timeMs` (non-decreasing from one call to the next). */
  add(timeMs: number, value: number): void {
    const seconds = timeMs / 1000;
    if (this.bucketMs === 0) {
      this.t.push(seconds);
      this.v.push(value);
      return;
    }
    // The run's last instant (its final sample, at the duration) belongs to the last bucket.
    const bucket = Math.min(Math.floor(timeMs / this.bucketMs), MAX_POINTS / 2 - 1);
    if (bucket !== this.bucket) {
      // A new bucket starts with one point that is both its min and its max.
      this.bucket = bucket;
      this.t.push(seconds, seconds);
      this.v.push(value, value);
      return;
    }
    // Slots n-2 and n-1 hold the bucket's two points in time order; which is the min varies.
    const n = this.t.length;
    const a = n - 2;
    const b = n - 1;
    const minSlot = this.v[a]! <= this.v[b]! ? a : b;
    const maxSlot = minSlot === a ? b : a;
    if (value < this.v[minSlot]!) this.replace(minSlot, maxSlot, seconds, value);
    else if (value > this.v[maxSlot]!) this.replace(maxSlot, minSlot, seconds, value);
  }

  /** The series' value at the last sample, or `fallback` when it has none. */
  last(fallback = 0): number {
    return this.v.length === 0 ? fallback : this.v[this.v.length - 1]!;
  }

  get empty(): boolean {
    return this.v.length === 0;
  }

  /** The recorded points (a bucket whose min and max are one sample gives it once). */
  data(): SeriesData {
    if (this.bucketMs === 0) return { t: [...this.t], v: [...this.v] };
    const t: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < this.t.length; i += 2) {
      t.push(this.t[i]!);
      v.push(this.v[i]!);
      if (this.t[i + 1] !== this.t[i] || this.v[i + 1] !== this.v[i]) {
        t.push(this.t[i + 1]!);
        v.push(this.v[i + 1]!);
      }
    }
    return { t, v };
  }

  /** Puts the new point in place of `slot`, keeping the bucket's two points in time order. */
  private replace(slot: number, other: number, seconds: number, value: number): void {
    // The new point is the latest; it goes last, and the point it keeps moves first.
    const first = Math.min(slot, other);
    const second = first + 1;
    const keptT = this.t[other]!;
    const keptV = this.v[other]!;
    this.t[first] = keptT;
    this.v[first] = keptV;
    this.t[second] = seconds;
    this.v[second] = value;
  }
}
