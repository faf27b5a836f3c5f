import { describe, expect, it } from 'vitest';
import { checkFails, firstTickAtOrAfter, thresholdReachedAt } from '../../src/model/health-checks.js';
import { ECS_SERVICE_THROTTLE, throttleDelayMs } from '../../src/model/params/ecs-service-throttle.js';

describe('health check schedules', () => {
  it('finds the first check at or after a time', () => {
    expect(firstTickAtOrAfter(10_000, 30_000, 0)).toBe(10_000);
    expect(firstTickAtOrAfter(10_000, 30_000, 10_000)).toBe(10_000);
    expect(firstTickAtOrAfter(10_000, 30_000, 10_001)).toBe(40_000);
    expect(firstTickAtOrAfter(10_000, 30_000, 70_000)).toBe(70_000);
  });

  it('reaches a threshold of consecutive results on the threshold-th check after the condition begins', () => {
    // ALB defaults: every 30 s, unhealthy after 2 failures. Checks at 5, 35, 65 s; failing from 36 s.
    expect(thresholdReachedAt(5_000, 30_000, 36_000, 2)).toBe(95_000);
    // ECS container health check defaults: every 30 s, 3 retries; failing from the start.
    expect(thresholdReachedAt(30_000, 30_000, 0, 3)).toBe(90_000);
    // Kubernetes readiness probe: period 10 s, failureThreshold 3, failing at a probe instant.
    expect(thresholdReachedAt(0, 10_000, 20_000, 3)).toBe(40_000);
  });

  it('fails a check when the answer takes longer than its timeout, or never comes', () => {
    expect(checkFails(999, 1_000)).toBe(false);
    expect(checkFails(1_000, 1_000)).toBe(false);
    expect(checkFails(1_001, 1_000)).toBe(true);
    expect(checkFails(Number.POSITIVE_INFINITY, 5_000)).toBe(true);
  });
});

describe('ECS service throttle logic', () => {
  it('does not delay the first failures, then doubles up to the documented 27 minutes', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((n) => throttleDelayMs(n));
    expect(delays).toEqual([0, 0, 60_000, 120_000, 240_000, 480_000, 960_000, 1_620_000, 1_620_000, 1_620_000]);
    expect(ECS_SERVICE_THROTTLE.maxDelayMs).toBe(27 * 60_000);
  });
});
