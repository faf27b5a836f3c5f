import { cappedBackoffMs } from '../backoff.js';

/**
 * ECS service throttle logic (ECS developer guide, "Amazon ECS service throttle logic"): when a
 * service's tasks repeatedly fail to reach RUNNING (PENDING straight to STOPPED), the time between
 * launch attempts "is incrementally increased up to a maximum of 27 minutes", with the service
 * event "(service name) is unable to consistently start tasks successfully". Tasks that stop
 * after RUNNING (crashes, failed health checks) never throttle. A new task definition (a
 * deployment) returns the service to normal at once. The guide gives no schedule and no
 * user-tunable parameters, so the first two numbers below are fleetsim's assumptions.
 */
export interface EcsServiceThrottleParams {
  /** Consecutive start failures after which launches are delayed (assumption). */
  readonly afterFailures: number;
  /** The first delay; it doubles with each further failure (assumption). */
  readonly firstDelayMs: number;
  /** The documented maximum: 27 minutes. */
  readonly maxDelayMs: number;
}

export const ECS_SERVICE_THROTTLE: EcsServiceThrottleParams = {
  afterFailures: 3,
  firstDelayMs: 60_000,
  maxDelayMs: 27 * 60_000,
};

/** The delay before the next launch after `failures` consecutive start failures (0: not throttled). */
export function throttleDelayMs(failures: number, p: EcsServiceThrottleParams = ECS_SERVICE_THROTTLE): number {
  if (failures < p.afterFailures) return 0;
  return cappedBackoffMs(p.firstDelayMs, p.maxDelayMs, failures - p.afterFailures);
}
