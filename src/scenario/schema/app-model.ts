/**
 * fleetsim's model of the application inside a container (docs/models.md, "Graceful shutdown",
 * "Application failures and back-off", "Health checks that fail"): fields that ECS container
 * definitions and pod containers share, and that a deploy event may set on the new revision.
 */
import { SHUTDOWN_DEFAULTS } from '../../model/task-definition.js';
import { Closed, Duration, Optional, Quantity, StringEnum, Type } from './fields.js';

/** The app's readiness delay when no container sets `readyAfter`. */
export const DEFAULT_READY_AFTER = '2s';
/** Image layers when a container does not say. */
export const DEFAULT_IMAGE_LAYERS = 5;

export const ReadyAfter = Duration({
  description: 'fleetsim app model: median time from container start until the app answers its health check (the first container that sets it counts).',
  default: DEFAULT_READY_AFTER,
});

export const HandlesSigterm = Type.Boolean({
  description: 'fleetsim app model: the app drains its in-flight requests and exits on SIGTERM; false: it runs on until SIGKILL. One container that ignores SIGTERM keeps the task until SIGKILL.',
  default: SHUTDOWN_DEFAULTS.handlesSigterm,
});

export const RequestDuration = Duration({
  description: 'fleetsim app model: how long one request takes, e.g. 200ms (the first container that sets it counts); 0: nothing is ever in flight at a stop.',
  default: '0s',
});

export const Crash = Closed(
  {
    onStartProbability: Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Each start, the app crashes 1 s after starting with this probability (a seeded draw per start).' })),
    after: Optional(Duration({ description: 'The app crashes this long after every start, e.g. 45s.' })),
  },
  {
    minProperties: 1,
    description: 'fleetsim app model: the process exits non-zero after starting. ECS stops the task (EssentialContainerExited); kubelet restarts the container with its back-off (CrashLoopBackOff). One container per task may set it.',
  },
);

export const MemoryLeak = Closed(
  { perMinute: Quantity('size', 'Growth per minute, e.g. 50MiB.') },
  {
    description:
      "fleetsim app model: resident memory grows from the container's start until its memory limit: the ECS container's memory (its hard limit), else the task's memory; a pod container's resources.limits.memory, else the pod's memory requests. Then the kernel OOM-kills it (exit code 137).",
  },
);

export const HealthEndpoint = Closed(
  {
    failsAfter: Optional(Duration({ description: 'The endpoint starts failing this long after each container start (0s: it never passes), e.g. a dependency it checks goes away.' })),
    queuedWithRequests: Optional(
      Type.Boolean({
        description: "The check waits in the request queue: it takes the task's response time, so it fails when that exceeds the check's timeout, and always when the task is saturated.",
        default: false,
      }),
    ),
  },
  {
    minProperties: 1,
    description: "fleetsim app model: how the app's health endpoint answers checks (ECS container health check, ALB target checks, Kubernetes probes). Default: it passes once the app is ready, whatever the load.",
  },
);

export const ImagePull = Closed(
  { fails: StringEnum(['registry-unreachable', 'access-denied', 'tag-not-found'], { description: 'How every pull fails: the registry does not answer, denies access, or has no such tag.' }) },
  { description: "fleetsim fault: every pull of this container's image fails (ECS CannotPullContainerError; Kubernetes ErrImagePull, then ImagePullBackOff)." },
);

/** The app failure models a container, or a deploy event's new revision, may set. */
export const appFaults = {
  crash: Optional(Crash),
  memoryLeak: Optional(MemoryLeak),
  imagePull: Optional(ImagePull),
  healthEndpoint: Optional(HealthEndpoint),
};

/** An image platform (OCI `os/architecture`); fleetsim runs Linux only. */
export const ImagePlatform = StringEnum(['linux/amd64', 'linux/arm64'], { description: 'An OCI platform: linux/amd64 (x86_64 hosts) or linux/arm64 (Graviton).' });

/** What ECS containers and pod containers share: the image and fleetsim's app model. */
export const containerCommon = {
  platforms: Optional(
    Type.Array(ImagePlatform, {
      minItems: 1,
      uniqueItems: true,
      description:
        "The platforms the image's manifest list holds. Absent: a multi-arch image (both). On a host of another architecture the container exits at once with `exec format error` (Kubernetes CrashLoopBackOff; ECS stops the task).",
    }),
  ),
  connectsOnStart: Optional(
    Duration({
      description:
        "fleetsim app model: the app calls other services this long after it starts (start-up calls). Through a mesh sidecar that is not ready yet they fail and the app exits 1 (the sidecar start-up race); kubelet restarts it, ECS replaces the task. Absent: no start-up calls.",
    }),
  ),
  name: Type.String({ minLength: 1, description: 'Container name, unique in the task (pod).' }),
  image: Type.String({ minLength: 1, description: "Image reference; tasks sharing it share a host's image cache." }),
  imageSize: Quantity('size', 'Compressed image size: 50MB, 200Mi, 1GB.'),
  layers: Optional(Type.Integer({ minimum: 1, description: 'Number of image layers; pulls fetch them in parallel.', default: DEFAULT_IMAGE_LAYERS })),
  soci: Optional(Type.Boolean({ description: 'The image has a SOCI index: Fargate lazy-loads it.', default: false })),
  readyAfter: Optional(ReadyAfter),
  handlesSigterm: Optional(HandlesSigterm),
  requestDuration: Optional(RequestDuration),
  ...appFaults,
};
