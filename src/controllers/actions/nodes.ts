import type { Host, Taint } from '../../model/host.js';
import type { ActionContext } from './context.js';

/** Kubernetes node conditions: taints, and the kubelet losing and regaining the control plane. */
export class NodeActions {
  constructor(private readonly ctx: ActionContext) {}

  /** Adds a Kubernetes taint to a node. */
  taint(host: Host, taint: Taint, detail: string): void {
    host.taints = [...host.taints, taint];
    this.ctx.emit('node.tainted', host.id, `${taint.key}:${taint.effect}: ${detail}`, { host: host.id });
  }

  /** Removes a Kubernetes taint (by key) from a node; no record when the node has none. */
  untaint(host: Host, key: string, detail: string): void {
    if (!host.taints.some((t) => t.key === key)) return;
    host.taints = host.taints.filter((t) => t.key !== key);
    this.ctx.emit('node.untainted', host.id, `${key}: ${detail}`, { host: host.id });
  }

  /**
   * The kubelet loses contact with the control plane while the instance keeps running (a
   * network partition): the node stops reporting, as after a failure, but EC2 status checks
   * pass, so Auto Scaling does not replace it. Only an ACTIVE node can be partitioned.
   */
  partition(host: Host, reason: string): void {
    if (host.status !== 'ACTIVE') throw new Error(`${host.id} cannot be partitioned from ${host.status}`);
    this.ctx.leaveTotals(host);
    host.status = 'UNREACHABLE';
    this.ctx.emit('node.partitioned', host.id, reason, { host: host.id, az: host.az });
  }

  /** The partition ends: the kubelet reports again and the node is ACTIVE (Ready) with its pods. */
  reconnect(host: Host, reason: string): void {
    if (host.status !== 'UNREACHABLE') throw new Error(`${host.id} cannot reconnect from ${host.status}`);
    host.status = 'ACTIVE';
    this.ctx.joinTotals(host);
    this.ctx.emit('node.reconnected', host.id, reason, { host: host.id, az: host.az });
  }
}
