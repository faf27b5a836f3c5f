import type { HealthFailureCause } from '../health-checks.js';
import type { HpaReason } from '../reasons/autoscaling.js';
import type { PlacementFailure } from '../reasons/placement.js';
import type { RolloutState } from '../service.js';
import type { TaskDefinitionRef } from './task.js';

/** Trace events about an ECS service or a Kubernetes Deployment as a whole. */

export interface ServiceCreated {
  readonly type: 'service.created';
  readonly time: number;
  readonly service: string;
  readonly desiredCount: number;
  readonly taskDefinition: TaskDefinitionRef;
}

/** Who set the desired count. */
export type DesiredCountCause =
  /** A `scale` event of the scenario. */
  | { readonly code: 'SCENARIO' }
  /** ECS Service Auto Scaling; `policy` null when only the capacity bounds moved it. */
  | { readonly code: 'APPLICATION_AUTO_SCALING'; readonly policy: string | null }
  /** The HorizontalPodAutoscaler, for `reason`. */
  | { readonly code: 'HPA'; readonly reason: HpaReason };

export interface DesiredCountChanged {
  readonly type: 'service.desired-count-changed';
  readonly time: number;
  readonly service: string;
  readonly from: number;
  readonly to: number;
  readonly cause: DesiredCountCause;
}

export interface DeploymentStarted {
  readonly type: 'service.deployment-started';
  readonly time: number;
  readonly service: string;
  /** `ecs-svc/<n>`, or the Deployment's n-th ReplicaSet `<workload>-<n>`. */
  readonly deployment: string;
  readonly taskDefinition: TaskDefinitionRef;
  /** A circuit-breaker rollback or `kubectl rollout undo`. */
  readonly rollback: boolean;
}

/** Why a rollout reached its state. */
export type RolloutCause =
  /** ECS: the deployment circuit breaker tripped (failed tasks reached its threshold). */
  | { readonly code: 'CIRCUIT_BREAKER'; readonly failedTasks: number; readonly threshold: number; readonly stage: number }
  /** ECS: only PRIMARY tasks remain and enough of them are healthy. */
  | { readonly code: 'DEPLOYMENT_COMPLETED' }
  /** Kubernetes Progressing=True, NewReplicaSetAvailable. */
  | { readonly code: 'NEW_REPLICASET_AVAILABLE'; readonly revision: number }
  /** Kubernetes Progressing=False, ProgressDeadlineExceeded (no automatic rollback). */
  | { readonly code: 'PROGRESS_DEADLINE_EXCEEDED'; readonly revision: number };

export interface RolloutStateChanged {
  readonly type: 'service.rollout-state';
  readonly time: number;
  readonly service: string;
  readonly deployment: string;
  readonly state: RolloutState;
  readonly cause: RolloutCause;
}

/** Why a rolling replacement (deployment or draining instance) starts or stops tasks. */
export type ReplacementCause = { readonly code: 'DEPLOYMENT'; readonly deployment: string } | { readonly code: 'INSTANCE_DRAINING' };

/** Which API call the API server throttled. */
export type ApiCall = 'create-pods' | 'bind-pods';

/**
 * What a service event says: ECS's service events (`describe-services`), and the Deployment's
 * and the cluster's messages about a workload on EKS.
 */
