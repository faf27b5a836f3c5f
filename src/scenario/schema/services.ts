/** ECS services: launch type or capacity provider strategy, task definition, placement, deployments. */
import { DEFAULT_DEPLOYMENT_CONFIGURATION as DC } from '../../model/service.js';
import { EBS_VOLUME_TYPES } from '../../model/params/ebs.js';
import { MAX_PLACEMENT_CONSTRAINTS, MAX_PLACEMENT_STRATEGIES } from '../../model/ecs-placement-spec.js';
import { ServiceAutoScaling } from './autoscaling.js';
import { CapacityProviderStrategy } from './capacity.js';
import { Closed, EcsTaskCount, ItemLimit, Optional, RequiredUnless, Seconds, StringEnum, Type } from './fields.js';
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

export const ServiceVolumeConfiguration = Closed(
  {
    name: Type.String({ minLength: 1, description: "The task definition volume it configures (one with configuredAtLaunch: true)." }),
    managedEBSVolume: Closed(
      {
        sizeInGiB: Optional(Type.Integer({ minimum: 1, maximum: 65536, description: 'Volume size, GiB (gp2/gp3 1-16384, io1 4-16384, io2 4-65536, st1/sc1 125-16384). Required unless snapshotId is set.' })),
        volumeType: Optional(StringEnum(EBS_VOLUME_TYPES, { description: 'EBS volume type.', default: 'gp3' })),
        snapshotId: Optional(Type.String({ minLength: 1, description: 'A snapshot to create the volume from (documentation only: fleetsim needs sizeInGiB to bill it).' })),
        iops: Optional(Type.Integer({ minimum: 1, description: 'Provisioned IOPS (documentation only: fleetsim bills the baseline).' })),
        throughput: Optional(Type.Integer({ minimum: 1, description: 'gp3 throughput, MiB/s (documentation only).' })),
        roleArn: Type.String({ minLength: 1, description: 'The ECS infrastructure role ECS manages the volume with.' }),
        filesystemType: Optional(StringEnum(['ext3', 'ext4', 'xfs', 'ntfs'], { description: 'The file system ECS formats the volume with (documentation only).', default: 'xfs' })),
        encrypted: Optional(Type.Boolean({ description: 'Encrypt the volume (documentation only).' })),
        terminationPolicy: Optional(
          Closed({ deleteOnTermination: Type.Boolean({ description: 'Delete the volume when its task stops (false: it stays, detached and billed).' }) }, { description: 'What happens to the volume when its task stops (default: deleted).' }),
        ),
      },
      { description: 'ECS ServiceManagedEBSVolumeConfiguration: ECS creates one new volume per task in its AZ and attaches it before the task starts.' },
    ),
  },
  { description: 'ECS ServiceVolumeConfiguration.' },
);

export const Service = Closed({
  serviceName: Type.String({ pattern: '^[A-Za-z0-9_-]{1,255}$', description: 'ECS service name (letters, digits, - and _).' }),
  launchType: Optional(StringEnum(['EC2', 'FARGATE'], { description: 'Where tasks run (default EC2). FARGATE needs networkMode awsvpc and a Fargate task size.' })),
  schedulingStrategy: Optional(
    StringEnum(['REPLICA', 'DAEMON'], {
      description:
        'REPLICA: desiredCount tasks placed by the strategies. DAEMON: one task on every container instance, placed before any other task there; what it reserves is not offered to other tasks (docs/models.md, "DaemonSets and DAEMON services"). DAEMON takes no desiredCount, placement strategy, Service Auto Scaling, load balancer or traffic, and does not run on Fargate or with a capacity provider strategy.',
      default: 'REPLICA',
    }),
  ),
  desiredCount: Optional(EcsTaskCount({ description: 'Tasks wanted at the start (REPLICA: required; DAEMON: none).' })),
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
  volumeConfigurations: Optional(
    Type.Array(ServiceVolumeConfiguration, { ...ItemLimit(1, 'ECS: one Amazon EBS volume per task'), description: "ECS: the Amazon EBS volume each task gets for the task definition's configuredAtLaunch volume (one per task)." }),
  ),
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
}, RequiredUnless('schedulingStrategy', 'DAEMON', ['desiredCount']));
