import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenario } from '../../../src/cli/read-scenario.js';
import { produceRunOutputs } from '../../../src/experiments/run-outputs.js';
import { formatCidr } from '../../../src/model/network/cidr.js';
import type { SimulationSpec } from '../../../src/model/simulation-spec.js';
import { formatDiagnostic } from '../../../src/scenario/diagnostics.js';
import { resolve, type ResolveContext } from '../../../src/scenario/import/cloudformation/intrinsics.js';
import { formatImportNote } from '../../../src/scenario/import/import-notes.js';
import { isUnresolved } from '../../../src/scenario/import/unresolved.js';
import { loadScenario } from '../../../src/scenario/load-scenario.js';
import { ROOT } from '../../support/scenario-runner.js';

function load(file: string) {
  const loaded = readScenario(ROOT, file);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  return loaded;
}

const CONTEXT: ResolveContext = {
  region: 'eu-west-1',
  availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  stackName: 'shop',
  parameters: new Map<string, unknown>([['Env', 'prod'], ['Port', 8080]]),
  mappings: { Sizes: { prod: { Count: '6' } } },
  conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] } },
  resources: (id) => (id === 'Subnet' ? { ref: () => 'Subnet', getAtt: (_i, a) => (a === 'AvailabilityZone' ? 'eu-west-1b' : undefined) } : undefined),
};

