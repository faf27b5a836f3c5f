import { describe, expect, it } from 'vitest';
import type { EgressTransferred, FleetEvent } from '../../src/model/events/index.js';
import { describeEvent } from '../../src/report/describe/index.js';
import { CostReport } from '../../src/report/cost.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runSimulation } from '../../src/run.js';
import { oneAzEksCluster, runYamlChecked, yamlErrors } from '../support/scenario-runner.js';

/**
 * Start-up dependencies (src/controllers/startup-dependencies.ts, docs/models.md "Start-up
 * dependencies"): secrets and registry credentials fetched at start through a VPC endpoint, a
 * NAT gateway or nothing; their failures in ECS's and kubelet's words; their cost.
 */

const ECR_IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v1';
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf';

interface Options {
  readonly egress?: string;
  readonly launchType?: 'FARGATE' | 'EC2';
  readonly secrets?: string;
  readonly events?: string;
  readonly image?: string;
  readonly desired?: number;
  readonly duration?: string;
  readonly taskExtra?: string;
}

/** An ECS service in two private subnets (one per AZ), on Fargate or on EC2 (awsvpc). */
function ecs(o: Options = {}): string {
  const ec2 = o.launchType === 'EC2';
  return `name: deps
seed: 4
duration: ${o.duration ?? '10m'}
cluster:
  platform: ecs
  availabilityZones: [us-east-1a, us-east-1b]
  vpc:
    subnets:
      - { id: a, az: us-east-1a, cidr: 10.0.0.0/22 }
      - { id: b, az: us-east-1b, cidr: 10.0.4.0/22 }
${o.egress === undefined ? '' : `    egress: ${o.egress}\n`}${ec2 ? '  autoScalingGroups:\n    - { name: g, instanceType: m5.large, desiredCapacity: 2 }\n' : ''}services:
  - serviceName: api
    launchType: ${ec2 ? 'EC2' : 'FARGATE'}
    desiredCount: ${o.desired ?? 2}
    taskDefinition:
      cpu: 256
      memory: 512
      networkMode: awsvpc
${o.taskExtra ?? ''}      containerDefinitions:
        - name: api
          image: ${o.image ?? ECR_IMAGE}
          imageSize: 100MB
${o.secrets ?? ''}    networkConfiguration:
      awsvpcConfiguration: { subnets: [a, b] }
${o.events === undefined ? '' : `events:\n${o.events}\n`}`;
}

const withSecret = `          secrets: [{ name: DB, valueFrom: "${SECRET}:password::" }]\n`;

function run(yaml: string): FleetEvent[] {
  return runYamlChecked(yaml, { file: 'deps.yaml' }).records;
}

const stopped = (records: readonly FleetEvent[]): string[] => records.filter((r) => r.type === 'task.stopped').map((r) => describeEvent(r));
const running = (records: readonly FleetEvent[]): number => records.filter((r) => r.type === 'task.status-changed' && r.to === 'RUNNING').length;
const transfers = (records: readonly FleetEvent[]): EgressTransferred[] => records.filter((r): r is EgressTransferred => r.type === 'egress.transferred');

describe('the seed’s failure: private subnets with neither a VPC endpoint nor a NAT gateway', () => {
  it('Fargate cannot get ECR’s credentials: ResourceInitializationError after the calls time out', () => {
    const records = run(ecs({ egress: '{ natGateways: none }', duration: '3m' }));
    expect(running(records)).toBe(0);
    const reasons = stopped(records);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons[0]).toBe(
      'TaskFailedToStart: ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.us-east-1.amazonaws.com/": dial tcp api.ecr.us-east-1.amazonaws.com:443: i/o timeout. Please check your task network configuration.',
    );
    // The stop comes after the SDK's retries (60 s), not at once.
    const pending = records.find((r) => r.type === 'task.status-changed' && r.to === 'PENDING')!;
    const stop = records.find((r) => r.type === 'task.stopped')!;
    expect(stop.time - pending.time).toBe(60_000);
  });

  it('the ECS agent on EC2 cannot pull: CannotPullContainerError, i/o timeout', () => {
    const records = run(ecs({ egress: '{ natGateways: none }', launchType: 'EC2', duration: '3m' }));
    expect(running(records)).toBe(0);
    expect(stopped(records)[0]).toContain('TaskFailedToStart: CannotPullContainerError: pull image manifest has been retried 5 time(s)');
    expect(stopped(records)[0]).toContain('dial tcp 123456789012.dkr.ecr.us-east-1.amazonaws.com:443: i/o timeout');
  });

  it('ECR’s interface endpoints without the S3 gateway endpoint: the manifest comes, the layers do not', () => {
    const records = run(ecs({ egress: '{ natGateways: none, endpoints: [ecr.api, ecr.dkr] }', duration: '3m' }));
    expect(running(records)).toBe(0);
    expect(stopped(records)[0]).toBe(
      'TaskFailedToStart: CannotPullContainerError: ref pull has been retried 5 time(s): failed to copy: httpReadSeeker: failed open: failed to do request: Get "https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/": dial tcp prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com:443: i/o timeout',
    );
  });

  it('a Docker Hub image needs a NAT gateway even with every ECR endpoint', () => {
    const records = run(ecs({ egress: '{ natGateways: none, endpoints: [ecr.api, ecr.dkr, s3] }', image: 'nginx:1.27', duration: '3m' }));
    expect(running(records)).toBe(0);
    expect(stopped(records)[0]).toContain('dial tcp registry-1.docker.io:443: i/o timeout');
  });
});

