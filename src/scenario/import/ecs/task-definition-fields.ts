/**
 * Every field of an ECS task definition, as RegisterTaskDefinition takes it and
 * DescribeTaskDefinition returns it (Amazon ECS API Reference, RegisterTaskDefinition,
 * TaskDefinition, ContainerDefinition, PortMapping, HealthCheck, RuntimePlatform; the field set
 * of the ECS service model as the AWS SDK for JavaScript v3, @aws-sdk/client-ecs 3.1178, ships
 * it), with what fleetsim does with each (field-rules.ts). CloudFormation's
 * AWS::ECS::TaskDefinition has the same fields in PascalCase.
 */
import { ignored, listOf, MODELLED, nested, READ_ONLY, TAGS, unmodelled, warnUnless, depends, type Fields } from '../field-rules.js';
import { isObject } from '../account-fields.js';

const nonEmpty = (value: unknown): boolean => Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== false;

const APP_CONFIG = ignored('configures the process inside the container, not where or how fast it starts; fleetsim models the app with readyAfter and its app model');
const DOCKER_RUNTIME = ignored('a Docker runtime setting of the container: it changes neither placement nor start-up');
const DNS = ignored('name resolution inside the container: ECS service discovery is not modelled');

export const PORT_MAPPING_FIELDS: Fields = {
  containerPort: MODELLED,
  hostPort: MODELLED,
  protocol: MODELLED,
  name: ignored('names the port for Service Connect, which is not modelled'),
  appProtocol: ignored('the application protocol for Service Connect metrics, which are not modelled'),
  containerPortRange: unmodelled('a port range binds host ports in bridge mode, limiting tasks per instance'),
};

export const HEALTH_CHECK_FIELDS: Fields = {
  command: MODELLED,
  interval: MODELLED,
  timeout: MODELLED,
  retries: MODELLED,
  startPeriod: MODELLED,
};

export const CONTAINER_DEFINITION_FIELDS: Fields = {
  name: MODELLED,
  image: MODELLED,
  repositoryCredentials: nested({ credentialsParameter: MODELLED }),
  cpu: MODELLED,
  memory: MODELLED,
  memoryReservation: MODELLED,
  links: ignored('bridge-mode links between containers change neither placement nor start-up'),
  portMappings: listOf(nested(PORT_MAPPING_FIELDS)),
  essential: MODELLED,
  restartPolicy: warnUnless((v) => !isObject(v) || v.enabled !== true, 'ECS restarts an exited container in place instead of stopping the task'),
  entryPoint: APP_CONFIG,
  command: APP_CONFIG,
  environment: ignored('environment variables configure the app, not its scheduling or start-up'),
  environmentFiles: ignored('environment files configure the app; fetching them from S3 at start is not timed'),
  mountPoints: ignored("mounts of the task's volumes; see the task's volumes"),
  volumesFrom: ignored("mounts of another container's volumes change neither placement nor start-up"),
  linuxParameters: ignored('kernel capabilities, devices, init process, shared memory and tmpfs change neither placement nor start-up'),
  secrets: listOf(nested({ name: MODELLED, valueFrom: MODELLED })),
  dependsOn: MODELLED,
  startTimeout: ignored('only bounds the wait for a dependsOn condition'),
  stopTimeout: MODELLED,
  versionConsistency: ignored('whether ECS pins the tag to a digest: the image pulled is the same'),
  hostname: DNS,
  user: DOCKER_RUNTIME,
  workingDirectory: DOCKER_RUNTIME,
  disableNetworking: DOCKER_RUNTIME,
  privileged: DOCKER_RUNTIME,
  readonlyRootFilesystem: DOCKER_RUNTIME,
  dnsServers: DNS,
  dnsSearchDomains: DNS,
  extraHosts: DNS,
  dockerSecurityOptions: DOCKER_RUNTIME,
  interactive: DOCKER_RUNTIME,
  pseudoTerminal: DOCKER_RUNTIME,
  dockerLabels: TAGS,
  ulimits: DOCKER_RUNTIME,
  logConfiguration: ignored('where logs go does not change the simulation'),
  healthCheck: nested(HEALTH_CHECK_FIELDS),
  systemControls: DOCKER_RUNTIME,
  // GPU requirements are modelled (placement counts free GPUs); Elastic Inference accelerators are not.
  resourceRequirements: warnUnless(
    (v) => !Array.isArray(v) || v.every((r) => isObject(r) && r.type === 'GPU'),
    'Elastic Inference accelerators (InferenceAccelerator) constrain which instances a task can be placed on; fleetsim models GPUs only',
  ),
  firelensConfiguration: ignored('FireLens log routing does not change the simulation'),
  credentialSpecs: ignored('Active Directory credential specs (Windows and gMSA) change neither placement nor start-up'),
};

