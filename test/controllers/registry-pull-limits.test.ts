import { describe, expect, it } from 'vitest';
import type { FleetEvent, ImagePullRateLimited, PodBackOff, TaskImagePullFailed } from '../../src/model/events/index.js';
import { describeEvent } from '../../src/report/describe/index.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { oneAzEksCluster, runYamlChecked } from '../support/scenario-runner.js';

/**
 * Docker Hub's pull rate limit at task start (src/controllers/startup-dependencies.ts,
 * src/model/registry-pull-limits.ts; docs/models.md, "Registry pull rate limits"): anonymous
 * pulls counted per NAT gateway address, authenticated ones per account, cached images not at
 * all; a refused pull fails like any other.
 */

const HUB_IMAGE = 'nginx:1.27';
const CREDENTIALS = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-AbCdEf';

interface Options {
  readonly tasks: number;
  readonly azs?: 1 | 2;
  readonly egress?: string;
  readonly image?: string;
  readonly credentials?: boolean;
  readonly ec2Hosts?: number;
  readonly duration?: string;
}

/** An ECS service of `tasks` tasks (Fargate, or bridge-mode tasks on `ec2Hosts` m5.xlarge instances) in private subnets. */
function ecs(o: Options): string {
  const azs = o.azs ?? 1;
  const ec2 = o.ec2Hosts !== undefined;
  return `name: hub
seed: 3
duration: ${o.duration ?? '5m'}
cluster:
  platform: ecs
  availabilityZones: [${['us-east-1a', 'us-east-1b'].slice(0, azs).join(', ')}]
  vpc:
    subnets:
      - { id: a, az: us-east-1a, cidr: 10.0.0.0/22 }
${azs === 2 ? '      - { id: b, az: us-east-1b, cidr: 10.0.4.0/22 }\n' : ''}${o.egress === undefined ? '' : `    egress: ${o.egress}\n`}${ec2 ? `  autoScalingGroups:\n    - { name: g, instanceType: m5.xlarge, desiredCapacity: ${o.ec2Hosts} }\n` : ''}services:
  - serviceName: web
    launchType: ${ec2 ? 'EC2' : 'FARGATE'}
    desiredCount: ${o.tasks}
    taskDefinition:
      cpu: ${ec2 ? 32 : 256}
      memory: ${ec2 ? 64 : 512}
      networkMode: ${ec2 ? 'bridge' : 'awsvpc'}
      containerDefinitions:
        - name: web
          image: ${o.image ?? HUB_IMAGE}
          imageSize: 70MB
${o.credentials === true ? `          repositoryCredentials: { credentialsParameter: "${CREDENTIALS}" }\n` : ''}${ec2 ? '' : `    networkConfiguration:\n      awsvpcConfiguration: { subnets: [${['a', 'b'].slice(0, azs).join(', ')}] }\n`}`;
}

function run(yaml: string): FleetEvent[] {
  return runYamlChecked(yaml, { file: 'hub.yaml' }).records;
}

const limited = (records: readonly FleetEvent[]): ImagePullRateLimited[] => records.filter((r): r is ImagePullRateLimited => r.type === 'image.pull-rate-limited');
/** Tasks that reached RUNNING. */
const running = (records: readonly FleetEvent[]): number => records.filter((r) => r.type === 'task.status-changed' && r.to === 'RUNNING').length;

describe('anonymous pulls share their NAT gateway’s address', () => {
  it('105 Fargate tasks behind one NAT gateway: 100 pulls pass, the rest are refused and the tasks stop', () => {
    const records = run(ecs({ tasks: 105 }));
    expect(running(records)).toBe(100);
    const refusals = limited(records);
    expect(refusals.length).toBeGreaterThanOrEqual(5);
    const first = refusals[0]!;
    expect(first).toMatchObject({ service: 'web', host: null, image: HUB_IMAGE, registry: 'registry-1.docker.io', quota: 'address', natAz: 'us-east-1a', credentials: null, limit: 100, windowMs: 21_600_000 });
    // The quota frees up six hours after its oldest pull, which was made in this run.
    expect(first.retryAt).toBeGreaterThanOrEqual(21_600_000);
    expect(first.retryAt).toBeLessThanOrEqual(first.time + 21_600_000);
    expect(describeEvent(first)).toContain('registry-1.docker.io refused the pull of nginx:1.27: 429 toomanyrequests: You have reached your pull rate limit.');
    // Each refusal fails its pull after the agent's quick retries (3 s); the last may fall after the run's end.
    const failed = records.filter((r) => r.type === 'task.image-pull-failed');
    expect(failed.length).toBeGreaterThanOrEqual(5);
    expect(failed.every((f) => f.failure === 'rate-limited' && refusals.some((r) => r.task === f.task && r.time === f.time - 3_000))).toBe(true);
    const stopped = records.find((r) => r.type === 'task.stopped')!;
    expect(describeEvent(stopped)).toBe(
      'TaskFailedToStart: CannotPullContainerError: inspect image has been retried 5 time(s): httpReaderSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/nginx/manifests/1.27: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
    );
    // The answer comes at once: the task stops after the agent's quick retries, not a timeout.
    expect(stopped.time - failed[0]!.time).toBeLessThan(60_000);
  });

  it('without a declared egress each AZ has its own NAT gateway: 105 tasks over two AZs stay under 100 per address', () => {
    const records = run(ecs({ tasks: 105, azs: 2 }));
    expect(limited(records)).toEqual([]);
    expect(running(records)).toBe(105);
  });

  it('one NAT gateway shared by both AZs (natGateways: single) is one address: the same tasks are refused', () => {
    const records = run(ecs({ tasks: 105, azs: 2, egress: '{ natGateways: single, natGatewayAz: us-east-1b }' }));
    expect(running(records)).toBe(100);
    expect(limited(records).length).toBeGreaterThanOrEqual(5);
    expect(new Set(limited(records).map((r) => r.natAz))).toEqual(new Set(['us-east-1b']));
  });

  it('after six hours the first pulls leave the window and the service fills up', () => {
    const records = run(ecs({ tasks: 105, duration: '6h40m' }));
    expect(limited(records).length).toBeGreaterThanOrEqual(5);
    expect(running(records)).toBe(105);
    const lastRefusal = Math.max(...limited(records).map((r) => r.time));
    const lastStart = Math.max(...records.filter((r) => r.type === 'task.status-changed' && r.to === 'RUNNING').map((r) => r.time));
    expect(lastRefusal).toBeLessThan(lastStart);
    expect(lastStart).toBeGreaterThan(21_600_000);
  });
});

