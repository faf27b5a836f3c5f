import type { ContainerExitCause, PodEvent, PodEventCause, PodSchedulingFailure } from '../../model/events/pod.js';
import { formatIp } from '../../model/network/cidr.js';
import { efsFailedMountMessage } from './efs-mount.js';
import { probeFailure } from './health.js';
import { kubeletCrashBackOffMessage, kubeletNeverPullMessage, kubeletPullBackOffMessage, kubeletSecretNotFoundMessage } from './image-pull.js';
import { describeKarpenterError } from './karpenter-reasons.js';
import { describePlacementFailure } from './placement.js';
import { essentialContainerExited } from './stop-reason.js';
import { assertNever, type Wording } from './wording.js';

/** kubelet's sandbox error when the VPC CNI has no address (the aws-cni plugin's own text). */
export const CNI_NO_ADDRESS_MESSAGE =
  'Failed to create pod sandbox: plugin type="aws-cni" name="aws-cni" failed (add): add cmd: failed to assign an IP address to container';

/** What the container's log would say about a known cause (empty for the app's own exits). */
function exitCause(cause: ContainerExitCause | undefined): string {
  if (cause === undefined) return '';
  if (cause.kind === 'exec-format-error') return `; log: exec /app: exec format error (the image has no linux/${cause.architecture === 'arm64' ? 'arm64' : 'amd64'} variant)`;
  return `; log: start-up connection refused: the mesh proxy was ready ${cause.proxyLagMs} ms after the app started`;
}

export const POD_WORDING: Wording<PodEvent> = {
  'container.exited': {
    entity: (e) => e.task,
    text: (e) =>
      e.agent === 'ecs'
        ? `${essentialContainerExited(e.container, e.exitCode, e.oom)}${exitCause(e.cause)}`
        : `container ${e.container} terminated: ${e.oom ? `OOMKilled (memory limit ${e.memoryLimitMiB} MiB reached)` : 'Error'}, exit code ${e.exitCode}${exitCause(e.cause)}`,
  },
  'container.restarted': { entity: (e) => e.task, text: (e) => `restartCount ${e.restartCount}` },
  'pod.back-off': {
    entity: (e) => e.task,
    text: (e) => {
      const b = e.backOff;
      // kubectl describe: `Warning  Failed  kubelet  Error: secret "db" not found`; the pod worker re-syncs after its back-off period.
      if (b.waiting === 'CreateContainerConfigError') return `${b.waiting}: Failed: ${kubeletSecretNotFoundMessage(b.secret)} (retry in ${e.delayMs / 1000}s)`;
      // kubectl describe: `Warning  ErrImageNeverPull  kubelet  Container image "api:7" is not present with pull policy of Never`.
      if (b.waiting === 'ErrImageNeverPull') return `${b.waiting}: ${kubeletNeverPullMessage(b.image)} (retry in ${e.delayMs / 1000}s)`;
      const message = b.waiting === 'ImagePullBackOff' ? kubeletPullBackOffMessage(b.image) : kubeletCrashBackOffMessage(b.container, e.task);
      return `${b.waiting}: BackOff: ${message} (back-off ${e.delayMs / 1000}s)`;
    },
  },
  'pod.ip-assigned': { entity: (e) => e.task, text: (e) => formatIp(e.ip) },
  'pod.event': { entity: (e) => e.task, text: (e) => `${e.cause.reason}: ${describePodEventMessage(e.task, e.service, e.cause)}` },
  'pod.nominated': {
    entity: (e) => e.task,
    text: (e) => (e.host === null ? 'nominatedNodeName cleared' : `nominatedNodeName ${e.host}: waiting for ${e.victims} preempted pod${e.victims === 1 ? '' : 's'} to terminate`),
  },
};

/** The message of a Kubernetes event about pod `task` of workload `service`. */
export function describePodEventMessage(task: string, service: string, c: PodEventCause): string {
  switch (c.reason) {
    case 'FailedScheduling':
      return describeSchedulingFailure(service, c.failure);
    case 'FailedCreatePodSandBox':
      // kubectl describe shows repeats aggregated ("x10 over 2m").
      return c.failures === 1 ? CNI_NO_ADDRESS_MESSAGE : `${CNI_NO_ADDRESS_MESSAGE} (x${c.failures})`;
    case 'FailedMount':
      return c.failures === 1 ? efsFailedMountMessage(c.mount) : `${efsFailedMountMessage(c.mount)} (x${c.failures})`;
    case 'Unhealthy':
      return `${c.probe} probe failed: ${probeFailure(c.cause, c.ip === null ? task : formatIp(c.ip), c.port)}`;
    case 'Killing':
      return `Container ${c.container} failed liveness probe, will be restarted`;
    case 'EvictionRefused':
      return `error when evicting pods/"${task}" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`;
    case 'TaintManagerEviction':
      return `Marking for deletion Pod ${task}: node ${c.host} unreachable for ${c.tolerationMs / 1000}s`;
    case 'Preempted':
      // DefaultPreemption's event on the victim ("Preempted by pod <uid> on node <node>"); fleetsim names pods by id.
      return `Preempted by pod ${c.by} on node ${c.host}`;
    case 'FailedAttachVolume':
      return `Multi-Attach error for volume "${c.volume}" Volume is already exclusively attached to one node and can't be attached to another (attached to ${c.host})`;
    default:
      return assertNever(c);
  }
}

function describeSchedulingFailure(service: string, f: PodSchedulingFailure): string {
  switch (f.by) {
    case 'scheduler':
      return describePlacementFailure(service, f.failure);
    case 'node-not-ready':
      return `node ${f.host} is not Ready (${f.status}): the pod waits for a Ready node`;
    case 'karpenter':
      return `karpenter: could not schedule pod, ${describeKarpenterError(f.error)}`;
    default:
      return assertNever(f);
  }
}