/** ECS EFSVolumeConfiguration (CloudFormation: EFSVolumeConfiguration, FilesystemId, IAM; renamed in ecs-resources.ts). */
export const EFS_VOLUME_CONFIGURATION_FIELDS: Fields = {
  fileSystemId: MODELLED,
  rootDirectory: MODELLED,
  transitEncryption: MODELLED,
  transitEncryptionPort: MODELLED,
  authorizationConfig: nested({ accessPointId: MODELLED, iam: MODELLED }),
};

/**
 * A task definition volume: EFS volumes are mounted as the task starts (docs/models.md, "EFS
 * volumes"); bind mounts and Docker volumes change nothing fleetsim models; FSx, S3 Files and EBS
 * volumes configured at launch are attached and mounted at start, which fleetsim does not model.
 */
export const VOLUME_FIELDS: Fields = {
  name: MODELLED,
  host: ignored('a bind mount changes neither placement nor start-up'),
  dockerVolumeConfiguration: ignored('a Docker volume on the instance changes neither placement nor start-up'),
  efsVolumeConfiguration: nested(EFS_VOLUME_CONFIGURATION_FIELDS),
  fsxWindowsFileServerVolumeConfiguration: unmodelled('FSx for Windows File Server volumes are mounted as the task starts, which delays it'),
  s3filesVolumeConfiguration: unmodelled('S3 Files volumes are mounted as the task starts, which delays it'),
  // An Amazon EBS volume per task, configured by the service's volumeConfigurations (docs/models.md, "ECS EBS volumes").
  configuredAtLaunch: MODELLED,
};

const VOLUMES = listOf(nested(VOLUME_FIELDS));

/** The fields RegisterTaskDefinition takes (and CloudFormation's AWS::ECS::TaskDefinition, in PascalCase). */
export const REGISTER_TASK_DEFINITION_FIELDS: Fields = {
  family: MODELLED,
  taskRoleArn: ignored("the app's IAM permissions change neither scheduling nor start-up"),
  executionRoleArn: MODELLED,
  networkMode: MODELLED,
  containerDefinitions: listOf(nested(CONTAINER_DEFINITION_FIELDS)),
  volumes: VOLUMES,
  placementConstraints: listOf(nested({ type: MODELLED, expression: MODELLED })),
  requiresCompatibilities: MODELLED,
  cpu: MODELLED,
  memory: MODELLED,
  tags: TAGS,
  pidMode: ignored('process namespace sharing changes neither placement nor start-up'),
  ipcMode: ignored('IPC namespace sharing changes neither placement nor start-up'),
  proxyConfiguration: unmodelled("an App Mesh proxy holds the app's traffic until Envoy is ready, which delays the task's readiness"),
  inferenceAccelerators: unmodelled('Elastic Inference accelerators constrain placement'),
  ephemeralStorage: depends((value) =>
    isObject(value) && typeof value.sizeInGiB === 'number' && value.sizeInGiB > 20
      ? unmodelled('Fargate bills ephemeral storage above 20 GiB, which the cost report does not include')
      : ignored('20 GiB or less: free on Fargate, and disk is not modelled on EC2'),
  ),
  runtimePlatform: nested({ cpuArchitecture: MODELLED, operatingSystemFamily: MODELLED }),
  enableFaultInjection: ignored('lets the task call the fault injection endpoints; fleetsim injects faults with scenario events'),
  trustedExecutionConfiguration: unmodelled('trusted execution constrains the instance types a task can run on'),
};

/** What DescribeTaskDefinition adds: read-only, except the revision (the one the service starts with) and the ARN services refer to. */
export const DESCRIBED_TASK_DEFINITION_FIELDS: Fields = {
  ...REGISTER_TASK_DEFINITION_FIELDS,
  taskDefinitionArn: MODELLED,
  revision: MODELLED,
  status: READ_ONLY,
  requiresAttributes: READ_ONLY,
  compatibilities: READ_ONLY,
  registeredAt: READ_ONLY,
  deregisteredAt: READ_ONLY,
  deleteRequestedAt: READ_ONLY,
  registeredBy: READ_ONLY,
};

/** `aws ecs describe-task-definition` prints the definition and its tags. */
export const DESCRIBE_TASK_DEFINITION_OUTPUT_FIELDS: Fields = {
  taskDefinition: MODELLED,
  tags: TAGS,
};
