/**
 * An ECS service's task definition: its containers, network mode, size and app model, checked
 * as RegisterTaskDefinition checks them (the API's wording where it has one).
 *
 * Task size and container resources (Amazon ECS API Reference, ContainerDefinition `cpu`,
 * `memory`, `memoryReservation`; Developer Guide, "Amazon ECS task definition parameters"):
 * - Task-level `cpu` and `memory` are required on Fargate and optional on EC2. Without them the
 *   task reserves what its containers do: the sum of their `cpu` (a container without one
 *   counts 0, as DescribeTasks reports it) and of their `memoryReservation`, else `memory`
 *   ("If you specify memoryReservation, then that value is subtracted from the available memory
 *   resources for the container instance ... Otherwise, the value of memory is used").
 * - Without a task-level memory every container needs `memory` or `memoryReservation`.
 * - A container's `memory` is a hard limit (the container is killed above it; fleetsim's memory
 *   leak is OOM-killed there), `memoryReservation` a soft one; memory >= memoryReservation.
 * - With task-level values, the containers must fit: no container's `memory` above the task's,
 *   the sum of the `memoryReservation`s and of the `cpu`s not above the task's.
 * - A container's `resourceRequirements` of type GPU: the physical GPUs the agent pins to it; the
 *   task reserves its containers' sum (ResourceRequirement; "Working with GPUs on Amazon ECS").
 *   EC2 only.
 */
import { checkFargateSize, FARGATE_SIZES } from '../../model/params/fargate.js';
import { CPU_SHARES_PER_ECS_UNIT, CPU_SHARES_PER_VCPU } from '../../model/resources.js';
import type { LaunchType } from '../../model/service.js';
import { ecsSecretStore, type SecretRef } from '../../model/secrets.js';
import type { ContainerDefinition, NetworkMode, TaskDefinition } from '../../model/task-definition.js';
import { DEFAULT_IMAGE_LAYERS } from '../schema/app-model.js';
import type { Static } from '../schema/fields.js';
import type { TaskDefinition as TaskDefinitionSchema } from '../schema/task-definition.js';
import { parseByteQuantity, parseEcsCpu, parseEcsMemory } from '../units.js';
import { appFailureSpec, ecsHealthCheck, readyAfterMs, shutdownSpec } from './app-model.js';
import { compileEfsVolumes } from './file-systems.js';
import { checkNoCycle, compileDependsOn, connectsAfterMs, startFields, type DependencyTarget } from './container-start.js';
import { uniqueNames, type Path, type Problems } from './problems.js';

type RawTaskDefinition = Static<typeof TaskDefinitionSchema>;
type RawContainer = RawTaskDefinition['containerDefinitions'][number];

/** The network mode of a task definition that names none; Fargate tasks must use awsvpc, so it is theirs. */
export const DEFAULT_NETWORK_MODE: NetworkMode = 'bridge';

export interface CompiledTaskDefinition {
  readonly taskDefinition: TaskDefinition;
  /** The task-level memory, MiB, the limit a container without its own is OOM-killed at; 0: none (EC2 without task-level memory). */
  readonly taskMemoryLimitMiB: number;
}

/**
 * Compiles `raw` (at `path`) for a service called `serviceName` whose tasks run on `launchType`.
 * `hasSubnets`: the cluster has subnets for awsvpc tasks to take addresses from.
 */
