import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slowStartWeight } from '../../src/model/load.js';
import { SlowStartLedger } from '../../src/model/slow-start.js';

type Task = { readonly id: string };
const task = (id: number): Task => ({ id: `t-${id}` });

describe('the slow start ledger', () => {
  it('gives the first target a full share and ramps the next one over the duration', () => {
    const ledger = new SlowStartLedger<Task>(120_000);
    const a = task(1);
    const b = task(2);
    ledger.enter(a, 0);
    expect(ledger.ramping.size).toBe(0);
    ledger.enter(b, 60_000);
    expect([...ledger.ramping.keys()]).toEqual([b]);
    ledger.advance(120_000);
    expect(ledger.totalWeight(120_000)).toBe(1.5);
    ledger.advance(179_999);
    expect(ledger.ramping.size).toBe(1);
    ledger.advance(180_000);
    expect(ledger.ramping.size).toBe(0);
    expect(ledger.fullShareTargets).toBe(2);
  });

  it('puts no target in slow start while every target in service ramps (the full-share one left)', () => {
    const ledger = new SlowStartLedger<Task>(120_000);
    const [a, b, c] = [task(1), task(2), task(3)];
    ledger.enter(a, 0);
    ledger.enter(b, 10_000);
    ledger.leave(a);
    ledger.enter(c, 20_000);
    // Only target 2 is in service, and it ramps: target 3 takes a full share at once.
    expect(ledger.fullShareTargets).toBe(1);
    expect(ledger.ramping.size).toBe(1);
  });

  it('keeps the same weights as judging every target from scratch, whatever comes and goes', () => {
    // A naive model: each target in service with the time it came in and whether it ramps,
    // judged by the documented rule at that time against the others in service then.
    type Step = { readonly dt: number; readonly enter: boolean; readonly pick: number };
    const step = fc.record({ dt: fc.integer({ min: 0, max: 90_000 }), enter: fc.boolean(), pick: fc.nat() });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.integer({ min: 30_000, max: 900_000 }), (steps: Step[], duration) => {
        const ledger = new SlowStartLedger<Task>(duration);
        const naive = new Map<Task, { since: number; ramps: boolean }>();
        let now = 0;
        let next = 0;
        for (const s of steps) {
          now += s.dt;
          if (s.enter || naive.size === 0) {
            const t = task(next++);
            let fullShare = false;
            for (const o of naive.values()) if (!o.ramps || o.since + duration <= now) fullShare = true;
            naive.set(t, { since: now, ramps: fullShare });
            ledger.enter(t, now);
          } else {
            const t = [...naive.keys()][s.pick % naive.size]!;
            naive.delete(t);
            ledger.leave(t);
          }
          ledger.advance(now);
          let total = 0;
          for (const o of naive.values()) total += o.ramps ? slowStartWeight(now, o.since, duration) : 1;
          expect(ledger.totalWeight(now)).toBeCloseTo(total, 9);
          expect(ledger.ramping.size + ledger.fullShareTargets).toBe(naive.size);
        }
      }),
    );
  });
});
