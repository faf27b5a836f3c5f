/**
 * An ECS task definition (accounted for by task-definition-fields.ts) as the scenario's
 * `taskDefinition`: size, network mode, platform and containers, with image sizes from the
 * scenario's table. What only a simulator needs (readyAfter, the app model) the scenario adds.
 */
import { isObject, type Json } from '../account-fields.js';
import { imageSizeFor } from '../image-sizes.js';
import { given, type Data, type ImportContext } from '../import-context.js';
import type { SourceDocument, SourcePath } from '../source-document.js';

export interface ImportedTaskDefinition {
  readonly family: string | undefined;
  readonly revision: number | undefined;
  readonly arn: string | undefined;
  /** requiresCompatibilities, when given (EC2, FARGATE, ...). */
  readonly requiresCompatibilities: readonly string[] | undefined;
  /** Task-definition placement constraints (memberOf), which apply to every task of it. */
  readonly placementConstraints: readonly Data[];
  /** The EFS file systems its volumes mount (the scenario's cluster.fileSystems needs them). */
  readonly fileSystemIds: readonly string[];
  /** The scenario's taskDefinition. */
  readonly data: Data;
  readonly doc: SourceDocument;
  readonly path: SourcePath;
}

/** `fields`: the accounted task definition at `path` of `doc` (camelCase keys). */
export function importTaskDefinition(fields: Json, doc: SourceDocument, path: SourcePath, ctx: ImportContext): ImportedTaskDefinition {
  const containers = Array.isArray(fields.containerDefinitions) ? fields.containerDefinitions : [];
  const data = ctx.origins.mark(
    {
      ...given('family', fields.family),
      ...given('revision', fields.revision),
      ...given('cpu', numeric(fields.cpu)),
      ...given('memory', numeric(fields.memory)),
      ...given('networkMode', fields.networkMode),
      // A role ARN as written; a CloudFormation reference to a role in the template is left out (messages then name ecsTaskExecutionRole).
      ...given('executionRoleArn', typeof fields.executionRoleArn === 'string' ? fields.executionRoleArn : undefined),
      ...given('runtimePlatform', fields.runtimePlatform),
      containerDefinitions: containers.map((c, j) => container(c, doc, [...path, 'containerDefinitions', j], ctx)),
      ...given('volumes', modelledVolumes(fields.volumes)),
    },
    doc,
    path,
  );
  const constraints = Array.isArray(fields.placementConstraints) ? fields.placementConstraints.filter(isObject) : [];
  return {
    family: typeof fields.family === 'string' ? fields.family : undefined,
    revision: typeof fields.revision === 'number' ? fields.revision : undefined,
    arn: typeof fields.taskDefinitionArn === 'string' ? fields.taskDefinitionArn : undefined,
    requiresCompatibilities: Array.isArray(fields.requiresCompatibilities) ? fields.requiresCompatibilities.map(String) : undefined,
    placementConstraints: constraints.map((c, k) => ctx.origins.mark({ ...c }, doc, [...path, 'placementConstraints', k])),
    fileSystemIds: [...new Set((efsVolumes(fields.volumes) ?? []).map((v) => String(v.efsVolumeConfiguration.fileSystemId)))],
    data,
    doc,
    path,
  };
}

function container(raw: unknown, doc: SourceDocument, path: SourcePath, ctx: ImportContext): Data {
  const c = isObject(raw) ? raw : {};
  const image = typeof c.image === 'string' ? c.image : undefined;
  const ports = Array.isArray(c.portMappings) ? c.portMappings.filter(isObject) : [];
  // GPUs only: the field rules warned about any other resource type.
  const gpus = Array.isArray(c.resourceRequirements) ? c.resourceRequirements.map((r, k) => ({ r, k })).filter(({ r }) => isObject(r) && r.type === 'GPU') : [];
  return ctx.origins.mark(
    {
      ...given('name', c.name),
      ...given('image', image),
      ...(image === undefined ? {} : { imageSize: imageSizeFor(image, ctx.imageSizes, ctx.log, doc, [...path, 'image']) }),
      ...given('cpu', c.cpu),
      ...given('memory', c.memory),
      ...given('memoryReservation', c.memoryReservation),
      ...given('essential', c.essential),
      ...given('healthCheck', c.healthCheck),
      ...given('stopTimeout', c.stopTimeout),
      ...given('secrets', Array.isArray(c.secrets) ? c.secrets.filter((x) => isObject(x) && typeof x.valueFrom === 'string').filter(isObject).map((x) => ({ ...given('name', x.name), ...given('valueFrom', x.valueFrom) })) : undefined),
      ...given('repositoryCredentials', isObject(c.repositoryCredentials) ? { ...given('credentialsParameter', c.repositoryCredentials.credentialsParameter) } : undefined),
      ...given('dependsOn', Array.isArray(c.dependsOn) && c.dependsOn.length > 0 ? c.dependsOn.filter(isObject).map((d) => ({ containerName: d.containerName, condition: d.condition })) : undefined),
      ...(ports.length === 0 ? {} : { portMappings: ports.map((m, k) => ctx.origins.mark({ ...m }, doc, [...path, 'portMappings', k])) }),
      ...(gpus.length === 0
        ? {}
        : { resourceRequirements: gpus.map(({ r, k }) => ctx.origins.mark({ type: 'GPU', value: (r as Json).value }, doc, [...path, 'resourceRequirements', k])) }),
    },
    doc,
    path,
    { imageSize: [...path, 'image'] },
  );
}

/** CPU and memory are strings in the API ("512"); a number reads better in the scenario and compiles the same. */
export function numeric(value: unknown): unknown {
  return typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
}

/** The task definition's EFS volumes; undefined when it has none. */
function efsVolumes(raw: unknown): { name: unknown; efsVolumeConfiguration: Json }[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const volumes = raw.filter(isObject).flatMap((v) => (isObject(v.efsVolumeConfiguration) ? [{ name: v.name, efsVolumeConfiguration: { ...v.efsVolumeConfiguration } }] : []));
  return volumes.length === 0 ? undefined : volumes;
}

/**
 * The scenario's `volumes`: EFS volumes and EBS volumes configured at launch (the service's
 * volumeConfigurations configure them), in the task definition's order; bind mounts and Docker
 * volumes left out. Undefined when it has none.
 */
function modelledVolumes(raw: unknown): Json[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const volumes = raw
    .filter(isObject)
    .flatMap((v): Json[] => (isObject(v.efsVolumeConfiguration) ? [{ name: v.name, efsVolumeConfiguration: { ...v.efsVolumeConfiguration } }] : v.configuredAtLaunch === true ? [{ name: v.name, configuredAtLaunch: true }] : []));
  return volumes.length === 0 ? undefined : volumes;
}
