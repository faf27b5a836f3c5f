import { describe, expect, it } from 'vitest';
import { MAX_POINTS, TimeSeries } from '../../../src/report/html/time-series.js';

/** A series fed `values` at 1-second steps, sized for exactly that many samples. */
function fed(values: readonly number[]): TimeSeries {
  const s = new TimeSeries(values.length, values.length * 1000);
  values.forEach((v, i) => s.add(i * 1000, v));
  return s;
}

describe('TimeSeries (the report charts downsampling)', () => {
  it('keeps every sample, in seconds, when the run gives at most MAX_POINTS', () => {
    const s = fed([3, 1, 4, 1, 5]);
    expect(s.data()).toEqual({ t: [0, 1, 2, 3, 4], v: [3, 1, 4, 1, 5] });
    expect(s.last()).toBe(5);
  });

  it('a longer series keeps at most MAX_POINTS points: each bucket its lowest and highest sample, in time order', () => {
    const n = 10 * MAX_POINTS;
    const values = Array.from({ length: n }, (_, i) => Math.round(1000 * Math.sin(i / 37)) + (i % 7));
    const { t, v } = fed(values).data();
    expect(t.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(t.length).toBeGreaterThan(MAX_POINTS / 2);
    // Every point is a real sample, in time order.
    for (let i = 0; i < t.length; i++) expect(values[t[i]!]).toBe(v[i]);
    for (let i = 1; i < t.length; i++) expect(t[i]!).toBeGreaterThan(t[i - 1]!);
    // Each bucket (n / (MAX_POINTS / 2) samples) keeps its min and its max.
    const width = n / (MAX_POINTS / 2);
    for (let b = 0; b < MAX_POINTS / 2; b++) {
      const bucket = values.slice(b * width, (b + 1) * width);
      const kept = t.map((ti, i) => [ti, v[i]!] as const).filter(([ti]) => ti >= b * width && ti < (b + 1) * width).map(([, vi]) => vi);
      expect(kept).toContain(Math.min(...bucket));
      expect(kept).toContain(Math.max(...bucket));
    }
  });

  it('a spike of one sample in a long flat series survives', () => {
    const values = new Array<number>(20 * MAX_POINTS).fill(10);
    values[7_777] = 500;
    values[9_001] = -3;
    const { t, v } = fed(values).data();
    expect(v).toContain(500);
    expect(v).toContain(-3);
    expect(t[v.indexOf(500)]).toBe(7_777);
    // A flat bucket costs one point, not two.
    expect(t.length).toBeLessThan(MAX_POINTS / 2 + 4);
  });

  it('on ties keeps the earliest sample, so the same input always gives the same points', () => {
    const values = Array.from({ length: 4 * MAX_POINTS }, (_, i) => (i % 2 === 0 ? 1 : 2));
    const a = fed(values).data();
    expect(a).toEqual(fed(values).data());
    // Bucket 0 holds samples 0..7: min 1 first at 0, max 2 first at 1.
    expect(a.t.slice(0, 2)).toEqual([0, 1]);
  });
});
