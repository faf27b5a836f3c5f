import { cappedBackoffMs } from '../backoff.js';

/**
 * ECS service throttle logic (ECS developer guide, "Amazon ECS service throttle logic"): when a
 * service's tasks repeatedly fail to reach RUNNING (PENDING straight to STOPPED), "the time between
 * subsequent restart attempts is incrementally increased up to a maximum of 27 minutes", with the
 * service event "(service name) is unable to consistently start tasks successfully". Tasks that
 * stop after RUNNING (crashes, failed health checks) never throttle. A new task definition (a
 * deployment) returns the service to normal at once.
 *
 * The guide speaks of restart *attempts*, so the throttle counts launch attempts that failed, not
 * tasks: the tasks the scheduler launches in one pass are one attempt, and however many of them
 * fail, the attempt counts once (*assumption*: the guide does not define an attempt; one pass of
 * the scheduler is the closest unit it has). The guide gives no schedule and no user-tunable
 * parameters, so the first two numbers below are fleetsim's assumptions.
 */
export interface EcsServiceThrottleParams {
  /** Consecutive failed launch attempts after which launches are delayed (assumption). */
  readonly afterFailedAttempts: number;
  /** The first delay; it doubles with each further failed attempt (assumption). */
  readonly firstDelayMs: number;
  /** The documented maximum: 27 minutes. */
  readonly maxDelayMs: number;
}

export const ECS_SERVICE_THROTTLE: EcsServiceThrottleParams = {
  afterFailedAttempts: 3,
  firstDelayMs: 60_000,
  maxDelayMs: 27 * 60_000,
};

/** The delay before the next launch after `failedAttempts` consecutive failed launch attempts (0: not throttled). */
export function throttleDelayMs(failedAttempts: number, p: EcsServiceThrottleParams = ECS_SERVICE_THROTTLE): number {
  if (failedAttempts < p.afterFailedAttempts) return 0;
  return cappedBackoffMs(p.firstDelayMs, p.maxDelayMs, failedAttempts - p.afterFailedAttempts);
}
