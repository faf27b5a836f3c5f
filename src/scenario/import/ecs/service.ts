/**
 * An ECS service (accounted for by service-fields.ts) as the scenario's service, without its
 * task definition: the linker (link-ecs.ts) finds that among the imports by the reference the
 * service holds, and adds the Application Auto Scaling target and policies.
 */
import { isObject, type Json } from '../account-fields.js';
import { given, type Data, type ImportContext } from '../import-context.js';
import type { SourceDocument, SourcePath } from '../source-document.js';

export interface ImportedService {
  readonly name: string | undefined;
  /** The cluster's name, from `cluster` (a name or an ARN) or `clusterArn`. */
  readonly clusterName: string | undefined;
  /** The region in the cluster's ARN. */
  readonly region: string | undefined;
  /** `taskDefinition`: an ARN, `family:revision` or `family`. */
  readonly taskDefinition: string | undefined;
  /** The target groups the service registers with (ARNs, or CloudFormation references resolved to them). */
  readonly targetGroups: readonly string[];
  /** The scenario's service, without taskDefinition. */
  readonly data: Data;
  readonly doc: SourceDocument;
  readonly path: SourcePath;
}

export function importService(fields: Json, doc: SourceDocument, path: SourcePath, ctx: ImportContext): ImportedService {
  const arn = parseArn(typeof fields.clusterArn === 'string' ? fields.clusterArn : typeof fields.cluster === 'string' ? fields.cluster : undefined);
  const balancers = Array.isArray(fields.loadBalancers) ? fields.loadBalancers.filter(isObject) : [];
  const deployment = isObject(fields.deploymentConfiguration) ? fields.deploymentConfiguration : undefined;
  const awsvpc = isObject(fields.networkConfiguration) && isObject(fields.networkConfiguration.awsvpcConfiguration) ? fields.networkConfiguration.awsvpcConfiguration : undefined;
  const nonEmpty = (value: unknown): unknown => (Array.isArray(value) && value.length === 0 ? undefined : value);
  const daemon = fields.schedulingStrategy === 'DAEMON';
  const data = ctx.origins.mark(
    {
      ...given('serviceName', fields.serviceName),
      ...given('schedulingStrategy', daemon ? 'DAEMON' : undefined),
      ...given('launchType', fields.launchType),
      // A described DAEMON service reports as desiredCount the instances it runs on: not an input.
      ...given('desiredCount', daemon ? undefined : fields.desiredCount),
      ...given('capacityProviderStrategy', nonEmpty(fields.capacityProviderStrategy)),
      ...given('placementStrategy', daemon ? undefined : nonEmpty(fields.placementStrategy)),
      ...given('placementConstraints', nonEmpty(fields.placementConstraints)),
      ...given('healthCheckGracePeriodSeconds', fields.healthCheckGracePeriodSeconds),
      // Service Connect's namespace and client aliases are service discovery; its proxy is modelled.
      ...given('volumeConfigurations', volumeConfigurations(fields.volumeConfigurations)),
      ...given('serviceConnectConfiguration', isObject(fields.serviceConnectConfiguration) && fields.serviceConnectConfiguration.enabled === true ? { enabled: true } : undefined),
      ...given('deploymentConfiguration', deployment === undefined ? undefined : deploymentConfiguration(deployment)),
      ...(awsvpc?.subnets === undefined ? {} : { networkConfiguration: { awsvpcConfiguration: { subnets: awsvpc.subnets } } }),
    },
    doc,
    path,
  );
  return {
    name: typeof fields.serviceName === 'string' ? fields.serviceName : undefined,
    clusterName: arn?.resource.replace(/^cluster\//, '') ?? (typeof fields.cluster === 'string' ? fields.cluster : undefined),
    region: arn?.region,
    taskDefinition: typeof fields.taskDefinition === 'string' ? fields.taskDefinition : undefined,
    targetGroups: balancers.map((b) => b.targetGroupArn).filter((a): a is string => typeof a === 'string'),
    data,
    doc,
    path,
  };
}

/** `arn:partition:service:region:account:resource` split up, or undefined for anything else. */
export function parseArn(value: string | undefined): { region: string; account: string; resource: string } | undefined {
  const m = value === undefined ? null : /^arn:[^:]+:[^:]+:([^:]*):([^:]*):(.+)$/.exec(value);
  return m === null ? undefined : { region: m[1]!, account: m[2]!, resource: m[3]! };
}

/** The deployment settings fleetsim models: the rolling bounds and the circuit breaker. */
function deploymentConfiguration(d: Json): Data | undefined {
  const breaker = isObject(d.deploymentCircuitBreaker) ? d.deploymentCircuitBreaker : undefined;
  const out: Data = {
    ...given('minimumHealthyPercent', d.minimumHealthyPercent),
    ...given('maximumPercent', d.maximumPercent),
    ...(breaker === undefined ? {} : { deploymentCircuitBreaker: { ...given('enable', breaker.enable), ...given('rollback', breaker.rollback) } }),
  };
  return Object.keys(out).length === 0 ? undefined : out;
}

/** The service's managed EBS volume configurations, with the fields the scenario takes; undefined when it has none. */
function volumeConfigurations(raw: unknown): Json[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const keep = ['sizeInGiB', 'volumeType', 'snapshotId', 'iops', 'throughput', 'roleArn', 'filesystemType', 'encrypted'] as const;
  const configs = raw.filter(isObject).map((c): Json => {
    const m = isObject(c.managedEBSVolume) ? c.managedEBSVolume : {};
    const policy = isObject(m.terminationPolicy) ? m.terminationPolicy : undefined;
    const ebs: Record<string, unknown> = {};
    for (const k of keep) if (m[k] !== undefined) ebs[k] = m[k];
    if (policy?.deleteOnTermination !== undefined) ebs.terminationPolicy = { deleteOnTermination: policy.deleteOnTermination };
    return { name: c.name, managedEBSVolume: ebs };
  });
  return configs.length === 0 ? undefined : configs;
}
