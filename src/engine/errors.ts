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
 * How a run came to its event limit, so the message can say why instead of guessing: the time it
 * was to run until (Infinity: no end), and the simulated time the last `window` events spanned.
 */
export interface EventLimitProgress {
  readonly until: Millis;
  /** Events the look-back covers (the last tenth of the limit, at least 1). */
  readonly window: number;
  /** Simulated time when the look-back began; null when the run reached the limit before it (a limit given for one call). */
  readonly windowStart: Millis | null;
}

/**
 * The run executed more events than its limit allows. The message says which of two things
 * happened, from the run's progress: the clock stood still over the last tenth of the limit (a
 * model rescheduling itself at one instant: a runaway loop), or it advanced steadily and the run
 * is simply bigger than the limit (then: the events per simulated second, the events the whole
 * run would need, and how to shorten it or raise the limit). One line: the CLI prints it after
 * the scenario's name.
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
    progress?: EventLimitProgress,
  ) {
    super(`event limit of ${limit.toLocaleString('en-US')} events reached ${describePosition({ time: at, sequence, seed })}; ${diagnose(limit, at, progress)}`);
    this.time = at;
    this.sequence = sequence;
    this.seed = seed;
  }
}

const RAISE = 'raise the limit with --max-events (or the scenario\'s maxEvents) if the work is genuine';

/** Why the limit was reached, and what to do about it. */
function diagnose(limit: number, at: Millis, p: EventLimitProgress | undefined): string {
  if (p !== undefined && p.windowStart !== null && p.windowStart === at) {
    return `the clock has not moved for the last ${p.window.toLocaleString('en-US')} events: something reschedules itself at the same instant (a runaway loop; please report it with the scenario and seed)`;
  }
  if (p === undefined || at <= 0) return `the run may never settle (a controller rescheduling itself?); shorten the run, or ${RAISE}`;
  const perSecond = (limit / at) * 1000;
  const rate = `${Math.round(perSecond).toLocaleString('en-US')} events per simulated second`;
  if (!Number.isFinite(p.until)) return `the run has no end and does ${rate}; give it one, or ${RAISE}`;
  const needed = Math.ceil((perSecond * p.until) / 1000);
  const share = Math.max(1, Math.floor((100 * at) / p.until));
  return (
    `${share}% of the run's ${formatMs(p.until)} done at ${rate}, so the whole run needs about ${needed.toLocaleString('en-US')} events: ` +
    `shorten it (duration, --until), make it lighter (a longer sampleInterval, lower fault rates or load), or ${RAISE}`
  );
}

/** `2h30m`, `10d`: a span as durations are written. */
function formatMs(ms: Millis): string {
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];
  let rest = ms;
  let out = '';
  for (const [unit, size] of units) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out === '' ? '0s' : out;
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
