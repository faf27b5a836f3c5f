import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import { EBS_TIMING } from '../../src/model/params/ebs.js';
import { ECS_CONTROL_PLANE } from '../../src/model/params/ecs-control-plane.js';
import { describeStopReason } from '../../src/report/describe/stop-reason.js';
import { runYamlChecked } from '../support/scenario-runner.js';

/**
 * One ECS service of `count` awsvpc tasks with a managed EBS volume each, on `hosts` instances of
 * `type` (docs/models.md, "ECS EBS volumes", attachment limit).
 */
function cluster(opts: { type: string; hosts?: number; count: number; trunking?: boolean; cpu?: number; memory?: number; ebs?: boolean; mode?: string; imageSize?: string; events?: string }): string {
  const ebs = opts.ebs ?? true;
  return `name: ebs-limit
seed: 3
duration: 5m
cluster:
  platform: ecs
  awsvpcTrunking: ${opts.trunking ?? false}
  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/22 }] }
  availabilityZones: [us-east-1a]
  autoScalingGroups: [{ name: hosts, instanceType: ${opts.type}, desiredCapacity: ${opts.hosts ?? 1} }]
services:
  - serviceName: db
    desiredCount: ${opts.count}
    taskDefinition:
      networkMode: ${opts.mode ?? 'awsvpc'}
      cpu: ${opts.cpu ?? 256}
      memory: ${opts.memory ?? 512}
      containerDefinitions: [{ name: db, image: postgres:16, imageSize: ${opts.imageSize ?? '150MB'} }]${ebs ? '\n      volumes: [{ name: data, configuredAtLaunch: true }]' : ''}${
        ebs ? '\n    volumeConfigurations: [{ name: data, managedEBSVolume: { sizeInGiB: 20, roleArn: arn:aws:iam::123456789012:role/ecsInfrastructureRole } }]' : ''
      }
${opts.events ?? ''}`;
}

const of = <T extends FleetEvent['type']>(records: readonly FleetEvent[], type: T) => records.filter((r): r is Extract<FleetEvent, { type: T }> => r.type === type);

/** The tasks RUNNING at the end: started and never stopped. */
function runningAtEnd(records: readonly FleetEvent[]): number {
  const stopped = new Set(of(records, 'task.stopped').map((s) => s.task));
  return of(records, 'task.status-changed').filter((s) => s.to === 'RUNNING' && !stopped.has(s.task)).length;
}

