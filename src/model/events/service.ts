import type { HealthFailureCause } from '../health-checks.js';
import type { HpaReason } from '../reasons/autoscaling.js';
import type { PlacementFailure } from '../reasons/placement.js';
import type { RolloutState } from '../service.js';
import type { CodeDocs, EventDocs } from './docs.js';
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
  | { readonly code: 'PROGRESS_DEADLINE_EXCEEDED'; readonly revision: number }
  /** A StatefulSet's RollingUpdate: all `replicas` pods are of the update revision and Ready (status.currentRevision becomes it). */
  | { readonly code: 'STATEFULSET_UPDATE_COMPLETE'; readonly revision: number; readonly replicas: number };

export interface RolloutStateChanged {
  readonly type: 'service.rollout-state';
  readonly time: number;
  readonly service: string;
  readonly deployment: string;
  readonly state: RolloutState;
  readonly cause: RolloutCause;
}

/** Why a rolling replacement (deployment or draining instance) starts or stops tasks. */
/** A service's RUNNING tasks in one AZ. */
export interface AzCount {
  readonly az: string;
  readonly tasks: number;
}

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
  | { readonly code: 'FARGATE_CAPACITY_UNAVAILABLE'; readonly task: string; readonly spot: boolean }
  /** Fargate Spot reclaims the task with a two-minute warning. */
  | { readonly code: 'SPOT_TASK_RECLAIMED'; readonly task: string }
  /** Every registered target failed its checks: the ALB fails open and routes to all of them. */
  | { readonly code: 'ALB_FAIL_OPEN'; readonly targets: number }
  /** Fargate's launch rate (the account's token bucket, or the service's 500 a minute): tasks wait in PROVISIONING for their turn. */
  | { readonly code: 'FARGATE_LAUNCH_RATE'; readonly spot: boolean; readonly burst: number; readonly perSecond: number; readonly servicePerMinute: number }
  /** The account's Fargate On-Demand (or Spot) vCPU quota is in use: tasks wait until running ones stop. */
  | { readonly code: 'FARGATE_VCPU_LIMIT'; readonly spot: boolean; readonly limit: number }
  /** ECS Availability Zone rebalancing starts (SERVICE_REBALANCING_STARTED): the service's RUNNING tasks per AZ. */
  | { readonly code: 'SERVICE_REBALANCING_STARTED'; readonly tasksPerAz: readonly AzCount[] }
  /** It completes (SERVICE_REBALANCING_COMPLETED): balanced, at most one apart. */
  | { readonly code: 'SERVICE_REBALANCING_COMPLETED'; readonly tasksPerAz: readonly AzCount[] }
  /** It stopped a task in an AZ with more than its share (TASKS_STOPPED); its replacement goes to the emptiest AZ. */
  | { readonly code: 'REBALANCING_TASK_STOPPED'; readonly task: string; readonly az: string }
  /** SuccessfulCreate: the StatefulSet controller created pod `pod` (its ordinal's stable name) as task `task`, mounting `claims`. */
  | { readonly code: 'STATEFULSET_POD_CREATED'; readonly pod: string; readonly task: string; readonly claims: readonly string[] }
  /** SuccessfulDelete: a StatefulSet's RollingUpdate deleted pod `pod` (task `task`, of `revision`) to bring its ordinal back at `updateRevision`. */
  | { readonly code: 'STATEFULSET_POD_DELETED'; readonly pod: string; readonly task: string; readonly revision: number; readonly updateRevision: number }
  /**
   * An OrderedReady StatefulSet waits for pod `pod` to be Running and Ready, and the pod is not of
   * the revision its ordinal should have (`updateRevision`): the controller never replaces it, so
   * the rollout stays stuck until it becomes Ready or is deleted (Kubernetes docs, "Forced rollback").
   */
  | { readonly code: 'STATEFULSET_ROLLOUT_BLOCKED'; readonly pod: string; readonly task: string; readonly revision: number; readonly updateRevision: number }
  /** `kubectl rollout undo statefulset/<name>` set the pod template back to `revision`. */
  | { readonly code: 'STATEFULSET_ROLLED_BACK'; readonly revision: number }
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

const S = { service: 'web' } as const;
const WEB_3: TaskDefinitionRef = { family: 'web', revision: 3 };

