/**
 * Every field of an ECS service, as CreateService takes it and DescribeServices returns it
 * (Amazon ECS API Reference, CreateService, Service, DeploymentConfiguration,
 * DeploymentCircuitBreaker, NetworkConfiguration, AwsVpcConfiguration, LoadBalancer,
 * PlacementConstraint, PlacementStrategy, CapacityProviderStrategyItem; the field set of
 * @aws-sdk/client-ecs 3.1178), with what fleetsim does with each. CloudFormation's
 * AWS::ECS::Service has the same fields in PascalCase, `PlacementStrategies` for
 * placementStrategy, and ForceNewDeployment.
 */
import { isObject } from '../account-fields.js';
import { ignored, listOf, MODELLED, nested, READ_ONLY, TAGS, unmodelled, warnUnless, type Fields } from '../field-rules.js';

const enabled = (value: unknown): boolean => isObject(value) && value.enable === true;

export const DEPLOYMENT_CONFIGURATION_FIELDS: Fields = {
  deploymentCircuitBreaker: nested({
    enable: MODELLED,
    rollback: MODELLED,
    resetOnHealthyTask: unmodelled('the circuit breaker counts failed tasks without resetting on a healthy one'),
    thresholdConfiguration: unmodelled("the circuit breaker's threshold is ECS's default, max(3, min(200, ceil(0.5 x desired)))"),
  }),
  maximumPercent: MODELLED,
  minimumHealthyPercent: MODELLED,
  alarms: warnUnless((v) => !enabled(v), 'CloudWatch alarms that fail a deployment are not modelled'),
  strategy: warnUnless((v) => v === undefined || v === 'ROLLING', 'only rolling deployments are modelled, not blue/green, linear or canary'),
  bakeTimeInMinutes: ignored('bake time applies to blue/green, linear and canary deployments, which are not modelled'),
  lifecycleHooks: warnUnless((v) => !Array.isArray(v) || v.length === 0, 'deployment lifecycle hooks (Lambda functions) can hold or fail a deployment'),
  linearConfiguration: unmodelled('linear deployments are not modelled'),
  canaryConfiguration: unmodelled('canary deployments are not modelled'),
  earlySuccessCriteria: unmodelled('early success criteria end blue/green deployments early'),
};

