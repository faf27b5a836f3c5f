import type { HealthFailureCause } from '../health-checks.js';
import type { HostStatus } from '../host.js';
import type { KarpenterSchedulingError } from '../reasons/karpenter.js';
import type { PlacementFailure } from '../reasons/placement.js';

/**
 * Trace events about a pod's (or task's) containers after placement, and the Kubernetes events
 * kubelet and the control plane post about pods (`kubectl describe pod`'s Events).
 */

export interface ContainerExited {
  readonly type: 'container.exited';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  /** ECS (the task stops, EssentialContainerExited) or Kubernetes (kubelet restarts the container). */
  readonly agent: 'ecs' | 'kubelet';
  readonly container: string;
  readonly exitCode: number;
  /** Killed by the kernel at the memory limit (OOMKilled). */
  readonly oom: boolean;
  /** The container's memory limit, MiB (what an OOM kill reached). */
  readonly memoryLimitMiB: number;
}

export interface ContainerRestarted {
  readonly type: 'container.restarted';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  /** The pod's restartCount after this restart. */
  readonly restartCount: number;
}

/** What kubelet waits for, in the container's `waiting.reason`. */
export type BackOff =
  | { readonly waiting: 'ImagePullBackOff'; readonly image: string }
  | { readonly waiting: 'CrashLoopBackOff'; readonly container: string };

export interface PodBackOff {
  readonly type: 'pod.back-off';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  readonly backOff: BackOff;
  /** How long kubelet waits before the next attempt. */
  readonly delayMs: number;
}

export interface PodIpAssigned {
  readonly type: 'pod.ip-assigned';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string;
  /** The address from the node's ipamd pool (an IPv4 address as a 32-bit number). */
  readonly ip: number;
}

/** Why a pod is not scheduled (FailedScheduling). */
export type PodSchedulingFailure =
  /** kube-scheduler found no node (its FitError), or another placement policy's failure. */
  | { readonly by: 'scheduler'; readonly failure: PlacementFailure }
  /** The chosen node is not Ready (it became unreachable): the pod waits for a Ready node. */
  | { readonly by: 'node-not-ready'; readonly host: string; readonly status: HostStatus }
  /** Karpenter cannot provision a node for it. */
  | { readonly by: 'karpenter'; readonly error: KarpenterSchedulingError };

/** A Kubernetes event about a pod; `reason` is the event's reason, the rest what its message says. */
export type PodEventCause =
  | { readonly reason: 'FailedScheduling'; readonly failure: PodSchedulingFailure }
  /** The CNI found no address for the sandbox; `failures` so far (events repeat every tenth). */
  | { readonly reason: 'FailedCreatePodSandBox'; readonly failures: number }
  /** A probe failed (`ip`: the pod's address, null when it has none; `port`: the probed port). */
  | { readonly reason: 'Unhealthy'; readonly probe: 'Readiness' | 'Liveness'; readonly cause: HealthFailureCause; readonly ip: number | null; readonly port: number }
  /** kubelet kills a container whose liveness probe failed. */
  | { readonly reason: 'Killing'; readonly container: string }
  /** An eviction (drain) would violate the pod's PodDisruptionBudget; retried in 5 s. */
  | { readonly reason: 'EvictionRefused' }
  /** The taint manager deletes the pod from an unreachable node after its toleration ran out. */
  | { readonly reason: 'TaintManagerEviction'; readonly host: string; readonly tolerationMs: number };

export interface PodEventPosted {
  readonly type: 'pod.event';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  readonly cause: PodEventCause;
}

export type PodEvent = ContainerExited | ContainerRestarted | PodBackOff | PodIpAssigned | PodEventPosted;