export function compileEcsTaskDefinition(raw: RawTaskDefinition, path: Path, serviceName: string, launchType: LaunchType, hasSubnets: boolean, problems: Problems): CompiledTaskDefinition {
  const containerPath = (j: number): Path => [...path, 'containerDefinitions', j];
  const targets = raw.containerDefinitions.map((c) => ({ name: c.name, essential: c.essential ?? true, hasHealthCheck: c.healthCheck !== undefined }));
  const containers = raw.containerDefinitions.map((c, j) => containerDefinition(c, containerPath(j), targets, problems));
  checkNoCycle(containers, containerPath, problems);
  const gpus = containers.reduce((sum, c) => sum + (c.gpus ?? 0), 0);
  if (gpus > 0 && launchType === 'FARGATE') {
    const j = containers.findIndex((c) => c.gpus !== undefined);
    problems.report([...containerPath(j), 'resourceRequirements'], 'GPU resourceRequirements need the EC2 launch type: Fargate offers no GPUs');
  }
  const networkMode = raw.networkMode ?? (launchType === 'FARGATE' ? 'awsvpc' : DEFAULT_NETWORK_MODE);
  if (launchType === 'FARGATE' && networkMode !== 'awsvpc') problems.report([...path, 'networkMode'], `Fargate tasks need networkMode 'awsvpc', got '${networkMode}'`);
  containers.forEach((c, j) =>
    c.portMappings.forEach((m, k) => {
      // RegisterTaskDefinition rejects these combinations; so does fleetsim.
      if ((networkMode === 'host' || networkMode === 'awsvpc') && m.hostPort !== undefined && m.hostPort !== 0 && m.hostPort !== m.containerPort) {
        problems.report([...containerPath(j), 'portMappings', k, 'hostPort'], `in ${networkMode} mode hostPort must be omitted or equal containerPort (${m.containerPort})`);
      }
      if (networkMode === 'none') problems.report([...containerPath(j), 'portMappings', k], "networkMode 'none' takes no port mappings");
    }),
  );
  if (networkMode === 'awsvpc' && !hasSubnets) problems.report([...path, 'networkMode'], 'awsvpc tasks take addresses from subnets: add cluster.vpc.subnets');
  if (!containers.some((c) => c.essential)) problems.report([...path, 'containerDefinitions'], 'a task definition needs at least one essential container');
  uniqueNames(containers.map((c) => c.name), (j) => [...containerPath(j), 'name'], 'container', problems);

  const size = taskSize(raw, path, launchType === 'FARGATE', problems);
  const rawContainers = raw.containerDefinitions;
  const checked = rawContainers.find((c) => c.healthCheck !== undefined && c.essential !== false)?.healthCheck;
  const readyMs = readyAfterMs(rawContainers, containerPath, problems);
  const shutdown = shutdownSpec(rawContainers, containerPath, undefined, problems);
  const hint = raw.memory === undefined ? "set taskDefinition.memory or the container's memory (its hard limit)" : 'set taskDefinition.memory';
  const failure = appFailureSpec(rawContainers, containerPath, { own: (j) => rawContainers[j]!.memory, task: size.taskMemoryMiB, hint }, problems);
  const architecture = raw.runtimePlatform?.cpuArchitecture;
  const connects = connectsAfterMs(rawContainers, containerPath, problems);
  const efsVolumes = compileEfsVolumes(raw.volumes, [...path, 'volumes'], problems);
  return {
    taskDefinition: {
      family: raw.family ?? serviceName,
      revision: raw.revision ?? 1,
      cpu: size.cpu,
      memoryMiB: size.memoryMiB,
      networkMode,
      containers,
      readyAfterMs: readyMs,
      ...(checked === undefined ? {} : { healthCheck: ecsHealthCheck(checked) }),
      ...(shutdown === undefined ? {} : { shutdown }),
      ...(failure === undefined ? {} : { failure }),
      ...(raw.executionRoleArn === undefined ? {} : { executionRoleArn: raw.executionRoleArn }),
      ...(architecture === undefined ? {} : { cpuArchitecture: architecture === 'ARM64' ? ('arm64' as const) : ('x86_64' as const) }),
      ...(gpus === 0 ? {} : { devices: { nvidiaGpu: gpus, neuron: 0, neuronCore: 0, podEni: 0 } }),
      ...(connects === undefined ? {} : { connectsAfterMs: connects }),
      ...(efsVolumes.length === 0 ? {} : { efsVolumes }),
    },
    taskMemoryLimitMiB: size.taskMemoryMiB,
  };
}

function containerDefinition(c: RawContainer, path: Path, targets: readonly DependencyTarget[], problems: Problems): ContainerDefinition {
  const dependsOn = compileDependsOn(c.dependsOn, c.name, targets, path, problems);
  if (c.runsFor !== undefined && (c.essential ?? true)) problems.report([...path, 'runsFor'], 'a container that runs to completion must be essential: false (an essential container exiting stops the task)');
  return {
    name: c.name,
    image: c.image,
    imageSizeMiB: problems.need(parseByteQuantity(c.imageSize), [...path, 'imageSize']),
    layers: c.layers ?? DEFAULT_IMAGE_LAYERS,
    essential: c.essential ?? true,
    ...(c.soci === true ? { soci: true } : {}),
    portMappings: (c.portMappings ?? []).map((m) => ({
      containerPort: m.containerPort,
      ...(m.hostPort === undefined ? {} : { hostPort: m.hostPort }),
      protocol: m.protocol ?? 'tcp',
    })),
    ...(c.cpu === undefined ? {} : { cpu: c.cpu * CPU_SHARES_PER_ECS_UNIT }),
    ...(c.memory === undefined ? {} : { memoryMiB: c.memory }),
    ...(c.memoryReservation === undefined ? {} : { memoryReservationMiB: c.memoryReservation }),
    ...ecsSecrets(c),
    ...gpuRequirement(c.resourceRequirements, [...path, 'resourceRequirements'], problems),
    ...startFields(c, path, problems),
    ...(dependsOn === undefined ? {} : { dependsOn }),
  };
}

