import type { Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import type { ClusterState } from '../../model/cluster-state.js';
import type { Host } from '../../model/host.js';
import type { FleetEvent } from '../../model/events/index.js';

/**
 * What every actions module works on: the cluster state it changes, the clock it stamps events
 * with, and the trace it emits them to. One instance is shared by the modules of an `Actions`.
 */
export class ActionContext {
  constructor(
    readonly state: ClusterState,
    readonly sim: Simulation,
    readonly trace: Trace<FleetEvent>,
  ) {}

  /** The current simulated time, which every event carries. */
  get now(): number {
    return this.sim.now;
  }

  emit(event: FleetEvent): void {
    this.trace.emit(event);
  }

  /** The host's capacity leaves the cluster totals (it stops being ACTIVE). */
  leaveTotals(host: Host): void {
    const totals = this.state.totals;
    totals.hostsActive--;
    totals.cpu -= host.cpu;
    totals.memoryMiB -= host.memoryMiB;
  }

  /** The host's capacity joins the cluster totals (it becomes ACTIVE). */
  joinTotals(host: Host): void {
    const totals = this.state.totals;
    totals.hostsActive++;
    totals.cpu += host.cpu;
    totals.memoryMiB += host.memoryMiB;
  }
}
