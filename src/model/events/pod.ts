import type { HealthFailureCause } from '../health-checks.js';
import type { HostStatus } from '../host.js';
import type { KarpenterSchedulingError } from '../reasons/karpenter.js';
import type { PlacementFailure } from '../reasons/placement.js';
import type { EfsMountFailure } from '../reasons/stop.js';
import type { CodeDocs, EventDocs } from './docs.js';

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
  /** Why it exited, when fleetsim knows more than the exit code; absent: the app's own crash, OOM kill or kill. */
  readonly cause?: ContainerExitCause;
}

/**
 * What made a container exit at start: its image has no variant for the node's architecture (the
 * kernel refuses the binary: `exec format error`), or its start-up calls went through a mesh
 * proxy that was not ready yet.
 */
export type ContainerExitCause = { readonly kind: 'exec-format-error'; readonly architecture: 'x86_64' | 'arm64' } | { readonly kind: 'proxy-not-ready'; readonly proxyLagMs: number };

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
  | { readonly waiting: 'CrashLoopBackOff'; readonly container: string }
  /** A container's config names a Secret that does not exist (env secretKeyRef, envFrom): kubelet re-syncs the pod after its back-off period. */
  | { readonly waiting: 'CreateContainerConfigError'; readonly secret: string }
  /** imagePullPolicy Never and the image is not on the node: kubelet re-syncs the pod after its back-off period. */
  | { readonly waiting: 'ErrImageNeverPull'; readonly image: string };

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
  /** kubelet could not mount the pod's EFS CSI volume (no mount target in its AZ); `failures` so far (events repeat every tenth). */
  | { readonly reason: 'FailedMount'; readonly mount: EfsMountFailure; readonly failures: number }
  /** A probe failed (`ip`: the pod's address, null when it has none; `port`: the probed port). */
  | { readonly reason: 'Unhealthy'; readonly probe: 'Readiness' | 'Liveness'; readonly cause: HealthFailureCause; readonly ip: number | null; readonly port: number }
  /** kubelet kills a container whose liveness probe failed. */
  | { readonly reason: 'Killing'; readonly container: string }
  /** An eviction (drain) would violate the pod's PodDisruptionBudget; retried in 5 s. */
  | { readonly reason: 'EvictionRefused' }
  /** The taint manager deletes the pod from an unreachable node after its toleration ran out. */
  | { readonly reason: 'TaintManagerEviction'; readonly host: string; readonly tolerationMs: number }
  /** kube-scheduler's preemption deletes the pod to make room for a higher-priority pod (`by`) on its node. */
  | { readonly reason: 'Preempted'; readonly by: string; readonly host: string }
  /** The attach-detach controller cannot attach the pod's ReadWriteOnce volume: it is still attached to `host`. */
  | { readonly reason: 'FailedAttachVolume'; readonly volume: string; readonly host: string };

/**
 * kube-scheduler's preemption chose a node for a pending pod (its `status.nominatedNodeName`):
 * the pod waits there for the lower-priority pods it preempted to go. `host` null: the
 * nomination is cleared (preemption found no node, or a higher-priority preemptor took the node).
 */
export interface PodNominated {
  readonly type: 'pod.nominated';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  /** How many pods it preempted there (0 when cleared). */
  readonly victims: number;
}

export interface PodEventPosted {
  readonly type: 'pod.event';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  readonly host: string | null;
  readonly cause: PodEventCause;
}

export type PodEvent = ContainerExited | ContainerRestarted | PodBackOff | PodIpAssigned | PodEventPosted | PodNominated;

const P = { task: 't-000012', service: 'api', host: 'i-000003' } as const;

