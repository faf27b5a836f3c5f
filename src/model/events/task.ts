import type { HealthFailureCause } from '../health-checks.js';
import type { ImagePullFailure } from '../app-failure.js';
import type { StopReason } from '../reasons/stop.js';
import type { WorkloadKind } from '../service.js';
import type { StopCode, TaskStatus } from '../task.js';

/**
 * Trace events about one ECS task or Kubernetes pod, from creation to STOPPED. Every one names
 * the task (`task`), its service or workload (`service`) and, when it has one, its host.
 */

/** A task definition revision, as `family:revision`. */
export interface TaskDefinitionRef {
  readonly family: string;
  readonly revision: number;
}

export interface TaskCreated {
  readonly type: 'task.created';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly taskDefinition: TaskDefinitionRef;
  readonly capacityProvider: string | null;
}

export interface TaskPlaced {
  readonly type: 'task.placed';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  /** The host, its type and AZ; all null on Fargate (AWS provisions a microVM). */
  readonly host: string | null;
  readonly instanceType: string | null;
  readonly az: string | null;
}

/** Why a task moved along its start-up path (the agent that moved it). */
export type StartStep =
  /** The ECS agent on EC2 accepted the task. */
  | 'AGENT_ACCEPTED'
  /** Fargate: the microVM and the task's ENI are ready. */
  | 'MICROVM_READY'
  /** kubelet: the pod sandbox is ready (it has its address). */
  | 'SANDBOX_READY'
  /** The containers started. */
  | 'CONTAINERS_STARTED';

export type TaskStatusChanged = {
  readonly type: 'task.status-changed';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  readonly from: TaskStatus;
} & (
  | { readonly to: 'PENDING' | 'RUNNING'; readonly step: StartStep }
  /** STOPPING: why the stop began (the reason the task will be STOPPED with). */
  | { readonly to: 'STOPPING'; readonly reason: StopReason }
);

export interface TaskImagesReady {
  readonly type: 'task.images-ready';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  /** How long the task waited for its images (0: all cached). */
  readonly pullMs: number;
}

export interface TaskImagePullFailed {
  readonly type: 'task.image-pull-failed';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  readonly image: string;
  readonly failure: ImagePullFailure;
  /** Who reports it: the ECS agent (the task stops) or kubelet (ErrImagePull, then a back-off). */
  readonly agent: 'ecs' | 'kubelet';
}

export interface TaskHealthy {
  readonly type: 'task.healthy';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  /** ECS service (healthStatus HEALTHY) or Kubernetes Deployment (Ready). */
  readonly workload: WorkloadKind;
}

export interface TaskInService {
  readonly type: 'task.in-service';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
}

export interface TaskRecovered {
  readonly type: 'task.recovered';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  /** `health`: healthy (Ready) again; `target`: healthy in the load balancer again. */
  readonly check: 'health' | 'target';
  readonly workload: WorkloadKind;
}

/** Which check took the task out of service. */
export type UnhealthyReason =
  /** ECS container health check UNHEALTHY after `failureThreshold` failures. */
  | { readonly code: 'CONTAINER_HEALTH_CHECK'; readonly failureThreshold: number; readonly cause: HealthFailureCause }
  /** The load balancer marked the target unhealthy. */
  | { readonly code: 'TARGET_UNHEALTHY'; readonly cause: HealthFailureCause }
  /** Kubernetes readiness probe failed `failureThreshold` times: NotReady. */
  | { readonly code: 'READINESS_PROBE'; readonly failureThreshold: number }
  /** The pod's node went NotReady, so the node lifecycle controller marked its pods not Ready. */
  | { readonly code: 'NODE_NOT_READY'; readonly host: string };

export interface TaskUnhealthy {
  readonly type: 'task.unhealthy';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  readonly reason: UnhealthyReason;
}

export interface TaskSigterm {
  readonly type: 'task.sigterm';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  /** How long deregistration from the target group took before SIGTERM. */
  readonly deregisteredAfterMs: number;
  readonly stopTimeoutMs: number;
}

export interface TaskSigkill {
  readonly type: 'task.sigkill';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  /** Requests in flight at the kill: their connections are reset. */
  readonly dropped: number;
  /** The app handles SIGTERM (it was still draining) or ignores it. */
  readonly handlesSigterm: boolean;
}

export interface TaskStopped {
  readonly type: 'task.stopped';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  /** The host the task ran on (null: never placed, or Fargate). */
  readonly host: string | null;
  readonly stopCode: StopCode;
  readonly reason: StopReason;
}

export interface TaskEniAttached {
  readonly type: 'task.eni-attached';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  /** The ENI's address (an IPv4 address as a 32-bit number). */
  readonly ip: number;
  readonly subnet: string;
  readonly az: string;
}

export type TaskEvent =
  | TaskCreated
  | TaskPlaced
  | TaskStatusChanged
  | TaskImagesReady
  | TaskImagePullFailed
  | TaskHealthy
  | TaskInService
  | TaskRecovered
  | TaskUnhealthy
  | TaskSigterm
  | TaskSigkill
  | TaskStopped
  | TaskEniAttached;
