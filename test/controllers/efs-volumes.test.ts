import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import type { PodEvent } from '../../src/model/events/pod.js';
import { TaskVolumes } from '../../src/controllers/task-volumes.js';
import { RandomStream } from '../../src/engine/rng.js';
import { EFS_MOUNT } from '../../src/model/params/efs.js';
import { CostReport } from '../../src/report/cost.js';
import { describeEvent } from '../../src/report/describe/index.js';
import { runSimulation } from '../../src/run.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runYamlChecked, yamlErrors } from '../support/scenario-runner.js';

/**
 * EFS volumes (src/controllers/task-volumes.ts, docs/models.md "EFS volumes"): mounted through
 * the mount target in the task's AZ as the task starts; a task in an AZ without one fails with
 * ECS's wording (Fargate, EC2), a pod waits in ContainerCreating with kubelet's FailedMount.
 */

const FS = 'fs-0a1b2c3d4e5f60718';
const RESOLVE = `Failed to resolve "${FS}.efs.us-east-1.amazonaws.com" - check that your file system ID is correct, and ensure that the VPC has an EFS mount target for this file system ID.`;

interface Options {
  readonly mountTargets?: string;
  readonly launchType?: 'FARGATE' | 'EC2';
  readonly volume?: string | null;
  readonly fileSystems?: string | null;
  readonly desired?: number;
}

const EFS_VOLUME = `      volumes:
        - name: shared
          efsVolumeConfiguration: { fileSystemId: ${FS}, transitEncryption: ENABLED }
`;

/** An ECS service in two private subnets (one per AZ) mounting one EFS volume. */
function ecs(o: Options = {}): string {
  const ec2 = o.launchType === 'EC2';
  const fileSystems = o.fileSystems === undefined ? `  fileSystems:\n    - { fileSystemId: ${FS}, mountTargets: ${o.mountTargets ?? '[us-east-1a, us-east-1b]'}, storedData: 20Gi }\n` : (o.fileSystems ?? '');
  return `name: efs
seed: 4
duration: 3m
cluster:
  platform: ecs
  availabilityZones: [us-east-1a, us-east-1b]
  vpc:
    subnets:
      - { id: a, az: us-east-1a, cidr: 10.0.0.0/22 }
      - { id: b, az: us-east-1b, cidr: 10.0.4.0/22 }
${fileSystems}${ec2 ? '  autoScalingGroups:\n    - { name: g, instanceType: m5.large, desiredCapacity: 2 }\n' : ''}services:
  - serviceName: api
    launchType: ${ec2 ? 'EC2' : 'FARGATE'}
    desiredCount: ${o.desired ?? 4}
    taskDefinition:
      cpu: 256
      memory: 512
      networkMode: awsvpc
      containerDefinitions:
        - name: api
          image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v1
          imageSize: 100MB
${o.volume === null ? '' : (o.volume ?? EFS_VOLUME)}    networkConfiguration:
      awsvpcConfiguration: { subnets: [a, b] }
`;
}

type PodEventRecord = Extract<PodEvent, { type: 'pod.event' }>;

function run(yaml: string): FleetEvent[] {
  return runYamlChecked(yaml, { file: 'efs.yaml' }).records;
}

const stopped = (records: readonly FleetEvent[]): string[] => records.filter((r) => r.type === 'task.stopped').map((r) => describeEvent(r));
const runningAt = (records: readonly FleetEvent[]): Map<string, number> => new Map(records.flatMap((r) => (r.type === 'task.status-changed' && r.to === 'RUNNING' ? [[r.task, r.time] as const] : [])));
const azOf = (records: readonly FleetEvent[]): Map<string, string> => new Map(records.flatMap((r) => (r.type === 'task.eni-attached' ? [[r.task, r.az] as const] : [])));

describe('a file system with a mount target in every AZ', () => {
  it('every task runs', () => {
    const records = run(ecs());
    expect(runningAt(records).size).toBe(4);
    expect(stopped(records)).toEqual([]);
  });

  it.each([1, 2, 3, 4, 5])('seed %i: one task starts later than without the volume by its mount time', (seed) => {
    const one = (yaml: string): string => yaml.replace('seed: 4', `seed: ${seed}`);
    const withVolume = runningAt(run(one(ecs({ desired: 1 }))));
    const without = runningAt(run(one(ecs({ desired: 1, volume: null, fileSystems: null }))));
    // The mount draws from its own stream, so a lone task's other draws are the same in both
    // runs: the difference is the mount (NFS mount plus stunnel's TLS set-up).
    const delta = withVolume.get('t-000001')! - without.get('t-000001')!;
    expect(delta).toBeGreaterThan(100);
    expect(delta).toBeLessThan(10_000);
  });

  it('a bind-mount volume (no efsVolumeConfiguration) changes nothing', () => {
    const bind = run(ecs({ volume: '      volumes:\n        - name: scratch\n', fileSystems: null }));
    const none = run(ecs({ volume: null, fileSystems: null }));
    expect(bind.map((r) => describeEvent(r))).toEqual(none.map((r) => describeEvent(r)));
  });
});

