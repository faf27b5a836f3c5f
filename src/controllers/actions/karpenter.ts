import type { HostLaunchFailure } from '../../model/events/host.js';
import type { DisruptionAction, NodeClaimLaunched } from '../../model/events/karpenter.js';
import type { Host } from '../../model/host.js';
import type { ActionContext } from './context.js';

/** Karpenter's decisions; the nodes themselves are launched, drained and terminated as hosts. */
export class KarpenterActions {
  constructor(private readonly ctx: ActionContext) {}

  /** A NodeClaim was launched as `host` (the provisioner's, or a consolidation's replacement). */
  nodeClaimLaunched(fields: Omit<NodeClaimLaunched, 'type' | 'time'>): void {
    this.ctx.emit({ type: 'karpenter.nodeclaim-launched', time: this.ctx.now, ...fields });
  }

  /** A launched NodeClaim's node registered (the Node object exists). */
  nodeClaimRegistered(host: Host): void {
    this.ctx.emit({ type: 'karpenter.nodeclaim-registered', time: this.ctx.now, host: host.id, nodePool: host.group });
  }

  /** A NodeClaim's node is Ready (Initialized). */
  nodeClaimInitialized(host: Host): void {
    this.ctx.emit({ type: 'karpenter.nodeclaim-initialized', time: this.ctx.now, host: host.id, nodePool: host.group });
  }

  /** A planned NodeClaim could not launch in `az`, for `reason`. */
  launchFailed(nodePool: string, instanceType: string, az: string, reason: HostLaunchFailure): void {
    this.ctx.emit({ type: 'karpenter.launch-failed', time: this.ctx.now, nodePool, instanceType, az, reason });
  }

  /** The disruption controller acts on a node. */
  disruption(host: Host, action: DisruptionAction): void {
    this.ctx.emit({ type: 'karpenter.disruption', time: this.ctx.now, host: host.id, action });
  }
}
