/** The Application Load Balancer target group in front of an ECS service or a Kubernetes workload. */
import { ALB_TARGET_GROUP_DEFAULTS as ALB } from '../../model/task-definition.js';
import { Closed, Optional, Seconds } from './fields.js';

export const TargetGroup = Closed(
  {
    healthCheckIntervalSeconds: Optional(Seconds('Seconds between target health checks.', 5, { default: ALB.healthCheckIntervalMs / 1000 })),
    healthyThresholdCount: Optional(Seconds('Consecutive passing checks before a target is healthy.', 2, { default: ALB.healthyThreshold })),
    unhealthyThresholdCount: Optional(Seconds('Consecutive failing checks before a target is unhealthy.', 2, { default: ALB.unhealthyThreshold })),
    healthCheckTimeoutSeconds: Optional(Seconds('Seconds before a check without an answer fails.', 2, { default: ALB.healthCheckTimeoutMs / 1000 })),
    deregistrationDelaySeconds: Optional(Seconds('Seconds a deregistering target keeps its in-flight requests (connection draining).', 0, { default: ALB.deregistrationDelayMs / 1000 })),
  },
  { description: "The ALB target group in front of the service (defaults are ALB's)." },
);
