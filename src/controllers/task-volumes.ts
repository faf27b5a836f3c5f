import type { RandomStream } from '../engine/rng.js';
import { toMillis } from '../engine/time.js';
import { cappedBackoffMs } from '../model/backoff.js';
import { hasMountTarget, type EfsFileSystemSpec } from '../model/efs.js';
import type { LogNormalParams } from '../model/params/ec2-task-startup.js';
import type { EfsMountParams } from '../model/params/efs.js';
import type { EfsMountFailure } from '../model/reasons/stop.js';
import { requireTaskAz, type Task } from '../model/task.js';

/** What mounting a task's volumes came to: a delay, or the first volume that failed and how long the attempt took. */
export type VolumeSetUp = { readonly ok: true; readonly delayMs: number } | { readonly ok: false; readonly afterMs: number; readonly failure: EfsMountFailure };

/**
 * The volumes a task mounts as it starts (docs/models.md, "EFS volumes"), shared by the node
 * agents (task-lifecycle.ts): ECS (the agent on EC2, or Fargate) mounts a task's EFS volumes as
 * task resources before its containers are created; kubelet mounts a pod's EFS CSI volumes
 * before it creates the pod's sandbox. The volumes are mounted concurrently, so the task waits
 * for the slowest. A file system without a mount target in the task's AZ fails the mount.
 *
 * Only built when a service mounts a volume, so other runs draw nothing from its stream.
 */
export class TaskVolumes {
  private readonly fileSystems: ReadonlyMap<string, EfsFileSystemSpec>;

  constructor(
    private readonly params: EfsMountParams,
    private readonly rng: RandomStream,
    fileSystems: readonly EfsFileSystemSpec[],
    private readonly region: string,
  ) {
    this.fileSystems = new Map(fileSystems.map((fs) => [fs.id, fs]));
  }

  /** Mounts the task's volumes in its AZ: the time until all are mounted, or the first that cannot be. */
  setUp(task: Task): VolumeSetUp {
    const volumes = task.taskDefinition.efsVolumes;
    if (volumes === undefined || volumes.length === 0) return NO_VOLUMES;
    const az = requireTaskAz(task, 'to mount volumes in');
    for (const v of volumes) {
      const fs = this.fileSystems.get(v.fileSystemId);
      // The compiler checked every volume's file system is declared.
      if (fs === undefined) throw new Error(`${task.id}: EFS file system ${v.fileSystemId} is not declared`);
      if (hasMountTarget(fs, az)) continue;
      const td = task.taskDefinition;
      return {
        ok: false,
        afterMs: this.params.failAfterMs,
        failure: {
          volume: v.name,
          fileSystemId: v.fileSystemId,
          rootDirectory: v.rootDirectory,
          accessPointId: v.accessPointId,
          transitEncryption: v.transitEncryption,
          az,
          region: this.region,
          fargate: task.host === null || task.service.launchType === 'FARGATE',
          family: td.family,
          revision: td.revision,
          task: task.id,
        },
      };
    }
    let slowest = 0;
    for (const v of volumes) {
      const ms = this.draw(this.params.mount) + (v.transitEncryption ? this.draw(this.params.tlsSetup) : 0);
      if (ms > slowest) slowest = ms;
    }
    return { ok: true, delayMs: slowest };
  }

  /** kubelet's wait before its next attempt after `failures` failed mounts of a pod's volume (1: the first failure). */
  kubeletRetryMs(failures: number): number {
    return cappedBackoffMs(this.params.kubeletRetryInitialMs, this.params.kubeletRetryMaxMs, Math.max(0, failures - 1));
  }

  private draw(p: LogNormalParams): number {
    return toMillis(this.rng.logNormal(p.median, p.sigma));
  }
}

const NO_VOLUMES: VolumeSetUp = Object.freeze({ ok: true, delayMs: 0 });

/** Whether any service of the spec mounts a volume: the run then needs the volume agent. */
export function mountsVolumes(services: readonly { readonly taskDefinition: { readonly efsVolumes?: readonly unknown[] } }[]): boolean {
  return services.some((s) => (s.taskDefinition.efsVolumes?.length ?? 0) > 0);
}
