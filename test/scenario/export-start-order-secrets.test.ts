import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { formatDiagnostic } from '../../src/scenario/diagnostics.js';
import { kubernetesSecretKeyOf, secretsManagerReference } from '../../src/scenario/export/exported-secrets.js';
import { ecsDependsOnForInit, podContainerRoles } from '../../src/scenario/export/start-order.js';
import { exportToEcs } from '../../src/scenario/export/to-ecs.js';
import { exportToKubernetes } from '../../src/scenario/export/to-kubernetes.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

/**
 * What `fleetsim export` carries across besides scheduling (src/scenario/export/start-order.ts,
 * exported-secrets.ts): secrets, registry logins, container start order and GPUs, each written
 * in the other orchestrator's form with what the user must create there, and read back by
 * fleetsim's importers as the same behaviour.
 */
function load(yaml: string, files: Record<string, string> = {}) {
  const loaded = loadScenario('s.yaml', yaml, { readFile: (p) => files[p] });
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  return loaded;
}

const ECS = `name: t
duration: 5m
cluster:
  platform: ecs
  autoScalingGroups:
    - { name: g, instanceType: g5.xlarge, desiredCapacity: 1 }
services:
  - serviceName: inference
    desiredCount: 1
    serviceConnectConfiguration: { enabled: true }
    taskDefinition:
      cpu: 2048
      memory: 8192
      containerDefinitions:
        - { name: migrate, image: migrate:1, imageSize: 30MB, essential: false, runsFor: 5s }
        - { name: envoy, image: envoy:1, imageSize: 40MB, healthCheck: { command: [CMD, envoy-ready], interval: 5 } }
        - name: model
          image: registry.example.com/model:2
          imageSize: 2GB
          repositoryCredentials: { credentialsParameter: "arn:aws:secretsmanager:us-east-1:123456789012:secret:registry/login-AbCdEf" }
          resourceRequirements: [{ type: GPU, value: "1" }]
          secrets:
            - { name: DB_PASSWORD, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:password::" }
            - { name: API_KEY, valueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/prod/api-key" }
          dependsOn: [{ containerName: migrate, condition: SUCCESS }, { containerName: envoy, condition: HEALTHY }]
`;

const EKS = `name: t
duration: 5m
cluster:
  platform: eks
  region: eu-west-1
  availabilityZones: [eu-west-1a]
  vpc: { subnets: [{ az: eu-west-1a, cidr: 10.0.0.0/20 }] }
  nodeGroups:
    - { name: g, instanceType: g5.xlarge, desiredSize: 1 }
workloads:
  - kind: Deployment
    name: model
    replicas: 1
    initContainers:
      - { name: migrate, image: migrate:1, imageSize: 30MB, resources: { requests: { cpu: 250m, memory: 256Mi } } }
      - { name: proxy, image: envoy:1, imageSize: 40MB, restartPolicy: Always }
    containers:
      - name: model
        image: model:2
        imageSize: 2GB
        resources: { limits: { nvidia.com/gpu: 1, memory: 4Gi }, requests: { cpu: "1", memory: 4Gi } }
        env:
          - { name: MODE, value: serve }
          - { name: DB_PASSWORD, valueFrom: { secretKeyRef: { name: db, key: password } } }
        envFrom: [{ secretRef: { name: extra } }]
`;

describe('container start order', () => {
  it('makes the containers others wait to exit init containers and those they wait to start sidecars, dependencies first', () => {
    const { roles, initOrder } = podContainerRoles([
      { name: 'app', dependsOn: [{ containerName: 'proxy', condition: 'HEALTHY' }] },
      { name: 'proxy', dependsOn: [{ containerName: 'config', condition: 'COMPLETE' }] },
      { name: 'config' },
      { name: 'logs' },
    ]);
    expect(roles).toEqual(['app', 'sidecar', 'init', 'app']);
    expect(initOrder).toEqual([2, 1]);
  });

  it('chains init containers in ECS: each waits on the one before, the app on the last', () => {
    expect(ecsDependsOnForInit([{ name: 'a' }, { name: 'b', restartPolicy: 'Always' }])).toEqual({
      init: [undefined, [{ containerName: 'a', condition: 'SUCCESS' }]],
      app: [{ containerName: 'b', condition: 'START' }],
    });
    expect(ecsDependsOnForInit([])).toEqual({ init: [], app: undefined });
  });
});

