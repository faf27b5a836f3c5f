/** ECS services: launch type or capacity provider strategy, task definition, placement, traffic, scaling, deployments. */
import { isFargateProvider } from '../../model/capacity-provider.js';
import { withServiceConnectProxy } from '../../model/mesh-injection.js';
import { EMPTY_POD_SCHEDULING_SPEC } from '../../model/pod-scheduling-spec.js';
import type { ServiceSpec, SubnetSpec } from '../../model/simulation-spec.js';
import type { Static } from '../schema/fields.js';
import type { Service } from '../schema/services.js';
import { compileServiceAutoScaling } from './autoscaling.js';
import type { Capacity } from './capacity.js';
import { compileDeploymentConfiguration } from './deployments.js';
import { compileManagedEbsVolume } from './ecs-ebs-volumes.js';
import { compileLoad, type CompileContext } from './load.js';
import { compileTargetGroup } from './load-balancer.js';
import { compileEcsPlacementSpec } from './placement.js';
import { nearest, type Path, type Problems } from './problems.js';
import { compileEcsTaskDefinition } from './task-definition.js';

/** A compiled service and the task-level memory its leaking containers are OOM-killed at (0: none). */
export interface CompiledService {
  readonly spec: ServiceSpec;
  readonly taskMemoryLimitMiB: number;
}

export function compileService(s: Static<typeof Service>, i: number, capacity: Capacity, subnets: readonly SubnetSpec[], problems: Problems, context: CompileContext): CompiledService {
  const path: Path = ['services', i];
  if (s.launchType !== undefined && s.capacityProviderStrategy !== undefined) problems.report([...path, 'capacityProviderStrategy'], 'a service sets either launchType or capacityProviderStrategy, not both');
  // No launch type: the service's strategy, or the cluster's default one (ECS semantics).
  const cpStrategy = s.launchType !== undefined ? [] : s.capacityProviderStrategy !== undefined ? capacity.strategy(s.capacityProviderStrategy, [...path, 'capacityProviderStrategy']) : capacity.defaultStrategy;
  const launchType = s.launchType ?? (cpStrategy.some((x) => isFargateProvider(x.capacityProvider)) ? 'FARGATE' : 'EC2');
  const compiled = compileEcsTaskDefinition(s.taskDefinition, [...path, 'taskDefinition'], s.serviceName, launchType, subnets.length > 0, problems);
  const { taskMemoryLimitMiB } = compiled;
  const sc = s.serviceConnectConfiguration;
  if (sc?.enabled === true && s.taskDefinition.memory === undefined) {
    problems.report([...path, 'serviceConnectConfiguration'], 'Service Connect needs a task-level memory (ECS: "On Amazon EC2, task memory is optional, but it is required for Service Connect"): set taskDefinition.memory');
  }
  const taskDefinition = sc?.enabled === true ? withServiceConnectProxy(compiled.taskDefinition, { addProxyResources: sc.addProxyResources ?? true, fargate: launchType === 'FARGATE' }) : compiled.taskDefinition;
  const awsvpc = s.networkConfiguration?.awsvpcConfiguration;
  const subnetIds = awsvpc?.subnets ?? [];
  subnetIds.forEach((id, j) => {
    if (!subnets.some((x) => x.id === id)) {
      problems.report([...path, 'networkConfiguration', 'awsvpcConfiguration', 'subnets', j], `no subnet '${id}' in cluster.vpc.subnets${nearest(id, subnets.map((x) => x.id))}`);
    }
  });
  if (awsvpc !== undefined && taskDefinition.networkMode !== 'awsvpc') problems.report([...path, 'networkConfiguration'], "awsvpcConfiguration needs taskDefinition.networkMode 'awsvpc'");
  if (s.load?.dnsLookupsPerRequest !== undefined) problems.report([...path, 'load', 'dnsLookupsPerRequest'], 'DNS lookups go through CoreDNS, an EKS model; ECS service discovery is not modelled');
  // fleetsim serves a task's requests with the CPU it reserves (src/model/load.ts). (On Fargate
  // a missing task-level cpu is its own error.)
  if (s.load !== undefined && launchType !== 'FARGATE' && s.taskDefinition.cpu === undefined && taskDefinition.cpu === 0) problems.report([...path, 'load'], "a task that reserves no CPU serves no requests in fleetsim's load model: set taskDefinition.cpu or its containers' cpu");
  const managedEbsVolume = compileManagedEbsVolume(s, path, problems);
  const spec: ServiceSpec = {
    name: s.serviceName,
    kind: 'ecs-service',
    launchType,
    capacityProviderStrategy: cpStrategy,
    placement: compileEcsPlacementSpec(s, path, problems, context),
    podScheduling: EMPTY_POD_SCHEDULING_SPEC,
    load: compileLoad(s.load, [...path, 'load'], problems, context),
    ...(s.autoScaling === undefined ? {} : { autoScaling: compileServiceAutoScaling(s.autoScaling, [...path, 'autoScaling'], problems) }),
    subnetIds,
    loadBalancer: compileTargetGroup(s.loadBalancer, [...path, 'loadBalancer'], problems),
    ...(s.healthCheckGracePeriodSeconds === undefined ? {} : { healthCheckGracePeriodMs: s.healthCheckGracePeriodSeconds * 1000 }),
    ...(s.deploymentConfiguration === undefined ? {} : { deploymentConfiguration: compileDeploymentConfiguration(s.deploymentConfiguration, [...path, 'deploymentConfiguration'], problems) }),
    desiredCount: s.desiredCount ?? 0,
    taskDefinition,
    ...(managedEbsVolume === undefined ? {} : { managedEbsVolume }),
  };
  return { spec, taskMemoryLimitMiB };
}
