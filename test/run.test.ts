import { describe, expect, it, vi } from 'vitest';
import { EventLimitExceeded } from '../src/engine/errors.js';
import type { SimulationSpec } from '../src/model/simulation-spec.js';
import type { KubeSchedulerPolicyOptions } from '../src/policy/kube/kube-scheduler-policy.js';
import { runSimulation } from '../src/run.js';
import { loadScenario } from '../src/scenario/load-scenario.js';
import { oneAzEksCluster } from './support/scenario-runner.js';

/** The options every KubeSchedulerPolicy of this file was built with, in order. */
const policyOptions = vi.hoisted(() => [] as (KubeSchedulerPolicyOptions | undefined)[]);

vi.mock('../src/policy/kube/kube-scheduler-policy.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/policy/kube/kube-scheduler-policy.js')>();
  class RecordingPolicy extends original.KubeSchedulerPolicy {
    constructor(...args: ConstructorParameters<typeof original.KubeSchedulerPolicy>) {
      super(...args);
      policyOptions.push(args[3]);
    }
  }
  return { ...original, KubeSchedulerPolicy: RecordingPolicy };
});

function spec(yaml: string): SimulationSpec {
  const loaded = loadScenario('run.yaml', yaml);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.spec;
}

const EKS = `name: eks
duration: 2m
${oneAzEksCluster(2)}
workloads:
  - kind: Deployment
    name: web
    replicas: 4
    containers: [{ name: web, image: web:1, imageSize: 100MB, resources: { requests: { cpu: 100m, memory: 64Mi } } }]
`;

describe('runSimulation (the composition root)', () => {
  it('turns the kube-scheduler score range check on exactly when invariants are checked after every event', () => {
    const eks = spec(EKS);
    policyOptions.length = 0;
    const checked = runSimulation(eks, { afterEachEvent: () => undefined });
    const plain = runSimulation(eks);
    expect(policyOptions.map((o) => o?.checkScores)).toEqual([true, false]);
    // Checking changes nothing the run does.
    expect(checked.events).toBe(plain.events);
    expect(checked.state.services.get('web')!.counts).toEqual(plain.state.services.get('web')!.counts);
  });

  it('stops a runaway run with an error that names the seed to replay it with, in both stepping modes', () => {
    // A sample a second for a day (86,401 rows, within the timeline's limit) cannot fit in 5,000 events.
    const runaway = spec('name: runaway\nduration: 1d\nsampleInterval: 1s\nmaxEvents: 5000\ncluster:\n  platform: ecs\n');
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
