import type { ImagePullFailure } from '../../model/app-failure.js';

/** ECS stoppedReason of an OOM-killed container (ECS developer guide, "Stopped task error codes"). */
export const ECS_OOM_REASON = 'OutOfMemoryError: Container killed due to memory usage';

/**
 * Docker Hub's answer to a manifest request over the pull rate limit (Docker docs, "Docker Hub
 * pull usage and limits": the 429's body; AWS re:Post knowledge center,
 * "ecs-pull-container-error-rate-limit").
 */
export const DOCKER_HUB_RATE_LIMIT_MESSAGE = 'toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit';

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
    case 'rate-limited':
      // The tag resolved (a HEAD, which is not limited); the manifest's GET got the 429.
      return `failed open: unexpected status code ${manifestUrl(image)}: 429 Too Many Requests - Server message: ${DOCKER_HUB_RATE_LIMIT_MESSAGE}`;
  }
}

/** Docker Hub's hosts, as an image reference may name them. */
const DOCKER_HUB_HOSTS = ['docker.io/', 'index.docker.io/', 'registry-1.docker.io/'];

/** An image reference as containerd normalizes a Docker Hub one: `nginx:1.27` -> `docker.io/library/nginx:1.27`. */
function normalizedDockerHubRef(image: string): string {
  const host = DOCKER_HUB_HOSTS.find((h) => image.startsWith(h));
  const path = host === undefined ? image : image.slice(host.length);
  const name = path.replace(/[:@].*$/, '');
  return `docker.io/${name.includes('/') ? '' : 'library/'}${path}${/[:@]/.test(path.slice(path.lastIndexOf('/') + 1)) ? '' : ':latest'}`;
}

/** The manifest URL of a Docker Hub image (its tag or digest; `latest` when it names neither). */
function manifestUrl(image: string): string {
  const ref = normalizedDockerHubRef(image).slice('docker.io/'.length);
  const at = ref.indexOf('@');
  const colon = ref.lastIndexOf(':');
  const [name, reference] = at >= 0 ? [ref.slice(0, at), ref.slice(at + 1)] : [ref.slice(0, colon), ref.slice(colon + 1)];
  return `https://registry-1.docker.io/v2/${name}/manifests/${reference}`;
}

/**
 * ECS stoppedReason for a failed pull (ECS developer guide, "CannotPullContainer task errors";
 * the agent retries the manifest pull before giving up, hence "retried 5 time(s)" in the
 * messages users report).
 */
export function ecsPullFailureReason(image: string, fails: ImagePullFailure): string {
  // Docker Engine's wording, as the knowledge center article quotes it.
  if (fails === 'rate-limited') return `CannotPullContainerError: inspect image has been retried 5 time(s): httpReaderSeeker: ${registryError(image, fails)}`;
  // The layers come after the manifest resolved: the agent reports the layer copy instead.
  if (fails === 'layers-unreachable') return `CannotPullContainerError: ref pull has been retried 5 time(s): ${registryError(image, fails)}`;
  return `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: ${registryError(image, fails)}`;
}

/** kubelet's `Failed` event message for a failed pull. */
export function kubeletPullFailureMessage(image: string, fails: ImagePullFailure): string {
  const code = fails === 'tag-not-found' ? 'NotFound' : 'Unknown';
  if (fails === 'layers-unreachable') return `Failed to pull image "${image}": rpc error: code = ${code} desc = failed to pull and unpack image "${image}": ${registryError(image, fails)}`;
  if (fails === 'rate-limited') return `Failed to pull image "${image}": rpc error: code = ${code} desc = failed to pull and unpack image "${normalizedDockerHubRef(image)}": failed to copy: httpReadSeeker: ${registryError(image, fails)}`;
  return `Failed to pull image "${image}": rpc error: code = ${code} desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${registryError(image, fails)}`;
}

/**
 * What the ECS agent does after a failed pull under ECS_IMAGE_PULL_BEHAVIOR default: "If the pull
 * fails, the cached image in the instance is used" (ECS developer guide, "Container image pull
 * behavior for EC2 and external instances"). fleetsim's wording: the agent only logs it.
 */
export const ECS_CACHED_IMAGE_FALLBACK = 'ECS_IMAGE_PULL_BEHAVIOR default: the agent starts the container from the image cached on the instance';

/**
 * kubelet's `Failed` event message for a container whose image is not on the node under
 * imagePullPolicy Never (kubernetes pkg/kubelet/images/image_manager.go, ErrImageNeverPull).
 */
export function kubeletNeverPullMessage(image: string): string {
  return `Container image "${image}" is not present with pull policy of Never`;
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
