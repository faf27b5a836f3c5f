import { describe, expect, it } from 'vitest';
import { EventLimitExceeded } from '../src/engine/errors.js';
import type { SimulationSpec } from '../src/model/simulation-spec.js';
import { runSimulation } from '../src/run.js';
import { loadScenario } from '../src/scenario/load-scenario.js';

function spec(yaml: string): SimulationSpec {
  const loaded = loadScenario('run.yaml', yaml);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.spec;
}

describe('runSimulation (the composition root)', () => {
  it('stops a runaway run with an error that names the seed to replay it with, in both stepping modes', () => {
    const runaway = spec('name: runaway\nduration: 1d\nsampleInterval: 1ms\nmaxEvents: 5000\ncluster:\n  platform: ecs\n');
    for (const afterEachEvent of [undefined, () => undefined]) {
      let error: unknown;
      try {
        runSimulation(runaway, { seed: 'replay-42', afterEachEvent });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(EventLimitExceeded);
      expect(error).toMatchObject({ limit: 5000, seed: 'replay-42' });
      expect((error as Error).message).toMatch(/^event limit of 5,000 events reached at simulated time \d+ ms \(event #\d+, seed replay-42\); /);
    }
  });
});
