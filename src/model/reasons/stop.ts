import type { ImagePullFailure } from '../app-failure.js';

/**
 * Why a task or pod was stopped: a code and the ids or numbers its wording needs. ECS shows it as
 * the task's `stoppedReason`, Kubernetes as the pod's deletion cause; report/describe renders
 * that wording (tasks.csv `stopped_reason`, events.csv). The ECS `stopCode` travels beside it.
 */
export type StopReason =
  /** The ECS service scheduler stops surplus tasks after its desired count went down. */
  | { readonly code: 'SCALE_IN' }
  /** An ECS rolling deployment replaces the task with one of its own revision. */
  | { readonly code: 'DEPLOYMENT'; readonly deployment: string }
  /** The task's container instance is DRAINING; the service scheduler replaces it elsewhere. */
  | { readonly code: 'INSTANCE_DRAINING'; readonly host: string }
  /** ECS replaces a task whose target failed the load balancer's health checks. */
  | { readonly code: 'ELB_HEALTH_CHECK'; readonly targetGroup: string }
  /** ECS replaces a task whose container health check went UNHEALTHY. */
  | { readonly code: 'CONTAINER_HEALTH_CHECK' }
  /** The task's essential container exited (crash, OOM kill, an injected SIGKILL). */
  | { readonly code: 'ESSENTIAL_CONTAINER_EXITED'; readonly container: string; readonly exitCode: number; readonly oom: boolean }
  /** The ECS agent could not pull an image (CannotPullContainerError). */
  | { readonly code: 'CANNOT_PULL_CONTAINER'; readonly image: string; readonly failure: ImagePullFailure }
  /** Fargate Spot capacity was reclaimed. */
  | { readonly code: 'SPOT_INTERRUPTION' }
  /** EC2 reclaimed the Spot instance under a Karpenter node. */
  | { readonly code: 'NODE_RECLAIMED'; readonly host: string }
  /** `kubectl drain` (or Karpenter's disruption) evicted the pod from its cordoned node. */
  | { readonly code: 'EVICTED_NODE_DRAINING'; readonly host: string }
  /** The node lifecycle controller evicted the pod from an unreachable node (NoExecute taint). */
  | { readonly code: 'EVICTED_NODE_UNREACHABLE'; readonly host: string }
  /** The ReplicaSet controller deleted a surplus pod. */
  | { readonly code: 'REPLICASET_SCALE_DOWN' }
  /** The ReplicaSet controller deleted an old pod during a rolling update. */
  | { readonly code: 'REPLICASET_ROLLING_UPDATE' }
  /** Auto Scaling terminated the instance under the task (it failed its EC2 status checks). */
  | { readonly code: 'HOST_TERMINATED'; readonly host: string };

export type StopReasonCode = StopReason['code'];

/** Shared values of the reasons that carry nothing but their code (stops allocate nothing for them). */
export const SCALE_IN: StopReason = Object.freeze({ code: 'SCALE_IN' });
export const CONTAINER_HEALTH_CHECK: StopReason = Object.freeze({ code: 'CONTAINER_HEALTH_CHECK' });
export const SPOT_INTERRUPTION: StopReason = Object.freeze({ code: 'SPOT_INTERRUPTION' });
export const REPLICASET_SCALE_DOWN: StopReason = Object.freeze({ code: 'REPLICASET_SCALE_DOWN' });
export const REPLICASET_ROLLING_UPDATE: StopReason = Object.freeze({ code: 'REPLICASET_ROLLING_UPDATE' });
