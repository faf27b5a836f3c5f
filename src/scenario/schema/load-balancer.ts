/** The Application Load Balancer target group in front of an ECS service or a Kubernetes workload. */
import { ALB_TARGET_GROUP_DEFAULTS as ALB } from '../../model/task-definition.js';
import { Closed, Limit, Optional, Seconds, Type } from './fields.js';

/** Where the target group's bounds come from. */
const RANGE = 'the Elastic Load Balancing API range';

export const TargetGroup = Closed(
  {
    healthCheckIntervalSeconds: Optional(Seconds('Seconds between target health checks.', 5, { ...Limit(300, RANGE), default: ALB.healthCheckIntervalMs / 1000 })),
    healthyThresholdCount: Optional(Seconds('Consecutive passing checks before a target is healthy.', 2, { ...Limit(10, RANGE), default: ALB.healthyThreshold })),
    unhealthyThresholdCount: Optional(Seconds('Consecutive failing checks before a target is unhealthy.', 2, { ...Limit(10, RANGE), default: ALB.unhealthyThreshold })),
    healthCheckTimeoutSeconds: Optional(Seconds('Seconds before a check without an answer fails.', 2, { ...Limit(120, RANGE), default: ALB.healthCheckTimeoutMs / 1000 })),
    slowStartSeconds: Optional(
      Seconds(
        "Slow start: 0 (off) or 30-900 seconds during which a newly healthy target's share of requests ramps up linearly to a full share (only when another healthy target is not in slow start).",
        0,
        { ...Limit(900, RANGE), default: ALB.slowStartMs / 1000 },
      ),
    ),
    crossZoneLoadBalancing: Optional(
      Type.Boolean({
        description:
          "Cross-zone load balancing for the target group: true (an ALB's default) lets each load balancer node route to targets in every AZ; false keeps each node's requests in its own AZ (a zone's share of requests on that zone's targets; a zone without a healthy target leaves the load balancer's DNS).",
        default: ALB.crossZone,
      }),
    ),
    deregistrationDelaySeconds: Optional(Seconds('Seconds a deregistering target keeps its in-flight requests (connection draining).', 0, { ...Limit(3600, RANGE), default: ALB.deregistrationDelayMs / 1000 })),
  },
  { description: "The ALB target group in front of the service (defaults are ALB's)." },
);
