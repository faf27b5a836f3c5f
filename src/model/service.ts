import type { CapacityProviderStrategyItem } from './capacity-provider.js';
import type { PodSchedulingSpec } from './pod-scheduling-spec.js';
import type { TargetGroupSpec, TaskDefinition } from './task-definition.js';
import type { Task, TaskStatus } from './task.js';

/** ECS launch type: EC2 container instances, or Fargate microVMs (one per task, no host to manage). */
export type LaunchType = 'EC2' | 'FARGATE';

/** Who runs the workload: an ECS service, or a Kubernetes Deployment on EKS. */
export type WorkloadKind = 'ecs-service' | 'deployment';

/**
 * A replicated workload: an ECS service or a Kubernetes Deployment. Keeps `desiredCount`
 * copies (ECS desiredCount, Deployment replicas) of its task definition (for a Deployment, the
 * pod template compiled to the same shape) running.
 */
export interface Service {
  readonly name: string;
  readonly kind: WorkloadKind;
  readonly launchType: LaunchType;
  readonly taskDefinition: TaskDefinition;
  /** ECS capacity provider strategy; empty when the service uses a launch type. */
  readonly capacityProviderStrategy: readonly CapacityProviderStrategyItem[];
  /** Live (not STOPPED) tasks per capacity provider, kept by the actions module. */
  readonly tasksPerCapacityProvider: Map<string, number>;
  /** Kubernetes pod template scheduling (labels, node selection, spreading); empty for ECS. */
  readonly podScheduling: PodSchedulingSpec;
  /** The ALB target group the tasks register with, if any. */
  readonly loadBalancer: TargetGroupSpec | null;
  desiredCount: number;
  /** Tasks not yet STOPPED, in creation order (a Set iterates in insertion order). */
  readonly tasks: Set<Task>;
  /** Tasks receiving traffic (see Task.serving), kept by the actions module. */
  serving: number;
  /**
   * Requests and failed requests (target and ELB 5XX) so far, from the closed minutes; and
   * requests dropped because their task was killed (SIGKILL) while they were in flight.
   */
  readonly traffic: { requests: number; errors: number; dropped: number };
  /** Desired-count changes: how often it went up, down, and reversed direction (flapping). */
  readonly desiredChanges: { ups: number; downs: number; reversals: number; last: 'up' | 'down' | null };
  /** App failures so far: containers that exited on their own (crash, OOM kill) and pulls that failed. */
  readonly failures: { exits: number; restarts: number; pullFailures: number };
  /** Counts by status, kept incrementally by the actions module (includes STOPPED). */
  readonly counts: Record<TaskStatus, number>;
}

export function emptyCounts(): Record<TaskStatus, number> {
  return { UNPLACED: 0, PROVISIONING: 0, PENDING: 0, RUNNING: 0, STOPPING: 0, STOPPED: 0 };
}
