import { describe, expect, it } from 'vitest';
import { defaultImagePullPolicy, ecsPullDecision, kubeletPullDecision, type EcsImagePullBehavior, type PullDecision } from '../../src/model/image-pull-policy.js';
import type { ImagePullPolicy } from '../../src/model/task-definition.js';
import type { FleetEvent } from '../../src/model/events/index.js';
import { describeEvent } from '../../src/report/describe/index.js';
import { runYamlChecked } from '../support/scenario-runner.js';

/**
 * Image pull policy (src/model/image-pull-policy.ts, docs/models.md "Image pull policy"): when
 * kubelet (imagePullPolicy) and the ECS agent (ECS_IMAGE_PULL_BEHAVIOR) ask the registry about an
 * image the host already has, and what a registry they cannot reach then does to a start.
 */

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

describe('defaults and decisions', () => {
  it.each<[string, ImagePullPolicy]>([
    ['api', 'Always'],
    ['api:latest', 'Always'],
    [`${ECR}/api:latest`, 'Always'],
    [`${ECR}/api`, 'Always'],
    ['localhost:5000/api', 'Always'],
    ['localhost:5000/api:2', 'IfNotPresent'],
    ['api:1.2', 'IfNotPresent'],
    ['api@sha256:0123abcd', 'IfNotPresent'],
    ['api:latest@sha256:0123abcd', 'IfNotPresent'],
  ])('Kubernetes defaults %s to %s (Always for :latest or no tag, unless a digest)', (image, policy) => {
    expect(defaultImagePullPolicy(image)).toBe(policy);
  });

  it.each<[ImagePullPolicy, boolean, PullDecision]>([
    ['Always', true, 'resolve'],
    ['Always', false, 'pull'],
    ['IfNotPresent', true, 'cached'],
    ['IfNotPresent', false, 'pull'],
    ['Never', true, 'cached'],
    ['Never', false, 'absent'],
  ])('kubelet %s, image on the node %s: %s', (policy, onNode, decision) => {
    expect(kubeletPullDecision(policy, onNode)).toBe(decision);
  });

  it.each<[EcsImagePullBehavior, boolean, boolean, PullDecision]>([
    ['default', true, true, 'resolve-or-cached'],
    ['default', false, false, 'pull'],
    ['always', true, true, 'resolve'],
    ['once', true, true, 'cached'],
    ['once', true, false, 'resolve'],
    ['once', false, false, 'pull'],
    ['prefer-cached', true, false, 'cached'],
    ['prefer-cached', false, false, 'pull'],
  ])('ECS agent %s, cached %s, pulled by a task before %s: %s', (behavior, cached, pulledBefore, decision) => {
    expect(ecsPullDecision(behavior, cached, pulledBefore)).toBe(decision);
  });
});

function eks(image: string, policy: string | null, events: string, cachedImages = `[${image}]`, egress = '', replicas = 2): string {
  return `name: pull-policy
seed: 5
duration: 20m
cluster:
  platform: eks
  coreDns: false
  availabilityZones: [us-east-1a]
  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/20 }
${egress}  nodeGroups:
    - { name: g, instanceType: m5.xlarge, desiredSize: 2, cachedImages: ${cachedImages} }
workloads:
  - kind: Deployment
    name: api
    replicas: ${replicas}
    containers:
      - name: api
        image: ${image}
        imageSize: 200MB
${policy === null ? '' : `        imagePullPolicy: ${policy}\n`}        resources: { requests: { cpu: 10m, memory: 16Mi } }
events:
${events}
`;
}

const OUTAGE = `  - { at: 2m, registryOutage: { duration: 6m } }
  - { at: 3m, scale: { workload: api, replicas: 6 } }`;

const running = (records: FleetEvent[], from = 0): FleetEvent[] => records.filter((r) => r.type === 'task.status-changed' && r.to === 'RUNNING' && r.time >= from);

