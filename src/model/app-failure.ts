/**
 * fleetsim's application failure models (docs/models.md, "Application failures and back-off"):
 * a process that crashes, leaks memory until the kernel OOM-kills it, or an image that cannot
 * be pulled. Pure data and functions; the node agents (controllers/task-lifecycle.ts) act on them.
 */
import { cappedBackoffMs } from './backoff.js';

/**
 * Why an image pull fails. `layers-unreachable`: the manifest came (ECR's ecr.dkr answered) but
 * the layers, which ECR serves from S3, cannot be downloaded: a VPC with ECR's interface
 * endpoints but neither the S3 gateway endpoint nor a NAT gateway (docs/models.md, "Start-up
 * dependencies"). `rate-limited`: the registry answered the manifest request 429 because the
 * pull's source address or account used up its quota (Docker Hub's pull rate limit,
 * src/model/registry-pull-limits.ts). Neither is a scenario's `imagePull.fails` value.
 */
export type ImagePullFailure = 'registry-unreachable' | 'access-denied' | 'tag-not-found' | 'layers-unreachable' | 'rate-limited';

/** The failures a scenario's `imagePull.fails` may name. */
export const IMAGE_PULL_FAILURES: readonly ImagePullFailure[] = ['registry-unreachable', 'access-denied', 'tag-not-found'];

/** A task definition's app failure model. Absent: the app never fails on its own. */
export interface AppFailureSpec {
  /** Each time the container starts, it exits non-zero shortly after with this probability. */
  readonly crashOnStartProbability?: number;
  /** The process exits non-zero this long after starting (every start). */
  readonly crashAfterMs?: number;
  /** Resident memory grows by this much per minute from the container's start. */
  readonly leakMiBPerMinute?: number;
  /** The leaking container's own memory limit (ECS container `memory`, Kubernetes resources.limits.memory); absent: the task's memory. */
  readonly memoryLimitMiB?: number;
  /** Pulls of `image` fail this way, every attempt. */
  readonly imagePull?: { readonly image: string; readonly fails: ImagePullFailure };
  /** How the app's health endpoint behaves (health checks, probes, load balancer checks). */
  readonly healthEndpoint?: HealthEndpointSpec;
}

/**
 * The app's health endpoint (docs/models.md, "Health checks that fail"). By default it answers
 * as soon as the app is ready and keeps answering whatever the load: a shallow endpoint served
 * apart from the request queue.
 */
export interface HealthEndpointSpec {
  /** The endpoint starts failing this long after each container start (0: it never passes); null: never. */
  readonly failsAfterMs: number | null;
  /**
   * The check waits in the same queue as requests: it takes the task's response time, and a
   * saturated task (refusing requests) fails it.
   */
  readonly queuedWithRequests: boolean;
}

/** A crash on start happens this long after the container starts (the app's init failing). */
export const CRASH_ON_START_DELAY_MS = 1_000;
/** Exit code of a crashing app (any non-zero; 1 is the common one). */
export const CRASH_EXIT_CODE = 1;
/** 128 + SIGKILL(9): the kernel OOM killer. */
export const OOM_EXIT_CODE = 137;
/** 128 + SIGKILL(9) as well: a container killed from outside (a scenario's taskKill fault). */
export const KILLED_EXIT_CODE = 137;

/** kubelet's container restart back-off: 10 s initial, doubling, 300 s cap (kubelet MaxContainerBackOff). */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
/** A container that ran this long without a problem has its back-off reset. */
export const BACKOFF_RESET_AFTER_MS = 600_000;

/** The n-th back-off (n = 0 first): 10, 20, 40, 80, 160, 300, 300, ... seconds. */
export function backOffMs(n: number): number {
  return cappedBackoffMs(BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, n);
}

/**
 * The back-off index for the next restart of a container that failed after running `ranMs`,
 * whose previous back-off index was `previous` (-1: it never backed off). A run of 10 min or
 * more resets the schedule.
 */
