import type { Host } from './host.js';
import type { HostPortAllocation } from './network/host-ports.js';
import type { VpcSubnet } from './network/vpc.js';
import type { StopReason } from './reasons/stop.js';
import type { Service } from './service.js';
import type { TaskDefinition } from './task-definition.js';

/**
 * Lifecycle of a task (ECS) or pod (EKS). Names follow ECS `lastStatus`; UNPLACED is fleetsim's
 * name for a task the scheduler wants but has not placed yet (ECS keeps no task object for it;
 * Kubernetes shows it as a Pending pod). Legal transitions are in TASK_TRANSITIONS.
 */
export type TaskStatus = 'UNPLACED' | 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'STOPPING' | 'STOPPED';

export const TASK_STATUSES: readonly TaskStatus[] = ['UNPLACED', 'PROVISIONING', 'PENDING', 'RUNNING', 'STOPPING', 'STOPPED'];

/** The legal next states of each state. Anything else is a bug, caught by the invariants. */
export const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  UNPLACED: ['PROVISIONING', 'STOPPED'],
  PROVISIONING: ['PENDING', 'STOPPING', 'STOPPED'],
  PENDING: ['RUNNING', 'STOPPING', 'STOPPED'],
  RUNNING: ['STOPPING', 'STOPPED'],
  STOPPING: ['STOPPED'],
  STOPPED: [],
};

/** ECS stopCode values (DescribeTasks) that fleetsim produces. */
export type StopCode =
  | 'TaskFailedToStart'
  | 'EssentialContainerExited'
  | 'UserInitiated'
  | 'ServiceSchedulerInitiated'
  | 'SpotInterruption'
  | 'TerminationNotice';

export interface Task {
  /** `t-000001`: sequential, so ids are stable across runs with the same seed. */
  readonly id: string;
  readonly service: Service;
  /** The task definition revision the task was started from (the service's at creation). */
  readonly taskDefinition: TaskDefinition;
  readonly cpu: number;
  readonly memoryMiB: number;
  status: TaskStatus;
  host: Host | null;
  readonly createdAt: number;
  placedAt: number | null;
  pendingAt: number | null;
  runningAt: number | null;
  stoppingAt: number | null;
  stoppedAt: number | null;
  stopCode: StopCode | null;
  /** Why it stopped (a code; src/report/describe words it as ECS's stoppedReason). */
  stoppedReason: StopReason | null;
  /** The task's or pod's own VPC address (awsvpc, VPC CNI), once assigned. */
  ip: number | null;
  /** The capacity provider the task runs on (ECS strategies), or null for a launch type. */
  readonly capacityProvider: string | null;
  /** Time the task waited for its images (0 when cached), once known. */
  pullMs: number | null;
  /** Receiving traffic: in service behind its load balancer, or (no load balancer) healthy. */
  serving: boolean;
  /** ECS healthStatus HEALTHY / Kubernetes Ready. */
  healthyAt: number | null;
  /** Healthy in its load balancer's target group (serving traffic). */
  inServiceAt: number | null;
  /** When the current container run started (health checks and probes count from here); null before. */
  containerStartedAt: number | null;
  /** The load balancer's first health check of this target (its checks run every interval from it); null: not registered. */
  targetFirstCheckAt: number | null;
  /** The subnet an awsvpc task's own ENI took `ip` from (pods' addresses belong to ipamd). */
  ipSubnet: VpcSubnet | null;
  /** Host ports bound in bridge/host mode (the handle for their release). */
  hostPorts: HostPortAllocation | null;
  /** Kubernetes restartCount: in-place container restarts after a crash or OOM kill. */
  restarts: number;
  /**
   * Kubernetes container state `waiting.reason` while kubelet backs off (CrashLoopBackOff,
   * ImagePullBackOff); null otherwise.
   */
  waiting: string | null;
}

export function isLive(task: Task): boolean {
  return task.status !== 'STOPPED';
}

/** A task that holds host resources: placed and not yet stopped. */
export function holdsResources(task: Task): boolean {
  return task.status !== 'UNPLACED' && task.status !== 'STOPPED';
}
