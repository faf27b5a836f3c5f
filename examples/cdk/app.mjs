// The seed's §5 "ECS Service with Fargate" as a CDK app: its ApiService construct, in a stack
// with the VPC, cluster and Application Load Balancer it needs. `npm run synth` writes the
// CloudFormation template fleetsim imports (ApiStack.template.json, committed beside this file).
//
// Beside the seed's code: the service and task definition family are named `api` (the seed
// leaves them to CloudFormation, which makes up names), the target group the request-count
// policy scales on is created from a listener the stack passes in (the seed's construct uses
// `this.targetGroup` without creating it), with the health check of
// scenarios/seed/ecs-fargate-api.yaml (every 15 s, healthy after 2).
import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

class ApiService extends Construct {
  constructor(scope, id, props) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: logs.RetentionDays.THIRTY_DAYS,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', {
      family: 'api',
      cpu: props.cpu,
      memoryLimitMiB: props.memoryLimitMiB,
      runtimePlatform: {
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
        cpuArchitecture: ecs.CpuArchitecture.ARM64,
      },
    });
    // Build secrets map from ARNs
    const secrets = {};
    for (const arn of props.secretArns) {
      const secret = secretsmanager.Secret.fromSecretCompleteArn(this, `Secret-${arn.slice(-8)}`, arn);
      const name = secret.secretName.toUpperCase().replace(/[^A-Z0-9]/g, '_');
      secrets[name] = ecs.Secret.fromSecretsManager(secret);
    }
    const container = taskDefinition.addContainer('api', {
      image: ecs.ContainerImage.fromRegistry(`123456789012.dkr.ecr.us-east-1.amazonaws.com/api:${props.imageTag}`),
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'api' }),
      environment: { NODE_ENV: 'production', PORT: '8080', ...props.environment },
      secrets,
      healthCheck: {
        command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'],
        interval: cdk.Duration.seconds(15),
        timeout: cdk.Duration.seconds(5),
        retries: 3,
        startPeriod: cdk.Duration.seconds(30),
      },
    });
    container.addPortMappings({ containerPort: 8080, protocol: ecs.Protocol.TCP });
    const serviceSg = new ec2.SecurityGroup(this, 'ServiceSG', {
      vpc: props.vpc,
      description: 'API service security group',
      allowAllOutbound: true,
    });
    this.service = new ecs.FargateService(this, 'Service', {
      serviceName: 'api',
      cluster: props.cluster,
      taskDefinition,
      desiredCount: props.desiredCount,
      securityGroups: [serviceSg],
      assignPublicIp: false,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      circuitBreaker: { enable: true, rollback: true },
      deploymentController: { type: ecs.DeploymentControllerType.ECS },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      enableExecuteCommand: true, // ECS Exec for debugging
    });
    this.targetGroup = props.listener.addTargets('Api', {
      port: 8080,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.service],
      healthCheck: { path: '/health', interval: cdk.Duration.seconds(15), healthyThresholdCount: 2 },
    });
    // Auto-scaling
    const scaling = this.service.autoScaleTaskCount({
      minCapacity: props.desiredCount,
      maxCapacity: props.desiredCount * 4,
    });
    scaling.scaleOnCpuUtilization('CpuScaling', {
      targetUtilizationPercent: 65,
      scaleInCooldown: cdk.Duration.seconds(300),
      scaleOutCooldown: cdk.Duration.seconds(60),
    });
    scaling.scaleOnRequestCount('RequestScaling', {
      requestsPerTarget: 1000,
      targetGroup: this.targetGroup,
      scaleInCooldown: cdk.Duration.seconds(300),
      scaleOutCooldown: cdk.Duration.seconds(60),
    });
  }
}

class ApiStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    // Private subnets first, so that they take the VPC's first /20s: 10.0.0.0/20, 10.0.16.0/20, 10.0.32.0/20.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: 3,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      ],
    });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });
    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    const listener = alb.addListener('Http', { port: 80, open: true });
    new ApiService(this, 'ApiService', {
      vpc,
      cluster,
      listener,
      imageTag: 'v1.8.0',
      desiredCount: 6,
      cpu: 512,
      memoryLimitMiB: 1024,
      environment: { LOG_LEVEL: 'info' },
      secretArns: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api/database-AbCdEf'],
    });
  }
}

// The availability zones the CDK CLI would look up and keep in cdk.context.json.
const app = new cdk.App({
  outdir: 'cdk.out',
  context: { 'availability-zones:account=123456789012:region=us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
});
new ApiStack(app, 'ApiStack', { env: { account: '123456789012', region: 'us-east-1' } });
app.synth();