describe('routing the bytes of a task start', () => {
  it('through each AZ’s own NAT gateway: layers, ECR’s API calls and the secret', () => {
    const records = run(ecs({ egress: '{ natGateways: per-az }', secrets: withSecret }));
    expect(running(records)).toBe(2);
    const t = transfers(records);
    expect(t.every((x) => x.via === 'nat' && x.natAz === x.az && !x.crossAz)).toBe(true);
    expect(new Set(t.map((x) => x.az))).toEqual(new Set(['us-east-1a', 'us-east-1b']));
    const layers = t.filter((x) => x.purpose === 'image-layers');
    expect(layers).toHaveLength(2);
    // 100MB is 96 MiB as fleetsim reads image sizes (whole MiB).
    expect(layers[0]!.bytes).toBe(96 * 1024 * 1024);
    expect(t.filter((x) => x.purpose === 'secret').map((x) => x.endpoint)).toEqual(['secretsmanager', 'secretsmanager']);
  });

  it('through the endpoints: layers through the S3 gateway endpoint, the rest through interface endpoints', () => {
    const records = run(ecs({ egress: '{ natGateways: none, endpoints: [ecr.api, ecr.dkr, s3, secretsmanager] }', secrets: withSecret }));
    expect(running(records)).toBe(2);
    const t = transfers(records);
    expect(t.every((x) => x.via === 'endpoint')).toBe(true);
    expect(t.filter((x) => x.gateway).map((x) => x.purpose)).toEqual(['image-layers', 'image-layers']);
  });

  it('a shared NAT gateway: the other AZ’s bytes cross AZs', () => {
    const records = run(ecs({ egress: '{ natGateways: single, natGatewayAz: us-east-1a }' }));
    const t = transfers(records);
    expect(t.filter((x) => x.az === 'us-east-1b').every((x) => x.natAz === 'us-east-1a' && x.crossAz)).toBe(true);
    expect(t.filter((x) => x.az === 'us-east-1a').every((x) => !x.crossAz)).toBe(true);
  });

  it('the secret is fetched before the pull starts: the layers move after the fetch', () => {
    const records = run(ecs({ egress: '{ natGateways: per-az }', secrets: withSecret, desired: 1 }));
    const t = transfers(records);
    const secret = t.find((x) => x.purpose === 'secret')!;
    const layers = t.find((x) => x.purpose === 'image-layers')!;
    expect(layers.time).toBeGreaterThan(secret.time);
  });

  it('an EC2 host pulls an image once: the second task on it moves no layers', () => {
    const records = run(ecs({ egress: '{ natGateways: per-az }', launchType: 'EC2', desired: 4 }));
    expect(running(records)).toBe(4);
    const hosts = new Set(records.filter((r) => r.type === 'image.pull-started').map((r) => (r.type === 'image.pull-started' ? r.host : '')));
    expect(transfers(records).filter((x) => x.purpose === 'image-layers')).toHaveLength(hosts.size);
  });

  it('without cluster.vpc.egress nothing is routed or recorded', () => {
    const records = run(ecs({ secrets: withSecret }));
    expect(running(records)).toBe(2);
    expect(transfers(records)).toEqual([]);
  });
});

