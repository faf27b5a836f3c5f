/**
 * Task definitions and the workloads built on them, as compiled from a scenario. Units are
 * fleetsim's internal ones (see resources.ts): cpu in shares, memory in MiB, sizes in MiB.
 */
import type { AppFailureSpec } from './app-failure.js';
import type { DeviceCounts } from './devices.js';
import type { EfsVolumeSpec } from './efs.js';
import type { CpuArchitecture } from './catalog/instance-type.js';
import type { PortMapping } from './network/port-mapping.js';
import type { SecretRef } from './secrets.js';

export type NetworkMode = 'awsvpc' | 'bridge' | 'host' | 'none';

export interface ContainerDefinition {
  readonly name: string;
  /** Image reference, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v1`. */
  readonly image: string;
  /** Compressed image size in MiB (what a pull downloads). */
  readonly imageSizeMiB: number;
  /** Number of layers; pulls fetch layers in parallel (bounded by the runtime). */
  readonly layers: number;
  /** An essential container stopping stops the task (ECS semantics). */
  readonly essential: boolean;
  /** Ports the container exposes; bind host ports in `bridge` and `host` modes. */
  readonly portMappings: readonly PortMapping[];
  /** The image has a SOCI index: Fargate lazy-loads it instead of pulling it whole. */
  readonly soci?: boolean;
  /** ECS container `cpu`: the CPU it reserves, in shares (1,024 units = 1 vCPU); absent: none set (counts as 0). */
  readonly cpu?: number;
  /** ECS container `memory`: its hard limit, MiB; the kernel OOM-kills it above. Absent: none. */
  readonly memoryMiB?: number;
  /** ECS container `memoryReservation`: its soft limit, MiB, what placement reserves for it. Absent: none. */
  readonly memoryReservationMiB?: number;
  /**
   * The secrets it reads at start (ECS `secrets` and `repositoryCredentials`; Kubernetes
   * secretKeyRef / envFrom), fetched before it is created (docs/models.md, "Start-up
   * dependencies"). Absent: none.
   */
  readonly secrets?: readonly SecretRef[];
  /** ECS `resourceRequirements` type GPU / Kubernetes `nvidia.com/gpu`: the whole GPUs pinned to it. Absent: none. */
  readonly gpus?: number;
  /**
   * ECS `dependsOn` / Kubernetes init-container order: the containers this one waits for before
   * it starts (src/model/container-start.ts). Absent: it starts with the others.
   */
  readonly dependsOn?: readonly ContainerDependency[];
  /** Median time from this container's start until it is healthy (a HEALTHY dependency, a sidecar's startup probe), ms. */
  readonly readyAfterMs?: number;
  /** A run-to-completion container (ECS non-essential container, Kubernetes init container): it exits 0 this long after it starts, ms. */
  readonly runsForMs?: number;
  /** Kubernetes: an init container (a regular one runs to completion; with `sidecar` set, a native sidecar). */
  readonly init?: boolean;
  /** A service-mesh proxy the platform or the mesh added to the task (not the app's own container). */
  readonly sidecar?: MeshProxy;
  /** The image's platforms (its manifest list); absent: a multi-arch image with every architecture. */
  readonly platforms?: readonly CpuArchitecture[];
  /** The image ships with the host or platform (the Service Connect agent in the ECS-optimized AMI and on Fargate): never pulled. */
  readonly preloaded?: boolean;
  /**
   * Kubernetes `imagePullPolicy` as the pod spec sets it; absent: Kubernetes's default for the
   * image (src/model/image-pull-policy.ts, effectivePullPolicy). ECS containers have none (the
   * agent's ECS_IMAGE_PULL_BEHAVIOR decides).
   */
  readonly imagePullPolicy?: ImagePullPolicy;
}

/**
 * Kubernetes `imagePullPolicy` (Kubernetes docs, "Images", "Image pull policy"): Always, kubelet
 * resolves the name to a digest at every container start and pulls only layers it lacks;
 * IfNotPresent, the image is pulled only when it is not on the node; Never, kubelet never pulls
 * and a container whose image is absent fails to start (ErrImageNeverPull). What each does is in
 * src/model/image-pull-policy.ts.
 */
export const IMAGE_PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
export type ImagePullPolicy = (typeof IMAGE_PULL_POLICIES)[number];

/**
 * ECS ContainerDependency `condition` (Kubernetes init containers compile to COMPLETE and, for
 * native sidecars, HEALTHY). The one list: the scenario schema's enum and the export's types use it.
 */
export const DEPENDENCY_CONDITIONS = ['START', 'HEALTHY', 'COMPLETE', 'SUCCESS'] as const;
export type DependencyCondition = (typeof DEPENDENCY_CONDITIONS)[number];

export interface ContainerDependency {
  readonly containerName: string;
  readonly condition: DependencyCondition;
}

