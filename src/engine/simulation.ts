import { EventCallbackError, EventLimitExceeded, InvalidScheduleError, SimulationError, type RunPosition } from './errors.js';
import { EventQueue, type ScheduledEvent } from './event-queue.js';
import type { Millis } from './time.js';

/**
 * Priority bands for events at the same instant (lower runs first). They make same-instant
 * behaviour explicit: state changes land before controllers decide, and observers (samplers,
 * expectations) see the settled state of an instant.
 */
export const Priority = {
  /** Something happened to the world: a task started, a host launched, a timer expired. */
  StateChange: 0,
  /** A controller reconciles desired and actual state (schedulers, autoscalers). */
  Decision: 10,
  /** Read-only observers: timeline samples, the load driver's minute closes. */
  Observation: 20,
  /**
   * Scenario expectations: after every observer of the instant, so a check at a minute boundary
   * sees that minute's metrics closed.
   */
  Verdict: 30,
} as const;

export type Timer = ScheduledEvent;

export interface RunOptions {
  /** Events at `t < until` run; none at `until` or later. The clock then reads `until`. */
  until?: Millis;
  /** Overrides the simulation's event limit for this call (counting this call's events only). */
  maxEvents?: number;
  /**
   * Called after every event with the clock's time, before the next one is looked at: the hook
   * of tests that check invariants continuously. Absent, it costs one comparison per event.
   */
  afterEach?: (now: Millis) => void;
  /**
   * Returns after this many events of this call (`stoppedBy: 'paused'`, the clock at the last
   * event's time) so the caller can do something between slices of a long run; the next call
   * carries on exactly where this one stopped, so a run in slices fires the same events in the
   * same order as one call.
   */
  pauseAfter?: number;
}

export interface RunResult {
  /** `until`: the time limit was reached; `drained`: no events were left; `paused`: `pauseAfter` events ran. */
  readonly stoppedBy: 'until' | 'drained' | 'paused';
  /** Events fired during this call. */
  readonly events: number;
  readonly now: Millis;
}

/** Handle of a recurring timer from `every`. */
export interface Recurring {
  cancel(): void;
}

/** Default hard limit on events per run: large for real scenarios, finite for runaway ones. */
export const DEFAULT_MAX_EVENTS = 50_000_000;

/**
 * The discrete-event kernel: a clock and a queue of callbacks. Knows nothing of AWS or
 * Kubernetes. Callbacks receive the `data` they were scheduled with, so hot paths can pass a
 * long-lived method and a payload instead of allocating a closure per event.
 *
 * Errors it raises carry the run position (time, the event's ordinal in the run, seed): the event limit
 * (`EventLimitExceeded`), a bad schedule (`InvalidScheduleError`), and any exception a callback
 * throws, wrapped in `EventCallbackError` (user-facing `SimulationError`s pass through as they are).
 */
export class Simulation {
  private clock: Millis = 0;
  private readonly queue = new EventQueue();
  private fired = 0;
  /** True while `run`'s `afterEach` hook runs: what it throws is the caller's, passed on as is. */
  private inHook = false;
  /**
   * Where the run was when it passed `fired === limitAt - window` (the look-back of the event
   * limit's message: did the clock move over the last tenth of the limit?); null before then.
   */
  private lookBack: { readonly at: number; readonly time: Millis } | null = null;
  readonly maxEvents: number;
  /** The run's master seed, named in error messages so a failure can be replayed; null: none given. */
  readonly seed: string | null;

  constructor(options: { maxEvents?: number; seed?: string | number } = {}) {
    this.maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
    this.seed = options.seed === undefined ? null : String(options.seed);
  }

  /**
   * Where the run stands, for error messages: now, the ordinal of the event being fired (or the
   * last one fired, between events; null before the first), the seed.
   */
  get position(): RunPosition {
    return { time: this.clock, sequence: this.fired === 0 ? null : this.fired, seed: this.seed };
  }

  /** Current simulated time in ms. */
  get now(): Millis {
    return this.clock;
  }

  /** Events fired since the simulation was created. */
  get eventsFired(): number {
    return this.fired;
  }

  /** Events still to fire. */
  get pending(): number {
    return this.queue.size;
  }

  /** Schedules `fire(data)` at absolute time `time` (integer ms, not in the past). */
  at<T>(time: Millis, fire: (data: T) => void, data?: T, priority: number = Priority.StateChange): Timer {
    if (!Number.isInteger(time) || time < this.clock) {
      throw new InvalidScheduleError(`cannot schedule at ${time} ms (now ${this.clock} ms): times are integer ms, never in the past`, this.position);
    }
    return this.queue.push(time, priority, fire, data as T);
  }

  /** Schedules `fire(data)` after `delay` ms (integer, >= 0). */
  after<T>(delay: Millis, fire: (data: T) => void, data?: T, priority: number = Priority.StateChange): Timer {
    return this.at(this.clock + delay, fire, data, priority);
  }

  /**
   * Calls `fire(data)` every `interval` ms, first at `start` (default: one interval from now).
   * Only one timer is pending at a time, so a recurring observer costs O(1) queue space.
   */
  every<T>(
    interval: Millis,
    fire: (data: T) => void,
    options: { data?: T; priority?: number; start?: Millis } = {},
  ): Recurring {
    if (!Number.isInteger(interval) || interval <= 0) {
      throw new InvalidScheduleError(`a recurring interval must be a positive integer of ms, got ${interval}`, this.position);
    }
    const priority = options.priority ?? Priority.Observation;
    const data = options.data as T;
    let timer: Timer | undefined;
    let stopped = false;
    const tick = (): void => {
      fire(data);
      if (!stopped) timer = this.after(interval, tick, undefined, priority);
    };
    timer = this.at(options.start ?? this.clock + interval, tick, undefined, priority);
    return {
      cancel: () => {
        stopped = true;
        if (timer !== undefined) this.queue.cancel(timer);
      },
    };
  }

