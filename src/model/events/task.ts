import type { HealthFailureCause } from '../health-checks.js';
import type { ImagePullFailure } from '../app-failure.js';
import type { StopReason } from '../reasons/stop.js';
import type { WorkloadKind } from '../service.js';
import type { StopCode, TaskStatus } from '../task.js';
import type { CodeDocs, EventDocs } from './docs.js';

/**
 * Trace events about one ECS task or Kubernetes pod, from creation to STOPPED. Every one names
 * the task (`task`), its service or workload (`service`) and, when it has one, its host.
 */

/**
 * A task definition revision, as `family:revision`. The actions pass the TaskDefinition itself
 * (it has these fields), so an event costs no copy of it.
 */
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
  /** The GPU ids pinned to it (ECS agent, NVIDIA device plugin); absent when it takes none. */
  readonly gpuIds?: readonly number[];
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

/** The task's containers start in an order (ECS dependsOn, Kubernetes init containers) or beside a mesh proxy. */
export interface TaskContainersOrdered {
  readonly type: 'task.containers-ordered';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  /** Container names in the order they start. */
  readonly order: readonly string[];
  /** Of the time from images ready to RUNNING, what the last container to start waits for its dependencies, ms. */
  readonly dependencyWaitMs: number;
  /** How long after the app container starts its mesh proxy is ready, ms (0: ready first, or none). */
  readonly proxyLagMs: number;
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
  /**
   * Present (true) when the ECS agent starts the container from the image cached on the instance
   * instead (ECS_IMAGE_PULL_BEHAVIOR default): the task goes on starting.
   */
  readonly usedCachedImage?: true;
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

/**
 * The target group's deregistration delay ran out while requests to the stopping task were still
 * in flight: the load balancer closes their connections (they fail as ELB 5XX).
 */
export interface TaskDeregistrationCut {
  readonly type: 'task.deregistration-cut';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  /** Requests still in flight when the delay ran out. */
  readonly cut: number;
  readonly deregistrationDelayMs: number;
}

/**
 * Auto Scaling terminated the task's instance under it, undrained: the requests it had in flight
 * die with the instance (they fail as ELB 5XX).
 */
export interface TaskInFlightLost {
  readonly type: 'task.in-flight-lost';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  /** Requests in flight when the instance went. */
  readonly lost: number;
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
  | TaskContainersOrdered
  | TaskImagePullFailed
  | TaskHealthy
  | TaskInService
  | TaskRecovered
  | TaskUnhealthy
  | TaskSigterm
  | TaskSigkill
  | TaskDeregistrationCut
  | TaskInFlightLost
  | TaskStopped
  | TaskEniAttached;

const T = { task: 't-000007', service: 'web' } as const;
const TD: TaskDefinitionRef = { family: 'web', revision: 3 };
const ON = { ...T, host: 'i-000002' } as const;

export const TASK_EVENT_DOCS = {
  'task.created': {
    when: 'The ECS service scheduler or the Kubernetes ReplicaSet controller creates a task (pod) its service wants; it is UNPLACED until placed.',
    fields: {
      task: 'The task id (`t-000001`, sequential).',
      service: 'The ECS service or Kubernetes Deployment it belongs to.',
      taskDefinition: "The task definition revision it runs (the service's at creation).",
      capacityProvider: 'The capacity provider the strategy assigned it to (`FARGATE_SPOT`, a group provider), or null for a launch type.',
    },
    examples: [
      { type: 'task.created', time: 0, ...T, taskDefinition: TD, capacityProvider: null },
      { type: 'task.created', time: 0, ...T, taskDefinition: TD, capacityProvider: 'FARGATE_SPOT' },
    ],
  },
  'task.placed': {
    when: 'A placement policy chose a host and its resources are reserved (ECS placement, kube-scheduler binding), or a Fargate task starts provisioning; the task is PROVISIONING.',
    fields: {
      task: 'The task id.',
      service: 'Its service.',
      host: 'The EC2 instance it was placed on; null on Fargate.',
      instanceType: "The host's instance type; null on Fargate.",
      az: "The host's Availability Zone; null on Fargate (task.eni-attached gives its AZ).",
      gpuIds: 'The GPU ids pinned to it on the host, in container order (ECS GPU resourceRequirements, nvidia.com/gpu); absent without GPUs.',
    },
    examples: [
      { type: 'task.placed', time: 0, ...T, host: 'i-000002', instanceType: 'm5.large', az: 'us-east-1b' },
      { type: 'task.placed', time: 0, ...T, host: 'i-000003', instanceType: 'g5.12xlarge', az: 'us-east-1a', gpuIds: [2, 3] },
      { type: 'task.placed', time: 0, ...T, host: null, instanceType: null, az: null },
    ],
  },
  'task.status-changed': {
    when: 'A placed task moves along its start-up path (PROVISIONING -> PENDING -> RUNNING) or starts stopping (STOPPING).',
    fields: {
      task: 'The task id.',
      service: 'Its service.',
      host: 'Its host; null on Fargate.',
      from: 'The status it leaves.',
      to: 'PENDING, RUNNING or STOPPING.',
      step: 'PENDING and RUNNING: the agent step that moved it (AGENT_ACCEPTED, MICROVM_READY, SANDBOX_READY, CONTAINERS_STARTED).',
      reason: 'STOPPING: why the stop began, a stop reason code (see Stop reasons).',
    },
    examples: [
      { type: 'task.status-changed', time: 0, ...ON, from: 'PROVISIONING', to: 'PENDING', step: 'AGENT_ACCEPTED' },
      { type: 'task.status-changed', time: 0, ...ON, from: 'PENDING', to: 'RUNNING', step: 'CONTAINERS_STARTED' },
      { type: 'task.status-changed', time: 0, ...ON, from: 'RUNNING', to: 'STOPPING', reason: { code: 'SCALE_IN' } },
    ],
  },
  'task.images-ready': {
    when: "The task's images are in place: pulled, joined a pull in flight on the host, or cached.",
    fields: { task: 'The task id.', service: 'Its service.', host: 'Its host; null on Fargate.', pullMs: 'How long it waited for its images (0: all cached).' },
    examples: [
      { type: 'task.images-ready', time: 0, ...ON, pullMs: 0 },
      { type: 'task.images-ready', time: 0, ...ON, pullMs: 4210 },
    ],
  },
  'task.containers-ordered': {
    when:
      "The task's images are ready and its containers start in an order (ECS dependsOn; Kubernetes init containers and native sidecars) or beside a mesh proxy: emitted with task.images-ready, giving the plan the task follows to RUNNING.",
    fields: {
      task: 'The task id.',
      service: 'Its service.',
      host: 'Its host; null on Fargate.',
      order: 'Container names in the order they start.',
      dependencyWaitMs: 'Of the time from images ready to RUNNING, what the last container to start waits for its dependencies (the start-up split\'s dependencies phase).',
      proxyLagMs: 'How long after the app container starts its mesh proxy is ready (0: ready first, or no proxy); an app that connects out at start fails in that window.',
    },
    examples: [
      { type: 'task.containers-ordered', time: 0, ...ON, order: ['istio-init', 'istio-proxy', 'api'], dependencyWaitMs: 4120, proxyLagMs: 0 },
      { type: 'task.containers-ordered', time: 0, ...ON, order: ['istio-proxy', 'api'], dependencyWaitMs: 0, proxyLagMs: 1320 },
    ],
  },
  'task.image-pull-failed': {
    when: "Pulling one of the task's images failed, or resolving a cached one's tag did (the app's failure model, a registry outage, no path to the registry, or its pull rate limit).",
    fields: {
      task: 'The task id.',
      service: 'Its service.',
      host: 'Its host; null on Fargate.',
      image: 'The image reference.',
      failure: 'What the registry answered: registry-unreachable, access-denied, tag-not-found, layers-unreachable (the manifest came, the layers cannot) or rate-limited (429 toomanyrequests; image.pull-rate-limited says whose quota).',
      agent: 'ecs (the task stops with CannotPullContainerError) or kubelet (ErrImagePull, then ImagePullBackOff).',
      usedCachedImage:
        'Present (true) when the ECS agent, with ECS_IMAGE_PULL_BEHAVIOR default, falls back on the image cached on the instance: the task does not stop, its containers start from the cached image.',
    },
    examples: [
      { type: 'task.image-pull-failed', time: 0, ...ON, image: 'web:3', failure: 'tag-not-found', agent: 'ecs' },
      { type: 'task.image-pull-failed', time: 0, ...ON, image: 'web:3', failure: 'access-denied', agent: 'kubelet' },
      { type: 'task.image-pull-failed', time: 0, ...ON, image: 'web:3', failure: 'registry-unreachable', agent: 'ecs', usedCachedImage: true },
    ],
  },
  'task.healthy': {
    when: 'The task first passed its health check since its container started: ECS healthStatus HEALTHY, Kubernetes Ready.',
    fields: { task: 'The task id.', service: 'Its service.', host: 'Its host; null on Fargate.', workload: 'ecs-service or deployment.' },
    examples: [
      { type: 'task.healthy', time: 0, ...ON, workload: 'ecs-service' },
      { type: 'task.healthy', time: 0, ...ON, workload: 'deployment' },
    ],
  },
  'task.in-service': {
    when: "The task's target turned healthy in its load balancer's target group: it receives traffic.",
    fields: { task: 'The task id.', service: 'Its service.', host: 'Its host; null on Fargate.' },
    examples: [{ type: 'task.in-service', time: 0, ...ON }],
  },
  'task.recovered': {
    when: 'A task that had failed a check passes it again (Ready again, or healthy in its target group again).',
    fields: { task: 'The task id.', service: 'Its service.', host: 'Its host; null on Fargate.', check: 'health or target.', workload: 'ecs-service or deployment.' },
    examples: [{ type: 'task.recovered', time: 0, ...ON, check: 'health', workload: 'deployment' }],
  },
  'task.unhealthy': {
    when: 'A check failed its threshold of times in a row, or the node went NotReady: the task takes no more traffic.',
    fields: { task: 'The task id.', service: 'Its service.', host: 'Its host; null on Fargate.', reason: 'Which check, and why it failed (see Unhealthy reasons).' },
    examples: [
      { type: 'task.unhealthy', time: 0, ...ON, reason: { code: 'TARGET_UNHEALTHY', cause: 'overload' } },
      { type: 'task.unhealthy', time: 0, ...ON, reason: { code: 'READINESS_PROBE', failureThreshold: 3 } },
    ],
  },
  'task.sigterm': {
    when: "ECS sends SIGTERM after the task's target finished deregistering (connection draining); a SIGTERM at the same instant as STOPPING has no event of its own.",
    fields: {
      task: 'The task id.',
      service: 'Its service.',
      host: 'Its host; null on Fargate.',
      deregisteredAfterMs: 'How long deregistration took after STOPPING.',
      stopTimeoutMs: 'The stop timeout that runs from now (ECS stopTimeout).',
    },
    examples: [{ type: 'task.sigterm', time: 0, ...ON, deregisteredAfterMs: 30_000, stopTimeoutMs: 30_000 }],
  },
  'task.sigkill': {
    when: 'The stop timeout ran out with the process still there: SIGKILL, and the requests still in flight are dropped.',
    fields: {
      task: 'The task id.',
      service: 'Its service.',
      host: 'Its host; null on Fargate.',
      dropped: 'Requests in flight at the kill (their connections are reset).',
      handlesSigterm: 'The app handles SIGTERM (it was still draining) or ignores it.',
    },
    examples: [{ type: 'task.sigkill', time: 0, ...ON, dropped: 42, handlesSigterm: false }],
  },
  'task.deregistration-cut': {
    when: "The target group's deregistration delay ran out before the stopping task's in-flight requests finished: the load balancer closes them (ELB 5XX), then ECS sends SIGTERM.",
    fields: {
      task: 'The task id.',
      service: 'Its service.',
      host: 'Its host; null on Fargate.',
      cut: 'Requests still in flight when the delay ran out.',
      deregistrationDelayMs: "The target group's deregistration delay.",
    },
    examples: [{ type: 'task.deregistration-cut', time: 0, ...ON, cut: 12, deregistrationDelayMs: 30_000 }],
  },
  'task.in-flight-lost': {
    when: 'Auto Scaling terminated the instance under the serving task without draining it (or when its drain ran out of time): the requests it had in flight die with the instance (ELB 5XX). The task stops in the same instant.',
    fields: {
      task: 'The task id.',
      service: 'Its service.',
      host: 'The terminated instance.',
      lost: 'Requests in flight when the instance went (its served rate x the app model requestDuration).',
    },
    examples: [{ type: 'task.in-flight-lost', time: 0, ...ON, lost: 6 }],
  },
  'task.stopped': {
    when: 'The task is STOPPED: its host resources, ports and address are released.',
    fields: {
      task: 'The task id.',
      service: 'Its service.',
      host: 'The host it ran on; null if never placed or on Fargate.',
      stopCode: 'ECS stopCode (TaskFailedToStart, EssentialContainerExited, ServiceSchedulerInitiated, SpotInterruption, TerminationNotice, UserInitiated).',
      reason: 'Why it stopped, a stop reason code (see Stop reasons): tasks.csv `stopped_reason` is its wording.',
    },
    examples: [
      { type: 'task.stopped', time: 0, ...ON, stopCode: 'ServiceSchedulerInitiated', reason: { code: 'DEPLOYMENT', deployment: 'ecs-svc/2' } },
      { type: 'task.stopped', time: 0, ...ON, stopCode: 'EssentialContainerExited', reason: { code: 'ESSENTIAL_CONTAINER_EXITED', container: 'web', exitCode: 137, oom: true } },
    ],
  },
  'task.eni-attached': {
    when: 'An awsvpc task (ECS on EC2, Fargate) got its own ENI with an address from one of its subnets.',
    fields: {
      task: 'The task id.',
      service: 'Its service.',
      host: 'Its host; null on Fargate.',
      ip: 'The ENI address (IPv4 as a 32-bit number; worded dotted).',
      subnet: 'The subnet it came from.',
      az: "The subnet's Availability Zone.",
    },
    examples: [{ type: 'task.eni-attached', time: 0, ...T, host: null, ip: 0x0a000805, subnet: 'tasks-a', az: 'us-east-1a' }],
  },
} satisfies EventDocs<TaskEvent>;

export const UNHEALTHY_REASON_DOCS = {
  CONTAINER_HEALTH_CHECK: {
    meaning: 'ECS: the container health check failed its threshold of times, because the endpoint fails (`endpoint`) or answers too slowly (`overload`).',
    example: { code: 'CONTAINER_HEALTH_CHECK', failureThreshold: 3, cause: 'endpoint' },
  },
  TARGET_UNHEALTHY: { meaning: "The load balancer marked the task's target unhealthy.", example: { code: 'TARGET_UNHEALTHY', cause: 'endpoint' } },
  READINESS_PROBE: { meaning: 'Kubernetes: the readiness probe failed its threshold; the pod leaves its endpoints (and target group).', example: { code: 'READINESS_PROBE', failureThreshold: 3 } },
  NODE_NOT_READY: { meaning: "The pod's node went NotReady, so the node lifecycle controller marked its pods not Ready.", example: { code: 'NODE_NOT_READY', host: 'i-000004' } },
} satisfies CodeDocs<UnhealthyReason>;
