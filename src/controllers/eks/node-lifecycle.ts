import { Priority, type Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import type { Host } from '../../model/host.js';
import type { NodeHealthParams } from '../../model/params/node-health.js';
import type { FleetRecord } from '../../model/trace-record.js';
import type { Actions } from '../actions.js';
import type { HealthMonitor } from '../health-monitor.js';

const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';

/**
 * The node lifecycle controller: a node whose kubelet stops reporting becomes NotReady after the
 * grace period and gets the unreachable NoExecute taint; its pods are evicted when their
 * 300-second toleration runs out, and their ReplicaSets replace them on other nodes. At NotReady
 * it also marks the node's pods not Ready, which takes them out of their Services' endpoints. A
 * node whose kubelet reconnects first (a partition that heals: `node.reconnected`) is Ready
 * again, loses the taint and keeps its pods, which are Ready again.
 */
export class NodeLifecycle {
  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly params: NodeHealthParams,
    trace: Trace<FleetRecord>,
    private readonly health: Pick<HealthMonitor, 'readyAgain'>,
  ) {
    trace.subscribe(this.onRecord);
  }

  /**
   * Per node, the number of its current loss of contact: a timer from an earlier one (the node
   * reconnected, then lost contact again) must not act on the new one.
   */
  private readonly episodes = new Map<Host, number>();

  private readonly onRecord = (r: FleetRecord): void => {
    if (r.type === 'node.reconnected') {
      // The kubelet posts Ready again: the controller removes the NoExecute taint and the pods stay.
      const host = this.actions.state.hostsById.get(r.entity);
      if (host === undefined) return;
      this.actions.untaintNode(host, UNREACHABLE_TAINT, 'NodeReady: kubelet is posting ready status');
      // The kubelet reports its pods' readiness again.
      for (const pod of host.tasks) this.health.readyAgain(pod);
      return;
    }
    // host.failed: the instance is gone; node.partitioned: it runs on but its kubelet cannot
    // reach the API server. The controller sees the same thing: no status updates.
    if (r.type !== 'host.failed' && r.type !== 'node.partitioned') return;
    const host = this.actions.state.hostsById.get(r.entity);
    if (host === undefined) return;
    const episode = (this.episodes.get(host) ?? 0) + 1;
    this.episodes.set(host, episode);
    this.sim.after(this.params.nodeMonitorGracePeriodMs, this.markNotReady, { host, episode }, Priority.StateChange);
  };

  private current(e: { host: Host; episode: number }): boolean {
    return e.host.status === 'UNREACHABLE' && this.episodes.get(e.host) === e.episode;
  }

  private readonly markNotReady = (e: { host: Host; episode: number }): void => {
    if (!this.current(e)) return;
    this.actions.taintNode(e.host, { key: UNREACHABLE_TAINT, effect: 'NoExecute' }, 'NodeNotReady: Kubelet stopped posting node status');
    // The controller also marks the node's pods not Ready (MarkPodsNotReady): they leave their
    // Services' endpoints, and so their target groups, until the node is Ready again.
    for (const pod of e.host.tasks) {
      if (pod.status === 'RUNNING' && pod.healthyAt !== null) this.actions.markUnhealthy(pod, 'health', `NotReady: node ${e.host.id} is NotReady, so its pods are not Ready`);
    }
    this.sim.after(this.params.notReadyTolerationMs, this.evict, e, Priority.StateChange);
  };

  private readonly evict = (e: { host: Host; episode: number }): void => {
    if (!this.current(e)) return;
    const host = e.host;
    for (const pod of [...host.tasks]) {
      this.actions.podEvent(pod, 'TaintManagerEviction', `Marking for deletion Pod ${pod.id}: node ${host.id} unreachable for ${this.params.notReadyTolerationMs / 1000}s`);
      // The kubelet is gone, so nothing runs a graceful stop: the pod is deleted and replaced.
      this.actions.stopTask(pod, 'TerminationNotice', `Evicted: node ${host.id} NotReady (unreachable)`);
    }
  };
}
