import type { Host, NodeAgent, Taint } from '../../model/host.js';
import type { ActionContext } from './context.js';

/** Kubernetes node conditions: taints, and the kubelet losing and regaining the control plane. */
export class NodeActions {
  constructor(private readonly ctx: ActionContext) {}

  /** The node lifecycle controller taints a node whose kubelet stopped posting status (NodeNotReady). */
  taint(host: Host, taint: Taint): void {
    host.taints = [...host.taints, taint];
    this.ctx.emit({ type: 'node.tainted', time: this.ctx.now, host: host.id, key: taint.key, effect: taint.effect, condition: 'NodeNotReady' });
  }

  /** The kubelet posts Ready again: the taint (by key) goes; no event when the node has none. */
  untaint(host: Host, key: string): void {
    if (!host.taints.some((t) => t.key === key)) return;
    host.taints = host.taints.filter((t) => t.key !== key);
    this.ctx.emit({ type: 'node.untainted', time: this.ctx.now, host: host.id, key, condition: 'NodeReady' });
  }

  /**
   * The kubelet (or the ECS container agent) loses contact with the control plane while the
   * instance keeps running (a network partition): the node stops reporting, as after a failure,
   * but its tasks run on and EC2 status checks pass, so Auto Scaling does not replace it. Only an
   * ACTIVE node can be partitioned.
   */
  partition(host: Host, agent: NodeAgent): void {
    if (host.status !== 'ACTIVE') throw new Error(`${host.id} cannot be partitioned from ${host.status}`);
    this.ctx.leaveTotals(host);
    host.status = 'UNREACHABLE';
    host.partitioned = true;
    this.ctx.emit({ type: 'node.partitioned', time: this.ctx.now, host: host.id, az: host.az, agent });
  }

  /** The partition ends: the agent reports again and the node is ACTIVE (Ready) with its pods or tasks. */
  reconnect(host: Host, agent: NodeAgent): void {
    if (host.status !== 'UNREACHABLE' || !host.partitioned) throw new Error(`${host.id} cannot reconnect from ${host.status}`);
    host.status = 'ACTIVE';
    host.partitioned = false;
    this.ctx.joinTotals(host);
    this.ctx.emit({ type: 'node.reconnected', time: this.ctx.now, host: host.id, az: host.az, agent });
  }
}
