import { describe, expect, it } from 'vitest';
import { EventCallbackError, EventLimitExceeded, InvalidScheduleError, SimulationError } from '../../src/engine/errors.js';
import { Priority, Simulation } from '../../src/engine/simulation.js';

/** The error `fn` throws (fails the test when it throws none). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, none was thrown');
}

/** Runs a script against a fresh simulation and returns its log of (name, time). */
function logOf(script: (sim: Simulation, log: (name: string) => void) => void, until?: number): [string, number][] {
  const sim = new Simulation();
  const out: [string, number][] = [];
  script(sim, (name) => out.push([name, sim.now]));
  sim.run(until === undefined ? {} : { until });
  return out;
}

describe('Simulation', () => {
  it('runs events in time order', () => {
    const log = logOf((sim, log) => {
      sim.at(30, () => log('c'));
      sim.at(10, () => log('a'));
      sim.at(20, () => log('b'));
    });
    expect(log).toEqual([['a', 10], ['b', 20], ['c', 30]]);
  });

  it('runs equal-time events in scheduling order (stable), thousands of them', () => {
    const sim = new Simulation();
    const order: number[] = [];
    for (let i = 0; i < 5000; i++) sim.at(7, (n: number) => order.push(n), i);
    sim.run();
    expect(order).toEqual([...Array(5000).keys()]);
  });

  it('orders same-instant events by priority band, then by scheduling order', () => {
    const log = logOf((sim, log) => {
      sim.at(5, () => log('observe'), undefined, Priority.Observation);
      sim.at(5, () => log('decide-1'), undefined, Priority.Decision);
      sim.at(5, () => log('change'), undefined, Priority.StateChange);
      sim.at(5, () => log('decide-2'), undefined, Priority.Decision);
    });
    expect(log.map(([n]) => n)).toEqual(['change', 'decide-1', 'decide-2', 'observe']);
  });

  it('an event scheduled for now runs after the ones already due now', () => {
    const log = logOf((sim, log) => {
      sim.at(1, () => {
        log('first');
        sim.after(0, () => log('third'));
      });
      sim.at(1, () => log('second'));
    });
    expect(log).toEqual([['first', 1], ['second', 1], ['third', 1]]);
  });

  it('cancelled timers never fire, and cancelling twice or after firing is harmless', () => {
    const sim = new Simulation();
    const fired: string[] = [];
    const a = sim.at(1, () => fired.push('a'));
    const b = sim.at(2, () => fired.push('b'));
    sim.cancel(b);
    sim.cancel(b);
    expect(sim.pending).toBe(1);
    sim.run();
    sim.cancel(a);
    expect(fired).toEqual(['a']);
    expect(sim.pending).toBe(0);
  });

  it('run({until}) runs events at t < until, none at until, and ends with the clock at until', () => {
    const sim = new Simulation();
    const fired: number[] = [];
    for (const t of [5, 9, 10, 11]) sim.at(t, () => fired.push(t));
    const result = sim.run({ until: 10 });
    expect(fired).toEqual([5, 9]);
    expect(result).toEqual({ stoppedBy: 'until', events: 2, now: 10 });
    expect(sim.run({ until: 20 })).toEqual({ stoppedBy: 'drained', events: 2, now: 20 });
    expect(fired).toEqual([5, 9, 10, 11]);
  });

  it('run() without a limit stops when the queue drains', () => {
    const sim = new Simulation();
    sim.at(42, () => undefined);
    expect(sim.run()).toEqual({ stoppedBy: 'drained', events: 1, now: 42 });
  });

  it('every() repeats at its interval, starting where asked, until cancelled', () => {
    const sim = new Simulation();
    const times: number[] = [];
    const handle = sim.every(10, () => times.push(sim.now), { start: 0 });
    sim.at(35, () => handle.cancel());
    sim.run({ until: 100 });
    expect(times).toEqual([0, 10, 20, 30]);
  });

  it('refuses times in the past or fractional ms (bugs, not input)', () => {
    const sim = new Simulation();
    sim.at(10, () => {
      expect(() => sim.at(5, () => undefined)).toThrow(InvalidScheduleError);
    });
    sim.run();
    expect(() => sim.at(10.5, () => undefined)).toThrow(InvalidScheduleError);
    expect(() => sim.every(0, () => undefined)).toThrow(InvalidScheduleError);
  });

  it('a runaway loop stops at the event limit with a clear error instead of hanging', () => {
    const sim = new Simulation({ maxEvents: 10_000 });
    const loop = (): void => {
      sim.after(0, loop);
    };
    sim.after(0, loop);
    expect(() => sim.run()).toThrow(EventLimitExceeded);
    expect(() => new Simulation({ maxEvents: 5 }).run()).not.toThrow();
    expect(() => sim.run({ maxEvents: 100 })).toThrow(/event limit of 100 events reached at simulated time 0 ms/);
  });

  it('the event limit error says where the run stopped: time, the next event, the seed, on one line', () => {
    const sim = new Simulation({ maxEvents: 3, seed: 'abc' });
    for (const t of [10, 20, 30, 40]) sim.at(t, () => undefined);
    const error = thrown(() => sim.run());
    expect(error).toBeInstanceOf(EventLimitExceeded);
    // Three events fired; the fourth (at 40 ms) would have exceeded the limit.
    expect(error).toMatchObject({ limit: 3, at: 30, time: 30, sequence: 4, seed: 'abc' });
    expect(error.message).toMatch(/^event limit of 3 events reached at simulated time 30 ms \(event #4, seed abc\); /);
    expect(error.message).not.toContain('\n');
  });

  it('the event limit error tells a runaway loop (the clock stood still) from a run bigger than its limit', () => {
    // Rescheduling at one instant: the clock does not move over the last tenth of the limit.
    const stuck = new Simulation({ maxEvents: 1_000 });
    stuck.at(5, function again() {
      stuck.after(0, again);
    });
    expect(thrown(() => stuck.run({ until: 60_000 })).message).toMatch(/; the clock has not moved for the last 100 events: something reschedules itself at the same instant \(a runaway loop/);
    // A steady tick every second: 1 event a simulated second; 1,000 events reach 1,000 s of the 10,000 s asked for.
    const steady = new Simulation({ maxEvents: 1_000 });
    steady.every(1000, () => undefined);
    const message = thrown(() => steady.run({ until: 10_000_000 })).message;
    expect(message).toMatch(/; 10% of the run's 2h46m40s done at 1 events per simulated second, so the whole run needs about 10,000 events: shorten it/);
    expect(message).toContain('raise the limit with --max-events');
    expect(message).not.toContain('rescheduling itself');
    // The same tick without an end.
    const endless = new Simulation({ maxEvents: 1_000 });
    endless.every(1000, () => undefined);
    expect(thrown(() => endless.run()).message).toMatch(/; the run has no end and does 1 events per simulated second; give it one, or raise the limit/);
  });

  it('a bad schedule names the event whose callback made it and the seed', () => {
    const sim = new Simulation({ seed: 7 });
    // Before the first event (setting a model up), there is no event to name.
    expect(thrown(() => sim.every(-1, () => undefined))).toMatchObject({ time: 0, sequence: null, seed: '7' });
    sim.at(10, () => undefined);
    sim.at(10, () => sim.at(5, () => undefined));
    const error = thrown(() => sim.run());
    expect(error).toBeInstanceOf(InvalidScheduleError);
    expect(error).toMatchObject({ time: 10, sequence: 2, seed: '7' });
    expect(error.message).toBe('cannot schedule at 5 ms (now 10 ms): times are integer ms, never in the past; at simulated time 10 ms (event #2, seed 7)');
  });

  it('an exception in a callback is wrapped with the time, the event and the seed, keeping the cause', () => {
    const bug = new RangeError('bad state');
    for (const fire of [(sim: Simulation) => sim.run(), (sim: Simulation) => sim.step() && sim.step()]) {
      const sim = new Simulation({ seed: 'replay-me' });
      sim.at(5, () => undefined);
      sim.at(8, () => {
        throw bug;
      });
      const error = thrown(() => fire(sim));
      expect(error).toBeInstanceOf(EventCallbackError);
      expect(error).toMatchObject({ time: 8, sequence: 2, seed: 'replay-me', cause: bug });
      expect(error.message).toBe('event callback threw at simulated time 8 ms (event #2, seed replay-me): RangeError: bad state');
    }
  });

  it('names an event a replay can stop at: a run limited to one event fewer stops just before it', () => {
    const script = (sim: Simulation): void => {
      let n = 0;
      const tick = (): void => {
        if (++n === 7) throw new Error('the seventh tick');
        sim.after(5, tick);
      };
      sim.at(0, tick);
    };
    const failing = new Simulation({ seed: 1 });
    script(failing);
    const error = thrown(() => failing.run()) as EventCallbackError;
    const replay = new Simulation({ seed: 1, maxEvents: error.sequence - 1 });
    script(replay);
    expect(thrown(() => replay.run())).toMatchObject({ sequence: error.sequence, time: error.time - 5 });
    expect(replay.peek()).toBe(error.time);
  });

  it('passes errors meant for the user, and errors that already say where, through unwrapped', () => {
    const sim = new Simulation();
    const forUser = new SimulationError('the scenario cannot go on');
    sim.at(1, () => {
      throw forUser;
    });
    expect(thrown(() => sim.run())).toBe(forUser);
    sim.at(2, () => sim.at(1, () => undefined));
    const error = thrown(() => sim.run());
    expect(error).toBeInstanceOf(InvalidScheduleError);
    expect(error.message).toMatch(/\(event #2, no seed given\)$/);
    // What the afterEach hook throws is the caller's own: passed on as it is.
    const own = new Error('invariant broken');
    sim.at(3, () => undefined);
    expect(
      thrown(() =>
        sim.run({
          afterEach: () => {
            throw own;
          },
        }),
      ),
    ).toBe(own);
  });

  it('run({afterEach}) calls the hook after every event, with the time, and changes nothing else', () => {
    const script = (sim: Simulation, log: string[]): void => {
      sim.at(3, () => log.push('a'));
      sim.at(3, () => sim.after(4, () => log.push('c')));
      sim.at(5, () => log.push('b'));
      sim.at(50, () => log.push('late'));
    };
    const plain = new Simulation();
    const plainLog: string[] = [];
    script(plain, plainLog);
    const hooked = new Simulation();
    const log: string[] = [];
    script(hooked, log);
    expect(hooked.run({ until: 10, afterEach: (now) => log.push(`after@${now}`) })).toEqual(plain.run({ until: 10 }));
    expect(log).toEqual(['a', 'after@3', 'after@3', 'b', 'after@5', 'c', 'after@7']);
    expect(log.filter((l) => !l.startsWith('after'))).toEqual(plainLog);
  });

  it('run({pauseAfter}) stops after that many events and the next call carries on: the same events, the same order, the same clock', () => {
    const build = (): { sim: Simulation; log: string[] } => {
      const sim = new Simulation();
      const log: string[] = [];
      sim.every(7, (n) => log.push(`tick ${sim.now} ${String(n)}`), { data: 1, start: 0 });
      sim.every(5, () => log.push(`beat ${sim.now}`), { start: 3, priority: Priority.Decision });
      return { sim, log };
    };
    const whole = build();
    whole.sim.run({ until: 1_000 });
    const sliced = build();
    const stops: string[] = [];
    for (let r = sliced.sim.run({ until: 1_000, pauseAfter: 13 }); ; r = sliced.sim.run({ until: 1_000, pauseAfter: 13 })) {
      stops.push(r.stoppedBy);
      if (r.stoppedBy !== 'paused') break;
      expect(r.events).toBe(13);
      expect(sliced.sim.now).toBeLessThan(1_000); // paused: the clock stays at the last event
    }
    expect(sliced.log).toEqual(whole.log);
    expect(sliced.sim.now).toBe(whole.sim.now);
    expect(sliced.sim.eventsFired).toBe(whole.sim.eventsFired);
    expect(stops.at(-1)).toBe('until');
    expect(stops.length).toBe(Math.ceil(whole.sim.eventsFired / 13) + (whole.sim.eventsFired % 13 === 0 ? 1 : 0));
  });

  it("the simulation's own event limit counts every event it fired, so a run in slices stops where one call would", () => {
    const sim = new Simulation({ maxEvents: 100 });
    const loop = (): void => void sim.after(1, loop);
    sim.after(0, loop);
    let error: unknown;
    try {
      for (;;) sim.run({ pauseAfter: 30 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EventLimitExceeded);
    expect((error as Error).message).toMatch(/^event limit of 100 events reached at simulated time 99 ms/);
    expect(sim.eventsFired).toBe(100);
  });

  it('step() fires exactly one event', () => {
    const sim = new Simulation();
    let n = 0;
    sim.at(1, () => n++);
    sim.at(2, () => n++);
    expect(sim.step()).toBe(true);
    expect(n).toBe(1);
    expect(sim.now).toBe(1);
    expect(sim.peek()).toBe(2);
    sim.step();
    expect(sim.step()).toBe(false);
  });
});
