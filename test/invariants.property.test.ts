import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getInstanceType } from '../src/model/catalog/instance-types.js';
import { serviceSpec, type SimulationSpec } from '../src/model/simulation-spec.js';
import { runChecked } from './support/scenario-runner.js';
import { ecsClusterSpec } from './support/spec-builder.js';

/** A random ECS-on-EC2 scenario: a few groups, services of random sizes, random scale events. */
const specArbitrary = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    groups: fc.array(fc.record({ type: fc.constantFrom('t3.medium', 'm5.large', 'c5.xlarge', 'r5.large'), n: fc.integer({ min: 0, max: 4 }) }), { minLength: 1, maxLength: 3 }),
    services: fc.array(
      fc.record({
        cpu: fc.constantFrom(128, 256, 512, 1024, 2048),
        memory: fc.constantFrom(128, 512, 1024, 3072),
        desired: fc.integer({ min: 0, max: 30 }),
        image: fc.constantFrom('a:1', 'b:1', 'c:1'),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    events: fc.array(fc.record({ at: fc.integer({ min: 0, max: 600 }), service: fc.nat(), desired: fc.integer({ min: 0, max: 40 }) }), { maxLength: 6 }),
  })
  .map((r): SimulationSpec => {
    const services = r.services.map((s, i) =>
      serviceSpec({
        name: `svc${i}`,
        kind: 'ecs-service',
        desiredCount: s.desired,
      taskDefinition: {
        family: `svc${i}`,
        revision: 1,
        cpu: s.cpu * 1000,
        memoryMiB: s.memory,
        networkMode: 'bridge' as const,
        readyAfterMs: 2000,
        containers: [{ name: 'app', image: s.image, imageSizeMiB: 100, layers: 5, essential: true, portMappings: [] }],
      },
      }),
    );
    return {
      name: 'property',
      description: '',
      seed: String(r.seed),
      durationMs: 900_000,
      sampleIntervalMs: 30_000,
      loadTickMs: 5000,
      maxEvents: 1_000_000,
      cluster: ecsClusterSpec(
        'p',
        ['us-east-1a', 'us-east-1b'],
        r.groups.map((g, i) => ({ name: `g${i}`, instanceType: getInstanceType(g.type)!, desiredCapacity: g.n, minSize: 0, maxSize: g.n, availabilityZones: ['us-east-1a', 'us-east-1b'] })),
      ),
      services,
      events: r.events
        .map((e) => ({ at: e.at * 1000, kind: 'scale' as const, service: services[e.service % services.length]!.name, desiredCount: e.desired }))
        .sort((a, b) => a.at - b.at),
      expectations: [],
    };
  });

describe('invariants (property)', () => {
  it('hold after every event: no host over-committed, tasks in legal states, counts consistent', () => {
    fc.assert(
      fc.property(specArbitrary, (spec) => {
        const run = runChecked(spec, { everyEvent: true });
        expect(run.violations).toEqual([]);
        // Desired counts are met whenever capacity allows: nothing placeable stays unplaced.
        for (const service of run.result.state.services.values()) {
          expect(service.counts.RUNNING + service.counts.UNPLACED + service.counts.PENDING + service.counts.PROVISIONING).toBe(service.desiredCount);
        }
      }),
      { numRuns: 60 },
    );
  });
});
