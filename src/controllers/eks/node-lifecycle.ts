import { Priority, type Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import type { Host, Taint } from '../../model/host.js';
import type { Task } from '../../model/task.js';
import { toleratesTaint } from '../../policy/kube/selectors.js';
import type { NodeHealthParams } from '../../model/params/node-health.js';
import type { FleetEvent } from '../../model/events/index.js';
import type { Actions } from '../actions/index.js';
import type { HealthMonitor } from '../health-monitor.js';

const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
const UNREACHABLE: Taint = { key: UNREACHABLE_TAINT, effect: 'NoExecute' };

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
    trace: Trace<FleetEvent>,
    private readonly health: Pick<HealthMonitor, 'readyAgain'>,
  ) {
    trace.subscribe(this.onRecord);
  }

  /**
   * Per node, the number of its current loss of contact: a timer from an earlier one (the node
   * reconnected, then lost contact again) must not act on the new one.
   */
  private readonly episodes = new Map<Host, number>();

  private readonly onRecord = (r: FleetEvent): void => {
    if (r.type === 'node.reconnected') {
      // The kubelet posts Ready again: the controller removes the NoExecute taint and the pods stay.
      const host = this.actions.state.hostsById.get(r.host);
      if (host === undefined) return;
      this.actions.nodes.untaint(host, UNREACHABLE_TAINT);
      // The kubelet reports its pods' readiness again.
      for (const pod of host.tasks) this.health.readyAgain(pod);
      return;
    }
    // host.failed: the instance is gone; node.partitioned: it runs on but its kubelet cannot
    // reach the API server. The controller sees the same thing: no status updates.
    if (r.type !== 'host.failed' && r.type !== 'node.partitioned') return;
    const host = this.actions.state.hostsById.get(r.host);
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
    this.actions.nodes.taint(e.host, UNREACHABLE);
    // The controller also marks the node's pods not Ready (MarkPodsNotReady): they leave their
    // Services' endpoints, and so their target groups, until the node is Ready again.
    for (const pod of e.host.tasks) {
      if (pod.status === 'RUNNING' && pod.healthyAt !== null) this.actions.tasks.markUnhealthy(pod, { code: 'NODE_NOT_READY', host: e.host.id });
    }
    // Each pod is evicted when its toleration of the unreachable taint runs out.
    const delays = new Set<number>();
    for (const pod of e.host.tasks) delays.add(this.tolerationMs(pod));
    for (const delay of delays) if (Number.isFinite(delay)) this.sim.after(delay, this.evict, { ...e, delay }, Priority.StateChange);
  };

  /**
   * How long a pod stays on an unreachable node: its own toleration of the unreachable NoExecute
   * taint (the smallest tolerationSeconds of those that match; none: for ever), else the 300 s
   * that the DefaultTolerationSeconds admission plugin adds to pods without one.
   */
  private tolerationMs(pod: Task): number {
    let ms = Number.NaN;
    for (const t of pod.service.podScheduling.tolerations ?? []) {
      if (!toleratesTaint(t, UNREACHABLE)) continue;
      const own = t.tolerationSeconds === undefined ? Number.POSITIVE_INFINITY : Math.max(0, t.tolerationSeconds) * 1000;
      ms = Number.isNaN(ms) ? own : Math.min(ms, own);
    }
    return Number.isNaN(ms) ? this.params.notReadyTolerationMs : ms;
  }

  private readonly evict = (e: { host: Host; episode: number; delay: number }): void => {
    if (!this.current(e)) return;
    const host = e.host;
    for (const pod of [...host.tasks]) {
      if (this.tolerationMs(pod) !== e.delay) continue;
      this.actions.pods.event(pod, { reason: 'TaintManagerEviction', host: host.id, tolerationMs: e.delay });
      // A StatefulSet pod stays Terminating: no kubelet confirms its end, and the StatefulSet
      // creates the pod of that name again only once the object is gone, which takes the Node's
      // deletion (its instance terminated) or a force delete (Kubernetes docs, "Non-graceful node
      // shutdown handling"; docs/models.md, "Volumes").
      if (pod.service.statefulSet !== undefined) {
        if (pod.status !== 'STOPPING') this.actions.tasks.beginStop(pod, { code: 'EVICTED_NODE_UNREACHABLE', host: host.id });
        continue;
      }
      // The kubelet is gone, so nothing runs a graceful stop: the pod is deleted and replaced.
      this.actions.tasks.stop(pod, 'TerminationNotice', { code: 'EVICTED_NODE_UNREACHABLE', host: host.id });
    }
  };
}
