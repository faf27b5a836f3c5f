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
    case 'layers-unreachable': {
      // ECR serves layers from an S3 bucket of its own ("starport" layer buckets) in the registry's Region.
      const region = /\.ecr\.([a-z0-9-]+)\.amazonaws\.com/.exec(host)?.[1] ?? 'us-east-1';
      const bucket = `prod-${region}-starport-layer-bucket.s3.${region}.amazonaws.com`;
      return `failed to copy: httpReadSeeker: failed open: failed to do request: Get "https://${bucket}/": dial tcp ${bucket}:443: i/o timeout`;
    }
  }
}

/**
 * ECS stoppedReason for a failed pull (ECS developer guide, "CannotPullContainer task errors";
 * the agent retries the manifest pull before giving up, hence "retried 5 time(s)" in the
 * messages users report).
 */
export function ecsPullFailureReason(image: string, fails: ImagePullFailure): string {
  // The layers come after the manifest resolved: the agent reports the layer copy instead.
  if (fails === 'layers-unreachable') return `CannotPullContainerError: ref pull has been retried 5 time(s): ${registryError(image, fails)}`;
  return `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: ${registryError(image, fails)}`;
}

/** kubelet's `Failed` event message for a failed pull. */
export function kubeletPullFailureMessage(image: string, fails: ImagePullFailure): string {
  const code = fails === 'tag-not-found' ? 'NotFound' : 'Unknown';
  if (fails === 'layers-unreachable') return `Failed to pull image "${image}": rpc error: code = ${code} desc = failed to pull and unpack image "${image}": ${registryError(image, fails)}`;
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

/** kubelet's `Failed` event while a Secret a container needs is missing (the pod shows CreateContainerConfigError). */
export function kubeletSecretNotFoundMessage(secret: string): string {
  return `Error: secret "${secret}" not found`;
}