/** EKS pods on Fargate (a profile selects the default namespace): each pod pulls, through one AZ's NAT gateway. */
function eksFargate(pods: number, pullSecrets: boolean): string {
  return `name: hub-eks
seed: 5
duration: 10m
${oneAzEksCluster(1).replace('  coreDns: false\n', '  coreDns: false\n  fargateProfiles: [{ name: fp, selectors: [{ namespace: default }] }]\n')}
workloads:
  - kind: Deployment
    name: web
    replicas: ${pods}
${pullSecrets ? '    imagePullSecrets: [{ name: dockerhub-login }]\n' : ''}    containers:
      - { name: web, image: "${HUB_IMAGE}", imageSize: 70MB, resources: { requests: { cpu: 250m, memory: 512Mi } } }
`;
}

describe('kubelet (EKS on Fargate: every pod pulls)', () => {
  it('anonymous: the pods past the address’s 100 get ErrImagePull and back off', () => {
    const records = run(eksFargate(105, false));
    expect(running(records)).toBe(100);
    const refusals = limited(records);
    expect(refusals.length).toBeGreaterThanOrEqual(5);
    expect(refusals.every((r) => r.quota === 'address' && r.natAz === 'us-east-1a')).toBe(true);
    const failed = records.find((r): r is TaskImagePullFailed => r.type === 'task.image-pull-failed')!;
    expect(describeEvent(failed)).toBe(
      'Failed: Failed to pull image "nginx:1.27": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginx:1.27": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/nginx/manifests/1.27: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit; Error: ErrImagePull',
    );
    // kubelet keeps the pod and retries after its back-off: refused again, 10 s, 20 s, 40 s, ... apart.
    const backOffs = records.filter((r): r is PodBackOff => r.type === 'pod.back-off' && r.task === failed.task).map((r) => r.delayMs);
    expect(backOffs.slice(0, 4)).toEqual([10_000, 20_000, 40_000, 80_000]);
  });

  it('with an imagePullSecret the pods pull as the account (200 in 6 hours): all 105 run', () => {
    const records = run(eksFargate(105, true));
    expect(limited(records)).toEqual([]);
    expect(running(records)).toBe(105);
  });
});

describe('what is not limited', () => {
  it('authenticated pulls (repositoryCredentials) count against the account’s 200, not the address’s 100', () => {
    const records = run(ecs({ tasks: 105, credentials: true }));
    expect(limited(records)).toEqual([]);
    expect(running(records)).toBe(105);
  });

  it('ECR (here a pull-through cache of Docker Hub) has no pull quota', () => {
    const records = run(ecs({ tasks: 105, image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/library/nginx:1.27' }));
    expect(limited(records)).toEqual([]);
    expect(running(records)).toBe(105);
  });

  it('an image cached on the host costs no pull: 110 tasks on 2 instances make 2 pulls', () => {
    const records = run(ecs({ tasks: 110, ec2Hosts: 2 }));
    expect(limited(records)).toEqual([]);
    expect(running(records)).toBe(110);
    expect(records.filter((r) => r.type === 'image.pull-started')).toHaveLength(2);
  });
});

describe('a deploy that moves to a Docker Hub image', () => {
  it('is counted although the service started from ECR', () => {
    const yaml = `${ecs({ tasks: 105, image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1' })}events:\n  - { at: 2m, deploy: { service: web, image: "${HUB_IMAGE}" } }\n`;
    const records = run(yaml);
    const refusals = limited(records);
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.every((r) => r.image === HUB_IMAGE && r.time >= 120_000)).toBe(true);
  });
});

describe('imagePullSecrets in the scenario format', () => {
  it('a workload’s imagePullSecrets become its pods’ logins', () => {
    const yaml = `name: k
duration: 1m
${oneAzEksCluster(1)}
workloads:
  - kind: Deployment
    name: web
    replicas: 1
    imagePullSecrets: [{ name: dockerhub-login }, { name: quay-login }]
    containers:
      - { name: web, image: "acme/web:1", imageSize: 50MB, resources: { requests: { cpu: 100m, memory: 128Mi } } }
`;
    const loaded = loadScenario('k.yaml', yaml);
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    expect(loaded.spec.services[0]!.taskDefinition.imagePullSecrets).toEqual(['dockerhub-login', 'quay-login']);
  });
});
