/**
 * Fargate's launch-rate and capacity quotas per account and Region (docs/models.md, "Service
 * quotas"); a scenario's `quotas:` section overrides them.
 */
export interface FargateQuotas {
  /**
   * "Fargate Resource rate quota for On Demand Amazon ECS tasks and Amazon EKS pods": a token
   * bucket of 100 (burst) refilled at 20 a second (sustained) per account and Region (ECS
   * Developer Guide, "AWS Fargate throttling quotas").
   */
  readonly onDemandLaunchBurst: number;
  readonly onDemandLaunchesPerSecond: number;
  /** The same for Fargate Spot tasks: 100 and 20 a second (same page). */
  readonly spotLaunchBurst: number;
  readonly spotLaunchesPerSecond: number;
  /**
   * "Rate of tasks launched by a service on AWS Fargate": 500 a minute per service (ECS Developer
   * Guide, "Amazon ECS service quotas"). Modelled as a bucket of 500 refilled at 500 a minute.
   */
  readonly serviceLaunchesPerMinute: number;
  /**
   * "Fargate On-Demand vCPU resource count" and "Fargate Spot vCPU resource count": vCPUs of
   * tasks and pods running at once. 4,000 each: what accounts at the 1,000-task quota were moved
   * to when Fargate switched to vCPU quotas (AWS Containers blog, "Migrating Fargate service
   * quotas to vCPU-based quotas", 2022). New accounts may start lower and are raised with usage:
   * set your account's value in `quotas:`.
   */
  readonly onDemandVcpu: number;
  readonly spotVcpu: number;
}

export const FARGATE_QUOTAS: FargateQuotas = {
  onDemandLaunchBurst: 100,
  onDemandLaunchesPerSecond: 20,
  spotLaunchBurst: 100,
  spotLaunchesPerSecond: 20,
  serviceLaunchesPerMinute: 500,
  onDemandVcpu: 4_000,
  spotVcpu: 4_000,
};
