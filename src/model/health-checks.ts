/**
 * Arithmetic of periodic health checks (docs/models.md, "Health checks that fail"). Every kind of
 * check fleetsim models runs on a fixed schedule, `first + k x interval` (k >= 0), and changes
 * state after a run of consecutive results:
 *
 * - ECS container health check (task definition `healthCheck`): every `interval` from the
 *   container's start; UNHEALTHY after `retries` consecutive failures, failures inside
 *   `startPeriod` not counted.
 * - Kubernetes readiness and liveness probes: every `periodSeconds` from `initialDelaySeconds`;
 *   NotReady / restarted after `failureThreshold` consecutive failures.
 * - ALB target group: every `HealthCheckIntervalSeconds` from the target's registration; unhealthy
 *   after `UnhealthyThresholdCount` consecutive failures, healthy again after
 *   `HealthyThresholdCount` consecutive passes.
 *
 * A check fails when the app's answer takes longer than the check's timeout.
 */

/**
 * Why a task's checks fail: its app's health endpoint fails (until the container restarts), or
 * the task is overloaded and answers slower than the checks' timeouts.
 */
export type HealthFailureCause = 'endpoint' | 'overload';

/** The first time `first + k * interval` (k >= 0) that is at or after `t`. */
export function firstTickAtOrAfter(first: number, interval: number, t: number): number {
  if (t <= first) return first;
  return first + Math.ceil((t - first) / interval) * interval;
}

/**
 * When a check on the schedule `first + k * interval` reaches `threshold` consecutive results of
 * a condition that holds from `from` on: the threshold-th check at or after `from`.
 */
export function thresholdReachedAt(first: number, interval: number, from: number, threshold: number): number {
  return firstTickAtOrAfter(first, interval, from) + (threshold - 1) * interval;
}

/** A check with `timeoutMs` fails on an answer that takes `responseMs` (Infinity: refused). */
export function checkFails(responseMs: number, timeoutMs: number): boolean {
  return responseMs > timeoutMs;
}