/** The container's `secrets` and `repositoryCredentials`, as the secrets it fetches at start. */
function ecsSecrets(c: RawContainer): { secrets?: SecretRef[] } {
  const refs: SecretRef[] = (c.secrets ?? []).map((x) => ({ valueFrom: x.valueFrom, store: ecsSecretStore(x.valueFrom), key: null, optional: false, registryAuth: false }));
  const creds = c.repositoryCredentials?.credentialsParameter;
  if (creds !== undefined) refs.push({ valueFrom: creds, store: 'secretsmanager', key: null, optional: false, registryAuth: true });
  return refs.length === 0 ? {} : { secrets: refs };
}

/**
 * The container's GPUs from its `resourceRequirements` (type GPU, value a whole number as a
 * string): none when it lists none. One GPU entry per container.
 */
function gpuRequirement(requirements: RawContainer['resourceRequirements'], path: Path, problems: Problems): { gpus?: number } {
  let gpus: number | undefined;
  (requirements ?? []).forEach((r, k) => {
    const text = String(r.value).trim();
    const n = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 1) problems.report([...path, k, 'value'], `GPU value must be a whole number of GPUs, at least 1, got '${r.value}'`);
    else if (gpus !== undefined) problems.report([...path, k, 'type'], 'the container lists type GPU twice');
    else gpus = n;
  });
  return gpus === undefined ? {} : { gpus };
}

/** What the task reserves (cpu in shares, memory in MiB) and its task-level memory (0: none), with the size rules checked. */
function taskSize(raw: RawTaskDefinition, path: Path, fargate: boolean, problems: Problems): { cpu: number; memoryMiB: number; taskMemoryMiB: number } {
  const cpu = raw.cpu === undefined ? undefined : parseEcsCpu(raw.cpu);
  const memory = raw.memory === undefined ? undefined : parseEcsMemory(raw.memory);
  const taskCpu = cpu === undefined ? undefined : problems.need(cpu, [...path, 'cpu']);
  const taskMemory = memory === undefined ? undefined : problems.need(memory, [...path, 'memory']);
  const containers = raw.containerDefinitions;
  const containerPath = (j: number): Path => [...path, 'containerDefinitions', j];
  if (fargate) {
    // RegisterTaskDefinition with requiresCompatibilities FARGATE.
    if (taskCpu === undefined) problems.report(path, "Fargate requires that 'cpu' be defined at the task level.");
    if (taskMemory === undefined) problems.report(path, "Fargate requires that 'memory' be defined at the task level.");
    if (taskCpu !== undefined && taskMemory !== undefined && taskCpu > 0 && taskMemory > 0) {
      const vcpu = taskCpu / CPU_SHARES_PER_VCPU;
      const problem = checkFargateSize(vcpu, taskMemory);
      if (problem !== null) problems.report([...path, FARGATE_SIZES.some((r) => r.vcpu === vcpu) ? 'memory' : 'cpu'], problem);
    }
  }
  containers.forEach((c, j) => {
    if (c.memory !== undefined && c.memoryReservation !== undefined && c.memory < c.memoryReservation) {
      problems.report([...containerPath(j), 'memory'], `memory (${c.memory} MiB) must be greater than or equal to memoryReservation (${c.memoryReservation} MiB): memory is the hard limit, memoryReservation the soft one`);
    }
    if (taskMemory === undefined && !fargate && c.memory === undefined && c.memoryReservation === undefined) {
      problems.report(containerPath(j), `Invalid setting for container '${c.name}'. At least one of 'memory' or 'memoryReservation' must be specified.`);
    }
    if (memory?.ok === true && c.memory !== undefined && c.memory > memory.value) {
      problems.report([...containerPath(j), 'memory'], `The 'memory' setting for container '${c.name}' is greater than for the task.`);
    }
  });
  const reserved = containers.reduce((sum, c) => sum + (c.memoryReservation ?? 0), 0);
  if (memory?.ok === true && reserved > memory.value) problems.report([...path, 'memory'], "The sum of all container 'memoryReservation' values cannot be greater than the value of the task 'memory'.");
  const containerCpu = containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0) * CPU_SHARES_PER_ECS_UNIT;
  if (cpu?.ok === true && containerCpu > cpu.value) problems.report([...path, 'cpu'], "The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'.");
  return {
    cpu: taskCpu ?? containerCpu,
    memoryMiB: taskMemory ?? containers.reduce((sum, c) => sum + (c.memoryReservation ?? c.memory ?? 0), 0),
    taskMemoryMiB: taskMemory ?? 0,
  };
}
