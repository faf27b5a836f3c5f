import type { HealthFailureCause } from '../../model/health-checks.js';

/** What the load balancer reports for a target whose checks fail. */
export function targetCheckFailure(cause: HealthFailureCause): string {
  return cause === 'overload' ? 'Request timed out' : 'Health checks failed with these codes: [503]';
}

/** What the ECS agent reports for a container health check that fails. */
export function containerCheckFailure(cause: HealthFailureCause): string {
  return cause === 'overload' ? 'the check command timed out' : 'the check command exited 1';
}

/** What kubelet reports for an HTTP probe of `address:port` that fails. */
export function probeFailure(cause: HealthFailureCause, address: string, port: number): string {
  return cause === 'overload'
    ? `Get "http://${address}:${port}/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`
    : 'HTTP probe failed with statuscode: 503';
}