/** Which mesh put a proxy into the task: ECS Service Connect's Envoy, Istio's istio-proxy, an App Mesh-style Envoy the scenario declares. */
export type MeshProxy = 'service-connect' | 'istio' | 'app-mesh';

/**
 * How the task shows it is healthy: an ECS container health check (Docker HEALTHCHECK: first
 * check `interval` after start, failures during `startPeriod` ignored) or a Kubernetes
 * readiness probe (first probe after `initialDelay`, then every `period`).
 */
export interface HealthCheckSpec {
  readonly kind: 'ecs-container' | 'k8s-readiness' | 'k8s-liveness';
  /** ECS `interval` / Kubernetes `periodSeconds`, ms. */
  readonly intervalMs: number;
  /** ECS: none (first check after one interval). Kubernetes `initialDelaySeconds`, ms. */
  readonly initialDelayMs: number;
  readonly timeoutMs: number;
  /** ECS `retries` / Kubernetes `failureThreshold`. */
  readonly failureThreshold: number;
  /** Kubernetes readiness `successThreshold`: consecutive passes to be Ready (1 for ECS and liveness). */
  readonly successThreshold: number;
  /** ECS `startPeriod`, ms (0 for Kubernetes). */
  readonly startPeriodMs: number;
}

/**
 * An Application Load Balancer target group in front of the service (ECS `loadBalancers`, or
 * the AWS Load Balancer Controller with IP targets on EKS). Defaults are ALB's.
 */
export interface TargetGroupSpec {
  readonly healthCheckIntervalMs: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  readonly healthCheckTimeoutMs: number;
  readonly deregistrationDelayMs: number;
  /**
   * Slow start (`slow_start.duration_seconds`): 0 (off, the default) or 30-900 s during which a
   * new target's share of requests ramps up linearly to a full one (ELB user guide, "Slow start
   * mode"; src/model/load.ts, slowStartWeight).
   */
  readonly slowStartMs: number;
  /**
   * Cross-zone load balancing (`load_balancing.cross_zone.enabled`): on, each load balancer node
   * routes to the registered targets in every enabled AZ; off, only to those in its own AZ. An
   * ALB has it on at the load balancer level and a target group may turn it off (ELB user guide,
   * "Cross-zone load balancing for target groups"); docs/models.md, "Load balancer rules".
   */
  readonly crossZone: boolean;
}

/** ALB target group defaults (Elastic Load Balancing user guide, "Health checks for your target groups"). */
export const ALB_TARGET_GROUP_DEFAULTS: TargetGroupSpec = {
  healthCheckIntervalMs: 30_000,
  healthyThreshold: 5,
  unhealthyThreshold: 2,
  healthCheckTimeoutMs: 5_000,
  deregistrationDelayMs: 300_000,
  slowStartMs: 0,
  crossZone: true,
};

export interface TaskDefinition {
  readonly family: string;
  readonly revision: number;
  /**
   * The CPU the task reserves, in shares: ECS task-level `cpu` (256 units = 256,000 shares) or,
   * without one (EC2 only), the sum of its containers' `cpu`; a pod's CPU requests.
   */
  readonly cpu: number;
  /**
   * The memory the task reserves, MiB: ECS task-level `memory` or, without one (EC2 only), the
   * sum over its containers of `memoryReservation`, else `memory`; a pod's memory requests.
   */
  readonly memoryMiB: number;
  readonly networkMode: NetworkMode;
  readonly containers: readonly ContainerDefinition[];
  /** The essential container's health check (ECS) or readiness probe (Kubernetes), if it has one. */
  readonly healthCheck?: HealthCheckSpec;
  /** Kubernetes: the container's liveness probe; kubelet restarts the container when it fails. */
  readonly livenessProbe?: HealthCheckSpec;
  /** Median time from container start until the app answers its health check (fleetsim's app model). */
  readonly readyAfterMs: number;
  /** ECS `executionRoleArn`: the role the agent (or Fargate) fetches secrets and registry credentials with. Absent: none given (ecsTaskExecutionRole in messages). */
  readonly executionRoleArn?: string;
  /** `runtimePlatform.cpuArchitecture`: the image's architecture; EC2 hosts must match it. */
  readonly cpuArchitecture?: 'x86_64' | 'arm64';
  /**
   * fleetsim app model: the app opens connections to other services this long after it starts
   * (its start-up calls), through its mesh proxy if it has one; absent: it makes none at start.
   * A proxy that is not ready then fails them and the app exits 1 (the sidecar start-up race).
   */
  readonly connectsAfterMs?: number;
  /**
   * How the task stops (see docs/models.md, "Graceful shutdown"). Omitted fields take
   * SHUTDOWN_DEFAULTS, which reproduce fleetsim's behaviour before these fields existed.
   */
  readonly shutdown?: ShutdownSpec;
  /** fleetsim's app failure model (crash, memory leak, failing pull); absent: none. */
  readonly failure?: AppFailureSpec;
  /**
   * Kubernetes: the requests kube-scheduler scores the pod by when some container sets no CPU
   * or memory request (100m / 200 MiB for each one missing; src/model/pod-requests.ts). Absent:
   * every container sets both, so scoring uses `cpu` and `memoryMiB`.
   */
  readonly nonZeroRequests?: { readonly cpu: number; readonly memoryMiB: number };
  /**
   * The GPUs and Neuron devices the task reserves, summed over its containers (ECS GPU
   * `resourceRequirements`, Kubernetes extended resources; src/model/devices.ts). Absent: none.
   */
  readonly devices?: DeviceCounts;
  /**
   * EFS volumes mounted as the task starts (ECS `volumes[].efsVolumeConfiguration`, a pod's
   * EFS CSI persistent volume; docs/models.md, "EFS volumes"). Absent: none.
   */
  readonly efsVolumes?: readonly EfsVolumeSpec[];
  /**
   * Kubernetes `imagePullSecrets`: the Secrets holding registry logins kubelet pulls with. The
   * first counts as the login for a rate-limited registry (src/model/registry-pull-limits.ts).
   * Absent: anonymous pulls (ECS keeps its login per container, `repositoryCredentials`).
   */
  readonly imagePullSecrets?: readonly string[];
}

