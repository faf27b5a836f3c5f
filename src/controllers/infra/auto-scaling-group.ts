import type { InstanceType } from '../../model/catalog/instance-type.js';
import type { CniSettings } from '../../model/network/cni-settings.js';
import type { AutoScalingGroupSpec } from '../../model/simulation-spec.js';
import type { Actions } from '../actions.js';

/** How a group's instances join the cluster: what they register and how many tasks they take. */
export interface HostProfile {
  registered(type: InstanceType, group: AutoScalingGroupSpec): { cpu: number; memoryMiB: number };
  maxTasks(type: InstanceType, group: AutoScalingGroupSpec): number;
  /** ECS awsvpc: task ENIs an instance of the type can attach. */
  taskEniLimit?(type: InstanceType): number;
  /** VPC CNI settings for EKS nodes (ipamd runs on them); undefined on ECS. */
  readonly cni?: CniSettings;
}

/**
 * EC2 Auto Scaling groups (ECS) and managed node groups (EKS). At the start of a run each
 * group's desired instances already exist and are registered (the cluster a scenario describes
 * is up). Instances are spread across the group's AZs round-robin, as Auto Scaling's AZ
 * balancing does; an instance whose AZ has no free subnet address fails to launch.
 */
export class AutoScalingGroups {
  constructor(
    private readonly actions: Actions,
    private readonly groups: readonly AutoScalingGroupSpec[],
    private readonly profile: HostProfile,
  ) {}

  start(): void {
    for (const group of this.groups) {
      const registered = this.profile.registered(group.instanceType, group);
      const maxTasks = this.profile.maxTasks(group.instanceType, group);
      const taskEniLimit = this.profile.taskEniLimit?.(group.instanceType) ?? 0;
      for (let i = 0; i < group.desiredCapacity; i++) {
        const az = group.availabilityZones[i % group.availabilityZones.length]!;
        const host = this.actions.launchHost(group.name, group.instanceType, az, registered, { maxTasks, cni: this.profile.cni, taskEniLimit });
        if (host === null) continue;
        for (const image of group.cachedImages ?? []) this.actions.finishImagePull(host, image);
        this.actions.registerHost(host);
      }
    }
  }
}
