import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rpsAt, SATURATED_LATENCY_CAP_MS, taskLoad, type LoadSpec } from '../../src/model/load.js';

const spec: LoadSpec = { rps: { kind: 'constant', rps: 0 }, cpuPerRequestMs: 20, baseLatencyMs: 40 };

describe('traffic profiles', () => {
  it.each([
    [{ kind: 'constant', rps: 100 } as const, 5_000, 100],
    [{ kind: 'steps', steps: [{ atMs: 0, rps: 10 }, { atMs: 60_000, rps: 50 }] } as const, 59_999, 10],
    [{ kind: 'steps', steps: [{ atMs: 0, rps: 10 }, { atMs: 60_000, rps: 50 }] } as const, 60_000, 50],
    [{ kind: 'ramp', fromRps: 0, toRps: 100, startMs: 0, endMs: 100_000 } as const, 25_000, 25],
    [{ kind: 'diurnal', minRps: 100, maxRps: 300, periodMs: 86_400_000, peakAtMs: 0 } as const, 0, 300],
    [{ kind: 'diurnal', minRps: 100, maxRps: 300, periodMs: 86_400_000, peakAtMs: 0 } as const, 43_200_000, 100],
    [{ kind: 'spike', baseRps: 10, peakRps: 90, atMs: 1000, durationMs: 1000 } as const, 1500, 90],
    [{ kind: 'trace', points: [{ atMs: 0, rps: 0 }, { atMs: 10_000, rps: 100 }] } as const, 5_000, 50],
  ])('%o at %i ms = %d rps', (profile, t, rps) => {
    expect(rpsAt(profile, t)).toBeCloseTo(rps, 6);
  });
});

describe('a recorded trace', () => {
  /** The linear interpolation rpsAt computes, found by a scan: the reference its binary search must match exactly. */
  function scanned(points: readonly { atMs: number; rps: number }[], t: number): number {
    if (points.length === 0) return 0;
    if (t <= points[0]!.atMs) return points[0]!.rps;
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1]!;
      const b = points[i]!;
      if (t <= b.atMs) return a.rps + ((b.rps - a.rps) * (t - a.atMs)) / Math.max(1, b.atMs - a.atMs);
    }
    return points[points.length - 1]!.rps;
  }

  it('is looked up by binary search with exactly the result of a scan (repeated times included)', () => {
    const point = fc.record({ atMs: fc.integer({ min: 0, max: 10_000 }), rps: fc.double({ min: 0, max: 1e6, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 60 }), fc.integer({ min: -100, max: 11_000 }), (raw, t) => {
        const points = [...raw].sort((a, b) => a.atMs - b.atMs);
        expect(rpsAt({ kind: 'trace', points }, t)).toBe(scanned(points, t));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('tasks as processor-sharing servers', () => {
  it('below capacity: utilization is offered / capacity, latency grows as 1 / (1 - utilization)', () => {
    // 0.5 vCPU at 20 ms per request serves 25 requests/s per task.
    const l = taskLoad(spec, 100, 8, 0.5);
    expect(l.offeredRps).toBe(12.5);
    expect(l.utilization).toBeCloseTo(0.5, 10);
    expect(l.latencyMs).toBeCloseTo(80, 10);
    expect(l.errorFraction).toBe(0);
  });

  it('above capacity: the excess fails and latency sits at the cap', () => {
    const l = taskLoad(spec, 240, 6, 0.5);
    expect(l.servedRps).toBe(25);
    expect(l.errorFraction).toBeCloseTo(15 / 40, 10);
    expect(l.latencyMs).toBe(SATURATED_LATENCY_CAP_MS);
    expect(l.utilization).toBe(1);
  });

  it('with no task to serve, every request fails', () => {
    expect(taskLoad(spec, 50, 0, 0.5).errorFraction).toBe(1);
  });
});
