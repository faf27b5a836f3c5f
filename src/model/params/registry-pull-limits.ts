/**
 * Docker Hub's pull rate limit (docs/models.md, "Start-up dependencies", "Registry pull rate
 * limits"), read 2026-12-05 from Docker's documentation, "Docker Hub pull usage and limits"
 * (docs.docker.com/docker-hub/usage/pulls/):
 *
 * - "Unauthenticated and Docker Personal users are subject to a 6-hour pull rate limit": 100
 *   pulls per IPv4 address (or IPv6 /64 subnet) unauthenticated, 200 per Personal account;
 *   Pro, Team and Business accounts are unlimited. The response headers say the same
 *   (`ratelimit-limit: 100;w=21600`).
 * - A pull is a GET of a manifest: "a pull for a normal image makes one pull for a single
 *   manifest"; version checks (HEAD requests) do not count. containerd (EKS) and Docker Engine
 *   20.10+ (the ECS agent's) resolve a tag with a HEAD first and GET the manifest only when the
 *   host lacks it, so an image cached on the host costs nothing, whatever ECS_IMAGE_PULL_BEHAVIOR
 *   (default: "the image will be pulled remotely") or imagePullPolicy (Always: "queries the
 *   registry to resolve the name to an image digest") says.
 * - Over the limit the manifest GET is answered 429 with `toomanyrequests: You have reached your
 *   pull rate limit. You may increase the limit by authenticating and upgrading:
 *   https://www.docker.com/increase-rate-limit` (AWS re:Post knowledge center,
 *   "ecs-pull-container-error-rate-limit", which adds that ECS and EKS workloads in private
 *   subnets pull "through a NAT gateway with a fixed IP address").
 *
 * The figures changed over time: 100 / 200 per 6 hours from November 2020; Docker announced 10
 * (unauthenticated) and 40, then 100, per hour (Personal) for 2025 and returned to the 6-hour
 * figures above, which the current page states.
 */
export interface RegistryPullLimitParams {
  /** The registry host the limit applies to (Docker's name for Docker Hub's registry). */
  readonly registry: string;
  /** Unauthenticated pulls per source IPv4 address in one window. */
  readonly unauthenticatedPerAddress: number;
  /**
   * Authenticated pulls per account in one window: a Docker Personal account's 200. fleetsim
   * counts each set of credentials (an ECS `repositoryCredentials` secret, a pod's first
   * imagePullSecret) as one Personal account; a paid account (unlimited) is not modelled.
   */
  readonly authenticatedPerAccount: number;
  /**
   * The window, ms (6 hours). Docker says "calculated on a 6-hour basis" and does not say whether
   * the window slides; assumption: it does, each pull counting for 6 hours after it was made
   * (with a fixed window the first 6 hours of any run come out the same).
   */
  readonly windowMs: number;
}

export const DOCKER_HUB_PULL_LIMITS: RegistryPullLimitParams = {
  registry: 'registry-1.docker.io',
  unauthenticatedPerAddress: 100,
  authenticatedPerAccount: 200,
  windowMs: 6 * 3_600_000,
};