/**
 * Stop semantics of a task or pod. SIGTERM first; SIGKILL `stopTimeoutMs` later if the process
 * is still there (ECS container `stopTimeout`, Kubernetes `terminationGracePeriodSeconds`).
 */
export interface ShutdownSpec {
  /** ECS `stopTimeout` (largest over the containers) / pod `terminationGracePeriodSeconds`, ms. */
  readonly stopTimeoutMs: number;
  /** The app drains and exits on SIGTERM; false: it runs on until SIGKILL. */
  readonly handlesSigterm: boolean;
  /** How long one request takes (fleetsim app model); 0: no request is ever in flight. */
  readonly requestDurationMs: number;
}

/**
 * ECS: stopTimeout defaults to 30 s (max 120 s); Kubernetes: terminationGracePeriodSeconds
 * defaults to 30 s. Apps handle SIGTERM and requests are instantaneous by default, so a stop
 * takes the runtime's graceful-exit draw as it always did.
 */
export const SHUTDOWN_DEFAULTS: ShutdownSpec = { stopTimeoutMs: 30_000, handlesSigterm: true, requestDurationMs: 0 };

/**
 * Requests still in flight on a task that served `rps` requests a second until `remainingMs` of
 * their duration is left (Little's law: rate x time in the system), rounded to whole requests.
 */
export function requestsInFlight(rps: number, remainingMs: number): number {
  return Math.round((rps * Math.max(0, remainingMs)) / 1000);
}

/** ECS caps a container's stopTimeout at 120 s (Fargate; the agent applies the same bound). */
export const MAX_STOP_TIMEOUT_MS = 120_000;

export function shutdownOf(td: TaskDefinition): ShutdownSpec {
  return td.shutdown ?? SHUTDOWN_DEFAULTS;
}

/** All port mappings of the task's containers, in container order. */
export function taskPortMappings(td: TaskDefinition): PortMapping[] {
  return td.containers.flatMap((c) => c.portMappings);
}

/**
 * The task's app container: the first essential one that is neither a mesh proxy nor an init
 * container (the one whose exit, health and failures fleetsim's app model describes).
 */
export function appContainer(td: TaskDefinition): ContainerDefinition {
  for (const c of td.containers) if (c.essential && c.sidecar === undefined && c.init !== true) return c;
  return td.containers.find((c) => c.essential) ?? td.containers[0]!;
}

/** The CPU the task's app serves requests with, in shares: what it reserves less its mesh proxy's reservation. */
export function servingCpu(td: TaskDefinition): number {
  return Math.max(0, td.cpu - proxyCpu(td));
}

/** The CPU the task's mesh proxies reserve, in shares. */
export function proxyCpu(td: TaskDefinition): number {
  let cpu = 0;
  for (const c of td.containers) if (c.sidecar !== undefined) cpu += c.cpu ?? 0;
  return Math.min(cpu, td.cpu);
}

/**
 * Mesh proxies a request from the load balancer passes through on its way to the app: an Istio or
 * App Mesh sidecar intercepts inbound traffic (1); Service Connect's proxy handles only the
 * task's service-to-service traffic, so the load balancer reaches the app directly (0).
 */
export function inboundProxyHops(td: TaskDefinition): number {
  for (const c of td.containers) if (c.sidecar === 'istio' || c.sidecar === 'app-mesh') return 1;
  return 0;
}

/** `api:3` — the family:revision form ECS prints. */
export function taskDefinitionArn(td: TaskDefinition): string {
  return `${td.family}:${td.revision}`;
}