export const POD_EVENT_DOCS = {
  'container.exited': {
    when: "A task's essential container exited on its own: a crash, an OOM kill at its memory limit, or a SIGKILL from a taskKill fault.",
    fields: {
      task: 'The task (pod) id.',
      service: 'Its service.',
      host: 'Its host; null on Fargate.',
      agent: 'ecs (the task stops: EssentialContainerExited) or kubelet (the container restarts after its back-off).',
      container: "The container's name.",
      exitCode: 'Its exit code (137: killed).',
      oom: 'The kernel killed it at its memory limit (OOMKilled).',
      memoryLimitMiB: 'Its memory limit, MiB.',
      cause: "Why, when more than the exit code is known: exec-format-error (the image lacks the node's architecture) or proxy-not-ready (start-up calls through a mesh proxy not ready yet); absent otherwise.",
    },
    examples: [
      { type: 'container.exited', time: 0, ...P, agent: 'kubelet', container: 'api', exitCode: 137, oom: true, memoryLimitMiB: 512 },
      { type: 'container.exited', time: 0, ...P, agent: 'kubelet', container: 'api', exitCode: 1, oom: false, memoryLimitMiB: 512, cause: { kind: 'exec-format-error', architecture: 'arm64' } },
      { type: 'container.exited', time: 0, ...P, agent: 'ecs', container: 'api', exitCode: 1, oom: false, memoryLimitMiB: 512 },
    ],
  },
  'container.restarted': {
    when: 'kubelet restarted a crashed container in place (restartPolicy Always) after its back-off.',
    fields: { task: 'The pod id.', service: 'Its workload.', host: 'Its node; null on Fargate.', restartCount: "The pod's restartCount after this restart." },
    examples: [{ type: 'container.restarted', time: 0, ...P, restartCount: 3 }],
  },
  'pod.back-off': {
    when: 'kubelet waits before the next attempt: CrashLoopBackOff after a crash, ImagePullBackOff after a failed pull (10 s doubling to 300 s), CreateContainerConfigError while a Secret the container needs is missing, ErrImageNeverPull while an image with imagePullPolicy Never is not on the node (for both the pod worker re-syncs after 10-15 s).',
    fields: {
      task: 'The pod id.',
      service: 'Its workload.',
      host: 'Its node; null on Fargate.',
      backOff: 'What it waits on: `{ waiting: CrashLoopBackOff, container }`, `{ waiting: ImagePullBackOff, image }`, `{ waiting: CreateContainerConfigError, secret }` or `{ waiting: ErrImageNeverPull, image }`.',
      delayMs: 'How long kubelet waits.',
    },
    examples: [
      { type: 'pod.back-off', time: 0, ...P, backOff: { waiting: 'CrashLoopBackOff', container: 'api' }, delayMs: 20_000 },
      { type: 'pod.back-off', time: 0, ...P, backOff: { waiting: 'ImagePullBackOff', image: 'api:7' }, delayMs: 10_000 },
      { type: 'pod.back-off', time: 0, ...P, backOff: { waiting: 'ErrImageNeverPull', image: 'api:7' }, delayMs: 12_000 },
    ],
  },
  'pod.ip-assigned': {
    when: "CNI ADD: the pod got an address from its node's ipamd pool.",
    fields: { task: 'The pod id.', service: 'Its workload.', host: 'Its node.', ip: 'The address (IPv4 as a 32-bit number; worded dotted).' },
    examples: [{ type: 'pod.ip-assigned', time: 0, ...P, ip: 0x0a001012 }],
  },
  'pod.nominated': {
    when: "kube-scheduler's preemption (DefaultPreemption) nominated a node for a pending pod, or cleared the nomination. The pod waits for its victims to go; Karpenter does not provision for a nominated pod.",
    fields: { task: 'The preemptor pod id.', service: 'Its workload.', host: 'The nominated node; null when the nomination is cleared.', victims: 'Pods it preempted there (0 when cleared).' },
    examples: [
      { type: 'pod.nominated', time: 0, ...P, host: 'i-000004', victims: 2 },
      { type: 'pod.nominated', time: 0, ...P, host: null, victims: 0 },
    ],
  },
  'pod.event': {
    when: 'A Kubernetes event about a pod, as `kubectl describe pod` lists it: FailedScheduling, FailedCreatePodSandBox, FailedMount, Unhealthy, Killing, EvictionRefused, TaintManagerEviction, Preempted.',
    fields: {
      task: 'The pod id.',
      service: 'Its workload.',
      host: 'Its node; null while unscheduled.',
      cause: "The event's reason and what its message says (see Pod event reasons); summary.json counts pod events by reason.",
    },
    examples: [
      {
        type: 'pod.event',
        time: 0,
        ...P,
        host: null,
        cause: { reason: 'FailedScheduling', failure: { by: 'scheduler', failure: { code: 'FIT_ERROR', nodes: 3, reasons: [{ reason: { code: 'INSUFFICIENT_CPU' }, nodes: 3 }] } } },
      },
      { type: 'pod.event', time: 0, ...P, cause: { reason: 'FailedCreatePodSandBox', failures: 1 } },
    ],
  },
} satisfies EventDocs<PodEvent>;

