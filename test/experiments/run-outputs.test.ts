import { describe, expect, it } from 'vitest';
import { produceRunOutputs, startRunOutputs, type RunOutputFile } from '../../src/experiments/run-outputs.js';
import { StringSink } from '../../src/report/text-sink.js';
import { loadSpec } from '../support/scenario-runner.js';

/** Every output file of one run, as text. */
function outputs(run: (open: (name: RunOutputFile) => StringSink) => void): Record<string, string> {
  const sinks: Record<string, StringSink> = {};
  run((name) => (sinks[name] = new StringSink()));
  return Object.fromEntries(Object.entries(sinks).map(([name, sink]) => [name, sink.toString()]));
}

describe('a run advanced in slices (how fleetsim run answers Ctrl-C and draws progress)', () => {
  it.each([
    ['scenarios/quickstart.yaml', 1],
    ['scenarios/load/diurnal-hpa.yaml', 97],
    ['scenarios/war-stories/eks-ip-exhaustion.yaml', 1_000],
  ])('%s in slices of %i events writes the same bytes as one call', (file, slice) => {
    const spec = loadSpec(file);
    const whole = outputs((open) => produceRunOutputs(spec, {}, open));
    let slices = 0;
    const sliced = outputs((open) => {
      const started = startRunOutputs(spec, {}, open);
      while (!started.run.advance(slice)) slices++;
      expect(started.run.now).toBe(spec.durationMs);
      started.finish();
    });
    expect(slices).toBeGreaterThan(3);
    expect(Object.keys(sliced).sort()).toEqual(Object.keys(whole).sort());
    for (const name of Object.keys(whole)) expect(sliced[name], name).toBe(whole[name]);
  });

  it('finishReport then finish (the CLI hands the report over in between) writes the same bytes, the report first', () => {
    const spec = loadSpec('scenarios/quickstart.yaml');
    const whole = outputs((open) => produceRunOutputs(spec, {}, open));
    const order: string[] = [];
    const twoSteps = outputs((open) => {
      const started = startRunOutputs(spec, {}, (name) => {
        order.push(name);
        return open(name);
      });
      started.run.advance();
      const report = started.finishReport();
      expect(report).not.toBeNull();
      expect(() => started.finishReport()).toThrow('called twice');
      expect(started.finish().report).toBe(report);
    });
    for (const name of Object.keys(whole)) expect(twoSteps[name], name).toBe(whole[name]);
    // Opened in the order the CLI lists the files.
    expect(order).toEqual(['events.csv', 'tasks.csv', 'timeline.csv', 'metrics.csv', 'summary.json', 'scaling.csv', 'cost.csv', 'report.json']);
  });
});
