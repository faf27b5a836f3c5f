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
  /** The PRIMARY deployment's task definition: what new tasks start from. */
  taskDefinition: TaskDefinition;
  /** ECS `deploymentConfiguration` and `deploymentCircuitBreaker` (docs/models.md, "Deployments and the circuit breaker"). */
  readonly deploymentConfiguration: DeploymentConfiguration;
  /** Kubernetes Deployment `strategy.rollingUpdate` and `progressDeadlineSeconds` (defaults for ECS, unused). */
  readonly rollingUpdate: RollingUpdateStrategy;
  /** Kubernetes PodDisruptionBudget selecting the workload's pods, honoured by node drains; null: none. */
  readonly podDisruptionBudget: PodDisruptionBudget | null;
  /** The PRIMARY deployment (ECS `deployments[0]`); the initial one is COMPLETED at creation. */
  deployment: Deployment;
  /** The task definition of the last COMPLETED deployment (the circuit breaker's rollback target). */
  lastCompleted: TaskDefinition;
  /** Deployments the circuit breaker rolled back so far. */
  rollbacks: number;
  /** ECS capacity provider strategy; empty when the service uses a launch type. */
  readonly capacityProviderStrategy: readonly CapacityProviderStrategyItem[];
  /** Live (not STOPPED) tasks per capacity provider, kept by the actions module. */
  readonly tasksPerCapacityProvider: Map<string, number>;
  /** Kubernetes pod template scheduling (labels, node selection, spreading); empty for ECS. */
  readonly podScheduling: PodSchedulingSpec;
  /** The ALB target group the tasks register with, if any. */
  readonly loadBalancer: TargetGroupSpec | null;
  /** ECS `healthCheckGracePeriodSeconds`, ms: failed health checks are ignored this long after a task starts (default 0). */
  readonly healthCheckGracePeriodMs: number;
  desiredCount: number;
  /** Tasks not yet STOPPED, in creation order (a Set iterates in insertion order). */
  readonly tasks: Set<Task>;
  /** Tasks receiving traffic (see Task.serving), kept by the actions module. */
  serving: number;
  /** Of those, tasks whose instance failed: the load balancer still sends them requests, which fail, until it marks them unhealthy. */
  deadServing: number;
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

export interface DeploymentConfiguration {
  /** Default 100: the healthy-task floor is ceil(desired x min / 100). */
  readonly minimumHealthyPercent: number;
  /** Default 200: the task ceiling is floor(desired x max / 100). */
  readonly maximumPercent: number;
  readonly circuitBreaker: { readonly enable: boolean; readonly rollback: boolean };
}

export const DEFAULT_DEPLOYMENT_CONFIGURATION: DeploymentConfiguration = {
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  circuitBreaker: { enable: false, rollback: false },
};

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

/** An ECS service deployment (`ecs-svc/...`): one task definition revision being rolled out. */
export interface Deployment {
  readonly id: string;
  readonly taskDefinition: TaskDefinition;
  rolloutState: RolloutState;
  /** Circuit breaker: failed tasks of this deployment so far. */
  failedTasks: number;
  /** Circuit breaker stage: 1 until a task of this deployment reaches RUNNING, then 2. */
  stage: 1 | 2;
  readonly startedAt: number;
  /** A rollback started by the circuit breaker. */
  readonly rollback: boolean;
}

/** The healthy-task floor and task ceiling of a rolling update (ECS rounding: floor up, ceiling down). */
export function rollingBounds(desired: number, config: Pick<DeploymentConfiguration, 'minimumHealthyPercent' | 'maximumPercent'>): { floor: number; ceiling: number } {
  return { floor: Math.max(0, Math.ceil((desired * config.minimumHealthyPercent) / 100 - 1e-9)), ceiling: Math.floor((desired * config.maximumPercent) / 100 + 1e-9) };
}

/** Circuit breaker failure threshold: 0.5 x desired count (rounded up), at least 3, at most 200. */
export function circuitBreakerThreshold(desired: number): number {
  return Math.min(200, Math.max(3, Math.ceil(0.5 * desired)));
}

/** An absolute pod count, or a percent of replicas (Kubernetes IntOrString, e.g. "25%"). */
export type IntOrPercent = number | string;

/** Kubernetes Deployment `strategy` plus `minReadySeconds` and `progressDeadlineSeconds`. */
export interface RollingUpdateStrategy {
  /** RollingUpdate (default), or Recreate: every old pod is deleted before new ones are created. */
  readonly type: 'RollingUpdate' | 'Recreate';
  readonly maxSurge: IntOrPercent;
  readonly maxUnavailable: IntOrPercent;
  readonly progressDeadlineMs: number;
  /** `minReadySeconds`, ms: a new pod counts as available only after being Ready this long (default 0). */
  readonly minReadyMs: number;
}

export const DEFAULT_ROLLING_UPDATE: RollingUpdateStrategy = { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: '25%', progressDeadlineMs: 600_000, minReadyMs: 0 };

/** Resolves an IntOrString against `replicas`: a percent rounds up (maxSurge) or down (maxUnavailable). */
export function resolveIntOrPercent(value: IntOrPercent, replicas: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const exact = (replicas * Number(value.slice(0, -1))) / 100;
  return Math.max(0, roundUp ? Math.ceil(exact - 1e-9) : Math.floor(exact + 1e-9));
}

/**
 * Kubernetes rolling update bounds: maxSurge rounds up, maxUnavailable rounds down; when both
 * resolve to 0, maxUnavailable becomes 1 (as the deployment controller's ResolveFenceposts does).
 */
export function kubeRollingBounds(replicas: number, strategy: Pick<RollingUpdateStrategy, 'maxSurge' | 'maxUnavailable'>): { maxSurge: number; maxUnavailable: number } {
  const maxSurge = resolveIntOrPercent(strategy.maxSurge, replicas, true);
  let maxUnavailable = resolveIntOrPercent(strategy.maxUnavailable, replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** A PodDisruptionBudget: exactly one of minAvailable or maxUnavailable. */
export interface PodDisruptionBudget {
  readonly minAvailable?: IntOrPercent;
  readonly maxUnavailable?: IntOrPercent;
}

/**
 * The disruption controller's desiredHealthy for `expected` pods (the Deployment's replicas): a
 * percent is scaled with rounding up, for minAvailable and maxUnavailable alike.
 */
export function pdbDesiredHealthy(pdb: PodDisruptionBudget, expected: number): number {
  if (pdb.minAvailable !== undefined) return resolveIntOrPercent(pdb.minAvailable, expected, true);
  return Math.max(0, expected - resolveIntOrPercent(pdb.maxUnavailable ?? 0, expected, true));
}
