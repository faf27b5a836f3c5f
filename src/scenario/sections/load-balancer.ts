/** The ALB target group in front of a service or workload, with ALB's defaults. */
import { ALB_TARGET_GROUP_DEFAULTS, type TargetGroupSpec } from '../../model/task-definition.js';
import type { Static } from '../schema/fields.js';
import type { TargetGroup } from '../schema/load-balancer.js';
import type { Path, Problems } from './problems.js';

export function compileTargetGroup(raw: Static<typeof TargetGroup> | undefined, path: Path, problems: Problems): TargetGroupSpec | null {
  if (raw === undefined) return null;
  // The API takes 0 (off) or 30-900 (ELB API reference, target group attribute slow_start.duration_seconds).
  if (raw.slowStartSeconds !== undefined && raw.slowStartSeconds > 0 && raw.slowStartSeconds < 30) problems.report([...path, 'slowStartSeconds'], 'must be 0 (off) or 30 to 900 seconds (the Elastic Load Balancing API range)');
  // fleetsim shares a ramping target's requests across the whole group; with each node routing
  // only to its own zone the ramp would be per zone, which is not modelled.
  if (raw.crossZoneLoadBalancing === false && (raw.slowStartSeconds ?? 0) > 0) problems.report([...path, 'crossZoneLoadBalancing'], 'slow start with cross-zone load balancing off is not modelled: turn one of them off');
  const d = ALB_TARGET_GROUP_DEFAULTS;
  const ms = (seconds: number | undefined, fallbackMs: number): number => (seconds === undefined ? fallbackMs : seconds * 1000);
  return {
    healthCheckIntervalMs: ms(raw.healthCheckIntervalSeconds, d.healthCheckIntervalMs),
    healthyThreshold: raw.healthyThresholdCount ?? d.healthyThreshold,
    unhealthyThreshold: raw.unhealthyThresholdCount ?? d.unhealthyThreshold,
    healthCheckTimeoutMs: ms(raw.healthCheckTimeoutSeconds, d.healthCheckTimeoutMs),
    deregistrationDelayMs: ms(raw.deregistrationDelaySeconds, d.deregistrationDelayMs),
    slowStartMs: ms(raw.slowStartSeconds, d.slowStartMs),
    crossZone: raw.crossZoneLoadBalancing ?? d.crossZone,
  };
}