describe('a file system without a mount target in the task’s AZ', () => {
  it('Fargate: the tasks in that AZ stop with ResourceInitializationError; the others run', () => {
    const records = run(ecs({ mountTargets: '[us-east-1a]' }));
    const az = azOf(records);
    const running = runningAt(records);
    expect([...running.keys()].every((t) => az.get(t) === 'us-east-1a')).toBe(true);
    expect(running.size).toBe(2);
    const reasons = stopped(records);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons[0]).toBe(
      `TaskFailedToStart: ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: ${RESOLVE} See https://docs.aws.amazon.com/console/efs/mount-dns-name for more detail. Attempting to lookup mount target ip address using botocore. Failed to import necessary dependency botocore, please install botocore first. : unsuccessful EFS utils command execution; code: 1`,
    );
    const stops = records.filter((r) => r.type === 'task.stopped');
    for (const s of stops) expect(az.get(s.task)).toBe('us-east-1b');
    // The mount fails about a second after the task reached PENDING (no SDK timeout to wait out).
    const first = stops[0]!;
    const pending = records.find((r) => r.type === 'task.status-changed' && r.to === 'PENDING' && r.task === first.task)!;
    expect(first.time - pending.time).toBe(1_000);
  });

  it('EC2: the agent’s Docker volume plugin fails to create the volume (CannotCreateVolumeError)', () => {
    const records = run(ecs({ launchType: 'EC2', mountTargets: '[us-east-1a]' }));
    const reasons = stopped(records);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons[0]).toMatch(/^TaskFailedToStart: CannotCreateVolumeError: Error response from daemon: create ecs-api-1-shared-t\d+: VolumeDriver\.Create: mounting volume failed: Failed to resolve "/);
    expect(reasons[0]).toContain(RESOLVE);
  });

  it('the service scheduler keeps replacing the failed tasks and throttles its attempts', () => {
    const records = run(ecs({ mountTargets: '[us-east-1a]' }).replace('duration: 3m', 'duration: 10m'));
    const events = records.filter((r) => r.type === 'service.event').map((r) => describeEvent(r));
    expect(events.some((e) => e.includes('unable to consistently start tasks successfully'))).toBe(true);
  });
});

describe('scenario checks', () => {
  it.each([
    [ecs({ fileSystems: null }), `EFS file system '${FS}' is not in cluster.fileSystems: declare it there`],
    [ecs({ mountTargets: '[us-east-1a, us-east-1d]' }), "'us-east-1d' is not one of the cluster's availability zones"],
    [
      ecs({ volume: `      volumes:\n        - name: shared\n          efsVolumeConfiguration: { fileSystemId: ${FS}, authorizationConfig: { accessPointId: fsap-0123456789abcdef0 } }\n` }),
      'Transit encryption must be enabled when an access point is used',
    ],
    [
      ecs({ volume: `      volumes:\n        - name: shared\n          efsVolumeConfiguration: { fileSystemId: ${FS}, transitEncryption: ENABLED, rootDirectory: /data, authorizationConfig: { accessPointId: fsap-0123456789abcdef0 } }\n` }),
      "rootDirectory must be omitted or '/' when an access point is used",
    ],
    [ecs({ volume: `      volumes:\n        - name: shared\n          efsVolumeConfiguration: { fileSystemId: ${FS}, authorizationConfig: { iam: ENABLED } }\n` }), 'Transit encryption must be enabled when IAM authorization is used'],
    [ecs({ volume: `      volumes:\n        - name: shared\n        - name: shared\n` }), "duplicate volume name 'shared'"],
  ])('%#: %s', (yaml, message) => {
    expect(yamlErrors(yaml, 'efs.yaml').join('\n')).toContain(message);
  });
});

/** An EKS Deployment whose pods mount an EFS CSI volume, on nodes in two AZs. */
function eks(mountTargets: string, extra = ''): string {
  return `name: efs-eks
seed: 4
duration: 5m
cluster:
  platform: eks
  coreDns: false
  availabilityZones: [us-east-1a, us-east-1b]
  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/20 }
      - { az: us-east-1b, cidr: 10.0.16.0/20 }
  nodeGroups:
    - { name: g, instanceType: m5.xlarge, desiredSize: 2 }
  fileSystems:
    - { fileSystemId: ${FS}, mountTargets: ${mountTargets} }
  persistentVolumes:
    - { name: shared-pv, claimRef: { name: shared }, csi: { driver: efs.csi.aws.com, volumeHandle: "${FS}::fsap-0123456789abcdef0" } }
workloads:
  - kind: Deployment
    name: web
    replicas: 4
    containers:
      - { name: web, image: nginx:1.27, imageSize: 70MB, resources: { requests: { cpu: 250m, memory: 256Mi } } }
    volumes:
      - { name: data, persistentVolumeClaim: { claimName: shared } }
${extra}`;
}

