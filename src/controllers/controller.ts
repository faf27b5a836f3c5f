import type { RandomStream } from '../engine/rng.js';
import type { Simulation } from '../engine/simulation.js';
import type { Trace } from '../engine/trace.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { FleetEvent } from '../model/events/index.js';
import type { SimulationSpec } from '../model/simulation-spec.js';
import type { Actions } from './actions/index.js';

/**
 * The contract every part of a run keeps with the composition root (src/run.ts), in the manner
 * of controller-runtime's reconcilers: a part is constructed once from the spec and the parts it
 * needs (all through its constructor: no setters, no wiring after construction), schedules
 * nothing while being constructed, and is then started and finished by the run.
 *
 * - `start()`: called once, after every part of the run exists, in the run's table order. It
 *   schedules the part's first events, so table order decides which of two events scheduled for
 *   the same instant and priority band runs first.
 * - `finish()`: called once at the run's final instant (events at the duration itself do not
 *   run), in table order, to close what is still open (a last timeline sample, the last minute
 *   of traffic). The expectations are judged after every part has finished.
 *
 * Parts coordinate through cluster state and trace events; a part that needs another holds it
 * from its constructor. Where two parts need each other (a cycle), the later one is reached
 * through `Wiring.later`, which the table names explicitly.
 */
export interface Controller {
  start?(): void;
  finish?(): void;
}

/** What the run gives every part's constructor. */
export interface RunContext {
  readonly sim: Simulation;
  readonly actions: Actions;
  readonly trace: Trace<FleetEvent>;
  readonly state: ClusterState;
  readonly spec: SimulationSpec;
  /**
   * A named random stream forked from the run's master seed (src/engine/rng.ts). A pure function
   * of (seed, label), so adding a stream never shifts another's draws; forking a label twice is
   * a bug and throws.
   */
  stream(label: string): RandomStream;
}

/**
 * One row of a run's table: the part called `name`, made by `create` when `when` holds for the
 * spec (always when absent). `M` maps every name of the table to the type its row makes.
 */
export interface Registration<M> {
  readonly name: keyof M & string;
  readonly when?: (spec: SimulationSpec) => boolean;
  readonly create: (wiring: Wiring<M>) => unknown;
}

/** A row of the table, typed: `create` must return what `M` says `name` is. */
export function register<M, K extends keyof M & string>(name: K, create: (wiring: Wiring<M>) => M[K], when?: (spec: SimulationSpec) => boolean): Registration<M> {
  return when === undefined ? { name, create } : { name, create, when };
}

/**
 * What a row's `create` sees: the run's context and the parts made by the rows above it.
 * Asking for a part a row below makes, or one its `when` left out, is a bug in the table and
 * throws at once (a run never starts half-wired).
 */
export class Wiring<M> implements RunContext {
  private readonly built = new Map<keyof M, unknown>();
  private readonly skipped = new Set<keyof M>();

  constructor(private readonly context: RunContext) {}

  get sim(): Simulation {
    return this.context.sim;
  }
  get actions(): Actions {
    return this.context.actions;
  }
  get trace(): Trace<FleetEvent> {
    return this.context.trace;
  }
  get state(): ClusterState {
    return this.context.state;
  }
  get spec(): SimulationSpec {
    return this.context.spec;
  }
  stream(label: string): RandomStream {
    return this.context.stream(label);
  }

  /** The part a row above made. */
  get<K extends keyof M>(name: K): M[K] {
    if (!this.built.has(name)) throw new Error(`run table: '${String(name)}' is used before its row${this.skipped.has(name) ? ' (its row does not apply to this scenario)' : ''}`);
    return this.built.get(name) as M[K];
  }

  /** The part a row above made, or undefined when its row does not apply to this scenario. */
  maybe<K extends keyof M>(name: K): M[K] | undefined {
    if (this.skipped.has(name)) return undefined;
    return this.get(name);
  }

  /**
   * The part a row below makes, read when used rather than now: the one way to close a cycle
   * between two parts. The returned function throws if called before that row has run.
   */
  later<K extends keyof M>(name: K): () => M[K] {
    return () => this.get(name);
  }

  /** Runs the table's rows in order; returns the parts made, in table order. */
  build(table: readonly Registration<M>[]): unknown[] {
    const parts: unknown[] = [];
    for (const row of table) {
      if (this.built.has(row.name) || this.skipped.has(row.name)) throw new Error(`run table: '${row.name}' has two rows`);
      if (row.when !== undefined && !row.when(this.context.spec)) {
        this.skipped.add(row.name);
        continue;
      }
      const part = row.create(this);
      this.built.set(row.name, part);
      parts.push(part);
    }
    return parts;
  }
}

/** A part's controllers: itself, or each of a list of them (one autoscaler per service). */
export function controllersOf(part: unknown): Controller[] {
  if (Array.isArray(part)) return part as Controller[];
  return typeof part === 'object' && part !== null ? [part as Controller] : [];
}
