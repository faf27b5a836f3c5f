import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import { EBS_TIMING, ECS_EBS_VOLUME_READY_MS } from '../../src/model/params/ebs.js';
import { CostReport } from '../../src/report/cost.js';
import { runSimulation } from '../../src/run.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runYamlChecked, yamlErrors } from '../support/scenario-runner.js';

/** An ECS service of `count` tasks; `ebs`: its task definition's configuredAtLaunch volume and the service's volumeConfigurations. */
function ecs(opts: { launchType?: 'EC2' | 'FARGATE'; ebs?: boolean; volumes?: string; configs?: string; count?: number; events?: string } = {}): string {
  const launchType = opts.launchType ?? 'FARGATE';
  const ebs = opts.ebs ?? true;
  const volumes = opts.volumes ?? (ebs ? '\n      volumes: [{ name: data, configuredAtLaunch: true }]' : '');
  const configs =
    opts.configs ?? (ebs ? '\n    volumeConfigurations: [{ name: data, managedEBSVolume: { sizeInGiB: 100, roleArn: arn:aws:iam::123456789012:role/ecsInfrastructureRole } }]' : '');
  const ec2 = launchType === 'EC2' ? '\n  autoScalingGroups: [{ name: hosts, instanceType: m5.large, desiredCapacity: 2 }]' : '';
  return `name: ecs-ebs
seed: 1
duration: 10m
cluster:
  platform: ecs
  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/22 }, { az: us-east-1b, cidr: 10.0.4.0/22 }] }
  availabilityZones: [us-east-1a, us-east-1b]${ec2}
services:
  - serviceName: db
    launchType: ${launchType}
    desiredCount: ${opts.count ?? 2}
    taskDefinition:
      networkMode: awsvpc
      cpu: 512
      memory: 1024
      containerDefinitions: [{ name: db, image: postgres:16, imageSize: 150MB }]${volumes}${configs}
${opts.events ?? ''}`;
}

const of = <T extends FleetEvent['type']>(records: readonly FleetEvent[], type: T) => records.filter((r): r is Extract<FleetEvent, { type: T }> => r.type === type);

