import seedrandom from 'seedrandom';
import { DuplicateStreamError } from './errors.js';

/**
 * Named, seeded random streams. Every random draw in fleetsim goes through one of these.
 *
 * `fork(label)` derives a child stream whose seed is a pure function of (master seed, label
 * path), never of how many draws other streams made. So adding a stream, or drawing more from
 * one, never shifts another stream's numbers, and a run is reproducible from its seed alone.
 * The generator is seedrandom's Alea: fast, 32-bit state, well distributed for simulation use.
 */
export class RandomStream {
  private readonly next: () => number;
  /** Labels already forked from this stream (made on the first fork). */
  private forked: Set<string> | null = null;

  private constructor(
    /** The master seed shared by the whole run. */
    readonly seed: string,
    /** Slash-separated label path from the root, e.g. `ecs/api/startup`. */
    readonly label: string,
  ) {
    this.next = seedrandom.alea(`${seed}\u0000${label}`);
  }

  /** The root stream of a run. Draw from forks, not from the root, so streams stay independent. */
  static root(seed: number | string): RandomStream {
    return new RandomStream(String(seed), '');
  }

  /**
   * A child stream; the same (seed, path) always yields the same sequence. Each label may be
   * forked once per parent: a second fork would replay the first one's draws, so it throws
   * `DuplicateStreamError` naming the label.
   */
  fork(label: string): RandomStream {
    if (label.length === 0) throw new Error('a random stream needs a non-empty label');
    const path = this.label === '' ? label : `${this.label}/${label}`;
    this.forked ??= new Set();
    if (this.forked.has(label)) throw new DuplicateStreamError(path, this.seed);
    this.forked.add(label);
    return new RandomStream(this.seed, path);
  }

  /** Uniform in [0, 1). */
  random(): number {
    return this.next();
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Exponential with the given mean (inter-arrival times of a Poisson process). */
  exponential(mean: number): number {
    // 1 - u is in (0, 1], so the logarithm is finite.
    return -mean * Math.log(1 - this.next());
  }

  /** Normal via Box-Muller (no cached second value, so the draw count per call is fixed at 2). */
  normal(mean: number, stdDev: number): number {
    const u1 = 1 - this.next();
    const u2 = this.next();
    return mean + stdDev * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * Log-normal given its median and the log-space standard deviation sigma. Latencies of real
   * systems (boot times, pulls) are right-skewed: most near the median, a long tail.
   */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal(0, 1));
  }

  /** Triangular on [min, max] with the given mode: a bounded latency with a most-likely value. */
  triangular(min: number, mode: number, max: number): number {
    const u = this.next();
    if (max <= min) return min;
    const c = (mode - min) / (max - min);
    return u < c ? min + Math.sqrt(u * (max - min) * (mode - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
  }

  /**
   * `n` of the items (all of them when there are fewer), chosen uniformly without replacement, in
   * the order drawn: a partial Fisher-Yates shuffle of a copy, one draw per item chosen.
   */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    const k = Math.min(n, copy.length);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const t = copy[i]!;
      copy[i] = copy[j]!;
      copy[j] = t;
    }
    copy.length = k;
    return copy;
  }

  /** One element, uniformly. The array must not be empty. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }
}