describe('faults on the path and on the secret', () => {
  it('a deleted endpoint falls back to the NAT gateway', () => {
    const records = run(ecs({ egress: '{ natGateways: per-az, endpoints: [secretsmanager] }', secrets: withSecret, events: '  - { at: 0s, endpointOutage: { endpoint: secretsmanager } }' }));
    expect(running(records)).toBe(2);
    expect(transfers(records).filter((x) => x.purpose === 'secret').every((x) => x.via === 'nat')).toBe(true);
  });

  it('a NAT gateway down in one AZ fails the tasks there only', () => {
    const records = run(ecs({ egress: '{ natGateways: per-az }', events: '  - { at: 0s, natGatewayFailure: { az: us-east-1a } }', duration: '3m' }));
    const placed = new Map<string, string>();
    const failed: (string | undefined)[] = [];
    const started: (string | undefined)[] = [];
    for (const r of records) {
      if (r.type === 'task.eni-attached') placed.set(r.task, r.az);
      else if (r.type === 'task.stopped') failed.push(placed.get(r.task));
      else if (r.type === 'task.status-changed' && r.to === 'RUNNING') started.push(placed.get(r.task));
    }
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed)).toEqual(new Set(['us-east-1a']));
    expect(new Set(started)).toEqual(new Set(['us-east-1b']));
  });

  it('the execution role may not read the secret: on EC2 the agent names Secrets Manager and the role', () => {
    const records = run(
      ecs({
        launchType: 'EC2',
        secrets: withSecret,
        taskExtra: '      executionRoleArn: arn:aws:iam::123456789012:role/api-execution\n',
        events: `  - { at: 0s, secretFailure: { secret: "${SECRET}", fails: access-denied } }`,
        duration: '2m',
      }),
    );
    expect(running(records)).toBe(0);
    const first = records.find((r) => r.type === 'task.stopped')!;
    expect(describeEvent(first)).toBe(
      `TaskFailedToStart: Fetching secret data from AWS Secrets Manager in region us-east-1: secret ${SECRET}:password::: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/api-execution/${first.type === 'task.stopped' ? first.task : ''} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${SECRET} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
    );
    // An answer, not a timeout: the agent gives up after its quick retries (3 s).
    const pending = records.find((r) => r.type === 'task.status-changed' && r.to === 'PENDING' && r.task === (first.type === 'task.stopped' ? first.task : ''))!;
    expect(first.time - pending.time).toBe(3_000);
  });

  it('a missing SSM parameter on Fargate, until it exists: ECS stops the tasks, then starts them', () => {
    const records = run(
      ecs({
        secrets: '          secrets: [{ name: API_KEY, valueFrom: /prod/api/key }]\n',
        events: '  - { at: 0s, secretFailure: { secret: /prod/api/key, fails: not-found, duration: 1m } }',
        duration: '10m',
      }),
    );
    expect(stopped(records)[0]).toBe(
      'TaskFailedToStart: ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid parameters: /prod/api/key',
    );
    expect(running(records)).toBe(2);
  });

  it('kubelet keeps a pod whose Secret is missing in CreateContainerConfigError and retries every 10-15 s', () => {
    const records = run(`name: deps
seed: 4
duration: 5m
${oneAzEksCluster(1)}
workloads:
  - kind: Deployment
    name: web
    replicas: 2
    containers:
      - name: web
        image: ${ECR_IMAGE}
        imageSize: 50MB
        resources: { requests: { cpu: 250m, memory: 256Mi } }
        env:
          - { name: PASSWORD, valueFrom: { secretKeyRef: { name: db, key: password } } }
          - { name: FEATURE, valueFrom: { secretKeyRef: { name: flags, key: beta, optional: true } } }
events:
  - { at: 0s, secretFailure: { secret: db, fails: not-found, duration: 2m } }
  - { at: 0s, secretFailure: { secret: flags, fails: not-found } }
`);
    const backOffs = records.filter((r) => r.type === 'pod.back-off');
    expect(describeEvent(backOffs[0]!)).toMatch(/^CreateContainerConfigError: Failed: Error: secret "db" not found \(retry in 1\d(\.\d+)?s\)$/);
    for (const b of backOffs) if (b.type === 'pod.back-off') expect(b.delayMs).toBeGreaterThanOrEqual(10_000), expect(b.delayMs).toBeLessThanOrEqual(15_000);
    // No restart, no new pull: the pods run within one retry of the Secret appearing.
    const runningAt = records.filter((r) => r.type === 'task.status-changed' && r.to === 'RUNNING').map((r) => r.time);
    expect(runningAt).toHaveLength(2);
    for (const t of runningAt) expect(t).toBeGreaterThan(120_000), expect(t).toBeLessThan(120_000 + 17_000);
    expect(records.filter((r) => r.type === 'image.pull-started')).toHaveLength(1);
  });
});

describe('scenario errors', () => {
  it.each([
    [ecs({ events: '  - { at: 1m, endpointOutage: { endpoint: ecr.api } }' }), 'endpointOutage needs cluster.vpc.egress'],
    [ecs({ egress: '{ natGateways: per-az, endpoints: [ecr.dkr] }', events: '  - { at: 1m, endpointOutage: { endpoint: ecr.api } }' }), 'the VPC has no ecr.api endpoint; cluster.vpc.egress.endpoints lists ecr.dkr'],
    [ecs({ egress: '{ endpoints: [s3] }', events: '  - { at: 1m, natGatewayFailure: {} }' }), 'natGatewayFailure needs NAT gateways'],
    [ecs({ egress: '{ natGateways: single, natGatewayAz: us-east-1a }', events: '  - { at: 1m, natGatewayFailure: { az: us-east-1b } }' }), 'no NAT gateway is in us-east-1b; they are in us-east-1a'],
    [ecs({ egress: '{ natGateways: per-az, natGatewayAz: us-east-1a }' }), 'natGatewayAz applies to natGateways: single'],
    [ecs({ secrets: withSecret, events: '  - { at: 1m, secretFailure: { secret: other, fails: not-found } }' }), `no container reads other; secrets read: ${SECRET}:password::`],
    [ecs({ egress: '{ natGateways: sometimes }' }), 'must be one of'],
  ])('%#: %s', (yaml, message) => {
    const errors = yamlErrors(yaml, 'deps.yaml');
    expect(errors.join('\n')).toContain(message);
  });
});

describe('what the path costs', () => {
  function bill(yaml: string) {
    const loaded = loadScenario('deps.yaml', yaml);
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
    const cost = new CostReport(loaded.spec);
    const result = runSimulation(loaded.spec, { listeners: [(r: FleetEvent) => cost.listener(r)] });
    return cost.finish(result.durationMs);
  }
  const line = (rows: ReturnType<typeof bill>['rows'], resource: string) => rows.filter((r) => r.resource === resource);

  it('NAT gateways: every hour each, and $0.045 per GB processed', () => {
    const b = bill(ecs({ egress: '{ natGateways: per-az }', secrets: withSecret }));
    const hours = line(b.rows, 'nat gateway');
    expect(hours).toHaveLength(1);
    expect(hours[0]).toMatchObject({ category: 'network', count: 2, usage: 2, unit: 'NAT-gateway-hours' });
    expect(hours[0]!.usd).toBeCloseTo(2 * 0.045, 10);
    expect(hours[0]!.monthlyUsd).toBeCloseTo(2 * 730 * 0.045, 6);
    const data = line(b.rows, 'nat gateway data processed')[0]!;
    const gb = transfersGb(ecs({ egress: '{ natGateways: per-az }', secrets: withSecret }));
    expect(data.usage).toBeCloseTo(gb, 9);
    expect(data.usd).toBeCloseTo(gb * 0.045, 9);
    expect(b.summary.byCategory.network).toBeCloseTo(Math.round((0.09 + gb * 0.045) * 100) / 100, 2);
  });

  it('interface endpoints: per AZ-hour each and $0.01 per GB; the S3 gateway endpoint free', () => {
    const b = bill(ecs({ egress: '{ natGateways: none, endpoints: [ecr.api, ecr.dkr, s3, secretsmanager] }', secrets: withSecret }));
    const ecrApi = line(b.rows, 'vpc endpoint ecr.api')[0]!;
    expect(ecrApi).toMatchObject({ count: 2, usage: 2, unit: 'endpoint-hours' });
    expect(ecrApi.monthlyUsd).toBeCloseTo(2 * 730 * 0.01, 6);
    expect(line(b.rows, 'vpc endpoint s3')).toEqual([]);
    expect(line(b.rows, 'vpc endpoint s3 (gateway) data')[0]!.usd).toBe(0);
    expect(line(b.rows, 'vpc endpoint data processed')[0]!.usd).toBeGreaterThan(0);
    expect(b.summary.monthly.byCategory.network).toBeCloseTo(3 * 2 * 7.3, 2);
  });

  it('a shared NAT gateway bills cross-AZ transfer both ways for the other AZ', () => {
    const b = bill(ecs({ egress: '{ natGateways: single }' }));
    const cross = line(b.rows, 'cross-az data transfer')[0]!;
    expect(cross.usd).toBeCloseTo(cross.usage * 0.02, 12);
    expect(cross.usage).toBeGreaterThan(0.09);
  });

  it('without egress the bill has no network category at all', () => {
    const b = bill(ecs({ secrets: withSecret }));
    expect(b.summary.byCategory.network).toBeUndefined();
    expect(b.rows.filter((r) => r.category === 'network')).toEqual([]);
  });

  function transfersGb(yaml: string): number {
    return transfers(run(yaml)).filter((x) => x.via === 'nat').reduce((a, x) => a + x.bytes, 0) / 1024 ** 3;
  }
});
