/**
 * Capped exponential back-off, the schedule behind kubelet's restarts, kube-scheduler's pod
 * back-off, client-go's per-item rate limiter, controller-runtime's requeues and ECS's service
 * throttle: a first delay that doubles with each step up to a cap. Each caller keeps its own
 * documented constants and decides what its step counts; this is only the arithmetic.
 */

/**
 * The delay at `step` (0: the first delay): `initialMs` doubled `step` times, at most `maxMs`.
 * Past 1,023 doublings 2^step is Infinity (and 0 x Infinity is NaN), while any positive first
 * delay has long passed any cap: the step is held there.
 */
export function cappedBackoffMs(initialMs: number, maxMs: number, step: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(step, 1023));
}