  /** Cancels a pending timer; a no-op for one that already fired or was cancelled. O(1). */
  cancel(timer: Timer): void {
    this.queue.cancel(timer);
  }

  /** Time of the next event, or undefined when none is pending. */
  peek(): Millis | undefined {
    return this.queue.peek()?.at;
  }

  /** Fires the next event. Returns false when none is pending. Ignores the event limit. */
  step(): boolean {
    const event = this.queue.pop();
    if (event === undefined) return false;
    this.clock = event.at;
    this.fired++;
    try {
      event.fire(event.data);
    } catch (error) {
      throw this.positioned(error);
    }
    return true;
  }

  /**
   * Runs events in order until the time limit, an empty queue, `pauseAfter` events, or the event
   * limit (which throws `EventLimitExceeded`, so a runaway scenario ends with an error instead of
   * hanging), calling `afterEach` after every event when given. The simulation's own limit
   * counts every event it has fired, across calls, so a run in slices stops at the same event as
   * one call; a `maxEvents` override counts this call's.
   */
  run(options: RunOptions = {}): RunResult {
    const until = options.until ?? Number.POSITIVE_INFINITY;
    const limit = options.maxEvents ?? this.maxEvents;
    const afterEach = options.afterEach;
    const firedBefore = this.fired;
    // Both stops as values of `fired`, so the loop makes one comparison for them per event.
    const limitAt = options.maxEvents === undefined ? this.maxEvents : firedBefore + options.maxEvents;
    const pauseAt = options.pauseAfter === undefined ? Number.POSITIVE_INFINITY : firedBefore + options.pauseAfter;
    // The look-back of the event limit's message is one more stop of the loops (once per run), so
    // the hot loop keeps its single comparison per event.
    const window = Math.max(1, Math.floor(limit / 10));
    const lookBackAt = limitAt - window;
    let stoppedBy: RunResult['stoppedBy'];
    // The try sits out here, around the loops: the hot loop stays as tight as it can be.
    try {
      for (;;) {
        const watch = this.fired < lookBackAt ? lookBackAt : Number.POSITIVE_INFINITY;
        const stopAt = Math.min(pauseAt, watch);
        stoppedBy = afterEach === undefined ? this.loop(until, limit, limitAt, stopAt, window) : this.loopWithHook(until, limit, limitAt, stopAt, afterEach, window);
        if (stoppedBy !== 'paused' || this.fired >= pauseAt) break;
        this.lookBack = { at: lookBackAt, time: this.clock };
      }
    } catch (error) {
      if (this.inHook) {
        this.inHook = false;
        throw error;
      }
      throw this.positioned(error);
    }
    // Like SimPy: with a finite limit the clock ends at `until`, even if the queue drained first.
    if (stoppedBy !== 'paused' && until !== Number.POSITIVE_INFINITY && until > this.clock) this.clock = until;
    return { stoppedBy, events: this.fired - firedBefore, now: this.clock };
  }

  /**
   * The event loop of `run`: fires the events before `until` while `fired` is below both
   * `pauseAt` (then it returns 'paused') and `limitAt` (then the event limit `limit` is reached).
   */
  private loop(until: Millis, limit: number, limitAt: number, pauseAt: number, window: number): RunResult['stoppedBy'] {
    const stopAt = Math.min(limitAt, pauseAt);
    for (;;) {
      const next = this.queue.peek();
      if (next === undefined) return 'drained';
      if (next.at >= until) return 'until';
      if (this.fired >= stopAt) return this.stop(limit, pauseAt, until, window);
      this.queue.pop();
      this.clock = next.at;
      this.fired++;
      next.fire(next.data);
    }
  }

  /** `loop` with the `afterEach` hook after every event (tests' stepping mode; not a hot path). */
  private loopWithHook(until: Millis, limit: number, limitAt: number, pauseAt: number, afterEach: (now: Millis) => void, window: number): RunResult['stoppedBy'] {
    const stopAt = Math.min(limitAt, pauseAt);
    for (;;) {
      const next = this.queue.peek();
      if (next === undefined) return 'drained';
      if (next.at >= until) return 'until';
      if (this.fired >= stopAt) return this.stop(limit, pauseAt, until, window);
      this.step();
      this.inHook = true;
      afterEach(this.clock);
      this.inHook = false;
    }
  }

  /** At a stop of the loops: a pause (checked first; the look-back is one), else the event limit, which throws. */
  private stop(limit: number, pauseAt: number, until: Millis, window: number): 'paused' {
    if (this.fired >= pauseAt) return 'paused';
    const windowStart = this.lookBack !== null && this.lookBack.at === this.fired - window ? this.lookBack.time : null;
    throw new EventLimitExceeded(limit, this.clock, this.fired + 1, this.seed, { until, window, windowStart });
  }

  /**
   * What an event's callback threw, with the run position: the fired event's ordinal is the one
   * that threw. Errors that already say where they arose, or that are meant for the user, pass
   * as they are.
   */
  private positioned(error: unknown): unknown {
    if (error instanceof SimulationError || error instanceof InvalidScheduleError || error instanceof EventCallbackError) return error;
    return new EventCallbackError(error, { time: this.clock, sequence: this.fired, seed: this.seed });
  }
}
