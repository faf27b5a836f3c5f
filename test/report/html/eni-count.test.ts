import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../src/model/events/index.js';
import { handlersListener } from '../../../src/report/event-handlers.js';
import { EniCount } from '../../../src/report/html/eni-count.js';
import { IdSlots } from '../../../src/report/html/id-slots.js';

/** The report's ENIs per instance, read straight from the trace (what the report's chart draws). */
const launched = (host: string, subnet: string | null = 'a'): FleetEvent => ({ type: 'host.launched', time: 0, host, group: 'g', nodePool: null, instanceType: 'c5.large', capacityType: 'on-demand', az: 'us-east-1a', subnet, ip: subnet === null ? null : 1 });
const terminated = (host: string): FleetEvent => ({ type: 'host.terminated', time: 0, host, az: 'us-east-1a', reason: { code: 'KARPENTER_DRAINED' } });
const eniAttached = (task: string, host: string | null): FleetEvent => ({ type: 'task.eni-attached', time: 0, task, service: 'web', host, ip: 2, subnet: 'a', az: 'us-east-1a' });
const stopped = (task: string, host: string | null): FleetEvent => ({ type: 'task.stopped', time: 0, task, service: 'web', host, stopCode: 'ServiceSchedulerInitiated', reason: { code: 'SCALE_IN' } });
const attachStarted = (host: string): FleetEvent => ({ type: 'eni.attach-started', time: 0, host, eni: 'eni-1', subnet: 'a', slots: 3, prefixMode: false });
const detached = (host: string): FleetEvent => ({ type: 'eni.detached', time: 0, host, eni: 'eni-1', subnet: 'a' });

function counted(trace: readonly FleetEvent[]): EniCount {
  const enis = new EniCount();
  const listener = handlersListener([enis.handlers]);
  for (const r of trace) listener(r);
  return enis;
}

/** The same count kept the plain way (maps keyed by id): what EniCount must agree with. */
function reference(trace: readonly FleetEvent[]): { seen: boolean; max: number; mean: number } {
  const hosts = new Map<string, { n: number; live: boolean }>();
  const tasks = new Map<string, { n: number; live: boolean }>();
  let seen = false;
  const bump = (h: { n: number; live: boolean } | undefined, by: number): void => {
    if (h !== undefined && h.live) h.n += by;
  };
  for (const r of trace) {
    if (r.type === 'host.launched' && r.subnet !== null) {
      const before = hosts.get(r.host);
      if (before !== undefined) before.live = false;
      hosts.set(r.host, { n: 1, live: true });
      seen = true;
    } else if (r.type === 'host.terminated') {
      const h = hosts.get(r.host);
      if (h !== undefined) h.live = false;
      hosts.delete(r.host);
    } else if (r.type === 'eni.attach-started') bump(hosts.get(r.host), 1);
    else if (r.type === 'eni.detached') bump(hosts.get(r.host), -1);
    else if (r.type === 'task.eni-attached' && r.host !== null) {
      const h = hosts.get(r.host);
      if (h !== undefined) {
        tasks.set(r.task, h);
        bump(h, 1);
      }
    } else if (r.type === 'task.stopped') {
      bump(tasks.get(r.task), -1);
      tasks.delete(r.task);
    }
  }
  const ns = [...hosts.values()].map((h) => h.n);
  return { seen, max: Math.max(0, ...ns), mean: ns.length === 0 ? 0 : ns.reduce((a, b) => a + b, 0) / ns.length };
}

describe('EniCount', () => {
  it('counts the primary ENI, ipamd ENIs and awsvpc task ENIs per instance', () => {
    const enis = counted([launched('i-000001'), launched('i-000002'), eniAttached('t-000001', 'i-000001'), eniAttached('t-000002', 'i-000001'), attachStarted('i-000002')]);
    expect(enis.seen).toBe(true);
    expect(enis.max()).toBe(3);
    expect(enis.mean()).toBe(2.5);
  });

  it('a task stopped before its ENI attached takes nothing off its instance', () => {
    const enis = counted([launched('i-000001'), eniAttached('t-000001', 'i-000001'), stopped('t-000002', 'i-000001')]);
    expect(enis.max()).toBe(2);
    expect(counted([launched('i-000001'), eniAttached('t-000001', 'i-000001'), stopped('t-000001', 'i-000001'), stopped('t-000001', 'i-000001')]).max()).toBe(1);
  });

  it('a task of a terminated instance changes nothing when it stops, also after the id is launched again', () => {
    const enis = counted([launched('i-000001'), eniAttached('t-000001', 'i-000001'), terminated('i-000001'), launched('i-000001'), stopped('t-000001', 'i-000001')]);
    expect(enis.max()).toBe(1);
    expect(enis.mean()).toBe(1);
  });

  it('runs without a VPC have no ENIs', () => {
    const enis = counted([launched('i-000001', null), eniAttached('t-000001', null)]);
    expect(enis.seen).toBe(false);
    expect(enis.max()).toBe(0);
    expect(enis.mean()).toBe(0);
  });

  it('agrees with a count kept in maps by id, for simulator ids and hand-made ones alike', () => {
    const hostIds = ['i-000001', 'i-000002', 'i-1234567', 'h1', 'i-0000001', 'i-1'];
    const taskIds = ['t-000001', 't-000002', 't-000999', 't-1000000', 't-0000001', 't-1', 'task-a', 't-00000a'];
    const event = fc.oneof(
      fc.tuple(fc.constantFrom(...hostIds), fc.boolean()).map(([h, vpc]) => launched(h, vpc ? 'a' : null)),
      fc.constantFrom(...hostIds).map(terminated),
      fc.constantFrom(...hostIds).map(attachStarted),
      fc.constantFrom(...hostIds).map(detached),
      fc.tuple(fc.constantFrom(...taskIds), fc.option(fc.constantFrom(...hostIds))).map(([t, h]) => eniAttached(t, h)),
      fc.tuple(fc.constantFrom(...taskIds), fc.option(fc.constantFrom(...hostIds))).map(([t, h]) => stopped(t, h)),
    );
    fc.assert(
      fc.property(fc.array(event, { minLength: 20, maxLength: 80, size: 'max' }), (trace) => {
        const enis = counted(trace);
        const want = reference(trace);
        expect({ seen: enis.seen, max: enis.max(), mean: enis.mean() }).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });
});

describe('IdSlots', () => {
  it('keeps a value per id, simulator ids by number and others in a map, without mixing them up', () => {
    const slots = new IdSlots('t');
    slots.set('t-000042', 3);
    slots.set('t-42', 5);
    slots.set('t-5000000', 7);
    expect([slots.get('t-000042'), slots.get('t-42'), slots.get('t-5000000'), slots.get('t-000043')]).toEqual([3, 5, 7, 0]);
    expect(slots.take('t-000042')).toBe(3);
    expect(slots.take('t-000042')).toBe(0);
    expect(slots.take('t-42')).toBe(5);
    expect(slots.get('t-42')).toBe(0);
    expect(slots.take('t-9999999')).toBe(0);
    slots.set('t-5000000', 0);
    expect(slots.get('t-5000000')).toBe(0);
  });
});
