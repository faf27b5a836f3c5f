import type { Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import type { ClusterState } from '../../model/cluster-state.js';
import type { Host } from '../../model/host.js';
import type { FleetRecord } from '../../model/trace-record.js';

/**
 * What every actions module works on: the cluster state it changes, the clock it stamps records
 * with, and the trace it emits them to. One instance is shared by the modules of an `Actions`.
 */
export class ActionContext {
  constructor(
    readonly state: ClusterState,
    readonly sim: Simulation,
    readonly trace: Trace<FleetRecord>,
  ) {}

  emit(type: string, entity: string, detail: string, extra: Partial<FleetRecord>): void {
    this.trace.emit({ time: this.sim.now, type, entity, detail, ...extra });
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
