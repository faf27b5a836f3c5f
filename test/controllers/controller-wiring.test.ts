import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/engine/rng.js';
import { Simulation } from '../../src/engine/simulation.js';
import { Trace } from '../../src/engine/trace.js';
import { Actions } from '../../src/controllers/actions/index.js';
import { controllersOf, register, Wiring, type RunContext } from '../../src/controllers/controller.js';
import { ClusterState } from '../../src/model/cluster-state.js';
import type { FleetEvent } from '../../src/model/events/index.js';
import type { SimulationSpec } from '../../src/model/simulation-spec.js';
import { loadSpec } from '../support/scenario-runner.js';

/** A part that records when it is made, started and finished. */
class Part {
  constructor(
    readonly name: string,
    private readonly log: string[],
    readonly uses: unknown = null,
  ) {
    log.push(`made ${name}`);
  }
  start(): void {
    this.log.push(`start ${this.name}`);
  }
  finish(): void {
    this.log.push(`finish ${this.name}`);
  }
}

interface Parts {
  a: Part;
  b: Part;
  c: Part;
  many: Part[];
}

function context(spec: SimulationSpec): RunContext {
  const sim = new Simulation();
  const trace = new Trace<FleetEvent>();
  const state = new ClusterState();
  const rng = RandomStream.root('1');
  return { sim, trace, state, spec, actions: new Actions(state, sim, trace), stream: (label) => rng.fork(label) };
}

describe('the run table (src/controllers/controller.ts)', () => {
  const spec = loadSpec('scenarios/quickstart.yaml');

  it('makes rows in table order, skips rows whose `when` is false, and hands earlier parts to later rows', () => {
    const log: string[] = [];
    const wiring = new Wiring<Parts>(context(spec));
    const parts = wiring.build([
      register<Parts, 'a'>('a', () => new Part('a', log)),
      register<Parts, 'b'>('b', () => new Part('b', log), () => false),
      register<Parts, 'c'>('c', (w) => new Part('c', log, w.get('a'))),
      register<Parts, 'many'>('many', () => [new Part('m1', log), new Part('m2', log)]),
    ]);
    expect(log).toEqual(['made a', 'made c', 'made m1', 'made m2']);
    expect(wiring.get('c').uses).toBe(wiring.get('a'));
    expect(wiring.maybe('b')).toBeUndefined();
    expect(parts.flatMap(controllersOf).map((p) => (p as Part).name)).toEqual(['a', 'c', 'm1', 'm2']);
  });

  it('refuses a part used before its row, a skipped part asked for with get, and a name with two rows', () => {
    const log: string[] = [];
    expect(() => new Wiring<Parts>(context(spec)).build([register<Parts, 'c'>('c', (w) => new Part('c', log, w.get('a')))])).toThrow(/'a' is used before its row/);
    expect(() =>
      new Wiring<Parts>(context(spec)).build([register<Parts, 'b'>('b', () => new Part('b', log), () => false), register<Parts, 'c'>('c', (w) => new Part('c', log, w.get('b')))]),
    ).toThrow(/'b' is used before its row \(its row does not apply/);
    expect(() => new Wiring<Parts>(context(spec)).build([register<Parts, 'a'>('a', () => new Part('a', log)), register<Parts, 'a'>('a', () => new Part('a', log))])).toThrow(/'a' has two rows/);
  });

  it('closes a cycle with `later`: the part of a row below is read when used, not when the row above is made', () => {
    const log: string[] = [];
    const wiring = new Wiring<Parts>(context(spec));
    let later: (() => Part) | undefined;
    wiring.build([
      register<Parts, 'a'>('a', (w) => {
        later = w.later('c');
        return new Part('a', log);
      }),
      register<Parts, 'c'>('c', () => new Part('c', log)),
    ]);
    expect(later!()).toBe(wiring.get('c'));
  });
});