describe('kubelet imagePullPolicy', () => {
  it('Always (the default for :latest): a cached image still fails to start during a registry outage (ErrImagePull, ImagePullBackOff)', () => {
    const { records } = runYamlChecked(eks(`${ECR}/api:latest`, null, OUTAGE));
    const failed = records.filter((r) => r.type === 'task.image-pull-failed');
    expect(failed.length).toBeGreaterThanOrEqual(4);
    expect(describeEvent(failed[0]!)).toContain(`Failed to pull image "${ECR}/api:latest"`);
    expect(records.some((r) => r.type === 'pod.back-off' && r.backOff.waiting === 'ImagePullBackOff')).toBe(true);
    // None of the four new pods runs before the outage ends at 8m.
    expect(running(records, 180_000).filter((r) => r.time < 480_000)).toHaveLength(0);
    expect(running(records, 480_000)).toHaveLength(4);
  });

  it('Always: a crashed container restarts only once the registry answers; IfNotPresent restarts it during the outage', () => {
    // The app crashes 5 min after each start; the outage (4m-14m) covers the first restarts.
    const crashing = (policy: string): FleetEvent[] =>
      runYamlChecked(
        eks(`${ECR}/api:latest`, policy, '  - { at: 4m, registryOutage: { duration: 10m } }').replace('        resources:', '        crash: { after: 5m }\n        resources:'),
      ).records;
    const always = crashing('Always');
    const failed = always.filter((r) => r.type === 'task.image-pull-failed');
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(failed.every((r) => r.time > 240_000 && r.time <= 840_000 + 60_000)).toBe(true);
    const restarts = (records: FleetEvent[]): number[] => records.filter((r) => r.type === 'container.restarted').map((r) => r.time);
    // Crashes at ~5m: with Always no restart between the crash and the outage's end.
    expect(restarts(always).filter((t) => t < 840_000)).toEqual([]);
    expect(restarts(always).some((t) => t >= 840_000)).toBe(true);
    const ifNotPresent = crashing('IfNotPresent');
    expect(ifNotPresent.some((r) => r.type === 'task.image-pull-failed')).toBe(false);
    expect(restarts(ifNotPresent).filter((t) => t < 840_000).length).toBeGreaterThanOrEqual(2);
  });

  it('IfNotPresent (a pinned tag, or set on :latest): the cached image starts during the outage, no registry call', () => {
    for (const [image, policy] of [[`${ECR}/api:1.4.2`, null], [`${ECR}/api:latest`, 'IfNotPresent']] as const) {
      const { records } = runYamlChecked(eks(image, policy, OUTAGE));
      expect(records.some((r) => r.type === 'task.image-pull-failed')).toBe(false);
      expect(running(records, 180_000).filter((r) => r.time < 240_000)).toHaveLength(4);
    }
  });

  it('Always with the registry up: a cached image costs a registry round trip, not a download', () => {
    const images = (policy: string): number[] =>
      runYamlChecked(eks(`${ECR}/api:latest`, policy, '  - { at: 3m, scale: { workload: api, replicas: 6 } }'))
        .records.filter((r) => r.type === 'task.images-ready' && r.time >= 180_000)
        .map((r) => (r.type === 'task.images-ready' ? r.pullMs : -1));
    const always = images('Always');
    expect(always).toHaveLength(4);
    // The registry overhead (median 1.2 s), far below a 200 MB download (~4.4 s at 45 MiB/s plus overhead).
    for (const ms of always) expect(ms).toBeGreaterThan(300);
    for (const ms of always) expect(ms).toBeLessThan(4_000);
    expect(images('IfNotPresent')).toEqual([0, 0, 0, 0]);
  });

  it('Never: a pod whose image is not on the node waits in ErrImageNeverPull; one whose image is cached starts', () => {
    const absent = runYamlChecked(eks(`${ECR}/api:1`, 'Never', '  - { at: 1m, scale: { workload: api, replicas: 3 } }', '[]')).records;
    const waits = absent.filter((r) => r.type === 'pod.back-off');
    expect(waits.length).toBeGreaterThan(3);
    expect(describeEvent(waits[0]!)).toMatch(/^ErrImageNeverPull: Container image ".*api:1" is not present with pull policy of Never \(retry in 1\d(\.\d+)?s\)$/);
    expect(absent.some((r) => r.type === 'image.pull-started')).toBe(false);
    expect(running(absent)).toHaveLength(0);
    const cached = runYamlChecked(eks(`${ECR}/api:1`, 'Never', '  - { at: 1m, scale: { workload: api, replicas: 3 } }')).records;
    expect(cached.some((r) => r.type === 'pod.back-off')).toBe(false);
    expect(running(cached)).toHaveLength(3);
  });
});

