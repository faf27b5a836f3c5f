import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenario } from '../../../src/cli/read-scenario.js';
import { formatDiagnostic } from '../../../src/scenario/diagnostics.js';
import { formatImportNote } from '../../../src/scenario/import/import-notes.js';
import { loadScenario } from '../../../src/scenario/load-scenario.js';
import { ROOT } from '../../support/scenario-runner.js';

const EXAMPLE = 'examples/ecs/checkout.yaml';
const exampleFile = (name: string): string => readFileSync(join(ROOT, 'examples/ecs', name), 'utf8');

/** The checkout example with its files in memory, `edit` applied to one of them. */
function loadEdited(file: string, edit: (text: string) => string, scenario = exampleFile('checkout.yaml')) {
  const files: Record<string, string> = {};
  for (const f of ['describe-task-definition.json', 'describe-services.json', 'describe-scalable-targets.json', 'describe-scaling-policies.json']) files[f] = f === file ? edit(exampleFile(f)) : exampleFile(f);
  return loadScenario('checkout.yaml', scenario, { readFile: (p) => files[p] });
}

function errors(result: ReturnType<typeof loadScenario>): string[] {
  return result.ok ? [] : result.diagnostics.map(formatDiagnostic);
}

describe('importing ECS definitions as the AWS CLI prints them', () => {
  const loaded = readScenario(ROOT, EXAMPLE);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  const service = loaded.spec.services[0]!;

  it('turns describe-task-definition into the task definition the service runs', () => {
    const td = service.taskDefinition;
    expect(td.family).toBe('checkout');
    expect(td.revision).toBe(14);
    expect(td.cpu).toBe(1024 * 1000); // 1 vCPU in cpu shares
    expect(td.memoryMiB).toBe(2048);
    expect(td.networkMode).toBe('awsvpc');
    expect(td.containers.map((c) => [c.name, c.image, c.imageSizeMiB])).toEqual([
      ['checkout', '123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout:2.4.1', 296], // 310MB from imageSizes
      ['log-router', 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4', 43],
    ]);
    expect(td.containers[1]!.memoryReservationMiB).toBe(50);
    expect(td.healthCheck).toMatchObject({ intervalMs: 30_000, timeoutMs: 5_000, failureThreshold: 3, startPeriodMs: 60_000 });
    expect(td.readyAfterMs).toBe(25_000); // the scenario's override of the checkout container
    expect(td.shutdown?.stopTimeoutMs).toBe(30_000);
  });

  it('keeps the secrets the task fetches at start and the execution role it fetches them with', () => {
    const td = service.taskDefinition;
    expect(td.containers[0]!.secrets).toEqual([
      { valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/checkout/db-Xy12Ab', store: 'secretsmanager', key: null, optional: false, registryAuth: false },
    ]);
    expect(td.containers[1]!.secrets).toBeUndefined();
    expect(td.executionRoleArn).toBe('arn:aws:iam::123456789012:role/ecsTaskExecutionRole');
  });

  it('reads EFS volumes and declares their file system with mount targets in every AZ', () => {
    const volumes = '"volumes": [{ "name": "uploads", "efsVolumeConfiguration": { "fileSystemId": "fs-0a1b2c3d4e5f60718", "rootDirectory": "/", "transitEncryption": "ENABLED", "authorizationConfig": { "accessPointId": "fsap-0123456789abcdef0", "iam": "ENABLED" } } }, { "name": "scratch", "host": {} }],';
    const result = loadEdited('describe-task-definition.json', (t) => t.replace('"volumes": [],', volumes));
    expect(errors(result)).toEqual([]);
    if (!result.ok) return;
    expect(result.spec.services[0]!.taskDefinition.efsVolumes).toEqual([{ name: 'uploads', fileSystemId: 'fs-0a1b2c3d4e5f60718', rootDirectory: '/', transitEncryption: true, accessPointId: 'fsap-0123456789abcdef0' }]);
    expect(result.spec.cluster.fileSystems).toEqual([{ id: 'fs-0a1b2c3d4e5f60718', throughputMode: 'elastic', mountTargetAzs: result.spec.cluster.availabilityZones, storedGiB: 0 }]);
    expect(result.imports!.notes.map(formatImportNote).some((n) => n.includes('EFS file system fs-0a1b2c3d4e5f60718: mount targets assumed in every AZ'))).toBe(true);
  });

  it('reads an EBS volume configured at launch and the service’s volumeConfigurations', () => {
    const volumes = '"volumes": [{ "name": "data", "configuredAtLaunch": true }],';
    const files: Record<string, string> = {};
    for (const f of ['describe-task-definition.json', 'describe-services.json', 'describe-scalable-targets.json', 'describe-scaling-policies.json']) files[f] = exampleFile(f);
    files['describe-task-definition.json'] = files['describe-task-definition.json']!.replace('"volumes": [],', volumes);
    files['describe-services.json'] = files['describe-services.json']!.replace(
      '"enableExecuteCommand": false,',
      '"enableExecuteCommand": false, "volumeConfigurations": [{ "name": "data", "managedEBSVolume": { "sizeInGiB": 50, "volumeType": "gp3", "encrypted": true, "roleArn": "arn:aws:iam::123456789012:role/ecsInfrastructureRole", "terminationPolicy": { "deleteOnTermination": false }, "tagSpecifications": [] } }],',
    );
    const result = loadScenario('checkout.yaml', exampleFile('checkout.yaml'), { readFile: (p) => files[p] });
    expect(errors(result)).toEqual([]);
    if (!result.ok) return;
    expect(result.spec.services[0]!.managedEbsVolume).toEqual({ name: 'data', volumeType: 'gp3', sizeGiB: 50, deleteOnTermination: false });
    const notes = result.imports!.notes.map(formatImportNote);
    expect(notes.some((n) => /configuredAtLaunch|volumeConfigurations/.test(n) && /warning/i.test(n))).toBe(false);
    // Without the service's configuration the configuredAtLaunch volume is CreateService's error.
    const alone = loadEdited('describe-task-definition.json', (t) => t.replace('"volumes": [],', volumes));
    expect(errors(alone).join('\n')).toContain("volume 'data' is configured at launch: the service needs a volumeConfigurations entry named 'data'");
  });

  it('the scenario’s own cluster.fileSystems overrides the imported mount targets', () => {
    const volumes = '"volumes": [{ "name": "uploads", "efsVolumeConfiguration": { "fileSystemId": "fs-0a1b2c3d4e5f60718" } }],';
    const scenario = exampleFile('checkout.yaml').replace(/^cluster:\n/m, 'cluster:\n  fileSystems:\n    - { fileSystemId: fs-0a1b2c3d4e5f60718, mountTargets: [us-east-1a] }\n');
    const result = loadEdited('describe-task-definition.json', (t) => t.replace('"volumes": [],', volumes), scenario);
    expect(errors(result)).toEqual([]);
    if (!result.ok) return;
    expect(result.spec.cluster.fileSystems!.map((f) => f.mountTargetAzs)).toEqual([['us-east-1a']]);
  });

  it('reads repositoryCredentials and SSM parameters as secrets too', () => {
    const result = loadEdited('describe-task-definition.json', (t) =>
      t.replace('"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/checkout/db-Xy12Ab"', '"/prod/checkout/db"').replace('"stopTimeout": 30,', '"stopTimeout": 30, "repositoryCredentials": { "credentialsParameter": "arn:aws:secretsmanager:us-east-1:123456789012:secret:registry-AbCdEf" },'),
    );
    expect(errors(result)).toEqual([]);
    if (!result.ok) return;
    expect(result.spec.services[0]!.taskDefinition.containers[0]!.secrets!.map((r) => [r.valueFrom, r.store, r.registryAuth])).toEqual([
      ['/prod/checkout/db', 'ssm', false],
      ['arn:aws:secretsmanager:us-east-1:123456789012:secret:registry-AbCdEf', 'secretsmanager', true],
    ]);
  });

  it('turns describe-services and Application Auto Scaling into the service, its deployments and its scaling', () => {
    expect(service.name).toBe('checkout');
    expect(service.launchType).toBe('FARGATE');
    expect(service.desiredCount).toBe(4);
    expect(service.subnetIds).toEqual(['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002', 'subnet-0a1b2c3d4e5f60003']);
    expect(service.healthCheckGracePeriodMs).toBe(60_000);
    expect(service.deploymentConfiguration).toMatchObject({ minimumHealthyPercent: 100, maximumPercent: 200, circuitBreaker: { enable: true, rollback: true } });
    expect(service.autoScaling).toMatchObject({ minCapacity: 4, maxCapacity: 16, policies: [{ kind: 'TargetTracking', name: 'checkout-cpu60', metric: 'ECSServiceAverageCPUUtilization', targetValue: 60, scaleOutCooldownMs: 60_000, scaleInCooldownMs: 300_000 }] });
    expect(loaded.spec.cluster.name).toBe('prod');
    expect(loaded.spec.cluster.region).toBe('us-east-1');
  });

  it('accounts for every field: ignored ones with why, the ones that would change the answer as warnings', () => {
    const notes = loaded.imports!.notes.map(formatImportNote);
    expect(notes).toContain("examples/ecs/describe-task-definition.json:46:37: ignored: taskDefinition.containerDefinitions[0].logConfiguration: where logs go does not change the simulation");
    expect(notes).toContain('examples/ecs/describe-task-definition.json:19:32: ignored: taskDefinition.containerDefinitions[0].environment: environment variables configure the app, not its scheduling or start-up');
    expect(notes.filter((n) => n.includes(': warning: '))).toEqual([
      'examples/ecs/describe-services.json:100:44: warning: services[0].availabilityZoneRebalancing: not modelled, and it would change the answer: ECS moves tasks to rebalance Availability Zones after an imbalance; fleetsim does not',
    ]);
    // dependsOn is modelled (container start order): it is compiled, not warned about.
    expect(loaded.spec.services[0]!.taskDefinition.containers[0]!.dependsOn).toEqual([{ containerName: 'log-router', condition: 'START' }]);
    // The target group's health check is set by the scenario, so the ALB-default note is moot.
    expect(notes.some((n) => n.includes('ALB defaults assumed'))).toBe(false);
    expect(loaded.imports!.files).toEqual([
      { file: 'examples/ecs/describe-task-definition.json', kind: 'ecsTaskDefinition' },
      { file: 'examples/ecs/describe-services.json', kind: 'ecsService' },
      { file: 'examples/ecs/describe-scalable-targets.json', kind: 'applicationAutoScaling' },
      { file: 'examples/ecs/describe-scaling-policies.json', kind: 'applicationAutoScaling' },
    ]);
  });

  it('notes the default image size of an image the scenario gives no size for', () => {
    const result = loadEdited('describe-task-definition.json', (t) => t, exampleFile('checkout.yaml').replace(/ {2}public\.ecr\.aws.*\n/, ''));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.spec.services[0]!.taskDefinition.containers[1]!.imageSizeMiB).toBe(191); // 200MB
    expect(result.imports!.notes.filter((n) => n.kind === 'default').map(formatImportNote)).toEqual([
      "describe-task-definition.json:70:26: note: taskDefinition.containerDefinitions[1].image: no size for image 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4': fleetsim assumes 200MB (set it in the scenario's imageSizes)",
    ]);
  });

  it('rejects a field the API does not have, with a did-you-mean, at its line in the imported file', () => {
    const result = loadEdited('describe-task-definition.json', (t) => t.replace('"memoryReservation": 50', '"memoryReservaton": 50'));
    expect(errors(result)).toEqual(["describe-task-definition.json:72:17: error: unknown field 'memoryReservaton' (did you mean 'memoryReservation'?) (at taskDefinition.containerDefinitions[1].memoryReservaton)"]);
  });

  it("locates the compiler's problems in the imported file that set the field", () => {
    const result = loadEdited('describe-task-definition.json', (t) => t.replace('"cpu": "1024"', '"cpu": "384"'));
    expect(errors(result)).toEqual([
      'describe-task-definition.json:141:16: error: 0.375 vCPU is not a Fargate size; choose 0.25, 0.5, 1, 2, 4, 8, 16 vCPU (CPU units 256, 512, 1024, 2048, 4096, 8192, 16384) (at taskDefinition.cpu)',
    ]);
  });

  it("reads schedulingStrategy DAEMON, and refuses what ECS (or fleetsim's daemon model) does not run, where it was imported", () => {
    const result = loadEdited('describe-services.json', (t) => t.replace('"schedulingStrategy": "REPLICA"', '"schedulingStrategy": "DAEMON"'));
    // Each problem in the file that set the field: the launch type, the scaling target, the traffic, the expectations naming it.
    expect(errors(result)).toEqual([
      'checkout.yaml:36:7: error: fleetsim models DAEMON tasks as instance capacity only: they receive no traffic (at services[0].load)',
      `checkout.yaml:39:24: error: 'checkout' is a DAEMON service, which fleetsim models as node capacity (docs/models.md, "DaemonSets and DAEMON services"): events and expectations cannot name it (at expect[0].service)`,
      `checkout.yaml:40:16: error: 'checkout' is a DAEMON service, which fleetsim models as node capacity (docs/models.md, "DaemonSets and DAEMON services"): events and expectations cannot name it (at expect[1].service)`,
      'describe-scalable-targets.json:3:9: error: a DAEMON service cannot use Service Auto Scaling (at ScalableTargets[0])',
      'describe-services.json:7:30: error: fleetsim models DAEMON tasks as instance capacity only: they receive no traffic (at services[0].loadBalancers)',
      "describe-services.json:19:27: error: Fargate tasks don't support the DAEMON scheduling strategy (at services[0].launchType)",
    ]);
  });

  it('lets the scenario override an imported field, and null remove one', () => {
    const scenario = exampleFile('checkout.yaml').replace('  - serviceName: checkout\n', '  - serviceName: checkout\n    desiredCount: 2\n    autoScaling: null\n');
    const result = loadEdited('describe-services.json', (t) => t, scenario);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.spec.services[0]!.desiredCount).toBe(2);
    expect(result.spec.services[0]!.autoScaling).toBeUndefined();
  });

  it('says which task definition a service runs when it is not imported', () => {
    const result = loadEdited('describe-services.json', (t) => t.replace('task-definition/checkout:14",\n            "deploymentConfiguration', 'task-definition/checkout:15",\n            "deploymentConfiguration'));
    expect(errors(result)).toEqual([
      "describe-services.json:22:31: error: service runs task definition 'arn:aws:ecs:us-east-1:123456789012:task-definition/checkout:15', which is not among the imports: import its describe-task-definition output (imports: - ecsTaskDefinition: <file>) (at services[0].taskDefinition)",
    ]);
  });

  it('refuses a scenario whose import names no file or two kinds', () => {
    const scenario = exampleFile('checkout.yaml').replace('  - ecsService: describe-services.json', '  - { ecsService: describe-services.json, kubernetes: k.yaml }');
    expect(errors(loadEdited('describe-services.json', (t) => t, scenario))).toEqual([
      'checkout.yaml:17:5: error: name one file of one kind: ecsService and kubernetes given (kinds: ecsTaskDefinition, ecsService, applicationAutoScaling, kubernetes, cloudFormation) (at imports[1])',
    ]);
  });
});

