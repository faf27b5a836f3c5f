import type { ImagePullFailure } from '../../model/app-failure.js';

/** ECS stoppedReason of an OOM-killed container (ECS developer guide, "Stopped task error codes"). */
export const ECS_OOM_REASON = 'OutOfMemoryError: Container killed due to memory usage';

/** The registry's error text for a failed pull (what containerd reports, as ECS and kubelet relay it). */
function registryError(image: string, fails: ImagePullFailure): string {
  const repo = image.replace(/[:@].*$/, '');
  const host = image.includes('/') ? image.slice(0, image.indexOf('/')) : 'registry-1.docker.io';
  switch (fails) {
    case 'registry-unreachable':
      return `failed to do request: Head "https://${host}/v2/": dial tcp ${host}:443: i/o timeout`;
    case 'access-denied':
      return `pull access denied for ${repo}, repository does not exist or may require authorization: authorization failed: no basic auth credentials`;
    case 'tag-not-found':
      return `${image}: not found`;
  }
}

/**
 * ECS stoppedReason for a failed pull (ECS developer guide, "CannotPullContainer task errors";
 * the agent retries the manifest pull before giving up, hence "retried 5 time(s)" in the
 * messages users report).
 */
export function ecsPullFailureReason(image: string, fails: ImagePullFailure): string {
  return `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: ${registryError(image, fails)}`;
}

/** kubelet's `Failed` event message for a failed pull. */
export function kubeletPullFailureMessage(image: string, fails: ImagePullFailure): string {
  const code = fails === 'tag-not-found' ? 'NotFound' : 'Unknown';
  return `Failed to pull image "${image}": rpc error: code = ${code} desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${registryError(image, fails)}`;
}

/** kubelet's `BackOff` event message while a pull waits (the pod shows ImagePullBackOff). */
export function kubeletPullBackOffMessage(image: string): string {
  return `Back-off pulling image "${image}"`;
}

/** kubelet's `BackOff` event message while a crashed container waits (CrashLoopBackOff). */
export function kubeletCrashBackOffMessage(container: string, podId: string): string {
  return `Back-off restarting failed container ${container} in pod ${podId}`;
}
