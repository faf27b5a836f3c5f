/**
 * An ECS task definition (RegisterTaskDefinition's fields, in the scenario's units) and its
 * container definitions.
 */
import { DEPENDENCY_CONDITIONS, MAX_STOP_TIMEOUT_MS, SHUTDOWN_DEFAULTS } from '../../model/task-definition.js';
import { containerCommon } from './app-model.js';
import { ECS_CONTAINERS_PER_TASK_DEFINITION, MAX_API_INTEGER } from '../limits.js';
import { Closed, Duration, ItemLimit, Limit, Optional, Seconds, StringEnum, StringOrNumber, Type } from './fields.js';

/** ECS container health check defaults (task definition `healthCheck`), seconds. */
export const ECS_HEALTH_CHECK_DEFAULTS = { interval: 30, timeout: 5, retries: 3, startPeriod: 0 } as const;

/** Where the health check's bounds come from. */
const ECS_HEALTH_CHECK_RANGE = 'the ECS HealthCheck API range';

export const EcsHealthCheck = Closed(
  {
    command: Optional(Type.Array(Type.String(), { description: 'The check command (documentation only: fleetsim models its outcome with the app model).' })),
    interval: Optional(Seconds('Seconds between checks.', 5, { ...Limit(300, ECS_HEALTH_CHECK_RANGE), default: ECS_HEALTH_CHECK_DEFAULTS.interval })),
    timeout: Optional(Seconds('Seconds before a check fails.', 2, { ...Limit(120, ECS_HEALTH_CHECK_RANGE), default: ECS_HEALTH_CHECK_DEFAULTS.timeout })),
    retries: Optional(Seconds('Consecutive failures before UNHEALTHY.', 1, { ...Limit(10, ECS_HEALTH_CHECK_RANGE), default: ECS_HEALTH_CHECK_DEFAULTS.retries })),
    startPeriod: Optional(Seconds('Grace period in seconds during which failures do not count.', 0, { ...Limit(300, ECS_HEALTH_CHECK_RANGE), default: ECS_HEALTH_CHECK_DEFAULTS.startPeriod })),
  },
  { description: 'ECS container health check (seconds, as in the task definition); the first essential container with one counts.' },
);

export const PortMapping = Closed({
  containerPort: Type.Integer({ minimum: 1, maximum: 65535, description: 'The port the container listens on.' }),
  hostPort: Optional(Type.Integer({ minimum: 0, maximum: 65535, description: 'bridge: 0 or omitted = dynamic; host: must equal containerPort.' })),
  protocol: Optional(StringEnum(['tcp', 'udp'], { description: 'Transport protocol.', default: 'tcp' })),
});

export const EcsSecret = Closed({
  name: Type.String({ minLength: 1, description: 'The environment variable the secret is set in.' }),
  valueFrom: Type.String({
    minLength: 1,
    description:
      'A Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>, optionally :<json-key>:<version-stage>:<version-id>) or an SSM Parameter Store parameter (its ARN, or its name in the Region).',
  }),
});

/** ECS ResourceRequirement; fleetsim models GPUs (Elastic Inference, `InferenceAccelerator`, reached end of life). */
export const ResourceRequirement = Closed({
  type: StringEnum(['GPU'], { description: 'The resource type: GPU (physical NVIDIA GPUs the ECS agent pins to the container).' }),
  value: StringOrNumber({
    description: "The number of GPUs, a whole number as a string ('1') as the API takes it, or a number; all containers' GPUs together must fit on one container instance.",
  }),
});

