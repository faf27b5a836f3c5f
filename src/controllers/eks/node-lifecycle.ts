import { Priority, type Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import type { Host } from '../../model/host.js';
import type { NodeHealthParams } from '../../model/params/node-health.js';
import type { FleetRecord } from '../../model/trace-record.js';
import type { Actions } from '../actions.js';

/**
 * The node lifecycle controller: a node whose kubelet stops reporting becomes NotReady after the
 * grace period and gets the unreachable NoExecute taint; its pods are evicted when their
 * 300-second toleration runs out, and their ReplicaSets replace them on other nodes.
 */
export class NodeLifecycle {
  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly params: NodeHealthParams,
    trace: Trace<FleetRecord>,
  ) {
    trace.subscribe(this.onRecord);
  }

  private readonly onRecord = (r: FleetRecord): void => {
    if (r.type !== 'host.failed') return;
    const host = this.actions.state.hostsById.get(r.entity);
    if (host !== undefined) this.sim.after(this.params.nodeMonitorGracePeriodMs, this.markNotReady, host, Priority.StateChange);
  };

  private readonly markNotReady = (host: Host): void => {
    if (host.status !== 'UNREACHABLE') return;
    this.actions.taintNode(host, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, 'NodeNotReady: Kubelet stopped posting node status');
    this.sim.after(this.params.notReadyTolerationMs, this.evict, host, Priority.StateChange);
  };

  private readonly evict = (host: Host): void => {
    if (host.status !== 'UNREACHABLE') return;
    for (const pod of [...host.tasks]) {
      this.actions.podEvent(pod, 'TaintManagerEviction', `Marking for deletion Pod ${pod.id}: node ${host.id} unreachable for ${this.params.notReadyTolerationMs / 1000}s`);
      // The kubelet is gone, so nothing runs a graceful stop: the pod is deleted and replaced.
      this.actions.stopTask(pod, 'TerminationNotice', `Evicted: node ${host.id} NotReady (unreachable)`);
    }
  };
}
