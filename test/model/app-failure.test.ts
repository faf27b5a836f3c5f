import { describe, expect, it } from 'vitest';
import {
  appExit,
  backOffMs,
  BACKOFF_RESET_AFTER_MS,
  nextBackOffIndex,
  oomAfterMs,
} from '../../src/model/app-failure.js';

describe('kubelet back-off schedule', () => {
  it('starts at 10 s, doubles, and caps at 300 s', () => {
    expect(Array.from({ length: 9 }, (_, n) => backOffMs(n) / 1000)).toEqual([10, 20, 40, 80, 160, 300, 300, 300, 300]);
  });

  it('advances on each failure and resets after 10 minutes of running without a problem', () => {
    let index = -1;
    const seen: number[] = [];
    for (const ranMs of [1_000, 1_000, 1_000, 599_999]) {
      index = nextBackOffIndex(index, ranMs);
      seen.push(backOffMs(index) / 1000);
    }
    expect(seen).toEqual([10, 20, 40, 80]);
    expect(backOffMs(nextBackOffIndex(index, BACKOFF_RESET_AFTER_MS)) / 1000).toBe(10);
  });
});

describe('memory leak', () => {
  it('reaches the limit after limit / rate minutes', () => {
    expect(oomAfterMs(512, 64)).toBe(8 * 60_000);
    expect(oomAfterMs(1024, 50)).toBe(Math.ceil((1024 / 50) * 60_000));
    expect(oomAfterMs(0, 50)).toBe(Number.POSITIVE_INFINITY);
  });

  it('is killed with exit code 137 unless a crash comes first', () => {
    expect(appExit({ leakMiBPerMinute: 64 }, 512, false)).toEqual({ afterMs: 480_000, exitCode: 137, oom: true });
    expect(appExit({ leakMiBPerMinute: 64, crashAfterMs: 45_000 }, 512, false)).toEqual({ afterMs: 45_000, exitCode: 1, oom: false });
    expect(appExit({ crashOnStartProbability: 0.3, leakMiBPerMinute: 64 }, 512, true)).toEqual({ afterMs: 1_000, exitCode: 1, oom: false });
    expect(appExit({ crashOnStartProbability: 0.3 }, 512, false)).toBeNull();
    expect(appExit(undefined, 512, true)).toBeNull();
  });
});
