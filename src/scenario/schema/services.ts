/** ECS services: launch type or capacity provider strategy, task definition, placement, deployments. */
import { DEFAULT_DEPLOYMENT_CONFIGURATION as DC } from '../../model/service.js';
import { MAX_PLACEMENT_CONSTRAINTS, MAX_PLACEMENT_STRATEGIES } from '../../model/ecs-placement-spec.js';
import { ServiceAutoScaling } from './autoscaling.js';
import { CapacityProviderStrategy } from './capacity.js';
import { Closed, EcsTaskCount, Optional, Seconds, StringEnum, Type } from './fields.js';
import { Load } from './load.js';
import { TargetGroup } from './load-balancer.js';
import { TaskDefinition } from './task-definition.js';

export const PlacementStrategy = Closed({
  type: Type.String({ description: 'binpack: fewest resources left; spread: evenly over the field; random; or a strategy type a plugin registers (--plugin).' }),
  field: Optional(Type.String({ description: 'binpack: cpu | memory; spread: instanceId | host | attribute:<name>.' })),
});

export const PlacementConstraint = Closed({
  type: StringEnum(['distinctInstance', 'memberOf'], { description: 'distinctInstance: one task of the service per instance; memberOf: instances the expression selects.' }),
  expression: Optional(Type.String({ description: 'memberOf: a cluster query language expression.' })),
});

export const DeploymentConfiguration = Closed(
  {
    minimumHealthyPercent: Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Healthy tasks kept during a deployment, percent of desiredCount rounded up.', default: DC.minimumHealthyPercent })),
    maximumPercent: Optional(Type.Integer({ minimum: 100, description: 'Tasks allowed during a deployment, percent of desiredCount rounded down.', default: DC.maximumPercent })),
    deploymentCircuitBreaker: Optional(
      Closed(
        { enable: Type.Boolean({ description: 'Turn the circuit breaker on.' }), rollback: Type.Boolean({ description: 'Roll back to the last COMPLETED revision when it trips.' }) },
        { description: 'Fail the deployment after 0.5 x desiredCount (3..200) failed tasks; rollback: redeploy the last COMPLETED revision.' },
      ),
    ),
  },
  { description: 'Rolling update bounds and the deployment circuit breaker (ECS DeploymentConfiguration).' },
);

export const Service = Closed({
  serviceName: Type.String({ pattern: '^[A-Za-z0-9_-]{1,255}$', description: 'ECS service name (letters, digits, - and _).' }),
  launchType: Optional(StringEnum(['EC2', 'FARGATE'], { description: 'Where tasks run (default EC2). FARGATE needs networkMode awsvpc and a Fargate task size.' })),
  desiredCount: EcsTaskCount({ description: 'Tasks wanted at the start.' }),
  taskDefinition: TaskDefinition,
  capacityProviderStrategy: Optional(CapacityProviderStrategy('Instead of launchType.')),
  placementStrategy: Optional(
    Type.Array(PlacementStrategy, { maxItems: MAX_PLACEMENT_STRATEGIES, description: 'ECS placement strategies, applied in order (default: spread over AZs, then instances).' }),
  ),
  placementConstraints: Optional(Type.Array(PlacementConstraint, { maxItems: MAX_PLACEMENT_CONSTRAINTS, description: 'ECS placement constraints; every one must hold.' })),
  loadBalancer: Optional(TargetGroup),
  healthCheckGracePeriodSeconds: Optional(Seconds('ECS: how long after a task starts the service scheduler ignores failed load balancer and container health checks.', 0, { default: 0 })),
  deploymentConfiguration: Optional(DeploymentConfiguration),
  load: Optional(Load),
  serviceConnectConfiguration: Optional(
    Closed(
      {
        enabled: Type.Boolean({ description: 'Turn Service Connect on: ECS adds its Envoy proxy container to every task.' }),
        addProxyResources: Optional(
          Type.Boolean({
            description:
              "fleetsim: add the ECS-recommended 256 CPU units (512 above 500 requests/s per task) and 64 MiB for the proxy to the task's size, rounded up to a Fargate size on Fargate; false: the task size already includes them (the proxy takes what the other containers do not reserve).",
            default: true,
          }),
        ),
      },
      { description: 'ECS Service Connect (CreateService serviceConnectConfiguration): an Envoy proxy in each task, started and healthy before the app.' },
    ),
  ),
  autoScaling: Optional(ServiceAutoScaling),
  networkConfiguration: Optional(
    Closed(
      {
        awsvpcConfiguration: Optional(
          Closed({ subnets: Type.Array(Type.String(), { minItems: 1, description: 'Subnet ids (from cluster.vpc.subnets) for task ENIs.' }) }, { description: 'awsvpc tasks: where their ENIs take addresses (default: every subnet).' }),
        ),
      },
      { description: 'ECS networkConfiguration.' },
    ),
  ),
});