export const ContainerDefinition = Closed(
  {
    ...containerCommon,
    secrets: Optional(
      Type.Array(EcsSecret, {
        description:
          'ECS container secrets: fetched with the task execution role before the container is created, through the VPC endpoint of Secrets Manager or SSM, else a NAT gateway (cluster.vpc.egress). A failed fetch stops the task (ResourceInitializationError on Fargate).',
      }),
    ),
    repositoryCredentials: Optional(
      Closed(
        { credentialsParameter: Type.String({ minLength: 1, description: "The ARN of the Secrets Manager secret holding the private registry's login." }) },
        { description: 'Login for a private registry outside ECR, fetched like a secret before the pull.' },
      ),
    ),
    cpu: Optional(
      Type.Integer({
        minimum: 0,
        ...Limit(MAX_API_INTEGER, "the ECS API's integer type"),
        description:
          "CPU units reserved for the container (1,024 = 1 vCPU; ECS ContainerDefinition cpu). Without a task-level cpu (EC2 only) the task reserves the sum of its containers' cpu, a container without one counting 0; with one, the sum must not exceed it.",
      }),
    ),
    memory: Optional(
      Type.Integer({
        minimum: 6,
        ...Limit(MAX_API_INTEGER, "the ECS API's integer type"),
        description:
          "The container's hard memory limit, MiB: the kernel OOM-kills it above this (a memoryLeak ends here). Placement reserves it when memoryReservation is not set. Not above the task's memory; at least 6 (Docker's minimum).",
      }),
    ),
    memoryReservation: Optional(
      Type.Integer({
        minimum: 6,
        ...Limit(MAX_API_INTEGER, "the ECS API's integer type"),
        description:
          "The container's soft memory limit, MiB: what placement reserves for it; it may use more, up to memory or the instance's memory. Without a task-level memory every container needs memory or memoryReservation; the containers' memoryReservation must not add up to more than the task's memory.",
      }),
    ),
    essential: Optional(Type.Boolean({ description: 'ECS: the task stops when an essential container stops. A task needs at least one.', default: true })),
    dependsOn: Optional(
      Type.Array(
        Closed({
          containerName: Type.String({ minLength: 1, description: 'A container of the same task definition.' }),
          condition: StringEnum(DEPENDENCY_CONDITIONS, {
            description: 'START: it has started; HEALTHY: its health check passed (it needs one); COMPLETE / SUCCESS: it exited (with code 0), only on a non-essential container.',
          }),
        }),
        { minItems: 1, description: 'ECS container dependencies: this container starts only when each holds (the start-up split shows the wait).' },
      ),
    ),
    runsFor: Optional(Duration({ description: 'fleetsim app model: a non-essential container that runs to completion (a migration, a config fetch): it exits 0 this long after it starts.' })),
    healthCheck: Optional(EcsHealthCheck),
    stopTimeout: Optional(
      Type.Integer({
        minimum: 0,
        description: `Seconds between SIGTERM and SIGKILL when the task stops, at most ${MAX_STOP_TIMEOUT_MS / 1000}; the task waits for its largest one.`,
        default: SHUTDOWN_DEFAULTS.stopTimeoutMs / 1000,
      }),
    ),
    portMappings: Optional(Type.Array(PortMapping, { description: 'Ports the container exposes; in bridge and host mode they bind host ports.' })),
    resourceRequirements: Optional(
      Type.Array(ResourceRequirement, {
        description: 'ECS resourceRequirements: GPUs for the container. EC2 only (Fargate offers no GPUs); the task is placed only on a container instance with that many free GPUs.',
      }),
    ),
  },
);

export const RuntimePlatform = Closed(
  {
    cpuArchitecture: Optional(StringEnum(['X86_64', 'ARM64'], { description: "The image's architecture; EC2 hosts must match it, Fargate bills ARM64 at its own rate.", default: 'X86_64' })),
    operatingSystemFamily: Optional(StringEnum(['LINUX'], { description: 'Linux only.', default: 'LINUX' })),
  },
  { description: 'ECS runtimePlatform.' },
);