export const SERVICE_EVENT_DOCS = {
  'service.created': {
    when: 'The run creates a service (ECS) or Deployment (EKS) from the scenario.',
    fields: { service: 'Its name.', desiredCount: 'Its desired count (replicas).', taskDefinition: 'The task definition revision it starts with.' },
    examples: [{ type: 'service.created', time: 0, ...S, desiredCount: 4, taskDefinition: WEB_3 }],
  },
  'service.desired-count-changed': {
    when: "A service's desired count (a Deployment's replicas) is set: by a scenario event or an autoscaler.",
    fields: { service: 'The service.', from: 'The count before.', to: 'The count now.', cause: 'Who set it: SCENARIO, APPLICATION_AUTO_SCALING (with its policy) or HPA (with its reason).' },
    examples: [
      { type: 'service.desired-count-changed', time: 0, ...S, from: 4, to: 8, cause: { code: 'APPLICATION_AUTO_SCALING', policy: 'cpu' } },
      { type: 'service.desired-count-changed', time: 0, ...S, from: 10, to: 60, cause: { code: 'SCENARIO' } },
    ],
  },
  'service.deployment-started': {
    when: 'A new deployment (ECS UpdateService with a new revision, a circuit-breaker rollback, a Deployment rollout or `kubectl rollout undo`) becomes PRIMARY, IN_PROGRESS.',
    fields: {
      service: 'The service.',
      deployment: 'Its id: `ecs-svc/<n>`, or the n-th ReplicaSet `<workload>-<n>`.',
      taskDefinition: 'The revision it rolls out.',
      rollback: 'It rolls back to the last completed revision.',
    },
    examples: [
      { type: 'service.deployment-started', time: 0, ...S, deployment: 'ecs-svc/2', taskDefinition: WEB_3, rollback: false },
      { type: 'service.deployment-started', time: 0, ...S, deployment: 'ecs-svc/3', taskDefinition: { family: 'web', revision: 2 }, rollback: true },
    ],
  },
  'service.rollout-state': {
    when: "A deployment's rolloutState changes to COMPLETED or FAILED.",
    fields: {
      service: 'The service.',
      deployment: 'The deployment id.',
      state: 'COMPLETED or FAILED.',
      cause: 'Why: CIRCUIT_BREAKER, DEPLOYMENT_COMPLETED, NEW_REPLICASET_AVAILABLE, PROGRESS_DEADLINE_EXCEEDED or STATEFULSET_UPDATE_COMPLETE, with the numbers it reports.',
    },
    examples: [
      { type: 'service.rollout-state', time: 0, ...S, deployment: 'ecs-svc/2', state: 'FAILED', cause: { code: 'CIRCUIT_BREAKER', failedTasks: 10, threshold: 10, stage: 1 } },
      { type: 'service.rollout-state', time: 0, ...S, deployment: 'web-2', state: 'COMPLETED', cause: { code: 'NEW_REPLICASET_AVAILABLE', revision: 2 } },
    ],
  },
  'service.event': {
    when: "A service event: ECS's `describe-services` messages (placement failures, steady state, tasks started and stopped), a Deployment's events (ScalingReplicaSet), and what the cluster reports about a workload (DNS lookups failing, API throttling).",
    fields: { service: 'The service.', cause: 'What the event says, as a code and its data (see Service event codes); summary.json counts UNABLE_TO_PLACE as placement failures.' },
    examples: [
      {
        type: 'service.event',
        time: 0,
        ...S,
        cause: { code: 'UNABLE_TO_PLACE', failure: { code: 'NO_INSTANCE_MET_REQUIREMENTS', closest: 'i-000001', unmet: [{ code: 'INSUFFICIENT_MEMORY' }] } },
      },
      { type: 'service.event', time: 0, ...S, cause: { code: 'STEADY_STATE' } },
    ],
  },
} satisfies EventDocs<ServiceEvent>;

const DNS = { name: 'orders.default.svc.cluster.local', readyReplicas: 2, capacityQps: 10_000, offeredQps: 12_000 } as const;

