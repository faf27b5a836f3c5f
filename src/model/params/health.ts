import type { LogNormalParams } from './ec2-task-startup.js';

/**
 * Timing of health and traffic readiness beyond the documented check schedules.
 */
export interface HealthTimingParams {
  /** Spread of the app's own readiness time around the task definition's `readyAfter` median (log sigma). */
  readonly readySigma: number;
  /**
   * From "task can take traffic" to "registered in the target group": ECS registers a task when it
   * reaches RUNNING; on EKS the AWS Load Balancer Controller registers pod IPs once the pod is
   * Ready (an endpoint). Modelled as one API round trip (assumption).
   */
  readonly targetRegistration: LogNormalParams;
}

export const HEALTH_TIMING: HealthTimingParams = {
  readySigma: 0.25,
  targetRegistration: { median: 1_000, sigma: 0.4 },
};
