/**
 * How a workload replaces its tasks: ECS `deploymentConfiguration`, its deployments and the
 * circuit breaker's threshold; Kubernetes Deployment strategies (RollingUpdate, Recreate) and
 * PodDisruptionBudgets. Data and pure arithmetic; the controllers act on them.
 */
import type { TaskDefinition } from './task-definition.js';

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

/** A pod the disruption controller counts as healthy: RUNNING and Ready (its readiness probe passed). */
export function podReady(task: { readonly status: string; readonly healthyAt: number | null }): boolean {
  return task.status === 'RUNNING' && task.healthyAt !== null;
}

/**
 * A pod a workload controller counts as available at `now`: Ready for at least `minReadyMs`
 * (the workload's minReadySeconds; upstream's IsPodAvailable / isRunningAndAvailable).
 */
export function podAvailable(task: { readonly status: string; readonly healthyAt: number | null }, minReadyMs: number, now: number): boolean {
  return podReady(task) && now - task.healthyAt! >= minReadyMs;
}

/** The workload's Ready pods (PodDisruptionBudget status.currentHealthy). */
export function readyPods(tasks: Iterable<{ readonly status: string; readonly healthyAt: number | null }>): number {
  let n = 0;
  for (const t of tasks) if (podReady(t)) n++;
  return n;
}

/**
 * PodDisruptionBudget status.disruptionsAllowed: Ready pods beyond desiredHealthy for `expected`
 * pods (the workload's replicas), never below 0.
 */
export function pdbDisruptionsAllowed(pdb: PodDisruptionBudget, tasks: Iterable<{ readonly status: string; readonly healthyAt: number | null }>, expected: number): number {
  return Math.max(0, readyPods(tasks) - pdbDesiredHealthy(pdb, expected));
}
