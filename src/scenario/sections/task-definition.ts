/**
 * An ECS service's task definition: its containers, network mode, size and app model, checked
 * as RegisterTaskDefinition checks them.
 */
import { checkFargateSize, FARGATE_SIZES } from '../../model/params/fargate.js';
import { CPU_SHARES_PER_VCPU } from '../../model/resources.js';
import type { LaunchType } from '../../model/service.js';
import type { ContainerDefinition, NetworkMode, TaskDefinition } from '../../model/task-definition.js';
import { DEFAULT_IMAGE_LAYERS } from '../schema/app-model.js';
import type { Static } from '../schema/fields.js';
import type { TaskDefinition as TaskDefinitionSchema } from '../schema/task-definition.js';
import { parseByteQuantity, parseEcsCpu, parseEcsMemory } from '../units.js';
import { appFailureSpec, ecsHealthCheck, readyAfterMs, shutdownSpec } from './app-model.js';
import { uniqueNames, type Path, type Problems } from './problems.js';

type RawTaskDefinition = Static<typeof TaskDefinitionSchema>;
type RawContainer = RawTaskDefinition['containerDefinitions'][number];

/** The network mode of a task definition that names none; Fargate tasks must use awsvpc, so it is theirs. */
export const DEFAULT_NETWORK_MODE: NetworkMode = 'bridge';

export interface CompiledTaskDefinition {
  readonly taskDefinition: TaskDefinition;
  /** The task-level memory, MiB, the limit a container without its own is OOM-killed at; 0: none. */
  readonly taskMemoryLimitMiB: number;
}

/**
 * Compiles `raw` (at `path`) for a service called `serviceName` whose tasks run on `launchType`.
 * `hasSubnets`: the cluster has subnets for awsvpc tasks to take addresses from.
 */
export function compileEcsTaskDefinition(raw: RawTaskDefinition, path: Path, serviceName: string, launchType: LaunchType, hasSubnets: boolean, problems: Problems): CompiledTaskDefinition {
  const containerPath = (j: number): Path => [...path, 'containerDefinitions', j];
  const containers = raw.containerDefinitions.map((c, j) => containerDefinition(c, containerPath(j), problems));
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
  const failure = appFailureSpec(rawContainers, containerPath, { own: () => undefined, task: size.memoryMiB, hint: 'set taskDefinition.memory' }, problems);
  const architecture = raw.runtimePlatform?.cpuArchitecture;
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
      ...(architecture === undefined ? {} : { cpuArchitecture: architecture === 'ARM64' ? ('arm64' as const) : ('x86_64' as const) }),
    },
    taskMemoryLimitMiB: size.memoryMiB,
  };
}

function containerDefinition(c: RawContainer, path: Path, problems: Problems): ContainerDefinition {
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
  };
}

/** The task size (cpu in shares, memory in MiB); on Fargate one of Fargate's sizes. */
function taskSize(raw: RawTaskDefinition, path: Path, fargate: boolean, problems: Problems): { cpu: number; memoryMiB: number } {
  const cpu = problems.need(parseEcsCpu(raw.cpu), [...path, 'cpu']);
  const memoryMiB = problems.need(parseEcsMemory(raw.memory), [...path, 'memory']);
  if (fargate && cpu > 0 && memoryMiB > 0) {
    const vcpu = cpu / CPU_SHARES_PER_VCPU;
    const problem = checkFargateSize(vcpu, memoryMiB);
    if (problem !== null) problems.report([...path, FARGATE_SIZES.some((r) => r.vcpu === vcpu) ? 'memory' : 'cpu'], problem);
  }
  return { cpu, memoryMiB };
}
