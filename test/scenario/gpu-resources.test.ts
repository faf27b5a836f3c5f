import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SimulationSpec } from '../../src/model/simulation-spec.js';
import { formatDiagnostic } from '../../src/scenario/diagnostics.js';
import { formatImportNote } from '../../src/scenario/import/import-notes.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { ROOT, yamlErrors } from '../support/scenario-runner.js';

/**
 * GPUs and Neuron devices in scenarios and imported definitions: ECS `resourceRequirements` of
 * type GPU, Kubernetes extended resources in requests and limits (src/model/devices.ts).
 */
function specOf(yaml: string): SimulationSpec {
  const loaded = loadScenario('t.yaml', yaml);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.spec;
}

const errorsOf = (yaml: string): string[] => yamlErrors(yaml, 't.yaml');

function ecs(containers: string, launchType = 'EC2'): string {
  const fargate = launchType === 'FARGATE';
  return `name: t
duration: 10m
cluster:
  platform: ecs
${fargate ? '  availabilityZones: [us-east-1a]\n  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/24 }] }\n' : ''}  autoScalingGroups:
    - { name: g, instanceType: g5.12xlarge, desiredCapacity: 1 }
services:
  - serviceName: infer
    desiredCount: 1
    launchType: ${launchType}
    taskDefinition:
${fargate ? '      cpu: 1024\n      memory: 4096\n' : ''}      containerDefinitions:
${containers}`;
}

function eks(resources: string): string {
  return `name: t
duration: 10m
cluster:
  platform: eks
  coreDns: false
  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/24 }] }
  nodeGroups: [{ name: ng, instanceType: g5.xlarge, desiredSize: 1, availabilityZones: [us-east-1a] }]
workloads:
  - kind: Deployment
    name: infer
    replicas: 1
    containers:
      - name: model
        image: model:1
        imageSize: 1GB
        resources: ${resources}
`;
}

describe('ECS resourceRequirements of type GPU', () => {
  it('the task reserves its containers’ GPUs, each container keeping its own', () => {
    const td = specOf(
      ecs(`        - { name: model, image: m:1, imageSize: 1GB, memory: 4096, resourceRequirements: [{ type: GPU, value: '2' }] }
        - { name: tokenizer, image: t:1, imageSize: 50MB, memory: 512, resourceRequirements: [{ type: GPU, value: 1 }] }
        - { name: log, image: l:1, imageSize: 10MB, memory: 64, essential: false }
`),
    ).services[0]!.taskDefinition;
    expect(td.devices).toEqual({ nvidiaGpu: 3, neuron: 0, neuronCore: 0, podEni: 0 });
    expect(td.containers.map((c) => c.gpus)).toEqual([2, 1, undefined]);
  });

  it('refuses a value that is not a whole number of GPUs, and GPUs on Fargate', () => {
    expect(errorsOf(ecs(`        - { name: m, image: m:1, imageSize: 1GB, memory: 512, resourceRequirements: [{ type: GPU, value: '0.5' }] }\n`))).toEqual([
      "t.yaml:13:106: error: GPU value must be a whole number of GPUs, at least 1, got '0.5' (at services[0].taskDefinition.containerDefinitions[0].resourceRequirements[0].value)",
    ]);
    expect(errorsOf(ecs(`        - { name: m, image: m:1, imageSize: 1GB, resourceRequirements: [{ type: GPU, value: '1' }] }\n`, 'FARGATE')).join('\n')).toContain(
      'GPU resourceRequirements need the EC2 launch type: Fargate offers no GPUs',
    );
    expect(errorsOf(ecs(`        - { name: m, image: m:1, imageSize: 1GB, memory: 512, resourceRequirements: [{ type: InferenceAccelerator, value: 'd1' }] }\n`)).join('\n')).toContain("must be one of 'GPU', got 'InferenceAccelerator'");
  });
});

