import type { StopReason } from '../../model/reasons/stop.js';
import { ECS_OOM_REASON, ecsPullFailureReason } from './image-pull.js';
import { efsMountStoppedReason } from './efs-mount.js';
import { resourceInitializationReason } from './startup-dependency.js';
import { assertNever } from './wording.js';

/** A stopped task's reason as ECS (stoppedReason) or Kubernetes words it. */
export function describeStopReason(r: StopReason): string {
  switch (r.code) {
    case 'SCALE_IN':
      return 'Scaling activity initiated by (deployment)';
    case 'DEPLOYMENT':
      return `Task stopped by the deployment ${r.deployment}`;
    case 'INSTANCE_DRAINING':
      return `Container instance ${r.host} is being drained`;
    case 'ELB_HEALTH_CHECK':
      return `Task failed ELB health checks in (target-group ${r.targetGroup})`;
    case 'CONTAINER_HEALTH_CHECK':
      return 'Task failed container health checks';
    case 'ESSENTIAL_CONTAINER_EXITED':
      return essentialContainerExited(r.container, r.exitCode, r.oom);
    case 'CANNOT_PULL_CONTAINER':
      return ecsPullFailureReason(r.image, r.failure);
    case 'RESOURCE_INITIALIZATION':
      return resourceInitializationReason(r.dependency);
    case 'EFS_MOUNT_FAILED':
      return efsMountStoppedReason(r.mount);
    case 'EBS_ATTACHMENT_FAILED':
      // ECS's wording is not documented: fleetsim names the volume, the instance and EC2's error code.
      return `Task failed to start: EBS volume ${r.volume} (${r.name}) could not be attached to container instance ${r.host}: AttachmentLimitExceeded (fleetsim's wording)`;
    case 'SPOT_INTERRUPTION':
      return 'Your Spot Task was interrupted.';
    case 'NODE_RECLAIMED':
      return `Node ${r.host} was reclaimed by EC2 (spot interruption)`;
    case 'EVICTED_NODE_DRAINING':
      return `Evicted: node ${r.host} is being drained`;
    case 'EVICTED_NODE_UNREACHABLE':
      return `Evicted: node ${r.host} NotReady (unreachable)`;
    case 'REPLICASET_SCALE_DOWN':
      return 'Deleted by the ReplicaSet controller (scale down)';
    case 'STATEFULSET_SCALE_DOWN':
      return 'Deleted by the StatefulSet controller (scale down, the highest ordinal first)';
    case 'REPLICASET_ROLLING_UPDATE':
      return 'Deleted by the ReplicaSet controller (rolling update)';
    case 'STATEFULSET_ROLLING_UPDATE':
      return 'Deleted by the StatefulSet controller (rolling update, the highest ordinal first)';
    case 'POD_DELETED':
      return 'Deleted by kubectl delete pod';
    case 'HOST_TERMINATED':
      return `Host EC2 (instance ${r.host}) terminated.`;
    case 'DELETED_BY_POD_GC':
      // The pod garbage collector's DisruptionTarget condition (kubernetes pkg/controller/podgc).
      return `PodGC: node no longer exists (node ${r.host}, its instance terminated)`;
    case 'PREEMPTED':
      return `Preempted by pod ${r.by} on node ${r.host}`;
    case 'AZ_IMPAIRED':
      return `Task lost: Availability Zone ${r.az} impaired (fleetsim's wording; ECS reports the task STOPPED)`;
    case 'AZ_REBALANCING':
      return `Task stopped by Availability Zone rebalancing (${r.az} had more than its share)`;
    default:
      return assertNever(r);
  }
}

/** ECS's stoppedReason when the essential container exits. */
export function essentialContainerExited(container: string, exitCode: number, oom: boolean): string {
  return `Essential container in task exited (container ${container}: exit code ${exitCode}${oom ? `, ${ECS_OOM_REASON}` : ''})`;
}
