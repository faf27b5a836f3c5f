import type { RandomStream } from '../../engine/rng.js';
import { Priority, type Simulation } from '../../engine/simulation.js';
import { toMillis } from '../../engine/time.js';
import type { Trace } from '../../engine/trace.js';
import type { Host } from '../../model/host.js';
import type { Eni } from '../../model/network/node-ipam.js';
import type { EksTimingParams } from '../../model/params/eks-timing.js';
import type { FleetEvent } from '../../model/events/index.js';
import type { Actions } from '../actions/index.js';

/**
 * ipamd on every EKS node: keeps each node's address pool at its warm targets by attaching
 * ENIs and assigning addresses (EC2 calls with latency), and gives surplus back. One EC2 call
 * per node at a time, as ipamd's reconcile loop does. A node whose pool wants to grow but whose
 * subnet is out of addresses retries every reconcile interval (5 s).
 */
export class VpcCni {
  private readonly due = new Set<Host>();
  private readonly inFlight = new Set<Host>();

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly timing: EksTimingParams,
    private readonly rng: RandomStream,
    trace: Trace<FleetEvent>,
  ) {
    trace.subscribe(this.onRecord);
  }

  private readonly onRecord = (r: FleetEvent): void => {
    // Pool usage changed on a node (pod got or gave back an address), or a node came up.
    if ((r.type === 'pod.ip-assigned' || r.type === 'task.stopped' || r.type === 'host.registered') && r.host !== null) {
      const host = this.actions.state.hostsById.get(r.host);
      if (host?.network?.ipam) this.request(host, 0);
    }
  };

  /**
   * Brings every node's pool to its warm target at once, for nodes that exist when the run
   * starts: the scenario's cluster has been up, so ipamd has long finished warming up.
   */
  start(): void {
    for (const host of this.actions.state.hosts) {
      const ipam = host.network?.ipam;
      if (ipam === null || ipam === undefined) continue;
      for (let guard = 0; guard < 64; guard++) {
        const step = ipam.plan();
        if (step.kind === 'attach-eni') {
          const eni = this.actions.network.startEniAttach(host, step.slots);
          if (eni === undefined) break;
          this.actions.network.completeEniOp(host, eni);
        } else if (step.kind === 'assign') {
          if (this.actions.network.startIpAssign(host, step.eni, step.slots) === 0) break;
          this.actions.network.completeEniOp(host, step.eni);
        } else break;
      }
    }
  }

  private request(host: Host, delay: number): void {
    if (this.due.has(host) || this.inFlight.has(host)) return;
    this.due.add(host);
    this.sim.after(delay, this.reconcile, host, Priority.Decision);
  }

  private readonly reconcile = (host: Host): void => {
    this.due.delete(host);
    const ipam = host.network?.ipam;
    if (ipam === null || ipam === undefined || host.status === 'DEREGISTERED') return;
    const step = ipam.plan();
    switch (step.kind) {
      case 'none':
        return;
      case 'attach-eni': {
        const eni = this.actions.network.startEniAttach(host, step.slots);
        if (eni === undefined) return this.request(host, this.timing.ipamdReconcileMs);
        this.inFlight.add(host);
        this.sim.after(this.draw('attach'), this.onCallDone, { host, eni }, Priority.StateChange);
        return;
      }
      case 'assign': {
        const got = this.actions.network.startIpAssign(host, step.eni, step.slots);
        if (got === 0) return this.request(host, this.timing.ipamdReconcileMs);
        this.inFlight.add(host);
        this.sim.after(this.draw('assign'), this.onCallDone, { host, eni: step.eni }, Priority.StateChange);
        return;
      }
      case 'release':
        this.actions.network.shrinkIpPool(host, step.eni, step.slots);
        return this.request(host, 0);
      case 'detach-eni':
        this.actions.network.shrinkIpPool(host, step.eni, 'detach');
        return this.request(host, 0);
    }
  };

  private readonly onCallDone = (data: { host: Host; eni: Eni }): void => {
    this.inFlight.delete(data.host);
    if (data.host.status === 'DEREGISTERED') return;
    this.actions.network.completeEniOp(data.host, data.eni);
    this.request(data.host, 0);
  };

  private draw(kind: 'attach' | 'assign'): number {
    const p = kind === 'attach' ? this.timing.eniAttach : this.timing.ipAssign;
    return toMillis(this.rng.logNormal(p.median, p.sigma));
  }
}