export type ServiceEventCause =
  /** ECS could not place a task (`failure` says why). */
  | { readonly code: 'UNABLE_TO_PLACE'; readonly failure: PlacementFailure }
  /** Tasks wait for managed scaling to add instances to the capacity provider's group. */
  | { readonly code: 'WAITING_FOR_CAPACITY_PROVIDER'; readonly capacityProvider: string }
  /** The service throttle: too many tasks failed to start in a row. */
  | { readonly code: 'UNABLE_TO_START_TASKS_CONSISTENTLY' }
  /** A task's target failed the load balancer's health checks (ECS replaces it). */
  | { readonly code: 'TASK_UNHEALTHY_IN_TARGET_GROUP'; readonly task: string; readonly port: number | null; readonly targetGroup: string; readonly cause: HealthFailureCause }
  /** A task's container health check failed (ECS replaces it). */
  | { readonly code: 'TASK_FAILED_CONTAINER_HEALTH_CHECKS'; readonly task: string }
  /** The scheduler stopped the named unhealthy task. */
  | { readonly code: 'STOPPED_UNHEALTHY_TASK'; readonly task: string }
  /** A replacement step started `count` tasks. */
  | { readonly code: 'STARTED_TASKS'; readonly count: number; readonly why: ReplacementCause }
  /** A replacement step stopped `count` old tasks. */
  | { readonly code: 'STOPPED_TASKS'; readonly count: number; readonly why: ReplacementCause }
  /** The circuit breaker rolls the service back to the last completed revision. */
  | { readonly code: 'DEPLOYMENT_ROLLING_BACK'; readonly deployment: string; readonly taskDefinition: TaskDefinitionRef }
  | { readonly code: 'STEADY_STATE' }
  /** awsvpc on EC2: the task's ENI cannot get an address in the instance's AZ. */
  | { readonly code: 'TASK_WAITING_FOR_ENI'; readonly task: string; readonly az: string; readonly subnets: readonly string[] }
  /** Fargate: no subnet of the service has a free address for the task's ENI. */
  | { readonly code: 'FARGATE_TASK_WAITING_FOR_ADDRESS'; readonly task: string }
  /** Fargate Spot reclaims the task with a two-minute warning. */
  | { readonly code: 'SPOT_TASK_RECLAIMED'; readonly task: string }
  /** ScalingReplicaSet: the new ReplicaSet scaled up to `replicas`. */
  | { readonly code: 'SCALED_UP_REPLICA_SET'; readonly revision: number; readonly replicas: number }
  /** ScalingReplicaSet: the old ReplicaSets scaled down by `by`, to `to`. */
  | { readonly code: 'SCALED_DOWN_OLD_REPLICA_SETS'; readonly by: number; readonly to: number }
  /** `kubectl rollout undo` found no earlier revision. */
  | { readonly code: 'ROLLBACK_REVISION_NOT_FOUND' }
  /** `kubectl rollout undo` rolled the Deployment back to `revision`. */
  | { readonly code: 'ROLLED_BACK'; readonly revision: number }
  /** The workload's DNS lookups (of `name`) time out: CoreDNS is overloaded (`readyReplicas` > 0) or down. */
  | {
      readonly code: 'DNS_LOOKUPS_FAILING';
      readonly name: string;
      readonly dnsServerIp: string;
      readonly queryFailure: number;
      readonly requestFailure: number;
      readonly readyReplicas: number;
      readonly capacityQps: number;
      readonly offeredQps: number;
    }
  /** The workload's lookups succeed again. */
  | { readonly code: 'DNS_LOOKUPS_RECOVERED'; readonly name: string; readonly readyReplicas: number; readonly capacityQps: number; readonly offeredQps: number }
  /** A controller's calls about the workload get 429s (client-go retries after Retry-After). */
  | {
      readonly code: 'API_THROTTLED';
      readonly client: string;
      readonly call: ApiCall;
      readonly retryAfterMs: number;
      readonly priorityLevel: string;
      readonly flow: string;
      /** Noisy clients in the same flow. */
      readonly sharedWith: readonly string[];
      readonly rejectedFraction: number;
    }
  /** Every retry got a 429: the controller records FailedCreate/FailedBinding and requeues. */
  | { readonly code: 'API_CALL_FAILED'; readonly client: string; readonly call: ApiCall; readonly retries: number };

export interface ServiceEventPosted {
  readonly type: 'service.event';
  readonly time: number;
  readonly service: string;
  readonly cause: ServiceEventCause;
}

export type ServiceEvent = ServiceCreated | DesiredCountChanged | DeploymentStarted | RolloutStateChanged | ServiceEventPosted;
