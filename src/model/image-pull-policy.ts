/**
 * When a node agent asks the registry for an image it may already have (docs/models.md, "Image
 * pull policy"): Kubernetes `imagePullPolicy` per container, the ECS agent's
 * `ECS_IMAGE_PULL_BEHAVIOR` per container instance. Pure functions; the node agents
 * (controllers/task-lifecycle.ts and its subclasses) act on what they return.
 */
import type { Host } from './host.js';
import type { ContainerDefinition, ImagePullPolicy } from './task-definition.js';
import type { Task } from './task.js';

/**
 * The ECS container agent's `ECS_IMAGE_PULL_BEHAVIOR` (ECS developer guide, "Amazon ECS container
 * agent configuration" and "Container image pull behavior for EC2 and external instances"):
 * default, pull remotely and use the cached image if the pull fails; always, pull remotely and
 * fail the task if the pull fails; once, pull remotely only if no previous task on the instance
 * pulled it; prefer-cached, pull remotely only if no image is cached.
 */
export const ECS_IMAGE_PULL_BEHAVIORS = ['default', 'always', 'once', 'prefer-cached'] as const;
export type EcsImagePullBehavior = (typeof ECS_IMAGE_PULL_BEHAVIORS)[number];
export const DEFAULT_ECS_IMAGE_PULL_BEHAVIOR: EcsImagePullBehavior = 'default';

/**
 * What the agent does about one container's image at a start:
 * - `cached`: starts it from the host's copy, asking no registry;
 * - `resolve`: the image is on the host but the agent asks the registry first (a manifest HEAD,
 *   which resolves the tag to a digest; the layers are not downloaded again); when the registry
 *   cannot be reached the start fails (Kubernetes Always: ErrImagePull; ECS `always`, and `once`
 *   for an image no task pulled);
 * - `resolve-or-cached`: the same, but when the registry cannot be reached the agent uses its copy
 *   after the failed attempt (ECS `default`);
 * - `pull`: the image is not on the host (or, on Fargate, there is no cache): a full pull;
 * - `absent`: Kubernetes Never with the image not on the node (ErrImageNeverPull).
 */
export type PullDecision = 'cached' | 'resolve' | 'resolve-or-cached' | 'pull' | 'absent';

/** A node agent's decision for one container of a task, at the moment it asks. */
export type PullDecider = (task: Task, container: ContainerDefinition) => PullDecision;

/** Whether `image` is on `host`: in its cache, or being pulled there (a start joins that pull). */
export function onHost(host: Host, image: string): boolean {
  return host.images.has(image) || host.imagePullsInFlight.has(image);
}

/** The policy a container follows: its own, else the one Kubernetes defaults it to. */
export function effectivePullPolicy(container: ContainerDefinition): ImagePullPolicy {
  return container.imagePullPolicy ?? defaultImagePullPolicy(container.image);
}

/**
 * The policy Kubernetes gives a container that sets none (Kubernetes docs, "Images", "Default
 * image pull policy"): Always when the image names no digest and its tag is `:latest` or absent,
 * IfNotPresent otherwise.
 */
export function defaultImagePullPolicy(image: string): ImagePullPolicy {
  if (image.includes('@')) return 'IfNotPresent';
  const tag = imageTag(image);
  return tag === null || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** The tag of an image reference (`api:1.2` -> `1.2`), null when it names none (`api`, `localhost:5000/api`). */
function imageTag(image: string): string | null {
  const name = image.slice(image.lastIndexOf('/') + 1);
  const colon = name.indexOf(':');
  return colon < 0 ? null : name.slice(colon + 1);
}

/** kubelet's decision for a container with `policy` whose image is (`onNode`) or is not on the node. */
export function kubeletPullDecision(policy: ImagePullPolicy, onNode: boolean): PullDecision {
  switch (policy) {
    case 'Always':
      return onNode ? 'resolve' : 'pull';
    case 'IfNotPresent':
      return onNode ? 'cached' : 'pull';
    case 'Never':
      return onNode ? 'cached' : 'absent';
  }
}

/**
 * The ECS agent's decision for an image that is (`cached`) or is not on the instance, and that a
 * previous task on it pulled (`pulledBefore`; an image baked into the AMI was not).
 */
export function ecsPullDecision(behavior: EcsImagePullBehavior, cached: boolean, pulledBefore: boolean): PullDecision {
  if (!cached) return 'pull';
  switch (behavior) {
    case 'default':
      return 'resolve-or-cached';
    case 'always':
      return 'resolve';
    case 'once':
      return pulledBefore ? 'cached' : 'resolve';
    case 'prefer-cached':
      return 'cached';
  }
}

/** Whether the decision sends a request to the registry. */
export function asksRegistry(d: PullDecision): boolean {
  return d === 'resolve' || d === 'resolve-or-cached' || d === 'pull';
}