describe('ECS managed EBS volumes (configuredAtLaunch)', () => {
  for (const launchType of ['FARGATE', 'EC2'] as const) {
    it(`${launchType}: creates one volume per task in its AZ at PENDING and starts the task once it is attached`, () => {
      const { records } = runYamlChecked(ecs({ launchType }));
      const pending = new Map(of(records, 'task.status-changed').filter((r) => r.to === 'PENDING').map((r) => [r.task, r.time]));
      const provisioned = of(records, 'volume.provisioned');
      expect(provisioned).toHaveLength(2);
      const placed = of(records, 'task.placed');
      const azOf = new Map(placed.map((r) => [r.task, r.az]));
      for (const v of provisioned) {
        const task = v.claim.split('/')[0]!;
        expect(v).toMatchObject({ service: 'db', volumeType: 'gp3', sizeGiB: 100, claim: `${task}/data` });
        expect(v.time).toBe(pending.get(task));
        // Fargate tasks are placed with no AZ; the volume is in the task's subnet's AZ.
        if (launchType === 'EC2') expect(v.az).toBe(azOf.get(task));
        // The images are ready no earlier than create + attach after PENDING.
        const imagesReady = of(records, 'task.images-ready').find((r) => r.task === task)!;
        expect(imagesReady.time - v.time).toBeGreaterThanOrEqual(ECS_EBS_VOLUME_READY_MS);
      }
      expect(new Set(provisioned.map((v) => v.volume)).size).toBe(2);
      const attached = of(records, 'volume.attached');
      if (launchType === 'EC2') {
        expect(attached).toHaveLength(2);
        for (const a of attached) expect(a.time - provisioned.find((v) => v.volume === a.volume)!.time).toBe(ECS_EBS_VOLUME_READY_MS);
      } else expect(attached).toHaveLength(0);
      expect(of(records, 'task.status-changed').filter((r) => r.to === 'RUNNING')).toHaveLength(2);
      expect(of(records, 'volume.deleted')).toHaveLength(0);
    });
  }

  it('delays the start by create + attach against the twin without volumes', () => {
    const startOf = (yaml: string) => of(runYamlChecked(yaml).records, 'task.status-changed').filter((r) => r.to === 'RUNNING').map((r) => r.time);
    const withEbs = startOf(ecs({ launchType: 'EC2' }));
    const without = startOf(ecs({ launchType: 'EC2', ebs: false }));
    // On EC2 the attach is the longest PENDING step: the same draws, each start later by exactly create + attach.
    expect(withEbs.map((t, i) => t - without[i]!)).toEqual([ECS_EBS_VOLUME_READY_MS, ECS_EBS_VOLUME_READY_MS]);
  });

  it('detaches the volume when its task stops and deletes it once detached (deleteOnTermination default), or keeps it with deleteOnTermination false', () => {
    const scaleIn = 'events:\n  - { at: 5m, scale: { service: db, desiredCount: 0 } }';
    const { records } = runYamlChecked(ecs({ launchType: 'EC2', events: scaleIn }));
    const stopped = new Map(of(records, 'task.stopped').map((r) => [r.task, r]));
    const deleted = of(records, 'volume.deleted');
    expect(deleted).toHaveLength(2);
    // DetachVolume takes EBS_TIMING.detachMs from the stop; the volume is deleted once it is detached.
    for (const d of deleted) expect(d.time).toBe(stopped.get(d.claim.split('/')[0]!)!.time + EBS_TIMING.detachMs);
    const detached = of(records, 'volume.detached');
    for (const d of detached) expect(d.time).toBe(stopped.get(d.claim.split('/')[0]!)!.time + EBS_TIMING.detachMs);
    expect(detached.map((d) => d.how)).toEqual(['unmounted', 'unmounted']);
    expect(detached.map((d) => d.host).sort()).toEqual(of(records, 'volume.attached').map((a) => a.host).sort());

    const kept = ecs({ launchType: 'EC2', events: scaleIn }).replace('roleArn:', 'terminationPolicy: { deleteOnTermination: false }, roleArn:');
    const k = runYamlChecked(kept).records;
    expect(of(k, 'volume.detached')).toHaveLength(2);
    expect(of(k, 'volume.deleted')).toHaveLength(0);
  });

  it('an instance that terminates takes its task volumes with it: detached at once (instance-gone)', () => {
    // A failed instance: Auto Scaling stops its tasks and terminates it in one instant, before
    // DetachVolume (7.5 s) could end; EC2 detaches the volumes with the instance.
    const { records } = runYamlChecked(ecs({ launchType: 'EC2', events: 'events:\n  - { at: 3m, nodeFailure: { count: 1 } }' }));
    const terminated = of(records, 'host.terminated')[0]!;
    const gone = of(records, 'volume.detached').filter((d) => d.host === terminated.host);
    expect(gone.length).toBeGreaterThanOrEqual(1);
    for (const d of gone) expect(d).toMatchObject({ time: terminated.time, how: 'instance-gone' });
    // Deleted with the detach (deleteOnTermination), not 7.5 s later.
    const deleted = new Map(of(records, 'volume.deleted').map((r) => [r.volume, r.time]));
    for (const d of gone) expect(deleted.get(d.volume)).toBe(terminated.time);
  });

  it('bills the volumes under storage per GB-month for their lives', () => {
    const loaded = loadScenario('ecs-ebs.yaml', ecs({ events: 'events:\n  - { at: 5m, scale: { service: db, desiredCount: 1 } }' }));
    if (!loaded.ok) throw new Error('scenario');
    const cost = new CostReport(loaded.spec);
    const records: FleetEvent[] = [];
    const result = runSimulation(loaded.spec, { listeners: [cost.listener, (r) => records.push(r)] });
    const bill = cost.finish(result.durationMs);
    const row = bill.rows.find((r) => r.resource === 'ebs gp3')!;
    expect(row).toMatchObject({ category: 'storage', service: 'db', count: 2, unit: 'GB-months' });
    const provisioned = of(records, 'volume.provisioned');
    const deleted = new Map(of(records, 'volume.deleted').map((r) => [r.volume, r.time]));
    expect(deleted.size).toBe(1);
    // Per second (rounded up), at least 60 s.
    const gbMs = provisioned.reduce((sum, v) => sum + 100 * 1000 * Math.max(60, Math.ceil(((deleted.get(v.volume) ?? result.durationMs) - v.time) / 1000)), 0);
    expect(row.usage).toBeCloseTo(gbMs / (730 * 3_600_000), 9);
    expect(row.usd).toBeCloseTo((gbMs * 0.08) / (730 * 3_600_000), 9);
    // One 100 GiB gp3 volume left: $8 a month.
    expect(bill.summary.monthly.byCategory.storage).toBe(8);
  });

  it("rejects a configuredAtLaunch volume without the service's volume configuration, and a configuration without such a volume", () => {
    expect(yamlErrors(ecs({ configs: '' })).join('\n')).toMatch(/volume 'data' is configured at launch: the service needs a volumeConfigurations entry named 'data'.*services\[0\]\.taskDefinition\.volumes\[0\]\.configuredAtLaunch/);
    expect(yamlErrors(ecs({ volumes: '\n      volumes: [{ name: data }]' })).join('\n')).toMatch(/no task definition volume 'data' with configuredAtLaunch: true.*volumeConfigurations\[0\]\.name/);
    expect(yamlErrors(ecs({ volumes: '\n      volumes: [{ name: data, configuredAtLaunch: true }, { name: logs, configuredAtLaunch: true }]' })).join('\n')).toContain('one Amazon EBS volume per task');
    expect(yamlErrors(ecs().replace('sizeInGiB: 100', 'sizeInGiB: 100, volumeType: st1')).join('\n')).toContain('st1 volumes are 125-16384 GiB, got 100');
    expect(yamlErrors(ecs().replace('sizeInGiB: 100, ', '')).join('\n')).toContain('sizeInGiB is required without a snapshotId');
    expect(yamlErrors(ecs().replace('sizeInGiB: 100', 'sizeInGiB: 100, volumeType: gp2, throughput: 250')).join('\n')).toContain('throughput is a gp3 setting');
    expect(yamlErrors(ecs())).toEqual([]);
  });
});
