/**
 * Errors the engine raises. Exceptions are for bugs and for runs that cannot go on; a task that
 * does not fit is a status with a reason, never an exception (GUIDE rule 4).
 *
 * Every error the kernel raises says where in the run it arose (a `RunPosition`: simulated time,
 * the event's sequence number, the master seed), so the failure can be replayed: same scenario,
 * same seed, and the run reaches the same event at the same time.
 */
import type { Millis } from './time.js';

/** Where in a run something happened: enough to replay the run to that point. */
export interface RunPosition {
  /** Simulated time, ms. */
  readonly time: Millis;
  /**
   * The event involved, as its ordinal in the run (1 = the first to fire): the one whose callback
   * was running, or at the event limit the next one due. A run given `--max-events` one less
   * stops just before it. Null before the first event, e.g. while a model is being set up.
   */
  readonly sequence: number | null;
  /** The run's master seed; null when the simulation was created without one (unit tests). */
  readonly seed: string | null;
}

/** `at simulated time 5000 ms (event #12, seed 42)`: one line, no trailing punctuation. */
export function describePosition(position: RunPosition): string {
  const where = [position.sequence === null ? 'before the first event' : `event #${position.sequence}`, position.seed === null ? 'no seed given' : `seed ${position.seed}`];
  return `at simulated time ${position.time} ms (${where.join(', ')})`;
}

/** Base class for errors that end a simulation run with a message meant for the user. */
export class SimulationError extends Error {
  override readonly name: string = 'SimulationError';
}

/**
 * The run executed more events than its limit allows. Usually a model that reschedules itself
 * without making progress (a runaway loop); the message says when and how to raise the limit.
 * It stays one line: the CLI prints it after the scenario's name.
 */
export class EventLimitExceeded extends SimulationError implements RunPosition {
  override readonly name = 'EventLimitExceeded';
  readonly time: Millis;
  readonly sequence: number;
  readonly seed: string | null;
  constructor(
    readonly limit: number,
    /** Simulated time when the limit was reached, ms (same as `time`). */
    readonly at: Millis,
    /** The next event due, which would have exceeded the limit. */
    sequence: number,
    seed: string | null,
  ) {
    super(
      `event limit of ${limit.toLocaleString('en-US')} events reached ${describePosition({ time: at, sequence, seed })}; ` +
        'the scenario may never settle (a controller rescheduling itself forever?). ' +
        'Shorten the run, or raise the limit with --max-events if the load is genuine.',
    );
    this.time = at;
    this.sequence = sequence;
    this.seed = seed;
  }
}

/** A scheduling call that would break the clock's rules (the past, NaN, a fraction). A bug. */
export class InvalidScheduleError extends Error implements RunPosition {
  override readonly name = 'InvalidScheduleError';
  readonly time: Millis;
  readonly sequence: number | null;
  readonly seed: string | null;
  constructor(problem: string, position: RunPosition) {
    super(`${problem}; ${describePosition(position)}`);
    this.time = position.time;
    this.sequence = position.sequence;
    this.seed = position.seed;
  }
}

/**
 * An event's callback threw: a bug in a model or controller. Wraps the error (`cause`) with the
 * position of the event, so the report of any such bug names the seed and the event to replay.
 */
export class EventCallbackError extends Error implements RunPosition {
  override readonly name = 'EventCallbackError';
  readonly time: Millis;
  readonly sequence: number;
  readonly seed: string | null;
  constructor(cause: unknown, position: RunPosition & { readonly sequence: number }) {
    super(`event callback threw ${describePosition(position)}: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`, { cause });
    this.time = position.time;
    this.sequence = position.sequence;
    this.seed = position.seed;
  }
}

/**
 * A random stream label forked twice from the same parent: both forks would draw the very same
 * numbers, silently correlating two parts of the model. A bug in the composition.
 */
export class DuplicateStreamError extends Error {
  override readonly name = 'DuplicateStreamError';
  constructor(
    /** The full label path of the duplicate, e.g. `faults/3`. */
    readonly label: string,
    readonly seed: string,
  ) {
    super(`random stream '${label}' forked twice (seed ${seed}): both forks would draw the same numbers; give each consumer its own label`);
  }
}
