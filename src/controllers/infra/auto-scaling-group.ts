import type { AutoScalingGroupSpec } from '../../model/simulation-spec.js';
import { ecsRegisteredResources } from '../../model/params/ecs-container-instance.js';
import type { Actions } from '../actions.js';

/**
 * EC2 Auto Scaling groups. At the start of a run each group's `desiredCapacity` instances
 * already exist and are registered (the cluster a scenario describes is up). Instances are
 * spread across the group's AZs in round-robin order, as Auto Scaling's AZ rebalancing does.
 */
export class AutoScalingGroups {
  constructor(
    private readonly actions: Actions,
    private readonly groups: readonly AutoScalingGroupSpec[],
    private readonly reservedMemoryMiB: number,
  ) {}

  start(): void {
    for (const group of this.groups) {
      const registered = ecsRegisteredResources(group.instanceType, this.reservedMemoryMiB);
      for (let i = 0; i < group.desiredCapacity; i++) {
        const az = group.availabilityZones[i % group.availabilityZones.length]!;
        const host = this.actions.launchHost(group.name, group.instanceType, az, registered);
        this.actions.registerHost(host);
      }
    }
  }
}
