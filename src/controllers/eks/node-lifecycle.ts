import { Priority, type Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import type { Host, Taint } from '../../model/host.js';
import type { Task } from '../../model/task.js';
import { toleratesTaint } from '../../policy/kube/selectors.js';
import { UNREACHABLE_NO_SCHEDULE_TAINT } from '../../policy/kube/plugins/taint-toleration.js';
import type { NodeHealthParams } from '../../model/params/node-health.js';
import { nextMonitorPass, nodeNotReadyAt } from '../../model/node-heartbeat.js';
import type { FleetEvent } from '../../model/events/index.js';
import type { Actions } from '../actions/index.js';
import type { HealthMonitor } from '../health-monitor.js';

const UNREACHABLE_TAINT = UNREACHABLE_NO_SCHEDULE_TAINT.key;
const UNREACHABLE: Taint = { key: UNREACHABLE_TAINT, effect: 'NoExecute' };

/**
 * The node lifecycle controller: a node whose kubelet stops renewing its Lease (its instance
 * failed, or the kubelet lost the API server) becomes NotReady at the controller's first pass
 * after the grace period (src/model/node-heartbeat.ts: 40-55 s after the kubelet went silent) and
 * gets the unreachable NoSchedule and NoExecute taints. Until then the node looks Ready and
 * kube-scheduler keeps binding pods to it; they never start (no kubelet sees them). Its pods,
 * those too, are evicted when their 300-second toleration runs out (the taint manager acts on
 * the taint's informer event, so the toleration counts from the taint), and their ReplicaSets
 * replace them on other nodes. At NotReady it also marks the node's pods not Ready, which takes
 * them out of their Services' endpoints. A node whose kubelet reconnects (a partition that
 * heals: `node.reconnected`) renews its Lease at once; the controller's next pass sees it Ready
 * again, removes the taints, and the pods stay and are Ready again. A failed instance's Node
 * stays until the instance is terminated (Auto Scaling's status-check replacement), when its
 * pods go with it.
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
  /** When each node registered: its kubelet renews the Lease on multiples of the interval since. */
  private readonly registeredAt = new Map<Host, number>();

  private readonly onRecord = (r: FleetEvent): void => {
    if (r.type === 'host.registered') {
      const host = this.actions.state.hostsById.get(r.host);
      if (host !== undefined) this.registeredAt.set(host, r.time);
      return;
    }
    if (r.type === 'host.terminated') {
      const host = this.actions.state.hostsById.get(r.host);
      if (host !== undefined) {
        this.registeredAt.delete(host);
        // Its timers check the episode: with none, they do nothing.
        this.episodes.delete(host);
      }
      return;
    }
    if (r.type === 'node.reconnected') {
      // The kubelet renews its Lease again; the controller's next pass sees the node Ready.
      const host = this.actions.state.hostsById.get(r.host);
      if (host === undefined) return;
      this.sim.at(nextMonitorPass(r.time, this.params), this.markReady, { host, episode: this.episodes.get(host) ?? 0 }, Priority.StateChange);
      return;
    }
    // host.failed: the instance is gone; node.partitioned: it runs on but its kubelet cannot
    // reach the API server. The controller sees the same thing: no status updates.
    if (r.type !== 'host.failed' && r.type !== 'node.partitioned') return;
    const host = this.actions.state.hostsById.get(r.host);
    if (host === undefined) return;
    const episode = (this.episodes.get(host) ?? 0) + 1;
    this.episodes.set(host, episode);
    const registeredAt = this.registeredAt.get(host) ?? host.launchedAt;
    this.sim.at(nodeNotReadyAt(r.time, registeredAt, this.params), this.markNotReady, { host, episode }, Priority.StateChange);
  };

  /** The controller's pass after a reconnection: the NoExecute taint goes and the pods stay. */
  private readonly markReady = (e: { host: Host; episode: number }): void => {
    // Silent again since (a new episode), or gone: the later episode's timers decide.
    if ((e.host.status !== 'ACTIVE' && e.host.status !== 'DRAINING') || this.episodes.get(e.host) !== e.episode) return;
    this.actions.nodes.untaint(e.host, UNREACHABLE_TAINT);
    // The kubelet reports its pods' readiness again.
    for (const pod of e.host.tasks) this.health.readyAgain(pod);
  };

  private current(e: { host: Host; episode: number }): boolean {
    return e.host.status === 'UNREACHABLE' && this.episodes.get(e.host) === e.episode;
  }

  private readonly markNotReady = (e: { host: Host; episode: number }): void => {
    if (!this.current(e)) return;
    // Until now kube-scheduler saw a Ready node and may have bound pods to it (they wait unseen:
    // src/model/node-heartbeat.ts, nodeSchedulingCondition). The NoSchedule taint
    // (TaintNodesByCondition) keeps new pods off; the NoExecute one starts the evictions.
    this.actions.nodes.taint(e.host, UNREACHABLE_NO_SCHEDULE_TAINT);
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