export function nextBackOffIndex(previous: number, ranMs: number): number {
  if (ranMs >= BACKOFF_RESET_AFTER_MS) return 0;
  return previous + 1;
}

/** Time from container start until its memory reaches `limitMiB` at `perMinuteMiB`; Infinity if it never does. */
export function oomAfterMs(limitMiB: number, perMinuteMiB: number): number {
  if (perMinuteMiB <= 0 || limitMiB <= 0) return Number.POSITIVE_INFINITY;
  return Math.ceil((limitMiB / perMinuteMiB) * 60_000);
}

/** How an app that starts now fails, if it does: the earliest of crash and OOM kill. */
export interface AppExit {
  readonly afterMs: number;
  readonly exitCode: number;
  readonly oom: boolean;
}

/**
 * The app's exit after a start, given whether the crash-on-start draw hit (`crashedOnStart`;
 * the caller draws only when a probability is set). Null: it runs until stopped.
 */
export function appExit(spec: AppFailureSpec | undefined, limitMiB: number, crashedOnStart: boolean): AppExit | null {
  if (spec === undefined) return null;
  let exit: AppExit | null = null;
  const consider = (e: AppExit): void => {
    if (exit === null || e.afterMs < exit.afterMs) exit = e;
  };
  if (crashedOnStart) consider({ afterMs: CRASH_ON_START_DELAY_MS, exitCode: CRASH_EXIT_CODE, oom: false });
  if (spec.crashAfterMs !== undefined) consider({ afterMs: spec.crashAfterMs, exitCode: CRASH_EXIT_CODE, oom: false });
  if (spec.leakMiBPerMinute !== undefined) {
    const oom = oomAfterMs(limitMiB, spec.leakMiBPerMinute);
    if (Number.isFinite(oom)) consider({ afterMs: oom, exitCode: OOM_EXIT_CODE, oom: true });
  }
  return exit;
}

/**
 * How long a failing pull attempt takes before it is reported: an unreachable registry costs
 * the runtime's connection timeouts and retries; a denied, missing or rate-limited image fails
 * on the first answer, after the agent's few quick retries (fleetsim's estimates, not documented
 * values).
 */
export function pullFailureDelayMs(fails: ImagePullFailure): number {
  return fails === 'registry-unreachable' || fails === 'layers-unreachable' ? 60_000 : 3_000;
}

/** Docker Hub's registry host, where `docker pull` sends a reference without a host. */
export const DOCKER_HUB_REGISTRY = 'registry-1.docker.io';

/**
 * Host names a reference may spell Docker Hub with (`docker.io/library/nginx`, the form Helm
 * charts and most manifests use): Docker's reference parser maps them to Docker Hub's registry.
 */
const DOCKER_HUB_ALIASES: ReadonlySet<string> = new Set(['docker.io', 'index.docker.io', DOCKER_HUB_REGISTRY]);

/**
 * The registry host of an image reference, by Docker's rule: the first path component when it
 * looks like a host (has a dot or a port, or is localhost), else Docker Hub; Docker Hub's own
 * host names are Docker Hub too.
 */
export function imageRegistry(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return DOCKER_HUB_REGISTRY;
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? canonicalRegistry(first) : DOCKER_HUB_REGISTRY;
}

/** A registry host as pulls name it: Docker Hub's other host names are its registry host. */
export function canonicalRegistry(host: string): string {
  return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB_REGISTRY : host;
}

/** A scenario's registry outage in effect: pulls from `registry` (null: every registry) fail until `until` (ms). */
export interface RegistryOutage {
  readonly registry: string | null;
  readonly until: number;
}

/** Whether a pull of `image` that starts now falls into one of the outages in effect. */
export function registryDown(image: string, outages: readonly RegistryOutage[]): boolean {
  if (outages.length === 0) return false;
  const registry = imageRegistry(image);
  return outages.some((o) => o.registry === null || o.registry === registry);
}