export const EfsVolumeConfiguration = Closed(
  {
    fileSystemId: Type.String({ minLength: 1, description: 'The EFS file system (one of cluster.fileSystems).' }),
    rootDirectory: Optional(Type.String({ minLength: 1, description: "The directory of the file system mounted as the volume's root; omitted or '/': the root. Must be omitted or '/' with an access point.", default: '/' })),
    transitEncryption: Optional(StringEnum(['ENABLED', 'DISABLED'], { description: 'Mount over TLS (efs-utils starts stunnel first, which adds to the mount time); required with an access point or IAM authorization.', default: 'DISABLED' })),
    transitEncryptionPort: Optional(Type.Integer({ minimum: 0, maximum: 65535, description: 'The local port stunnel uses (documentation only).' })),
    authorizationConfig: Optional(
      Closed(
        {
          accessPointId: Optional(Type.String({ minLength: 1, description: 'An EFS access point (fsap-...): its path becomes the root; needs transitEncryption ENABLED.' })),
          iam: Optional(StringEnum(['ENABLED', 'DISABLED'], { description: "Mount with the task role's IAM authorization; needs transitEncryption ENABLED.", default: 'DISABLED' })),
        },
        { description: 'EFS access point and IAM authorization.' },
      ),
    ),
  },
  { description: 'ECS EFSVolumeConfiguration: an EFS file system mounted as the task starts, through the mount target in its AZ.' },
);

export const Volume = Closed(
  {
    name: Type.String({ minLength: 1, description: "The volume's name, which containers' mountPoints refer to." }),
    efsVolumeConfiguration: Optional(EfsVolumeConfiguration),
    configuredAtLaunch: Optional(
      Type.Boolean({ description: "The volume is configured when the service is created: an Amazon EBS volume per task from the service's volumeConfigurations (docs/models.md, \"ECS EBS volumes\").", default: false }),
    ),
  },
  { description: 'A task definition volume. With efsVolumeConfiguration an EFS volume, mounted as the task starts; without, a bind mount (changes nothing fleetsim models).' },
);

export const TaskDefinition = Closed({
  family: Optional(Type.String({ minLength: 1, description: 'Defaults to the service name.' })),
  revision: Optional(Type.Integer({ minimum: 1, description: 'The revision the service starts with; deploy events register the next ones.', default: 1 })),
  cpu: Optional(
    Type.Unsafe<string | number>({
      type: ['string', 'integer'],
      title: "CPU units or '<n> vCPU'",
      description:
        "Task CPU: units (256 = 0.25 vCPU) or '0.5 vCPU'. Required on Fargate (with a Fargate size); optional on EC2, where the task then reserves the sum of its containers' cpu.",
    }),
  ),
  memory: Optional(
    Type.Unsafe<string | number>({
      type: ['string', 'integer'],
      title: "MiB or '<n> GB'",
      description:
        "Task memory: MiB (512) or '2 GB'. Required on Fargate; optional on EC2, where every container then sets memory or memoryReservation and the task reserves their sum (memoryReservation where set, else memory).",
    }),
  ),
  executionRoleArn: Optional(
    Type.String({ minLength: 1, description: 'The task execution role the agent (or Fargate) fetches secrets and registry credentials with; AccessDenied messages name it (default ecsTaskExecutionRole).' }),
  ),
  networkMode: Optional(StringEnum(['awsvpc', 'bridge', 'host', 'none'], { description: 'ECS network mode; Fargate needs awsvpc (its default there).', default: 'bridge' })),
  runtimePlatform: Optional(RuntimePlatform),
  containerDefinitions: Type.Array(ContainerDefinition, { minItems: 1, ...ItemLimit(ECS_CONTAINERS_PER_TASK_DEFINITION, 'ECS quota: containers per task definition'), description: 'The containers of the task.' }),
  volumes: Optional(Type.Array(Volume, { description: 'ECS task definition volumes: EFS volumes are mounted as the task starts (docs/models.md, "EFS volumes").' })),
}, { description: 'The task definition the service starts with; deploy events register its next revisions.' });