function ecs(behavior: string | null, events: string, cachedImages = `[${ECR}/api:1]`, desiredCount = 2): string {
  return `name: pull-behavior
seed: 5
duration: 20m
cluster:
  platform: ecs
  availabilityZones: [us-east-1a]
  autoScalingGroups:
    - { name: g, instanceType: m5.xlarge, desiredCapacity: 2, cachedImages: ${cachedImages}${behavior === null ? '' : `, imagePullBehavior: ${behavior}`} }
services:
  - serviceName: api
    desiredCount: ${desiredCount}
    taskDefinition:
      cpu: 256
      memory: 512
      containerDefinitions:
        - { name: api, image: ${ECR}/api:1, imageSize: 200MB }
events:
${events}
`;
}

const ECS_OUTAGE = `  - { at: 2m, registryOutage: { duration: 6m } }
  - { at: 3m, scale: { service: api, desiredCount: 4 } }`;

describe('ECS_IMAGE_PULL_BEHAVIOR', () => {
  it('default: during an outage a cached image is used once the pull has failed (60 s later), and the task starts', () => {
    const { records } = runYamlChecked(ecs(null, ECS_OUTAGE));
    const failed = records.filter((r) => r.type === 'task.image-pull-failed');
    expect(failed).toHaveLength(2);
    for (const f of failed) expect(f.type === 'task.image-pull-failed' && f.usedCachedImage).toBe(true);
    expect(describeEvent(failed[0]!)).toContain('CannotPullContainerError: pull image manifest has been retried 5 time(s)');
    expect(describeEvent(failed[0]!)).toContain('ECS_IMAGE_PULL_BEHAVIOR default: the agent starts the container from the image cached on the instance');
    expect(records.some((r) => r.type === 'task.stopped')).toBe(false);
    const started = running(records, 180_000);
    expect(started).toHaveLength(2);
    // The failed attempt's minute, then the cached start (hand-off, container start: a few seconds).
    for (const r of started) expect(r.time).toBeGreaterThan(240_000);
    for (const r of started) expect(r.time).toBeLessThan(260_000);
  });

  it('always: the failed pull fails the task (CannotPullContainerError) although the image is cached', () => {
    const { records } = runYamlChecked(ecs('always', ECS_OUTAGE));
    const stopped = records.filter((r) => r.type === 'task.stopped');
    expect(stopped.length).toBeGreaterThanOrEqual(2);
    expect(stopped.every((r) => r.type === 'task.stopped' && r.stopCode === 'TaskFailedToStart')).toBe(true);
    expect(records.some((r) => r.type === 'task.image-pull-failed' && r.usedCachedImage === true)).toBe(false);
    expect(running(records, 180_000).filter((r) => r.time < 480_000)).toHaveLength(0);
  });

  it('prefer-cached: a cached image asks no registry, so the outage changes nothing', () => {
    const { records } = runYamlChecked(ecs('prefer-cached', ECS_OUTAGE));
    expect(records.some((r) => r.type === 'task.image-pull-failed')).toBe(false);
    expect(running(records, 180_000).filter((r) => r.time < 200_000)).toHaveLength(2);
  });

  it('once: an image baked into the AMI was not pulled by a task, so it is resolved and fails; one a task pulled is used', () => {
    // No task before the outage: the first ones find only the AMI's copy.
    const baked = runYamlChecked(ecs('once', ECS_OUTAGE, undefined, 0)).records;
    expect(baked.filter((r) => r.type === 'task.stopped' && r.stopCode === 'TaskFailedToStart' && r.time < 480_000).length).toBeGreaterThanOrEqual(4);
    // Tasks before the outage resolved the AMI's copy: from then on it counts as pulled.
    const resolvedBefore = runYamlChecked(ecs('once', ECS_OUTAGE)).records;
    expect(resolvedBefore.some((r) => r.type === 'task.image-pull-failed')).toBe(false);
    // No image baked in: the first tasks pull it (before the outage), and later tasks use it.
    const pulled = runYamlChecked(ecs('once', ECS_OUTAGE, '[]')).records;
    expect(pulled.some((r) => r.type === 'task.image-pull-failed')).toBe(false);
    expect(running(pulled, 180_000).filter((r) => r.time < 200_000)).toHaveLength(2);
  });

  it('default with the registry up: a cached start costs nothing more (the seed calibrates cached starts with it)', () => {
    const ready = runYamlChecked(ecs(null, '  - { at: 3m, scale: { service: api, desiredCount: 4 } }')).records.filter((r) => r.type === 'task.images-ready' && r.time >= 180_000);
    expect(ready.map((r) => (r.type === 'task.images-ready' ? r.pullMs : -1))).toEqual([0, 0]);
  });
});