export const CREATE_SERVICE_FIELDS: Fields = {
  cluster: MODELLED,
  serviceName: MODELLED,
  taskDefinition: MODELLED,
  availabilityZoneRebalancing: warnUnless((v) => v !== 'ENABLED', 'ECS moves tasks to rebalance Availability Zones after an imbalance; fleetsim does not'),
  loadBalancers: listOf(
    nested({
      targetGroupArn: MODELLED,
      loadBalancerName: unmodelled('Classic Load Balancers are not modelled; their health checks differ from ALB target groups'),
      containerName: ignored('which container ECS registers; fleetsim registers the task'),
      containerPort: ignored('the port ECS registers; fleetsim registers the task'),
      advancedConfiguration: ignored('blue/green listener settings; blue/green deployments are not modelled'),
    }),
  ),
  serviceRegistries: ignored('Cloud Map registration: service discovery is not modelled'),
  desiredCount: MODELLED,
  clientToken: ignored('an idempotency token for the API call'),
  launchType: MODELLED,
  capacityProviderStrategy: listOf(nested({ capacityProvider: MODELLED, weight: MODELLED, base: MODELLED })),
  platformVersion: ignored('the Fargate platform version: fleetsim models LATEST'),
  role: ignored('the IAM role ECS registers targets with: fleetsim assumes it is allowed'),
  deploymentConfiguration: nested(DEPLOYMENT_CONFIGURATION_FIELDS),
  placementConstraints: listOf(nested({ type: MODELLED, expression: MODELLED })),
  placementStrategy: listOf(nested({ type: MODELLED, field: MODELLED })),
  networkConfiguration: nested({
    awsvpcConfiguration: nested({
      subnets: MODELLED,
      securityGroups: ignored('security groups filter traffic; they change neither placement nor start-up'),
      assignPublicIp: ignored('a public address on the task ENI changes neither placement nor start-up'),
    }),
  }),
  healthCheckGracePeriodSeconds: MODELLED,
  // DAEMON: the task on every container instance is modelled as reserved instance capacity (docs/models.md, "DaemonSets and DAEMON services").
  schedulingStrategy: MODELLED,
  deploymentController: warnUnless((v) => !isObject(v) || v.type === undefined || v.type === 'ECS', 'CODE_DEPLOY and EXTERNAL deployment controllers are not modelled'),
  tags: TAGS,
  enableECSManagedTags: TAGS,
  propagateTags: TAGS,
  enableExecuteCommand: ignored('ECS Exec runs an SSM agent in the task; it changes neither placement nor start-up'),
  serviceConnectConfiguration: MODELLED,
  // The Amazon EBS volume each task gets for the task definition's configuredAtLaunch volume (docs/models.md, "ECS EBS volumes").
  volumeConfigurations: listOf(
    nested({
      name: MODELLED,
      managedEBSVolume: nested({
        sizeInGiB: MODELLED,
        volumeType: MODELLED,
        roleArn: MODELLED,
        terminationPolicy: nested({ deleteOnTermination: MODELLED }),
        snapshotId: MODELLED,
        filesystemType: MODELLED,
        encrypted: ignored('encryption changes neither start-up nor price'),
        kmsKeyId: ignored('the KMS key changes neither start-up nor price'),
        iops: unmodelled('provisioned IOPS above the baseline are billed on top of the size; fleetsim bills the size only'),
        throughput: unmodelled('gp3 throughput above 125 MiB/s is billed on top of the size; fleetsim bills the size only'),
        volumeInitializationRate: unmodelled("a snapshot's volume initialization rate delays the volume being ready; not modelled"),
        tagSpecifications: TAGS,
      }),
    }),
  ),
  vpcLatticeConfigurations: ignored('VPC Lattice target registration: traffic routing is not modelled'),
  gatewayConnectors: ignored('gateway connectivity: traffic routing is not modelled'),
  monitoring: ignored('monitoring settings change what is observed, not what runs'),
};

/** What DescribeServices adds to CreateService's fields: the live state, read-only except the cluster ARN (name and region). */
export const DESCRIBED_SERVICE_FIELDS: Fields = {
  ...CREATE_SERVICE_FIELDS,
  serviceArn: READ_ONLY,
  clusterArn: MODELLED,
  status: READ_ONLY,
  runningCount: ignored("the service's live count: a run starts from desiredCount"),
  pendingCount: ignored("the service's live count: a run starts from desiredCount"),
  platformFamily: READ_ONLY,
  taskSets: warnUnless((v) => !Array.isArray(v) || v.length === 0, 'task sets of an EXTERNAL or CODE_DEPLOY deployment are not modelled'),
  deployments: ignored("the service's current rollouts: a run starts with one steady deployment of the task definition"),
  roleArn: ignored('the IAM role ECS registers targets with: fleetsim assumes it is allowed'),
  events: READ_ONLY,
  createdAt: READ_ONLY,
  createdBy: READ_ONLY,
  currentServiceDeployment: READ_ONLY,
  currentServiceRevisions: READ_ONLY,
  resourceManagementType: READ_ONLY,
};

/** `aws ecs describe-services` prints the services and the ones it could not find. */
export const DESCRIBE_SERVICES_OUTPUT_FIELDS: Fields = {
  services: MODELLED,
  failures: ignored('services DescribeServices could not find'),
};

/** `aws ecs create-service` prints the created service. */
export const CREATE_SERVICE_OUTPUT_FIELDS: Fields = {
  service: MODELLED,
};