describe('secret references', () => {
  it('names a Secret after the Secrets Manager secret or SSM parameter, keyed by the JSON key or the variable', () => {
    expect(kubernetesSecretKeyOf('arn:aws:secretsmanager:us-east-1:1:secret:prod/db-AbCdEf:password::', 'DB')).toEqual({ name: 'prod-db-abcdef', key: 'password' });
    expect(kubernetesSecretKeyOf('arn:aws:secretsmanager:us-east-1:1:secret:prod/db-AbCdEf', 'DB')).toEqual({ name: 'prod-db-abcdef', key: 'DB' });
    expect(kubernetesSecretKeyOf('arn:aws:ssm:us-east-1:1:parameter/prod/api-key', 'KEY')).toEqual({ name: 'prod-api-key', key: 'KEY' });
    expect(kubernetesSecretKeyOf('/prod/Api_Key', 'KEY')).toEqual({ name: 'prod-api-key', key: 'KEY' });
    expect(secretsManagerReference('eu-west-1', 'db', 'password')).toBe('arn:aws:secretsmanager:eu-west-1:<account-id>:secret:db:password::');
  });
});

describe('export --to k8s', () => {
  const loaded = load(ECS);
  const exported = exportToKubernetes(loaded.scenario, loaded.spec);
  const deployment = exported.documents[0]!.data as { spec: { template: { spec: Record<string, unknown> } } };
  const pod = deployment.spec.template.spec as { initContainers: Record<string, unknown>[]; containers: Record<string, unknown>[]; imagePullSecrets: unknown };

  it('writes the start order as init containers: the one-shot first, the health-checked proxy as a native sidecar with a startup probe', () => {
    expect(pod.initContainers.map((c) => [c.name, c.restartPolicy])).toEqual([
      ['migrate', undefined],
      ['envoy', 'Always'],
    ]);
    expect(pod.initContainers[1]).toHaveProperty('startupProbe.exec.command', ['envoy-ready']);
    expect(pod.containers.map((c) => c.name)).toEqual(['model']);
  });

  it('writes secrets as Secret keys, the registry login as an imagePullSecret and the GPU as nvidia.com/gpu, and says what to create', () => {
    expect(pod.containers[0]!.env).toEqual([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'prod-db-abcdef', key: 'password' } } },
      { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'prod-api-key', key: 'API_KEY' } } },
    ]);
    expect(pod.imagePullSecrets).toEqual([{ name: 'registry-login-abcdef' }]);
    expect(pod.containers[0]).toHaveProperty(['resources', 'limits', 'nvidia.com/gpu'], 1);
    const lost = exported.untranslated.map((u) => `${u.path}: ${u.why}`);
    expect(lost).toContainEqual(expect.stringMatching(/^services\[0\]\.taskDefinition\.containerDefinitions\[2\]\.secrets: .*create 'prod-db-abcdef', 'prod-api-key'/));
    expect(lost).toContainEqual(expect.stringMatching(/^services\[0\]\.taskDefinition\.containerDefinitions\[2\]\.repositoryCredentials: .*kubernetes\.io\/dockerconfigjson/));
    expect(lost).toContainEqual(expect.stringMatching(/^services\[0\]\.serviceConnectConfiguration: /));
    expect(lost).toContainEqual(expect.stringMatching(/^services\[0\]\.taskDefinition\.containerDefinitions\[1\]\.essential: .*native sidecar/));
  });

  it('reads back as the same start order, secrets and GPU', () => {
    const manifests = exported.documents.map((d) => stringify(d.data)).join('---\n');
    const back = load(`name: back\nduration: 5m\nimports: [{ kubernetes: app.yaml }]\ncluster: { vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/20 }] } }\n`, { 'app.yaml': manifests });
    const td = back.spec.services[0]!.taskDefinition;
    const byName = new Map(td.containers.map((c) => [c.name, c]));
    expect(byName.get('migrate')!.init).toBe(true);
    expect(byName.get('model')!.gpus).toBe(1);
    expect(byName.get('model')!.secrets!.map((s) => [s.valueFrom, s.key])).toEqual([
      ['prod-db-abcdef', 'password'],
      ['prod-api-key', 'API_KEY'],
    ]);
    expect(byName.get('model')!.dependsOn!.map((d) => d.containerName)).toContain('envoy');
  });
});