describe('EKS: an EFS CSI persistent volume (ReadWriteMany, no zone affinity)', () => {
  it('pods on nodes in every AZ with a mount target mount it and run', () => {
    const records = run(eks('[us-east-1a, us-east-1b]'));
    expect(runningAt(records).size).toBe(4);
    expect(records.some((r) => r.type === 'pod.event' && r.cause.reason === 'FailedMount')).toBe(false);
  });

  it('a pod on a node in an AZ without one stays ContainerCreating with FailedMount, retried with back-off', () => {
    const records = run(eks('[us-east-1a]'));
    const hostAz = new Map(records.flatMap((r) => (r.type === 'host.launched' ? [[r.host, r.az] as const] : [])));
    const mounts = records.filter((r): r is PodEventRecord => r.type === 'pod.event' && r.cause.reason === 'FailedMount');
    expect(mounts.length).toBeGreaterThan(0);
    for (const m of mounts) expect(hostAz.get(m.host!)).toBe('us-east-1b');
    const message = describeEvent(mounts[0]!);
    expect(message).toContain('FailedMount: MountVolume.SetUp failed for volume "shared-pv" : rpc error: code = Internal desc = Could not mount');
    expect(message).toContain(RESOLVE);
    // The pods in us-east-1a run; those in us-east-1b never do, and are never stopped.
    const running = runningAt(records);
    const placed = new Map(records.flatMap((r) => (r.type === 'task.placed' ? [[r.task, r.host] as const] : [])));
    for (const task of running.keys()) expect(hostAz.get(placed.get(task)!)).toBe('us-east-1a');
    expect(running.size).toBeGreaterThan(0);
    expect(running.size).toBeLessThan(4);
    expect(stopped(records)).toEqual([]);
  });

  it('kubelet’s back-off doubles from 500 ms to at most 2m2s', () => {
    const volumes = new TaskVolumes(EFS_MOUNT, RandomStream.root(1).fork('t'), [], 'us-east-1');
    expect([1, 2, 3, 4, 8, 9, 20].map((n) => volumes.kubeletRetryMs(n))).toEqual([500, 1_000, 2_000, 4_000, 64_000, 122_000, 122_000]);
  });

  it.each([
    [eks('[us-east-1a]').replace(`volumeHandle: "${FS}::fsap-0123456789abcdef0"`, 'volumeHandle: "fs-00000000deadbeef"'), "EFS file system 'fs-00000000deadbeef' is not in cluster.fileSystems"],
    [eks('[us-east-1a]').replace('claimName: shared }', 'claimName: other }'), "no persistent volume is bound to claim 'other'"],
    [eks('[us-east-1a]').replace('volumeHandle: "', 'volumeAttributes: { encryptInTransit: "false" }, volumeHandle: "'), 'an access point needs encryptInTransit'],
  ])('%#: %s', (yaml, message) => {
    expect(yamlErrors(yaml, 'efs.yaml').join('\n')).toContain(message);
  });
});

describe('what EFS costs', () => {
  function bill(yaml: string) {
    const loaded = loadScenario('efs.yaml', yaml);
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
    const cost = new CostReport(loaded.spec);
    const result = runSimulation(loaded.spec, { listeners: [(r: FleetEvent) => cost.listener(r)] });
    return cost.finish(result.durationMs);
  }

  it('bills the stored data at the Standard price per GB-month under storage, for the whole run', () => {
    const { rows, summary } = bill(ecs());
    const efs = rows.filter((r) => r.resource === 'efs standard');
    expect(efs).toHaveLength(1);
    // 20 GB x $0.30 a month; 3 minutes of a 730-hour month.
    expect(efs[0]!.monthlyUsd).toBeCloseTo(6, 10);
    expect(efs[0]!.usage).toBeCloseTo((20 * 3) / 60 / 730, 10);
    expect(efs[0]!.usd).toBeCloseTo((6 * 3) / 60 / 730, 10);
    expect(summary.monthly.byCategory.storage).toBe(6);
  });

  it('a file system that stores nothing adds no storage category', () => {
    expect(bill(ecs().replace(', storedData: 20Gi', '')).summary.byCategory.storage).toBeUndefined();
  });
});