describe('CloudFormation intrinsic functions', () => {
  it.each([
    [{ Ref: 'Env' }, 'prod'],
    [{ Ref: 'AWS::Region' }, 'eu-west-1'],
    [{ 'Fn::Sub': '${AWS::StackName}-${Env}-${Subnet.AvailabilityZone}-${!Literal}' }, 'shop-prod-eu-west-1b-${Literal}'],
    [{ 'Fn::Sub': ['${Name}:${Port}', { Name: { Ref: 'Env' } }] }, 'prod:8080'],
    [{ 'Fn::Join': ['-', ['a', { Ref: 'Env' }, 3]] }, 'a-prod-3'],
    [{ 'Fn::Select': [2, { 'Fn::GetAZs': '' }] }, 'eu-west-1c'],
    [{ 'Fn::Select': [1, { 'Fn::GetAZs': { Ref: 'AWS::Region' } }] }, 'eu-west-1b'],
    [{ 'Fn::Split': [',', 'a,b'] }, ['a', 'b']],
    [{ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Count'] }, '6'],
    [{ 'Fn::If': ['IsProd', 'big', 'small'] }, 'big'],
    [{ 'Fn::If': ['IsDev', 'small', 'big'] }, 'big'],
    [{ 'Fn::Cidr': ['10.0.0.0/16', 3, 12] }, ['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/20']],
    [{ Tags: [{ Ref: 'AWS::NoValue' }, 'kept'], Gone: { Ref: 'AWS::NoValue' } }, { Tags: ['kept'] }],
  ])('%j resolves to %j', (value, expected) => {
    expect(resolve(value, CONTEXT)).toEqual(expected);
  });

  it.each([
    [{ 'Fn::ImportValue': 'shared-vpc-id' }, "Fn::ImportValue reads another stack's export, which this template does not have"],
    [{ Ref: 'Nope' }, "Ref 'Nope': no such parameter or resource"],
    [{ 'Fn::Join': ['', ['a', { 'Fn::ImportValue': 'x' }]] }, "Fn::ImportValue reads another stack's export, which this template does not have"],
    [{ 'Fn::If': ['Unknown', 1, 2] }, "no condition 'Unknown' in Conditions"],
  ])('%j is reported, not guessed', (value, reason) => {
    const resolved = resolve(value, CONTEXT);
    expect(isUnresolved(resolved) ? resolved.unresolved : resolved).toBe(reason);
  });
});

describe('importing a CloudFormation template', () => {
  it('reads a hand-written ECS-on-EC2 template: parameters, mappings, conditions, subnets, group and capacity provider', () => {
    const { spec, imports } = load('test/fixtures/imports/ecs.yaml');
    expect(spec.cluster.name).toBe('infra-cluster');
    expect(spec.cluster.subnets.map((s) => [s.id, s.az, formatCidr(s.cidr)])).toEqual([
      ['SubnetA', 'us-east-1a', '10.40.0.0/20'],
      ['SubnetB', 'us-east-1b', '10.40.16.0/20'],
    ]);
    const group = spec.cluster.autoScalingGroups[0]!;
    expect([group.name, group.instanceType.name, group.desiredCapacity, group.minSize, group.maxSize, group.attributes]).toEqual(['infra-ec2', 'm5.xlarge', 2, 0, 4, { tier: 'web' }]);
    // No ManagedDraining in the template: ECS's default, ENABLED.
    expect(spec.cluster.capacityProviders.map((p) => [p.name, p.autoScalingGroup, p.managedTerminationProtection, p.managedDraining])).toEqual([['ec2', 'infra-ec2', true, true]]);
    const web = spec.services[0]!;
    expect(web.capacityProviderStrategy).toEqual([{ capacityProvider: 'ec2', weight: 1, base: 1 }]);
    expect(web.placement.constraints.map((c) => c.type)).toEqual(['distinctInstance', 'memberOf']);
    expect(web.autoScaling?.policies).toEqual([
      expect.objectContaining({ kind: 'TargetTracking', name: 'web-requests', metric: 'ALBRequestCountPerTarget', targetValue: 500 }),
      // The template's step policy with the CloudWatch alarm whose AlarmActions name it.
      {
        kind: 'StepScaling',
        name: 'web-cpu-step',
        metric: 'ECSServiceAverageCPUUtilization',
        threshold: 70,
        comparison: 'GreaterThanOrEqualToThreshold',
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        adjustmentType: 'ChangeInCapacity',
        stepAdjustments: [
          { lower: 0, upper: 20, scalingAdjustment: 1 },
          { lower: 20, scalingAdjustment: 2 },
        ],
        metricAggregationType: 'Average',
        cooldownMs: 60_000,
      },
    ]);
    const notes = imports!.notes.map(formatImportNote);
    expect(notes).toContain("test/fixtures/imports/infra.template.yaml:128:16: ignored: Resources.ProdOnlyAlarmTopic.Condition: condition 'IsProd' is false: CloudFormation does not create it");
    expect(notes).toContain('test/fixtures/imports/infra.template.yaml:52:23: ignored: Resources.LaunchTemplate.Properties.LaunchTemplateData.ImageId: how instances are set up (AMI, IAM, keys, disks, user data, metadata): fleetsim starts them with its instance start-up model');
  });

  it('reports a modelled field it cannot resolve, and the parameter that would resolve it', () => {
    const text = readFileSync(join(ROOT, 'test/fixtures/imports/infra.template.yaml'), 'utf8').replace('CidrBlock: 10.40.16.0/20', 'CidrBlock: !ImportValue shared-subnet-b');
    const scenario = readFileSync(join(ROOT, 'test/fixtures/imports/ecs.yaml'), 'utf8');
    const files = (p: string): string | undefined => (p === 'infra.template.yaml' ? text : readFileSync(join(ROOT, 'test/fixtures/imports', p), 'utf8'));
    const result = loadScenario('ecs.yaml', scenario, { readFile: files });
    expect(result.ok ? [] : result.diagnostics.map(formatDiagnostic)).toEqual(["infra.template.yaml:38:7: error: missing required key 'cidr' (at Resources.SubnetB.Properties)"]);
    const unknown = loadScenario('ecs.yaml', scenario.replace('parameters: { InstanceType: m5.xlarge }', 'parameters: { InstanceTyp: m5.xlarge }'), { readFile: files });
    expect(unknown.ok ? [] : unknown.diagnostics.map(formatDiagnostic)).toEqual(["ecs.yaml:8:32: error: the template declares no parameter 'InstanceTyp' (did you mean 'InstanceType'?) (at imports[0].parameters.InstanceTyp)"]);
  });
});

/**
 * The seed's §5 CDK ApiService, synthesized (examples/cdk/ApiStack.template.json) and imported
 * by examples/cdk/api-service.yaml, against the hand-written scenarios/seed/ecs-fargate-api.yaml.
 */
describe('the CDK-synthesized template of the seed API service', () => {
  const imported = load('examples/cdk/api-service.yaml').spec;
  const handWritten = load('scenarios/seed/ecs-fargate-api.yaml').spec;
  /** The template's subnets are named by their logical IDs, the seed's by hand. */
  const SUBNETS: Record<string, string> = { VpcPrivateSubnet1Subnet536B997A: 'private-a', VpcPrivateSubnet2Subnet3788AAA1: 'private-b', VpcPrivateSubnet3SubnetF258B56E: 'private-c' };

  /**
   * The imported spec with what legitimately differs set to the hand-written one's, each for a reason:
   * - name (and so the cluster's default name): two scenarios, two names;
   * - subnet ids: the template's logical IDs, the seed's own names (same CIDRs and zones);
   * - autoScaling: the CDK construct's CPU and request-count policies, which the hand-written
   *   scenario leaves to scenarios/load/ecs-target-tracking.yaml; without a load model they see no
   *   datapoints and never act;
   * - healthCheckGracePeriodMs: the CDK sets 60 s on a service behind a load balancer; the tasks'
   *   health checks pass once the app is ready (8 s), so the grace period never matters here.
   */
  function normalized(spec: SimulationSpec): SimulationSpec {
    const rename = (id: string): string => SUBNETS[id] ?? id;
    return {
      ...spec,
      name: handWritten.name,
      cluster: { ...spec.cluster, name: handWritten.cluster.name, subnets: spec.cluster.subnets.map((s) => ({ ...s, id: rename(s.id) })) },
      services: spec.services.map((s) => {
        const { autoScaling: _scaling, healthCheckGracePeriodMs: _grace, ...rest } = s;
        return { ...rest, subnetIds: s.subnetIds.map(rename) };
      }),
    };
  }

  it('imports a task definition’s EFSVolumeConfiguration (CloudFormation’s FilesystemId and IAM spellings)', () => {
    const template = readFileSync(join(ROOT, 'examples/cdk/ApiStack.template.json'), 'utf8').replace(
      '"ContainerDefinitions": [',
      '"Volumes": [{ "Name": "uploads", "EFSVolumeConfiguration": { "FilesystemId": "fs-0a1b2c3d4e5f60718", "TransitEncryption": "ENABLED", "AuthorizationConfig": { "IAM": "ENABLED" } } }],\n    "ContainerDefinitions": [',
    );
    const files = (p: string): string | undefined => (p === 'ApiStack.template.json' ? template : readFileSync(join(ROOT, 'examples/cdk', p), 'utf8'));
    const result = loadScenario('api-service.yaml', readFileSync(join(ROOT, 'examples/cdk/api-service.yaml'), 'utf8'), { readFile: files });
    expect(result.ok ? [] : result.diagnostics.map(formatDiagnostic)).toEqual([]);
    if (!result.ok) return;
    expect(result.spec.services[0]!.taskDefinition.efsVolumes).toEqual([{ name: 'uploads', fileSystemId: 'fs-0a1b2c3d4e5f60718', rootDirectory: '/', transitEncryption: true, accessPointId: null }]);
    expect(result.spec.cluster.fileSystems!.map((f) => [f.id, f.mountTargetAzs])).toEqual([['fs-0a1b2c3d4e5f60718', result.spec.cluster.availabilityZones]]);
  });

  it("reads AWS::ECS::Service's SchedulingStrategy: DAEMON, dropping its DesiredCount, and refuses it on Fargate at the template's LaunchType", () => {
    const template = readFileSync(join(ROOT, 'examples/cdk/ApiStack.template.json'), 'utf8').replace('"DesiredCount": 6,', '"DesiredCount": 6,\n    "SchedulingStrategy": "DAEMON",');
    const files = (p: string): string | undefined => (p === 'ApiStack.template.json' ? template : readFileSync(join(ROOT, 'examples/cdk', p), 'utf8'));
    const result = loadScenario('api-service.yaml', readFileSync(join(ROOT, 'examples/cdk/api-service.yaml'), 'utf8'), { readFile: files });
    const problems = result.ok ? [] : result.diagnostics.map(formatDiagnostic);
    expect(problems.filter((p) => p.includes('desiredCount'))).toEqual([]);
    expect(problems).toContain("ApiStack.template.json:841:19: error: Fargate tasks don't support the DAEMON scheduling strategy (at Resources.ApiService199661B5.Properties.LaunchType)");
  });

  it('differs from the hand-written scenario only in the fields its comment explains', () => {
    expect(imported.services[0]!.autoScaling?.policies.map((p) => p.kind === 'TargetTracking' && [p.metric, p.targetValue])).toEqual([
      ['ECSServiceAverageCPUUtilization', 65],
      ['ALBRequestCountPerTarget', 1000],
    ]);
    expect(imported.services[0]!.healthCheckGracePeriodMs).toBe(60_000);
    expect(normalized(imported)).toEqual(handWritten);
  });

  it('runs as the hand-written scenario runs: every output file the same, subnet and scenario names aside', () => {
    const outputs = (spec: SimulationSpec): Map<string, string> => {
      const files = new Map<string, string>();
      produceRunOutputs(spec, {}, (name) => {
        files.set(name, '');
        return { write: (chunk: string) => void files.set(name, files.get(name)! + chunk) };
      });
      return files;
    };
    const a = outputs(imported);
    const b = outputs(handWritten);
    const renamed = (text: string): string => Object.entries(SUBNETS).reduce((t, [from, to]) => t.replaceAll(from, to), text).replaceAll(imported.name, handWritten.name);
    for (const [name, text] of b) {
      if (name === 'summary.json' || name === 'report.json') {
        // The engine's event count (which report.json's header repeats) includes the scaling
        // policies' evaluations once a minute.
        const strip = (t: string): unknown => ({ ...JSON.parse(t), events: 0 });
        expect(strip(renamed(a.get(name)!)), name).toEqual(strip(text));
      } else expect(renamed(a.get(name)!), name).toBe(text);
    }
  });
});

describe('resource types fleetsim does not read', () => {
  const template = (type: string) => JSON.stringify({ Resources: { Thing: { Type: type, Properties: {} } } });
  const load = (type: string) => loadScenario('s.yaml', 'name: s\nduration: 1m\nimports: [{ cloudFormation: t.json }]\ncluster: { platform: ecs }\n', { readFile: () => template(type) });

  it('calls a misspelt modelled type an error, with a did-you-mean', () => {
    const result = load('AWS::ECS::Servce');
    expect(result.ok ? [] : result.diagnostics.map(formatDiagnostic)).toEqual(["t.json:1:31: error: unknown resource type 'AWS::ECS::Servce' (did you mean 'AWS::ECS::Service'?) (at Resources.Thing.Type)"]);
  });

  it('warns of a type it does not model, and ignores one that changes nothing it simulates', () => {
    const notes = (type: string) => {
      const result = load(type);
      return result.ok ? result.imports!.notes.map(formatImportNote) : result.diagnostics.map(formatDiagnostic);
    };
    expect(notes('AWS::Lambda::Function')).toEqual(['t.json:1:23: warning: Resources.Thing: AWS::Lambda::Function is not modelled: not imported, and it may change the answer']);
    expect(notes('AWS::IAM::Role')).toEqual(['t.json:1:23: ignored: Resources.Thing: AWS::IAM::Role: IAM permissions: fleetsim assumes every call is allowed']);
  });
});

describe('several instance types (docs/models.md, "EC2 capacity errors")', () => {
  const loadTemplate = (resources: object, platform: 'ecs' | 'eks') =>
    loadScenario('s.yaml', `name: s\nduration: 1m\nimports: [{ cloudFormation: t.json }]\ncluster: { platform: ${platform} }\n`, { readFile: () => JSON.stringify({ Resources: resources }) });
  /** A launch template with `templateData` and an Auto Scaling group whose mixed instances policy uses it. */
  const mixedGroup = (templateData: object, overrides: readonly string[], distribution: object) => ({
    Template: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { InstanceType: 'm5.large', ...templateData } } },
    Group: {
      Type: 'AWS::AutoScaling::AutoScalingGroup',
      Properties: {
        MinSize: '2',
        MaxSize: '6',
        AvailabilityZones: ['us-east-1a', 'us-east-1b'],
        MixedInstancesPolicy: {
          LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateId: { Ref: 'Template' }, Version: '1' }, Overrides: overrides.map((t) => ({ InstanceType: t })) },
          InstancesDistribution: distribution,
        },
      },
    },
  });

  it("imports an Auto Scaling group's MixedInstancesPolicy: the overrides replace the launch template's type", () => {
    const result = loadTemplate(
      mixedGroup({}, ['m5.xlarge', 'm5a.xlarge'], { OnDemandAllocationStrategy: 'prioritized', OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 50, SpotAllocationStrategy: 'price-capacity-optimized' }),
      'ecs',
    );
    if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
    const group = result.spec.cluster.autoScalingGroups[0]!;
    expect(group.instanceType.name).toBe('m5.xlarge');
    expect(group.mixedInstancesPolicy).toMatchObject({
      instanceTypes: [{ name: 'm5.xlarge' }, { name: 'm5a.xlarge' }],
      onDemandAllocationStrategy: 'prioritized',
      onDemandBaseCapacity: 1,
      onDemandPercentageAboveBaseCapacity: 50,
      spotAllocationStrategy: 'price-capacity-optimized',
    });
  });

  it("reads ECS Spot Instance draining from the launch template's user data (docs/models.md, \"Spot interruptions\")", () => {
    const group = (userData: unknown) => {
      const result = loadTemplate(mixedGroup(userData === undefined ? {} : { UserData: userData }, ['m5.xlarge'], { OnDemandPercentageAboveBaseCapacity: 0 }), 'ecs');
      if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
      return result.spec.cluster.autoScalingGroups[0]!;
    };
    const script = ['#!/bin/bash', 'echo ECS_CLUSTER=web >> /etc/ecs/ecs.config', 'echo ECS_ENABLE_SPOT_INSTANCE_DRAINING=true >> /etc/ecs/ecs.config'];
    expect(group({ 'Fn::Base64': { 'Fn::Join': ['\n', script] } }).spotInstanceDraining).toBe(true);
    expect(group(btoa(script.join('\n'))).spotInstanceDraining).toBe(true);
    expect(group({ 'Fn::Base64': { 'Fn::Join': ['\n', script.slice(0, 2)] } }).spotInstanceDraining).toBeUndefined();
    expect(group({ 'Fn::Base64': 'echo ECS_ENABLE_SPOT_INSTANCE_DRAINING=false >> /etc/ecs/ecs.config' }).spotInstanceDraining).toBeUndefined();
    expect(group(undefined).spotInstanceDraining).toBeUndefined();
  });

  it("reads the ECS agent's image pull behavior from the launch template's user data (docs/models.md, \"Image pull policy\")", () => {
    const group = (userData: unknown) => {
      const result = loadTemplate(mixedGroup(userData === undefined ? {} : { UserData: userData }, ['m5.xlarge'], { OnDemandPercentageAboveBaseCapacity: 0 }), 'ecs');
      if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
      return result.spec.cluster.autoScalingGroups[0]!;
    };
    const script = (behavior: string) => ['#!/bin/bash', 'echo ECS_CLUSTER=web >> /etc/ecs/ecs.config', `echo ECS_IMAGE_PULL_BEHAVIOR=${behavior} >> /etc/ecs/ecs.config`].join('\n');
    expect(group({ 'Fn::Base64': { 'Fn::Join': ['\n', [script('always')]] } }).imagePullBehavior).toBe('always');
    expect(group(btoa(script('prefer-cached'))).imagePullBehavior).toBe('prefer-cached');
    // Not set, or a value the agent does not know: none set (the agent's default applies).
    expect(group(undefined).imagePullBehavior).toBeUndefined();
    expect(group({ 'Fn::Base64': script('sometimes') }).imagePullBehavior).toBeUndefined();
  });

  it("imports an EKS node group's InstanceTypes and Spot capacity type", () => {
    const result = loadTemplate(
      {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
        SubnetA: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, AvailabilityZone: 'us-east-1a', CidrBlock: '10.0.0.0/20' } },
        Cluster: { Type: 'AWS::EKS::Cluster', Properties: { Name: 'c', RoleArn: 'r', ResourcesVpcConfig: { SubnetIds: [{ Ref: 'SubnetA' }] } } },
        Nodes: { Type: 'AWS::EKS::Nodegroup', Properties: { ClusterName: 'c', NodeRole: 'r', Subnets: [{ Ref: 'SubnetA' }], InstanceTypes: ['m6g.large', 'm7g.large'], CapacityType: 'SPOT', ScalingConfig: { DesiredSize: 2, MinSize: 1, MaxSize: 4 } } },
      },
      'eks',
    );
    const notes = result.ok ? result.imports!.notes.map(formatImportNote) : result.diagnostics.map(formatDiagnostic);
    expect(notes.join('\n')).not.toContain('InstanceTypes');
    expect(notes.join('\n')).not.toContain('Spot node groups');
    if (!result.ok) throw new Error(notes.join('\n'));
    const group = result.spec.cluster.autoScalingGroups[0]!;
    expect(group.mixedInstancesPolicy?.instanceTypes.map((t) => t.name)).toEqual(['m6g.large', 'm7g.large']);
    expect(group.mixedInstancesPolicy?.onDemandPercentageAboveBaseCapacity).toBe(0);
  });
});
