/** The ALB target group in front of a service or workload, with ALB's defaults. */
import { ALB_TARGET_GROUP_DEFAULTS, type TargetGroupSpec } from '../../model/task-definition.js';
import type { Static } from '../schema/fields.js';
import type { TargetGroup } from '../schema/load-balancer.js';

export function compileTargetGroup(raw: Static<typeof TargetGroup> | undefined): TargetGroupSpec | null {
  if (raw === undefined) return null;
  const d = ALB_TARGET_GROUP_DEFAULTS;
  const ms = (seconds: number | undefined, fallbackMs: number): number => (seconds === undefined ? fallbackMs : seconds * 1000);
  return {
    healthCheckIntervalMs: ms(raw.healthCheckIntervalSeconds, d.healthCheckIntervalMs),
    healthyThreshold: raw.healthyThresholdCount ?? d.healthyThreshold,
    unhealthyThreshold: raw.unhealthyThresholdCount ?? d.unhealthyThreshold,
    healthCheckTimeoutMs: ms(raw.healthCheckTimeoutSeconds, d.healthCheckTimeoutMs),
    deregistrationDelayMs: ms(raw.deregistrationDelaySeconds, d.deregistrationDelayMs),
  };
}
