import { RandomStream } from '../../src/engine/rng.js';
import { Simulation } from '../../src/engine/simulation.js';

export interface MmcParams {
  /** Arrival rate (customers per second). */
  readonly lambda: number;
  /** Service rate of one server (customers per second). */
  readonly mu: number;
  /** Servers. */
  readonly c: number;
  readonly customers: number;
  readonly seed: number | string;
}

export interface MmcResult {
  readonly meanWaitS: number;
  readonly served: number;
  readonly events: number;
}

/**
 * An M/M/c queue on fleetsim's engine: Poisson arrivals, exponential service, c servers, FIFO.
 * The engine clock is integer ms, so delays are rounded to whole ms; with mean gaps of
 * seconds the rounding bias is far below the statistical noise the test allows.
 * Used by the engine-correctness test (against Erlang C) and the engine benchmark.
 */
export function runMmc(p: MmcParams): MmcResult {
  const sim = new Simulation();
  const rng = RandomStream.root(p.seed);
  const arrivals = rng.fork('arrivals');
  const service = rng.fork('service');
  // Waiting customers' arrival times, as a growable ring buffer (no per-customer objects).
  let queue = new Float64Array(1024);
  let head = 0;
  let size = 0;
  let busy = 0;
  let arrived = 0;
  let served = 0;
  let totalWait = 0;
  const meanArrivalMs = 1000 / p.lambda;
  const meanServiceMs = 1000 / p.mu;

  const depart = (): void => {
    served++;
    if (size > 0) {
      const arrivedAt = queue[head]!;
      head = (head + 1) % queue.length;
      size--;
      totalWait += sim.now - arrivedAt;
      sim.after(Math.round(service.exponential(meanServiceMs)), depart);
    } else busy--;
  };
  const arrive = (): void => {
    arrived++;
    if (busy < p.c) {
      busy++;
      sim.after(Math.round(service.exponential(meanServiceMs)), depart);
    } else {
      if (size === queue.length) {
        const bigger = new Float64Array(queue.length * 2);
        for (let i = 0; i < size; i++) bigger[i] = queue[(head + i) % queue.length]!;
        queue = bigger;
        head = 0;
      }
      queue[(head + size) % queue.length] = sim.now;
      size++;
    }
    if (arrived < p.customers) sim.after(Math.round(arrivals.exponential(meanArrivalMs)), arrive);
  };
  sim.after(Math.round(arrivals.exponential(meanArrivalMs)), arrive);
  sim.run();
  return { meanWaitS: totalWait / 1000 / p.customers, served, events: sim.eventsFired };
}

/** Erlang C: mean time in queue Wq for an M/M/c queue (seconds). Requires lambda < c * mu. */
export function erlangCMeanWait(lambda: number, mu: number, c: number): number {
  const a = lambda / mu;
  const rho = a / c;
  let sum = 0;
  let term = 1;
  for (let k = 0; k < c; k++) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  const last = (term * a) / c / (1 - rho);
  const pWait = last / (sum + last);
  return pWait / (c * mu - lambda);
}
