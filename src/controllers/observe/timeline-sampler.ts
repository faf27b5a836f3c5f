import type { Simulation } from '../../engine/simulation.js';
import type { ClusterView } from '../../model/cluster-state.js';
import { sharesToVcpu } from '../../model/resources.js';
import type { ServiceSample, TimelineSample } from '../../model/events/observation.js';
import type { Actions } from '../actions/index.js';

/**
 * Samples cluster and service counts every interval (Observation band, so it sees the settled
 * state of each instant) and emits them as `timeline.sampled` events for timeline.csv.
 */
export class TimelineSampler {
  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.sim.every(this.intervalMs, this.sample, { start: 0 });
  }

  /** The run's final instant: a last row. */
  finish(): void {
    this.sample();
  }

  private readonly sample = (): void => {
    this.actions.observations.timelineSampled(takeSample(this.actions.state));
  };
}

/** O(services + subnets): cluster sums come from the state's running totals, not a scan over hosts. */
export function takeSample(view: ClusterView): TimelineSample {
  const t = view.totals;
  const services: ServiceSample[] = [];
  for (const s of view.services.values()) {
    const c = s.counts;
    services.push({ name: s.name, desired: s.desiredCount, unplaced: c.UNPLACED, pending: c.PROVISIONING + c.PENDING, running: c.RUNNING });
  }
  const subnets = view.vpc.subnets.map((s) => ({ id: s.id, free: s.pool.freeCount, allocated: s.pool.allocatedCount, freePrefixes: s.pool.freePrefixCount }));
  return {
    subnets,
    hostsActive: t.hostsActive,
    cpuCapacityVcpu: sharesToVcpu(t.cpu),
    cpuAllocatedVcpu: sharesToVcpu(t.allocatedCpu),
    memoryCapacityMiB: t.memoryMiB,
    memoryAllocatedMiB: t.allocatedMemoryMiB,
    services,
  };
}