describe('export --to ecs', () => {
  const loaded = load(EKS);
  const exported = exportToEcs(loaded.scenario, loaded.spec);
  const td = exported.documents[0]!.data as { executionRoleArn: string; containerDefinitions: Record<string, unknown>[] };

  it('writes init containers as non-essential containers the app waits on, a sidecar as an essential one it waits to start', () => {
    expect(td.containerDefinitions.map((c) => [c.name, c.essential, c.dependsOn])).toEqual([
      ['migrate', false, undefined],
      ['proxy', true, [{ containerName: 'migrate', condition: 'SUCCESS' }]],
      ['model', true, [{ containerName: 'proxy', condition: 'START' }]],
    ]);
  });

  it("writes Secret keys as Secrets Manager references in the cluster's Region with the execution role, literal values as environment, the GPU as a resource requirement", () => {
    const model = td.containerDefinitions[2]!;
    expect(model.secrets).toEqual([{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:<account-id>:secret:db:password::' }]);
    expect(model.environment).toEqual([{ name: 'MODE', value: 'serve' }]);
    expect(model.resourceRequirements).toEqual([{ type: 'GPU', value: '1' }]);
    expect(td.executionRoleArn).toBe('arn:aws:iam::<account-id>:role/ecsTaskExecutionRole');
    const lost = exported.untranslated.map((u) => u.path);
    expect(lost).toEqual(expect.arrayContaining(['workloads[0].containers[0].envFrom[0]', 'workloads[0].containers[0].env', 'workloads[0].initContainers']));
  });

  it('says the pod’s imagePullSecrets become repositoryCredentials to create', () => {
    const withLogin = load(EKS.replace('    replicas: 1\n', '    replicas: 1\n    imagePullSecrets: [{ name: dockerhub-login }]\n'));
    const untranslated = exportToEcs(withLogin.scenario, withLogin.spec).untranslated.map((u) => `${u.path}: ${u.why}`);
    expect(untranslated).toContainEqual(expect.stringMatching(/^workloads\[0\]\.imagePullSecrets: .*repositoryCredentials/));
    expect(exported.untranslated.map((u) => u.path)).not.toContain('workloads[0].imagePullSecrets');
  });

  it('reads back as a task whose app waits for the proxy and reads the secret', () => {
    const back = load(
      `name: back\nduration: 5m\nimports: [{ ecsTaskDefinition: td.yaml }, { ecsService: service.yaml }]\nimageSizes: { '*': 50MB }\ncluster: { autoScalingGroups: [{ name: g, instanceType: g5.xlarge, desiredCapacity: 1 }], vpc: { subnets: [{ id: subnet-1, az: eu-west-1a, cidr: 10.0.0.0/20 }] }, region: eu-west-1, availabilityZones: [eu-west-1a] }\n`,
      { 'td.yaml': stringify(exported.documents[0]!.data), 'service.yaml': stringify(exported.documents[1]!.data) },
    );
    const containers = back.spec.services[0]!.taskDefinition.containers;
    expect(containers[2]!.dependsOn).toEqual([{ containerName: 'proxy', condition: 'START' }]);
    expect(containers[2]!.secrets!.map((s) => s.store)).toEqual(['secretsmanager']);
    expect(containers[2]!.gpus).toBe(1);
  });
});