export const SERVICE_EVENT_CAUSE_DOCS = {
  UNABLE_TO_PLACE: {
    meaning: 'ECS could not place a task; `failure` says why (see Placement failures).',
    example: { code: 'UNABLE_TO_PLACE', failure: { code: 'NO_CONTAINER_INSTANCES' } },
  },
  WAITING_FOR_CAPACITY_PROVIDER: {
    meaning: "Tasks wait while managed scaling adds instances to their capacity provider's group.",
    example: { code: 'WAITING_FOR_CAPACITY_PROVIDER', capacityProvider: 'cp-m5' },
  },
  UNABLE_TO_START_TASKS_CONSISTENTLY: {
    meaning: 'The service throttle: tasks keep failing to start, so ECS waits longer between launches.',
    example: { code: 'UNABLE_TO_START_TASKS_CONSISTENTLY' },
  },
  TASK_UNHEALTHY_IN_TARGET_GROUP: {
    meaning: "A task's target failed the load balancer's health checks; ECS replaces it.",
    example: { code: 'TASK_UNHEALTHY_IN_TARGET_GROUP', task: 't-000003', port: 8080, targetGroup: 'web-tg', cause: 'endpoint' },
  },
  TASK_FAILED_CONTAINER_HEALTH_CHECKS: {
    meaning: "A task's container health check went UNHEALTHY; ECS replaces it.",
    example: { code: 'TASK_FAILED_CONTAINER_HEALTH_CHECKS', task: 't-000003' },
  },
  STOPPED_UNHEALTHY_TASK: {
    meaning: 'ECS stopped the unhealthy task it is replacing.',
    example: { code: 'STOPPED_UNHEALTHY_TASK', task: 't-000003' },
  },
  STARTED_TASKS: {
    meaning: 'A rolling replacement (a deployment, or a draining container instance) started tasks.',
    example: { code: 'STARTED_TASKS', count: 2, why: { code: 'DEPLOYMENT', deployment: 'ecs-svc/2' } },
  },
  STOPPED_TASKS: {
    meaning: 'A rolling replacement stopped old tasks.',
    example: { code: 'STOPPED_TASKS', count: 2, why: { code: 'INSTANCE_DRAINING' } },
  },
  DEPLOYMENT_ROLLING_BACK: {
    meaning: 'The deployment circuit breaker rolls back to the last completed revision.',
    example: { code: 'DEPLOYMENT_ROLLING_BACK', deployment: 'ecs-svc/3', taskDefinition: { family: 'web', revision: 2 } },
  },
  STEADY_STATE: {
    meaning: 'A deployment completed: the service runs its desired count of the new revision.',
    example: { code: 'STEADY_STATE' },
  },
  TASK_WAITING_FOR_ENI: {
    meaning: "awsvpc on EC2: the task's ENI cannot get an address in its instance's AZ; it waits in PROVISIONING (reported once per episode).",
    example: { code: 'TASK_WAITING_FOR_ENI', task: 't-000009', az: 'us-east-1a', subnets: ['tasks-a'] },
  },
  FARGATE_TASK_WAITING_FOR_ADDRESS: {
    meaning: "Fargate: no subnet of the service has a free address for the task's ENI; it waits in PROVISIONING.",
    example: { code: 'FARGATE_TASK_WAITING_FOR_ADDRESS', task: 't-000009' },
  },
  FARGATE_CAPACITY_UNAVAILABLE: {
    meaning: "Fargate (`spot`: Fargate Spot) has no capacity in any AZ of the service's subnets (an `insufficientCapacity` fault with launchType FARGATE): the task waits in PROVISIONING and its launch is retried; Spot tasks are not moved to On-Demand capacity (reported once per episode).",
    example: { code: 'FARGATE_CAPACITY_UNAVAILABLE', task: 't-000009', spot: true },
  },
  ALB_FAIL_OPEN: {
    meaning: 'Every target registered in the service\'s target group is unhealthy: the ALB fails open and routes requests to all of them; those whose app still runs serve them.',
    example: { code: 'ALB_FAIL_OPEN', targets: 4 },
  },
  FARGATE_LAUNCH_RATE: {
    meaning: "Fargate's launch rate quota holds the service's tasks back: the account's token bucket (burst 100, 20 a second, On-Demand and Spot each) or the service's 500 a minute. They wait in PROVISIONING and launch as tokens come.",
    example: { code: 'FARGATE_LAUNCH_RATE', spot: false, burst: 100, perSecond: 20, servicePerMinute: 500 },
  },
  FARGATE_VCPU_LIMIT: {
    meaning: "The account's Fargate On-Demand (or Spot) vCPU quota is in use: the service cannot place more tasks until running ones stop (ECS's wording).",
    example: { code: 'FARGATE_VCPU_LIMIT', spot: false, limit: 4000 },
  },
  SERVICE_REBALANCING_STARTED: {
    meaning: 'ECS Availability Zone rebalancing starts: the RUNNING tasks are two or more apart between AZs (after an AZ impairment ends, or capacity returns to an AZ).',
    example: { code: 'SERVICE_REBALANCING_STARTED', tasksPerAz: [{ az: 'us-east-1a', tasks: 5 }, { az: 'us-east-1b', tasks: 0 }, { az: 'us-east-1c', tasks: 5 }] },
  },
  SERVICE_REBALANCING_COMPLETED: {
    meaning: 'ECS Availability Zone rebalancing completes: the AZs are at most one task apart.',
    example: { code: 'SERVICE_REBALANCING_COMPLETED', tasksPerAz: [{ az: 'us-east-1a', tasks: 4 }, { az: 'us-east-1b', tasks: 3 }, { az: 'us-east-1c', tasks: 3 }] },
  },
  REBALANCING_TASK_STOPPED: {
    meaning: 'ECS Availability Zone rebalancing stopped a task in an AZ with more than its share; the service scheduler starts its replacement in the emptiest AZ.',
    example: { code: 'REBALANCING_TASK_STOPPED', task: 't-000004', az: 'us-east-1a' },
  },
  SPOT_TASK_RECLAIMED: {
    meaning: 'Fargate Spot reclaims the task with a two-minute warning (SIGTERM).',
    example: { code: 'SPOT_TASK_RECLAIMED', task: 't-000009' },
  },
  STATEFULSET_POD_CREATED: {
    meaning: 'SuccessfulCreate: the StatefulSet controller created the pod of an ordinal (a new one, or the replacement of one that is gone), with its PersistentVolumeClaims.',
    example: { code: 'STATEFULSET_POD_CREATED', pod: 'db-0', task: 't-000004', claims: ['data-db-0'] },
  },
  STATEFULSET_POD_DELETED: {
    meaning: "SuccessfulDelete: a StatefulSet's RollingUpdate deleted a pod not of the update revision (the highest such ordinal at or above the partition, once the pods above it are Running and Ready); once it is gone the ordinal comes back at the update revision, with the same claims.",
    example: { code: 'STATEFULSET_POD_DELETED', pod: 'db-2', task: 't-000006', revision: 1, updateRevision: 2 },
  },
  STATEFULSET_ROLLOUT_BLOCKED: {
    meaning:
      "An OrderedReady StatefulSet waits for a pod that is not Running and Ready and not of the revision its ordinal should have (a bad revision's pod left behind by a revert): the controller never replaces it, so nothing moves until it is deleted (Kubernetes docs, \"Forced rollback\"). Reported once per pod; fleetsim's wording.",
    example: { code: 'STATEFULSET_ROLLOUT_BLOCKED', pod: 'db-2', task: 't-000009', revision: 2, updateRevision: 1 },
  },
  STATEFULSET_ROLLED_BACK: {
    meaning: '`kubectl rollout undo statefulset/<name>` set the pod template back to the last completed revision (a new rollout, with its updateStrategy).',
    example: { code: 'STATEFULSET_ROLLED_BACK', revision: 1 },
  },
  SCALED_UP_REPLICA_SET: {
    meaning: "ScalingReplicaSet: a rollout scaled the new ReplicaSet up.",
    example: { code: 'SCALED_UP_REPLICA_SET', revision: 2, replicas: 3 },
  },
  SCALED_DOWN_OLD_REPLICA_SETS: {
    meaning: 'ScalingReplicaSet: a rollout scaled the old ReplicaSets down.',
    example: { code: 'SCALED_DOWN_OLD_REPLICA_SETS', by: 1, to: 2 },
  },
  ROLLBACK_REVISION_NOT_FOUND: {
    meaning: '`kubectl rollout undo` found no earlier revision to roll back to.',
    example: { code: 'ROLLBACK_REVISION_NOT_FOUND' },
  },
  ROLLED_BACK: {
    meaning: '`kubectl rollout undo` rolled the Deployment back to an earlier revision.',
    example: { code: 'ROLLED_BACK', revision: 1 },
  },
  DNS_LOOKUPS_FAILING: {
    meaning: "The workload's DNS lookups time out: CoreDNS is overloaded or has no Ready replica.",
    example: { code: 'DNS_LOOKUPS_FAILING', ...DNS, dnsServerIp: '172.20.0.10', queryFailure: 1 / 6, requestFailure: 0.52 },
  },
  DNS_LOOKUPS_RECOVERED: {
    meaning: "The workload's lookups succeed again.",
    example: { code: 'DNS_LOOKUPS_RECOVERED', ...DNS, readyReplicas: 3, capacityQps: 15_000 },
  },
  API_THROTTLED: {
    meaning: "A controller's API calls about the workload get 429 Too Many Requests from API Priority and Fairness; client-go retries after Retry-After.",
    example: {
      code: 'API_THROTTLED',
      client: 'replicaset-controller',
      call: 'create-pods',
      retryAfterMs: 1_000,
      priorityLevel: 'workload-high',
      flow: 'kube-system-service-accounts/default',
      sharedWith: ['pod-watcher'],
      rejectedFraction: 0.94,
    },
  },
  API_CALL_FAILED: {
    meaning: 'Every retry of the call got a 429: the controller records FailedCreate (or FailedBinding) and requeues it with back-off.',
    example: { code: 'API_CALL_FAILED', client: 'replicaset-controller', call: 'create-pods', retries: 10 },
  },
} satisfies CodeDocs<ServiceEventCause>;
