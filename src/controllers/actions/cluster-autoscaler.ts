import type {
  ClusterAutoscalerNodeUnneeded,
  ClusterAutoscalerProvisionTimedOut,
  ClusterAutoscalerScaleDownBlocked,
  ClusterAutoscalerScaleDownFailed,
  ClusterAutoscalerScaledDown,
  ClusterAutoscalerScaledUp,
  ClusterAutoscalerScaleUpNotTriggered,
} from '../../model/events/cluster-autoscaler.js';
import type { ActionContext } from './context.js';

type Fields<E> = Omit<E, 'type' | 'time'>;

/**
 * Cluster Autoscaler's decisions. The node groups' sizes change through the Auto Scaling groups
 * (asg.desired-changed) and the nodes are drained and terminated as hosts; these record why.
 */
export class ClusterAutoscalerActions {
  constructor(private readonly ctx: ActionContext) {}

  scaledUp(fields: Fields<ClusterAutoscalerScaledUp>): void {
    this.ctx.emit({ type: 'cluster-autoscaler.scaled-up', time: this.ctx.now, ...fields });
  }

  scaleUpNotTriggered(fields: Fields<ClusterAutoscalerScaleUpNotTriggered>): void {
    this.ctx.emit({ type: 'cluster-autoscaler.scale-up-not-triggered', time: this.ctx.now, ...fields });
  }

  nodeUnneeded(fields: Fields<ClusterAutoscalerNodeUnneeded>): void {
    this.ctx.emit({ type: 'cluster-autoscaler.node-unneeded', time: this.ctx.now, ...fields });
  }

  scaleDownBlocked(fields: Fields<ClusterAutoscalerScaleDownBlocked>): void {
    this.ctx.emit({ type: 'cluster-autoscaler.scale-down-blocked', time: this.ctx.now, ...fields });
  }

  scaledDown(fields: Fields<ClusterAutoscalerScaledDown>): void {
    this.ctx.emit({ type: 'cluster-autoscaler.scaled-down', time: this.ctx.now, ...fields });
  }

  scaleDownFailed(fields: Fields<ClusterAutoscalerScaleDownFailed>): void {
    this.ctx.emit({ type: 'cluster-autoscaler.scale-down-failed', time: this.ctx.now, ...fields });
  }

  provisionTimedOut(fields: Fields<ClusterAutoscalerProvisionTimedOut>): void {
    this.ctx.emit({ type: 'cluster-autoscaler.provision-timed-out', time: this.ctx.now, ...fields });
  }
}
