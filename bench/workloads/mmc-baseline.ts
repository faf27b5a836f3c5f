import { RandomStream } from '../../src/engine/rng.js';
import type { MmcParams, MmcResult } from './mmc-queue.js';

/**
 * The same M/M/c workload as mmc-queue.ts on a hand-written event loop: a binary heap over
 * parallel typed arrays (time, sequence, kind), no objects, no closures, no cancellation. This
 * is the practical speed limit the engine benchmark compares fleetsim's engine against.
 */
export function runMmcBaseline(p: MmcParams): MmcResult {
  const rng = RandomStream.root(p.seed);
  const arrivals = rng.fork('arrivals');
  const service = rng.fork('service');
  let cap = 1024;
  let times = new Float64Array(cap);
  let seqs = new Float64Array(cap);
  let kinds = new Uint8Array(cap);
  let n = 0;
  let seq = 0;
  const ARRIVE = 0;
  const DEPART = 1;
  const less = (i: number, j: number): boolean => times[i]! < times[j]! || (times[i] === times[j] && seqs[i]! < seqs[j]!);
  const swap = (i: number, j: number): void => {
    const t = times[i]!;
    times[i] = times[j]!;
    times[j] = t;
    const s = seqs[i]!;
    seqs[i] = seqs[j]!;
    seqs[j] = s;
    const k = kinds[i]!;
    kinds[i] = kinds[j]!;
    kinds[j] = k;
  };
  const push = (time: number, kind: number): void => {
    if (n === cap) {
      cap *= 2;
      const t = new Float64Array(cap);
      t.set(times);
      times = t;
      const s = new Float64Array(cap);
      s.set(seqs);
      seqs = s;
      const k = new Uint8Array(cap);
      k.set(kinds);
      kinds = k;
    }
    let i = n++;
    times[i] = time;
    seqs[i] = seq++;
    kinds[i] = kind;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(i, parent)) break;
      swap(i, parent);
      i = parent;
    }
  };
  const pop = (): void => {
    n--;
    if (n > 0) {
      times[0] = times[n]!;
      seqs[0] = seqs[n]!;
      kinds[0] = kinds[n]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < n && less(l, m)) m = l;
        if (r < n && less(r, m)) m = r;
        if (m === i) break;
        swap(i, m);
        i = m;
      }
    }
  };

  const queue: number[] = [];
  let qHead = 0;
  let busy = 0;
  let arrived = 0;
  let served = 0;
  let totalWait = 0;
  let events = 0;
  const meanArrivalMs = 1000 / p.lambda;
  const meanServiceMs = 1000 / p.mu;
  push(Math.round(arrivals.exponential(meanArrivalMs)), ARRIVE);
  while (n > 0) {
    const now = times[0]!;
    const kind = kinds[0]!;
    pop();
    events++;
    if (kind === ARRIVE) {
      arrived++;
      if (busy < p.c) {
        busy++;
        push(now + Math.round(service.exponential(meanServiceMs)), DEPART);
      } else queue.push(now);
      if (arrived < p.customers) push(now + Math.round(arrivals.exponential(meanArrivalMs)), ARRIVE);
    } else {
      served++;
      if (qHead < queue.length) {
        totalWait += now - queue[qHead++]!;
        push(now + Math.round(service.exponential(meanServiceMs)), DEPART);
      } else busy--;
    }
  }
  return { meanWaitS: totalWait / 1000 / p.customers, served, events };
}
