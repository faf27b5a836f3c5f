/**
 * Errors the engine raises. Exceptions are for bugs and for runs that cannot go on; a task that
 * does not fit is a status with a reason, never an exception (GUIDE rule 4).
 */

/** Base class for errors that end a simulation run with a message meant for the user. */
export class SimulationError extends Error {
  override readonly name: string = 'SimulationError';
}

/**
 * The run executed more events than its limit allows. Usually a model that reschedules itself
 * without making progress (a runaway loop); the message says when and how to raise the limit.
 */
export class EventLimitExceeded extends SimulationError {
  override readonly name = 'EventLimitExceeded';
  constructor(
    readonly limit: number,
    readonly at: number,
  ) {
    super(
      `event limit of ${limit.toLocaleString('en-US')} events reached at simulated time ${at} ms; ` +
        'the scenario may never settle (a controller rescheduling itself forever?). ' +
        'Shorten the run, or raise the limit with --max-events if the load is genuine.',
    );
  }
}

/** A scheduling call that would break the clock's rules (the past, NaN, a fraction). A bug. */
export class InvalidScheduleError extends Error {
  override readonly name = 'InvalidScheduleError';
}