describe('ECS task volumes against the EC2 attachment limit', () => {
  it('a c6i.2xlarge with trunking attaches 25 task volumes (28 - root - primary ENI - trunk ENI); the rest fail to start', () => {
    const { records } = runYamlChecked(cluster({ type: 'c6i.2xlarge', count: 28, trunking: true }));
    expect(runningAtEnd(records)).toBe(25);
    const failed = of(records, 'task.stopped').filter((s) => s.reason.code === 'EBS_ATTACHMENT_FAILED');
    expect(failed.length).toBeGreaterThanOrEqual(3);
    const pendingAt = new Map(of(records, 'task.status-changed').filter((r) => r.to === 'PENDING').map((r) => [r.task, r.time]));
    const provisioned = new Map(of(records, 'volume.provisioned').map((v) => [v.claim.split('/')[0]!, v]));
    const attached = new Set(of(records, 'volume.attached').map((a) => a.volume));
    const deleted = new Set(of(records, 'volume.deleted').map((d) => d.volume));
    const detached = new Set(of(records, 'volume.detached').map((d) => d.volume));
    for (const s of failed) {
      expect(s.stopCode).toBe('TaskFailedToStart');
      // CreateVolume succeeded (billed), AttachVolume was refused: never attached, deleted at the stop.
      const volume = provisioned.get(s.task)!;
      expect(s.reason).toEqual({ code: 'EBS_ATTACHMENT_FAILED', volume: volume.volume, name: 'data', host: s.host });
      expect(s.time - pendingAt.get(s.task)!).toBe(EBS_TIMING.createMs);
      expect(attached.has(volume.volume)).toBe(false);
      expect(detached.has(volume.volume)).toBe(false);
      expect(deleted.has(volume.volume)).toBe(true);
      expect(describeStopReason(s.reason)).toContain('AttachmentLimitExceeded');
    }
    // Never more than 25 volumes on the instance at once.
    let onHost = 0;
    let most = 0;
    for (const r of records) {
      if (r.type === 'volume.attached') most = Math.max(most, ++onHost);
      if (r.type === 'volume.detached') onHost--;
    }
    expect(most).toBe(25);
  });

  it('the service throttle holds the replacements back only until a task reaches RUNNING, then launches them', () => {
    // A large image: the tasks that attach their volumes take a minute to pull it, while the 3 on
    // no slot fail 2 s after PENDING, pass after pass, and throttle the service before any runs.
    const { records } = runYamlChecked(cluster({ type: 'c6i.2xlarge', count: 28, trunking: true, imageSize: '3000MB' }));
    const throttledAt = of(records, 'service.event').find((e) => e.cause.code === 'UNABLE_TO_START_TASKS_CONSISTENTLY')!.time;
    const firstRunning = of(records, 'task.status-changed').find((r) => r.to === 'RUNNING')!.time;
    expect(throttledAt).toBeLessThan(firstRunning);
    expect(firstRunning).toBeLessThan(throttledAt + 60_000);
    // The 3 that failed last before any task ran are replaced at the scheduler's next pass after
    // one runs, not when the throttle's delay (60 s from the third failed pass) runs out.
    const replacements = of(records, 'task.created').filter((c) => c.time > throttledAt);
    expect(replacements.length).toBeGreaterThanOrEqual(3);
    expect(replacements[0]!.time).toBe(firstRunning + ECS_CONTROL_PLANE.serviceSchedulerReactionMs);
  });

  it('a stopped task\'s volume holds its slot until it has detached: a replacement that comes sooner is refused', () => {
    // 25 tasks fill the instance's 25 slots; one is killed at 2m. Its replacement reaches PENDING
    // (scheduler pass 3 s, branch ENI and hand-off ~2 s) before DetachVolume (7.5 s) ends.
    const { records } = runYamlChecked(cluster({ type: 'c6i.2xlarge', count: 25, trunking: true, events: 'events:\n  - { at: 2m, taskKill: { service: db, count: 1 } }' }));
    const killed = of(records, 'task.stopped').find((s) => s.stopCode === 'EssentialContainerExited')!;
    const detached = of(records, 'volume.detached').find((d) => d.claim.startsWith(`${killed.task}/`))!;
    expect(detached.time - killed.time).toBe(EBS_TIMING.detachMs);
    const refused = of(records, 'task.stopped').filter((s) => s.reason.code === 'EBS_ATTACHMENT_FAILED');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    const pendingAt = new Map(of(records, 'task.status-changed').filter((r) => r.to === 'PENDING').map((r) => [r.task, r.time]));
    for (const s of refused) expect(pendingAt.get(s.task)!).toBeLessThan(detached.time);
    // A later replacement finds the slot free: 25 run again.
    expect(runningAtEnd(records)).toBe(25);
  });

  it('the same tasks without volumes all run: CPU and memory allow 28', () => {
    const { records } = runYamlChecked(cluster({ type: 'c6i.2xlarge', count: 28, trunking: true, ebs: false }));
    expect(runningAtEnd(records)).toBe(28);
  });

  it('without trunking each task ENI takes a slot too: an m5.24xlarge runs 12 or 13 of 14 tasks with volumes', () => {
    // 28 - root - primary ENI = 26 slots for task ENIs and volumes. With all 14 task ENIs attached
    // 12 are left for volumes; a replacement that comes alone finds 13 ENIs and 13 slots. Either
    // way fewer than the 14 task ENIs the type allows (and far fewer than its 96 vCPUs).
    const { records } = runYamlChecked(cluster({ type: 'm5.24xlarge', count: 14 }));
    expect(runningAtEnd(records)).toBeGreaterThanOrEqual(12);
    expect(runningAtEnd(records)).toBeLessThanOrEqual(13);
    expect(of(records, 'task.stopped').filter((s) => s.reason.code === 'EBS_ATTACHMENT_FAILED').length).toBeGreaterThanOrEqual(1);
  });

  it('a dedicated EBS limit does not share with ENIs: an m7i.16xlarge attaches all 14 task volumes beside 14 task ENIs', () => {
    const { records } = runYamlChecked(cluster({ type: 'm7i.16xlarge', count: 14 }));
    expect(runningAtEnd(records)).toBe(14);
    expect(of(records, 'task.stopped')).toHaveLength(0);
  });

  it('bridge tasks hold no ENI: a c6i.4xlarge attaches 26 volumes (28 - root - primary ENI)', () => {
    const { records } = runYamlChecked(cluster({ type: 'c6i.4xlarge', count: 27, mode: 'bridge' }));
    expect(runningAtEnd(records)).toBe(26);
  });
});
