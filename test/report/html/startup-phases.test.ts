import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../src/model/events/index.js';
import { StartupPhases } from '../../../src/report/html/startup-phases.js';

/** The start-up histogram's bookkeeping: which tasks it follows, and that a task's record is its own. */
const created = (task: string, service: string, time: number): FleetEvent => ({ type: 'task.created', time, task, service, taskDefinition: { family: service, revision: 1 } as never, capacityProvider: null });
const placed = (task: string, service: string, time: number): FleetEvent => ({ type: 'task.placed', time, task, service, host: 'i-000001', instanceType: 'm5.large', az: 'us-east-1a' });
const stopped = (task: string, service: string, time: number): FleetEvent => ({ type: 'task.stopped', time, task, service, host: null, stopCode: 'ServiceSchedulerInitiated', reason: { code: 'SCALE_IN' } });

function scheduling(trace: readonly FleetEvent[], service = 'api'): readonly number[] {
  const phases = new StartupPhases(new Map([['api', false]]));
  for (const r of trace) phases.listener(r);
  const h = phases.histogram(service);
  return h.counts[h.phases.indexOf('scheduling')]!;
}

describe('StartupPhases', () => {
  it('counts a phase when it ends, once per task, from that task’s own times', () => {
    // t-000001 stops before it is placed; t-000002 (which may reuse its record) waits 1.5 s.
    const counts = scheduling([created('t-000001', 'api', 0), stopped('t-000001', 'api', 40_000), created('t-000002', 'api', 50_000), placed('t-000001', 'api', 51_000), placed('t-000002', 'api', 51_500), placed('t-000002', 'api', 52_000)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(counts[1]).toBe(1); // 1-2 s
  });

  it('follows only the services it was given, with any task ids', () => {
    expect(scheduling([created('t-000001', 'web', 0), placed('t-000001', 'web', 500)], 'web').every((c) => c === 0)).toBe(true);
    const counts = scheduling([created('pod-a', 'api', 0), created('t-7', 'api', 0), placed('pod-a', 'api', 3_000), placed('t-7', 'api', 700)]);
    expect(counts[0]).toBe(1); // < 1 s
    expect(counts[2]).toBe(1); // 2-5 s
  });
});
