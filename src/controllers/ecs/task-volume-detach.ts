import { Priority, type Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import type { FleetEvent } from '../../model/events/index.js';
import { EBS_TIMING } from '../../model/params/ebs.js';
import type { Actions } from '../actions/index.js';

/**
 * DetachVolume for ECS task volumes on EC2 (docs/models.md, "ECS EBS volumes"): when a task whose
 * managed EBS volume is attached (or attaching) to its container instance stops, the volume is
 * detaching (src/controllers/actions/volumes.ts `beginTaskVolumeDetach`) and keeps its attachment
 * slot on the instance until EC2 has detached it, `EBS_TIMING.detachMs` later; then, with
 * deleteOnTermination, it is deleted. An instance that terminates first takes the attachment with it.
 */
export class EcsTaskVolumeDetach {
  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    trace: Trace<FleetEvent>,
  ) {
    trace.subscribe(this.onRecord);
  }

  private readonly onRecord = (e: FleetEvent): void => {
    if (e.type === 'task.stopped') {
      // The volume began detaching with the stop; one attached to no instance has nothing to detach.
      if (this.actions.state.volumes.detachingTaskVolumes.has(e.task)) this.sim.after(EBS_TIMING.detachMs, this.onDetached, e.task, Priority.StateChange);
    } else if (e.type === 'host.terminated') {
      const detaching = this.actions.state.volumes.detachingTaskVolumes;
      // A handful at most: volumes detach for seconds.
      for (const [task, d] of [...detaching]) if (d.volume.attachedTo?.id === e.host) this.actions.volumes.taskVolumeDetached(task, 'instance-gone');
    }
  };

  private readonly onDetached = (task: string): void => {
    // Already gone with its instance.
    if (!this.actions.state.volumes.detachingTaskVolumes.has(task)) return;
    this.actions.volumes.taskVolumeDetached(task, 'unmounted');
  };
}