describe('a resolve needs the registry’s API, not its layers, and is not a counted pull', () => {
  const ENDPOINTS = '    egress: { natGateways: none, endpoints: [ecr.api, ecr.dkr] }\n';
  const SCALE = '  - { at: 3m, scale: { workload: api, replicas: 6 } }';

  it('Always: with ECR’s endpoints but no S3 gateway endpoint a cached image starts (no layers to fetch); an uncached one cannot', () => {
    const cached = runYamlChecked(eks(`${ECR}/api:latest`, null, SCALE, undefined, ENDPOINTS)).records;
    expect(cached.some((r) => r.type === 'task.image-pull-failed')).toBe(false);
    expect(running(cached)).toHaveLength(6);
    const uncached = runYamlChecked(eks(`${ECR}/api:latest`, null, SCALE, '[]', ENDPOINTS)).records;
    expect(uncached.some((r) => r.type === 'task.image-pull-failed' && r.failure === 'layers-unreachable')).toBe(true);
    expect(running(uncached)).toHaveLength(0);
  });

  it('Always: with the ecr.dkr endpoint deleted a cached image cannot be resolved (ErrImagePull); IfNotPresent starts it', () => {
    const outage = `  - { at: 2m, endpointOutage: { endpoint: ecr.dkr, duration: 10m } }\n${SCALE}`;
    const always = runYamlChecked(eks(`${ECR}/api:latest`, null, outage, undefined, ENDPOINTS)).records;
    const failed = always.filter((r) => r.type === 'task.image-pull-failed');
    expect(failed.length).toBeGreaterThanOrEqual(4);
    expect(failed.every((r) => r.failure === 'registry-unreachable')).toBe(true);
    expect(running(always, 180_000).filter((r) => r.time < 720_000)).toHaveLength(0);
    const ifNotPresent = runYamlChecked(eks(`${ECR}/api:latest`, 'IfNotPresent', outage, undefined, ENDPOINTS)).records;
    expect(ifNotPresent.some((r) => r.type === 'task.image-pull-failed')).toBe(false);
    expect(running(ifNotPresent, 180_000)).toHaveLength(4);
  });

  it('Docker Hub: 110 starts of a cached untagged image (Always) behind one NAT address resolve it without using its 100-pull quota', () => {
    const { records } = runYamlChecked(eks('nginx', null, '  - { at: 1m, scale: { workload: api, replicas: 110 } }', '[nginx]'));
    expect(running(records)).toHaveLength(110);
    expect(records.some((r) => r.type === 'image.pull-started')).toBe(false);
    expect(records.some((r) => r.type === 'image.pull-rate-limited' || r.type === 'task.image-pull-failed')).toBe(false);
  });
});