export const POD_EVENT_CAUSE_DOCS = {
  FailedScheduling: {
    meaning: 'The pod is not scheduled: kube-scheduler found no node (`failure.by: scheduler`, a FitError: see Placement failures), the node it chose is not Ready (`node-not-ready`), or Karpenter cannot provision one (`karpenter`: see Karpenter reasons).',
    example: { reason: 'FailedScheduling', failure: { by: 'node-not-ready', host: 'i-000004', status: 'UNREACHABLE' } },
  },
  FailedCreatePodSandBox: {
    meaning: "The VPC CNI has no address for the pod's sandbox; kubelet retries (the event repeats on every tenth failure, counted in `failures`).",
    example: { reason: 'FailedCreatePodSandBox', failures: 10 },
  },
  FailedMount: {
    meaning: "kubelet could not mount the pod's EFS volume: its file system has no mount target in the node's Availability Zone. The pod stays ContainerCreating; kubelet retries with its back-off (the event repeats on every tenth failure, counted in `failures`).",
    example: {
      reason: 'FailedMount',
      mount: { volume: 'shared-pv', fileSystemId: 'fs-0123456789abcdef0', rootDirectory: '/', accessPointId: null, transitEncryption: true, az: 'us-east-1c', region: 'us-east-1', fargate: false, family: 'api', revision: 1, task: 't-000007' },
      failures: 1,
    },
  },
  Unhealthy: {
    meaning: 'A readiness or liveness probe failed, because the endpoint fails (`cause: endpoint`) or the pod is overloaded and answers too slowly (`overload`).',
    example: { reason: 'Unhealthy', probe: 'Readiness', cause: 'overload', ip: 0x0a001012, port: 8080 },
  },
  Killing: {
    meaning: 'kubelet kills a container whose liveness probe failed; it restarts it.',
    example: { reason: 'Killing', container: 'api' },
  },
  EvictionRefused: {
    meaning: "A drain's eviction would violate the pod's PodDisruptionBudget; it is retried every 5 s.",
    example: { reason: 'EvictionRefused' },
  },
  TaintManagerEviction: {
    meaning: "The pod's toleration of its unreachable node's NoExecute taint ran out: it is deleted and replaced elsewhere.",
    example: { reason: 'TaintManagerEviction', host: 'i-000004', tolerationMs: 300_000 },
  },
  Preempted: {
    meaning: "kube-scheduler's preemption deletes the pod (gracefully) so that a pending pod of higher priority (`by`) fits on its node.",
    example: { reason: 'Preempted', by: 't-000040', host: 'i-000004' },
  },
  FailedAttachVolume: {
    meaning: "The attach-detach controller cannot attach the pod's EBS volume to its node: it is still attached to another (the pod's old node, until it is detached); the pod stays in ContainerCreating.",
    example: { reason: 'FailedAttachVolume', volume: 'vol-000001', host: 'i-000004' },
  },
} satisfies CodeDocs<PodEventCause, 'reason'>;