describe('imported files that hold nothing usable', () => {
  const scenario = 'name: s\nduration: 1m\nimports:\n  - ecsTaskDefinition: t.json\n';
  const load = (text: string) => loadScenario('s.yaml', scenario, { readFile: () => text });

  it.each([
    ['an empty file', '', ["s.yaml:4:24: error: ecsTaskDefinition 't.json' is empty (at imports[0].ecsTaskDefinition)"]],
    ['a syntax error', '{ "family": "web", }}', ['t.json:1:21: error: YAML: Unexpected flow-map-end token in YAML stream: "}"']],
    ['a scalar', '"web"', ['t.json:1:1: error: must be a mapping of fields']],
  ])('reports %s at its position', (_what, text, expected) => {
    expect(errors(load(text))).toEqual(expected);
  });
});

describe('the size of an imported file', () => {
  it('refuses one larger than MAX_DEFINITION_BYTES at the scenario line that names it', () => {
    const big = `{ "family": "web", "containerDefinitions": [], "padding": "${'x'.repeat(4 * 1024 * 1024)}" }`;
    const result = loadScenario('s.yaml', 'name: s\nduration: 1m\nimports:\n  - ecsTaskDefinition: t.json\n', { readFile: () => big });
    expect(errors(result)).toEqual(["s.yaml:4:24: error: ecsTaskDefinition 't.json' is 4.0 MiB, more than the 4 MiB fleetsim reads of one definitions file (docs/limits.md) (at imports[0].ecsTaskDefinition)"]);
  });
});

describe('keys given twice in an imported file', () => {
  it('are an error at the second, as in scenario files', () => {
    const result = loadScenario('s.yaml', 'name: s\nduration: 1m\nimports:\n  - ecsTaskDefinition: t.json\n', { readFile: () => '{\n  "family": "web",\n  "family": "api",\n  "containerDefinitions": []\n}\n' });
    expect(errors(result)).toEqual(["t.json:3:3: error: YAML: Map keys must be unique ('family' is given twice)"]);
  });
});