describe('Kubernetes extended resources', () => {
  it('a limit alone sets the request; requests equal to limits are taken', () => {
    expect(specOf(eks("{ requests: { cpu: '2', memory: 8Gi }, limits: { nvidia.com/gpu: 1 } }")).services[0]!.taskDefinition.devices).toEqual({ nvidiaGpu: 1, neuron: 0, neuronCore: 0, podEni: 0 });
    const neuron = specOf(eks("{ requests: { aws.amazon.com/neuroncore: '2' }, limits: { aws.amazon.com/neuroncore: 2 } }")).services[0]!.taskDefinition;
    expect(neuron.devices).toEqual({ nvidiaGpu: 0, neuron: 0, neuronCore: 2, podEni: 0 });
    expect(specOf(eks('{ requests: { cpu: 500m } }')).services[0]!.taskDefinition.devices).toBeUndefined();
  });

  it('refuses what the API server refuses: a request without a limit, a request unequal to its limit, a fraction', () => {
    expect(errorsOf(eks('{ requests: { nvidia.com/gpu: 1 } }')).join('\n')).toContain('Limit must be set for non overcommitable resources (nvidia.com/gpu is requested)');
    expect(errorsOf(eks('{ requests: { nvidia.com/gpu: 1 }, limits: { nvidia.com/gpu: 2 } }')).join('\n')).toContain('must be equal to nvidia.com/gpu limit of 2');
    expect(errorsOf(eks("{ limits: { nvidia.com/gpu: '0.5' } }")).join('\n')).toContain('must be an integer');
  });

  it('refuses GPUs for pods on EKS Fargate', () => {
    const yaml = eks('{ limits: { nvidia.com/gpu: 1 } }').replace('  coreDns: false\n', '  coreDns: false\n  fargateProfiles: [{ name: fp, selectors: [{ namespace: default }] }]\n');
    expect(errorsOf(yaml).join('\n')).toContain('EKS Fargate offers no GPUs or Neuron devices');
  });
});

describe('importing GPU fields', () => {
  it('imports nvidia.com/gpu from a Deployment manifest as modelled', () => {
    const manifests = readFileSync(join(ROOT, 'examples/kubernetes/storefront.k8s.yaml'), 'utf8').replace('            limits:\n              memory: 1Gi\n', '            limits:\n              memory: 1Gi\n              nvidia.com/gpu: 1\n');
    const scenario = readFileSync(join(ROOT, 'examples/kubernetes/storefront.yaml'), 'utf8');
    const loaded = loadScenario('storefront.yaml', scenario, { readFile: (p) => (p === 'storefront.k8s.yaml' ? manifests : undefined) });
    if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
    expect(loaded.spec.services.find((s) => s.name === 'storefront')!.taskDefinition.devices).toEqual({ nvidiaGpu: 1, neuron: 0, neuronCore: 0, podEni: 0 });
    expect(loaded.imports!.notes.map(formatImportNote).filter((n) => n.includes('gpu'))).toEqual([]);
  });

  it('imports an ECS task definition’s GPU requirement (here refused: the service is on Fargate, and the error points into the JSON)', () => {
    const load = (requirements: string) => {
      const dir = join(ROOT, 'examples/ecs');
      const files: Record<string, string> = {};
      for (const f of ['describe-task-definition.json', 'describe-services.json', 'describe-scalable-targets.json', 'describe-scaling-policies.json']) files[f] = readFileSync(join(dir, f), 'utf8');
      files['describe-task-definition.json'] = files['describe-task-definition.json']!.replace('"cpu": 0,', `"cpu": 0,\n                "resourceRequirements": ${requirements},`);
      return loadScenario('checkout.yaml', readFileSync(join(dir, 'checkout.yaml'), 'utf8'), { readFile: (p) => files[p] });
    };
    const gpu = load('[{ "type": "GPU", "value": "1" }]');
    expect(gpu.ok ? [] : gpu.diagnostics.map(formatDiagnostic)).toEqual([
      'describe-task-definition.json:9:41: error: GPU resourceRequirements need the EC2 launch type: Fargate offers no GPUs (at taskDefinition.containerDefinitions[0].resourceRequirements)',
    ]);
    // Elastic Inference is not modelled: a warning, and the field is left out.
    const accelerator = load('[{ "type": "InferenceAccelerator", "value": "device_1" }]');
    if (!accelerator.ok) throw new Error(accelerator.diagnostics.map(formatDiagnostic).join('\n'));
    expect(accelerator.imports!.notes.map(formatImportNote).filter((n) => n.includes('resourceRequirements'))).toEqual([
      'describe-task-definition.json:9:41: warning: taskDefinition.containerDefinitions[0].resourceRequirements: not modelled, and it would change the answer: Elastic Inference accelerators (InferenceAccelerator) constrain which instances a task can be placed on; fleetsim models GPUs only',
    ]);
  });
});
